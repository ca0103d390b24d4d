import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AppError } from '../../shared/errors';
import { LIMITS } from './monitoring/limits';
import { processAlive } from '../../db/holders';

export type StagedFile = { id: string; fileName: string; bytes: number; received: number; path: string; /** The user's own file (the command line's): read in place, never deleted. */ borrowed?: boolean };

/**
 * Files the renderer sends in chunks (over IPC or HTTP alike) land here before a worker reads
 * them, so a large export never travels as one message nor sits whole in memory. The folder is
 * private to this run and removed when the host closes.
 */
const STAGING_PREFIX = 'mrd-staging-';

/**
 * Staging folders of processes that are gone (killed mid-upload, crashed) are removed when a host
 * starts: each folder is named by the process that made it, so a live one is never touched.
 */
export const cleanStaleStaging = (root = tmpdir()): string[] => {
  const removed: string[] = [];
  for (const name of readdirSync(root)) {
    const m = new RegExp(`^${STAGING_PREFIX}(\\d+)-`).exec(name);
    if (!m || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    try {
      rmSync(join(root, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Another user's, or already gone: not ours to remove.
    }
  }
  return removed;
};

export const createStaging = (maxBytes: number = LIMITS.bytes) => {
  let dir: string | null = null;
  const files = new Map<string, StagedFile>();
  cleanStaleStaging();
  const folder = (): string => (dir ??= mkdtempSync(join(tmpdir(), `${STAGING_PREFIX}${process.pid}-`)));
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
    /**
     * The command line's transport: a file on this computer is read where it is instead of being
     * sent in chunks. Only a host acting for the user at a terminal calls this (no contract method
     * does), and the file is never deleted by a discard.
     */
    adopt: (path: string): { id: string } => {
      let st;
      try {
        st = statSync(path);
      } catch {
        throw new AppError('not_found', `cannot read ${path}: no such file`, { file: path });
      }
      if (!st.isFile()) throw new AppError('invalid_input', `${path} is not a file`, { file: path });
      if (st.size > maxBytes) throw new AppError('invalid_input', `${basename(path)}: the file is ${st.size} bytes; the limit is ${maxBytes}`, { file: path });
      const id = randomBytes(16).toString('hex');
      files.set(id, { id, fileName: basename(path), bytes: st.size, received: st.size, path, borrowed: true });
      return { id };
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
      if (f.borrowed) return { discarded: true };
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
