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

const { task, dbPath, nativeBinding, flag } = workerData as Data;
const cancel = new Int32Array(flag);
const post = (m: WorkerMessage): void => parentPort!.postMessage(m);
let last = 0;
let connection: ReturnType<typeof openConnection> | null = null;
try {
  connection = openConnection(dbPath, nativeBinding);
  const result = runTask(connection.db, task, {
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
