/**
 * The parse helper of a large generic CSV import (streamCsv.ts): a second thread that reads parts
 * of the file the import thread sends it, while that thread reads others and writes the blocks,
 * so the import uses both of a computer's cores. It holds no connection and writes nothing: a
 * part comes back as plain data (csvRows.ts), or as `failed` when it has a bad line, which the
 * import thread then reads again itself, in its turn, to name the line.
 */
import { parentPort } from 'node:worker_threads';
import { readPart, type Part, type PartOptions } from './csvRows';

/** What every part of one file is read with; a part's place in the file is not known here. */
export type HelperOptions = Omit<PartOptions, 'lineBase' | 'rowBase' | 'byteBase'>;
export type HelperRequest = { options: HelperOptions } | { id: number; bytes: Uint8Array };
export type HelperAnswer = { id: number; part: Part } | { id: number; failed: true };

let options: HelperOptions | null = null;
parentPort!.postMessage('ready');
parentPort!.on('message', (m: HelperRequest) => {
  if ('options' in m) {
    options = m.options;
    return;
  }
  try {
    const part = readPart(m.bytes, { ...options!, lineBase: 0, rowBase: 0, byteBase: 0 });
    parentPort!.postMessage({ id: m.id, part } satisfies HelperAnswer, [part.ends.buffer as ArrayBuffer, part.json.buffer as ArrayBuffer]);
  } catch {
    parentPort!.postMessage({ id: m.id, failed: true } satisfies HelperAnswer);
  }
});
