import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../shared/errors';

import type { BackupInfo, BackupReason } from '../shared/backups';
import { fileSetExists, moveFileSet } from './safety';
import { openReadOnly, type Database } from './sqlite';
import { appendAnchor, chainHead, currentOsUser } from './anchors';

export type { BackupInfo, BackupReason };

/** Backups sit in `backups/` beside the database unless a host says otherwise. */
export const backupsDirOf = (dbFile: string): string => join(dirname(dbFile), 'backups');

/** Time stamp in file names, to the millisecond so two backups in one second never share a name. */
const stamp = (d: Date): string => d.toISOString().replace(/[-:.]/g, '');
const NAME = /^(.+)-(\d{8}T\d{6}(?:\d{3})?Z)-(manual|daily|before-migration|before-restore)\.db$/;

/** How many of each kind are kept; manual backups are the user's and never pruned. */
export const RETENTION: Record<BackupReason, number | null> = { daily: 14, 'before-migration': 5, 'before-restore': 5, manual: null };

/** integrity_check on a file, read-only: 'ok' or the first problem. */
export const checkFile = (file: string, nativeBinding?: string): string => {
  let db: Database.Database | null = null;
  try {
    db = openReadOnly(file, { nativeBinding });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows[0]?.integrity_check === 'ok' && rows.length === 1 ? 'ok' : (rows.find((r) => r.integrity_check !== 'ok')?.integrity_check ?? 'no result');
  } catch (e) {
    return (e as Error).message;
  } finally {
    db?.close();
  }
};

/**
 * integrity_check of another file through a connection already open (ATTACH): no second native
 * module to load, which matters in Electron, where the addon is built for its own ABI.
 */
export const checkWith = (sqlite: Database.Database, file: string): string => checkAndReadHead(sqlite, file).check;

/** integrity_check of another file through this connection, and the head of its audit chain (when it has one). */
const checkAndReadHead = (sqlite: Database.Database, file: string): { check: string; head: { seq: number; hash: string } | null } => {
  if (!existsSync(file)) return { check: 'the file does not exist', head: null }; // ATTACH would create it
  sqlite.prepare('ATTACH DATABASE ? AS mrd_check').run(file);
  try {
    const rows = sqlite.prepare('PRAGMA mrd_check.integrity_check').pluck().all() as string[];
    const check = rows.length === 1 && rows[0] === 'ok' ? 'ok' : (rows.find((r) => r !== 'ok') ?? 'no result');
    const hasLog = sqlite.prepare("select 1 from mrd_check.sqlite_master where type = 'table' and name = 'audit_log'").get();
    return { check, head: check === 'ok' && hasLog ? chainHead(sqlite, 'mrd_check') : null };
  } catch (e) {
    return { check: (e as Error).message, head: null };
  } finally {
    sqlite.exec('DETACH DATABASE mrd_check');
  }
};

/**
 * A consistent copy: VACUUM INTO a temporary file (a snapshot of one read transaction, so
 * writes going on meanwhile are either wholly in or wholly out), integrity_check on the copy,
 * then an atomic rename. A copy that fails its check is deleted and the backup fails loudly.
 */
export const backupTo = (sqlite: Database.Database, target: string): BackupInfo & { file: string } => {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.tmp`;
  rmSync(tmp, { force: true });
  sqlite.prepare('VACUUM INTO ?').run(tmp);
  const { check, head } = checkAndReadHead(sqlite, tmp);
  if (check !== 'ok') {
    rmSync(tmp, { force: true });
    throw new AppError('internal', `The backup copy failed its integrity check (${check}); nothing was kept`);
  }
  renameSync(tmp, target);
  // The head the copy holds is anchored beside the database: restoring it later is then a
  // recorded rewind, and putting it in place by hand is detected.
  if (head) appendAnchor(sqlite.name, { at: new Date().toISOString(), event: 'backup', seq: head.seq, hash: head.hash, os: currentOsUser(), detail: { file: target } });
  const m = NAME.exec(basename(target));
  return { file: target, name: basename(target), reason: (m?.[3] as BackupReason | undefined) ?? 'manual', at: new Date(statSync(target).mtimeMs).toISOString(), bytes: statSync(target).size };
};

export const makeBackup = (sqlite: Database.Database, dbFile: string, reason: BackupReason, now: Date, dir = backupsDirOf(dbFile)): BackupInfo => {
  const base = basename(dbFile).replace(/\.[^.]*$/, '');
  const info = backupTo(sqlite, join(dir, `${base}-${stamp(now)}-${reason}.db`));
  prune(dir, reason);
  return { ...info, at: now.toISOString() };
};

const atOf = (s: string): string => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}${s.length > 16 ? `.${s.slice(15, 18)}` : ''}Z`;

/** The backups in a folder, newest first (only finished, checked copies: temporaries are skipped). */
export const listBackups = (dir: string): BackupInfo[] => {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((name) => {
      const m = NAME.exec(name);
      if (!m) return [];
      return [{ file: join(dir, name), name, reason: m[3] as BackupReason, at: atOf(m[2]!), bytes: statSync(join(dir, name)).size }];
    })
    .sort((a, b) => b.at.localeCompare(a.at) || b.name.localeCompare(a.name));
};

const prune = (dir: string, reason: BackupReason): void => {
  const keep = RETENTION[reason];
  if (keep === null) return;
  for (const old of listBackups(dir).filter((b) => b.reason === reason).slice(keep)) rmSync(old.file, { force: true });
};

/** True when no daily backup was made on the UTC day of `now`. */
export const dailyDue = (dir: string, now: Date): boolean => !listBackups(dir).some((b) => (b.reason === 'daily' || b.reason === 'before-migration') && b.at.slice(0, 10) === now.toISOString().slice(0, 10));

/** The newest backup that passes integrity_check, or null. */
export const latestVerifiedBackup = (dir: string, nativeBinding?: string): BackupInfo | null => listBackups(dir).find((b) => checkFile(b.file, nativeBinding) === 'ok') ?? null;

/**
 * Puts a backup in the database's place. The backup is checked first (by `check`: through a
 * live connection when there is one, else a read-only open); the current file set, if
 * any, is moved (not deleted) into `replaced-<time>/`; the copy lands under a temporary name and
 * is renamed into place, so a crash leaves either the old set aside or the new file whole.
 * The caller has closed every connection to `dbFile`.
 */
export const restoreBackup = (dbFile: string, backupFile: string, now: Date, check: (file: string) => string): { replacedMovedTo: string | null } => {
  if (!existsSync(backupFile)) throw new AppError('not_found', `No backup ${basename(backupFile)}`);
  const checked = check(backupFile);
  if (checked !== 'ok') throw new AppError('invalid_input', `${basename(backupFile)} failed its integrity check (${checked}); it was not restored`);
  let replacedMovedTo: string | null = null;
  if (fileSetExists(dbFile)) {
    replacedMovedTo = join(dirname(dbFile), `replaced-${stamp(now)}`);
    moveFileSet(dbFile, replacedMovedTo);
  }
  const tmp = `${dbFile}.restoring`;
  copyFileSync(backupFile, tmp);
  renameSync(tmp, dbFile);
  return { replacedMovedTo };
};
