import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from '../../../db/open';
import { toErrorData } from '../../../shared/errors';
import { runTask, type WorkerTask } from './tasks';

/** Messages a job worker posts to the host. */
export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; phase: string }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: ReturnType<typeof toErrorData> };

type Data = { task: WorkerTask; dbPath: string; nativeBinding?: string; flag: SharedArrayBuffer };

const post = (m: WorkerMessage): void => parentPort!.postMessage(m);

/** One task per worker: open a connection, run, post the result or the typed error, close. */
const main = async (): Promise<void> => {
  const { task, dbPath, nativeBinding, flag } = workerData as Data;
  const cancel = new Int32Array(flag);
  let last = 0;
  let connection: ReturnType<typeof openConnection> | null = null;
  try {
    connection = openConnection(dbPath, nativeBinding);
    const result: unknown = await runTask(connection.db, task, {
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
    post({ type: 'error', error: toErrorData(e) });
  } finally {
    connection?.close();
  }
};

void main();
