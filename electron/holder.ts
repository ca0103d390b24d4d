import { backupsDirOf, checkFile, listBackups, restoreBackup } from '../db/backup';
import { fileSetExists } from '../db/safety';
import { isPostgresUrl } from '../shared/database';
import type { RecoveryStatus } from '../shared/backups';
import { contract, type Result } from '../shared/contract';
import { AppError, invalidInput, isAppError, toErrorData, type AppErrorData } from '../shared/errors';
import { dispatch } from './handlers';
import { restoreSourceFile } from './handlers/backups';
import { actorOf, type HandlerContext } from './handlers/context';
import { recordRestore, refuseWhileHeld } from './services/restore';
import { createRuntime, recoveryMarker, type Runtime, type RuntimeOptions } from './runtime';
import { rmSync } from 'node:fs';

/**
 * What the app hosts (Electron, browser) hold: the runtime, or — when the database failed its
 * checks at start — a recovery state that answers only the recovery calls. Every other call gets
 * the `db_corrupt` error, which the renderer turns into the recovery screen.
 */
export type Holder = { dispatch: (method: unknown, input: unknown) => Promise<Result<unknown>>; ctx: () => HandlerContext | null; close: () => void };

export type HolderOptions = RuntimeOptions & {
  /** Do not create a database that is not there: answer only the recovery calls (a restore may put one in place). */
  mustExist?: boolean;
};

export const createHolder = async (dbPath: string, options: HolderOptions = {}): Promise<Holder> => {
  let runtime: Runtime | null = null;
  let failure: AppErrorData | null = null;
  const now = options.now ?? (() => new Date());
  const dir = options.backupsDir ?? backupsDirOf(dbPath);
  // Once a restore or a fresh start has put a database in place, it may be created as usual.
  let mustExist = options.mustExist ?? false;
  const start = async (): Promise<void> => {
    if (mustExist && !isPostgresUrl(dbPath) && !fileSetExists(dbPath)) {
      runtime = null;
      failure = { code: 'not_found', message: `No database at ${dbPath}`, details: { file: dbPath, kind: 'missing', problem: 'there is no database file' } };
      return;
    }
    try {
      runtime = (await createRuntime(dbPath, options));
      failure = null;
    } catch (e) {
      if (!isAppError(e) || e.code !== 'db_corrupt') throw e;
      runtime = null;
      failure = e.toJSON();
      console.error(`[database] ${e.message}`);
    }
  };
  await start();

  const text = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
  const status = (f: AppErrorData): RecoveryStatus => ({
    file: text(f.details?.file, dbPath),
    problem: text(f.details?.problem, f.message),
    kind: text(f.details?.kind, 'damaged'),
    movedTo: text(f.details?.movedTo, ''),
    message: f.message,
    backups: listBackups(dir).map((b) => ({ ...b, verified: checkFile(b.file, options.nativeBinding) === 'ok' })),
  });

  const recover = async (method: unknown, input: unknown, f: AppErrorData): Promise<Result<unknown>> => {
    try {
      if (method === 'recovery.status') return { ok: true, value: status(f) };
      if (method === 'recovery.restore') {
        const parsed = contract['recovery.restore'].input.safeParse(input ?? {});
        if (!parsed.success) throw invalidInput(parsed.error, 'input for recovery.restore');
        const { file, label } = restoreSourceFile({ host: options.host ?? 'desktop', backupsDir: dir }, parsed.data);
        refuseWhileHeld(dbPath);
        const { replacedMovedTo } = restoreBackup(dbPath, file, now(), (f) => checkFile(f, options.nativeBinding));
        rmSync(recoveryMarker(dbPath), { force: true });
        mustExist = false;
        await start();
        if (failure) throw new AppError('db_corrupt', `The restored copy did not open: ${failure.message}`);
        const ctx = runtime!.ctx;
        await recordRestore(ctx.db, dbPath, await actorOf(ctx), now(), { restoredFrom: label, replacedMovedTo, recovery: f.message });
        return { ok: true, value: { restored: label } };
      }
      if (method === 'recovery.startEmpty') {
        rmSync(recoveryMarker(dbPath), { force: true });
        mustExist = false;
        await start();
        if (failure) throw new AppError('db_corrupt', failure.message);
        return { ok: true, value: { started: true } };
      }
      return { ok: false, error: f };
    } catch (e) {
      return { ok: false, error: toErrorData(e) };
    }
  };

  return {
    dispatch: async (method, input) => (runtime ? await dispatch(runtime.ctx, method, input) : await recover(method, input, failure!)),
    ctx: () => runtime?.ctx ?? null,
    close: () => runtime?.close(),
  };
};
