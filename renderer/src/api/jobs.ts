import { FILE_CHUNK_BYTES, type JobState, type JobTask } from '../../../shared/contract';
import { ApiError, call } from './client';

export type Progress = { phase: string; done: number; total: number };

const cancelled = (what: string): ApiError => new ApiError({ code: 'cancelled', message: `${what} was cancelled; nothing was written` });

const base64Of = (blob: Blob): Promise<string> =>
  new Promise((ok, ko) => {
    const reader = new FileReader();
    reader.onload = () => ok(typeof reader.result === 'string' ? reader.result.replace(/^data:[^,]*,/, '') : '');
    reader.onerror = () => ko(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(blob);
  });

/**
 * Sends a chosen or dropped file to the backend in 1 MiB chunks (the same calls over IPC and
 * HTTP), reporting progress; the staged copy is what workers read. Returns its id.
 */
export const stageFile = async (file: File, onProgress: (p: Progress) => void, signal: AbortSignal): Promise<string> => {
  const { id } = await call('files.begin', { fileName: file.name, bytes: file.size });
  for (let offset = 0; offset < file.size; offset += FILE_CHUNK_BYTES) {
    if (signal.aborted) {
      await call('files.discard', { id });
      throw cancelled(`Sending ${file.name}`);
    }
    await call('files.append', { id, offset, data: await base64Of(file.slice(offset, offset + FILE_CHUNK_BYTES)) });
    onProgress({ phase: 'Sending', done: Math.min(file.size, offset + FILE_CHUNK_BYTES), total: file.size });
  }
  return id;
};

/** Starts a worker job and follows it to its end; aborting the signal cancels it (and rolls it back). */
export const runJob = async <T>(task: JobTask, onProgress: (p: Progress) => void, signal: AbortSignal): Promise<T> => {
  let state: JobState = await call('jobs.start', { task });
  let asked = false;
  // A small job ends in tens of milliseconds: look soon, then every 120 ms.
  let wait = 10;
  while (state.state === 'running') {
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(120, wait * 2);
    if (signal.aborted && !asked) {
      asked = true;
      state = await call('jobs.cancel', { id: state.id });
    } else state = await call('jobs.get', { id: state.id });
    onProgress({ phase: state.phase, done: state.done, total: state.total });
  }
  if (state.state === 'done') return state.result as T;
  throw new ApiError(state.error ?? { code: 'internal', message: 'The job ended without a result' });
};
