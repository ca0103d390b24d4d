import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../shared/errors';
import { isAccessError, openReadOnly, type Database } from './sqlite';

export type Problem = { kind: 'truncated' | 'header' | 'damaged' | 'wal-missing' | 'unreadable'; message: string };

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Checks a database file set before anything opens it for writing: the header, the size the
 * header promises, the WAL partner files, then a read-only quick_check. Null when healthy (or
 * when there is no database yet); otherwise what is wrong, in words.
 */
export const diagnose = (file: string, nativeBinding?: string): Problem | null => {
  const wal = existsSync(`${file}-wal`);
  const shm = existsSync(`${file}-shm`);
  const size = existsSync(file) ? statSync(file).size : 0;
  if (size === 0) return wal && statSync(`${file}-wal`).size > 0 ? { kind: 'wal-missing', message: `${basename(file)} is missing or empty but its write-ahead log (${basename(file)}-wal) is there: the database it belongs to is gone` } : null;
  const head = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 100 || !head.subarray(0, 16).equals(HEADER)) return { kind: 'header', message: `${basename(file)} does not start with an SQLite header: it is not a database or its first page was overwritten` };
  const raw = head.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return { kind: 'header', message: `${basename(file)} has a damaged header (page size ${raw})` };
  if (size % pageSize !== 0) return { kind: 'truncated', message: `${basename(file)} is ${size} bytes, not a whole number of ${pageSize}-byte pages: it was cut short` };
  const pages = head.readUInt32BE(28);
  const valid = head.readUInt32BE(92) === head.readUInt32BE(24);
  if (valid && pages > 0 && size < pages * pageSize) return { kind: 'truncated', message: `${basename(file)} is ${size} bytes but its header counts ${pages} pages of ${pageSize} bytes: it was cut short` };
  const walMode = head.readUInt8(18) === 2 && head.readUInt8(19) === 2;
  if (walMode && shm && !wal) return { kind: 'wal-missing', message: `${basename(file)}-wal is missing while ${basename(file)}-shm is there: writes not yet copied into the database may have been lost` };
  let db: Database.Database | null = null;
  try {
    db = openReadOnly(file, { nativeBinding });
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const bad = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    return bad.length ? { kind: 'damaged', message: `${basename(file)} failed its integrity check: ${bad[0]}${bad.length > 1 ? ` (and ${bad.length - 1} more problems)` : ''}` } : null;
  } catch (e) {
    // A file this process may not read or lock is not a damaged one: it is never moved aside.
    if (isAccessError(e)) throw new AppError('unavailable', `${basename(file)} cannot be opened here: ${(e as Error).message}${existsSync(`${file}-wal`) ? ` (its write-ahead log ${basename(file)}-wal holds changes that can only be read where the folder can be written)` : ''}`, { file });
    const message = (e as Error).message;
    return { kind: /malformed|corrupt|not a database/i.test(message) ? 'damaged' : 'unreadable', message: `${basename(file)} cannot be read as a database: ${message}` };
  } finally {
    db?.close();
  }
};

/**
 * Moves the whole file set (db, -wal, -shm) aside, byte for byte, into `corrupt-<time>/` beside
 * it, so nothing ever writes to it and it stays available for forensics or a manual repair.
 */
export const quarantine = (file: string, now: Date): string => {
  const dir = join(dirname(file), `corrupt-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z')}`);
  moveFileSet(file, dir);
  return dir;
};

/** True when any file of the set (db, -wal, -shm) is there. */
export const fileSetExists = (file: string): boolean => [file, `${file}-wal`, `${file}-shm`].some((f) => existsSync(f));

/** Renames (never copies, never deletes) each file of the set that exists into `dir`. */
export const moveFileSet = (file: string, dir: string): void => {
  mkdirSync(dir, { recursive: true });
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) renameSync(f, join(dir, basename(f)));
};

/** The error every host shows for a database that failed its checks: what, where it went, what to do. */
export const corruptError = (file: string, problem: Problem, movedTo: string, latestBackup: string | null): AppError =>
  new AppError(
    'db_corrupt',
    `${problem.message}. Nothing was written to it: the files were moved to ${movedTo}. ${latestBackup ? `The latest verified backup is ${latestBackup}; restore it` : 'No verified backup was found; start with an empty database or restore a copy you have'}.`,
    { file, kind: problem.kind, problem: problem.message, movedTo, latestBackup },
  );
