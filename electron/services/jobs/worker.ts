import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from '../../../db/open';
import { isPostgresUrl } from '../../../shared/database';
import { toErrorData } from '../../../shared/errors';
import { databaseError } from '../../../db/pg/errors';
import { runTask, type WorkerTask } from './tasks';
import type { Db } from '../../../db/client';

/** Messages a job worker posts to the host. */
export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; phase: string }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: ReturnType<typeof toErrorData> };

/** A job: its task and cancel flag, in workerData, or (a warm spare) in the one message it waits for. */
type Job = { task: WorkerTask; flag: SharedArrayBuffer };
type Data = { dbPath: string; password?: string; nativeBinding?: string } & (Job | { spare: true });

const post = (m: WorkerMessage): void => parentPort!.postMessage(m);

/** One task per worker: open a connection, run, post the result or the typed error, close. */
const main = async ({ task: given, flag }: Job): Promise<void> => {
  // A spare may be kept for the next report (the host decides): its render workers are kept with it.
  const task: WorkerTask = given.kind === 'report' || given.kind === 'report.prepare' ? { ...given, keepPool: 'spare' in (workerData as Data) } : given;
  const { dbPath, password, nativeBinding } = workerData as Data;
  const cancel = new Int32Array(flag);
  let last = 0;
  let connection: { db: Db; close: () => unknown } | null = null;
  try {
    // A team database: a pool of its own (two connections: the job's transaction and a read
    // beside it), on the database its host opened and checked.
    const opened: { db: Db; close: () => unknown } = isPostgresUrl(dbPath) ? await import('../../../db/pg/open').then((m) => m.openChecked({ url: dbPath, password }, { max: 2 })) : openConnection(dbPath, nativeBinding);
    connection = opened;
    const result: unknown = await runTask(opened.db, task, {
      cancelled: () => Atomics.load(cancel, 0) === 1,
      progress: (done, total, phase) => {
        const now = Date.now();
        if (now - last < 100 && done < total) return;
        last = now;
        post({ type: 'progress', done, total, phase });
      },
    });
    post({ type: 'done', result });
  } catch (e) {
    post({ type: 'error', error: toErrorData(databaseError(e) ?? e) });
  } finally {
    await connection?.close();
  }
};

// A spare has loaded its code already and waits for a job, so a small preview starts at once;
// after each job it waits for the next (the host keeps it or terminates it).
const data = workerData as Data;
const next = (): void => void parentPort!.once('message', (job: Job) => void main(job).then(next));
if ('spare' in data) next();
else void main(data);
