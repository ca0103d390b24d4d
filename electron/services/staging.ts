import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { LIMITS } from './monitoring/limits';

export type StagedFile = { id: string; fileName: string; bytes: number; received: number; path: string };

/**
 * Files the renderer sends in chunks (over IPC or HTTP alike) land here before a worker reads
 * them, so a large export never travels as one message nor sits whole in memory. The folder is
 * private to this run and removed when the host closes.
 */
export const createStaging = (maxBytes: number = LIMITS.bytes) => {
  let dir: string | null = null;
  const files = new Map<string, StagedFile>();
  const folder = (): string => (dir ??= mkdtempSync(join(tmpdir(), 'mrd-staging-')));
  const get = (id: string): StagedFile => {
    const f = files.get(id);
    if (!f) throw new AppError('not_found', `No staged file ${id}; choose the file again`);
    return f;
  };
  return {
    begin: (fileName: string, bytes: number): { id: string } => {
      if (bytes > maxBytes) throw new AppError('invalid_input', `${fileName}: the file is ${bytes} bytes; the limit is ${maxBytes}`, { file: fileName });
      const id = randomBytes(16).toString('hex');
      const path = join(folder(), id);
      closeSync(openSync(path, 'w', 0o600));
      files.set(id, { id, fileName, bytes, received: 0, path });
      return { id };
    },
    append: (id: string, offset: number, base64: string): { received: number } => {
      const f = get(id);
      const chunk = Buffer.from(base64, 'base64');
      if (offset !== f.received) throw new AppError('invalid_input', `${f.fileName}: chunk at byte ${offset}, expected ${f.received}`, { file: f.fileName });
      if (f.received + chunk.length > f.bytes) throw new AppError('invalid_input', `${f.fileName}: more bytes than the ${f.bytes} announced`, { file: f.fileName });
      const fd = openSync(f.path, 'a');
      try {
        writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
      f.received += chunk.length;
      return { received: f.received };
    },
    /** A staged file that has all its bytes; anything else is refused by name. */
    complete: (id: string): StagedFile => {
      const f = get(id);
      if (f.received !== f.bytes) throw new AppError('invalid_input', `${f.fileName}: only ${f.received} of ${f.bytes} bytes arrived; choose the file again`, { file: f.fileName });
      return f;
    },
    discard: (id: string): { discarded: boolean } => {
      const f = files.get(id);
      if (!f) return { discarded: false };
      files.delete(id);
      try {
        unlinkSync(f.path);
      } catch {
        // Already gone: nothing to discard.
      }
      return { discarded: true };
    },
    close: (): void => {
      files.clear();
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = null;
    },
  };
};
export type Staging = ReturnType<typeof createStaging>;
