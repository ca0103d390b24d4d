import { setTimeout as delay } from 'node:timers/promises';
import type { InputOf, JobState, JobTask, Method, OutputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { createHolder, type Holder } from '../holder';
import type { RuntimeOptions } from '../runtime';

/** Where a built `mrd` finds what the sources find beside themselves (see bin/mrd.mjs). */
export type CliLayout = Pick<RuntimeOptions, 'migrationsFolder' | 'workerEntry' | 'fonts' | 'nativeBinding'> & { pgMigrationsFolder?: string };

export type CliHost = {
  /** One call through the same contract and dispatch as the app; a failure throws its typed error. */
  call: <M extends Method>(method: M, input: InputOf<M>) => Promise<OutputOf<M>>;
  /** The command line's file transport: a file on disk staged where it is (no copy, never deleted). */
  stage: (path: string) => Promise<string>;
  /** Starts a job (import, report) in a worker, as the app does, and waits for it to end. */
  job: (task: JobTask) => Promise<unknown>;
  /** True when the database failed its checks or is missing: only the recovery calls answer. */
  inRecovery: () => boolean;
  close: () => void;
};

// A poll is a call in this process: often enough that a job's end is seen within a few ms.
const POLL_MS = 5;

/**
 * `mrd` is the third host of the handler table: it opens the database like the app (through the
 * holder, so a damaged file is refused and recoverable the same way) and sends every command
 * through `dispatch`. It imports no query and no audit code.
 */
export const openCliHost = async (dbPath: string, access: 'read' | 'write' | 'swap', layout: CliLayout = {}, password?: string): Promise<CliHost> => {
  const holder: Holder = await createHolder(dbPath, {
    ...layout,
    ...(password !== undefined ? { password } : {}),
    host: 'cli',
    listen: false,
    readonly: access === 'read',
    mustExist: access !== 'write',
    dailyBackup: access === 'write' ? 'sync' : 'off',
  });
  const call = async <M extends Method>(method: M, input: InputOf<M>): Promise<OutputOf<M>> => {
    const r = await holder.dispatch(method, input);
    if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
    return r.value as OutputOf<M>;
  };
  return {
    call,
    stage: async (path) => {
      const ctx = holder.ctx();
      if (!ctx) {
        await call('app.info', {}); // answers with why the database is not open
        throw new AppError('internal', 'the database is not open');
      }
      return ctx.staging.adopt(path).id;
    },
    job: async (task) => {
      let state: JobState = await call('jobs.start', { task });
      while (state.state === 'running') {
        await delay(POLL_MS);
        state = await call('jobs.get', { id: state.id });
      }
      if (state.state !== 'done') throw new AppError(state.error?.code ?? 'internal', state.error?.message ?? `the job ended ${state.state}`);
      return state.result;
    },
    inRecovery: () => holder.ctx() === null,
    close: () => holder.close(),
  };
};
