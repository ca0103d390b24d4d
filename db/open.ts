import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../shared/errors';
import { sqliteDb, type Db } from './client';
import { backupsDirOf, makeBackup } from './backup';
import { ensureDefaults } from './defaults';
import { diagnose } from './safety';
import { cacheStatements, Database, isAccessError, openReadOnly } from './sqlite';
import * as schema from './schema';

export type OpenOptions = {
  /** Where the generated SQL lives; hosts that bundle the code pass it explicitly. */
  migrationsFolder?: string;
  /** A better_sqlite3.node built for another runtime (Electron's ABI); see scripts/electron-native.mjs. */
  nativeBinding?: string;
  /** Folder for automatic backups; defaults to `backups/` beside the database. */
  backupsDir?: string;
  now?: () => Date;
  /**
   * Read only: no migration, no pragma that writes, no default rows; works in a folder this
   * process may not write. A database that needs migrating is refused (open it once to write).
   */
  readonly?: boolean;
  /** How long a write waits for another writer's lock before it fails as busy (ms). */
  busyTimeoutMs?: number;
};

export type OpenReport = { migrated: number; backup: string | null; schemaVersion: number; checkMs: number };
export type Opened = { db: Db; report: OpenReport; close: () => void };

const MIGRATIONS_TABLE = '__drizzle_migrations';

export const defaultMigrationsFolder = (): string => fileURLToPath(new URL('./migrations/', import.meta.url));


/**
 * Opens (or creates) the database. Order matters: every check that reads runs before anything
 * writes, so a corrupt or newer file is refused untouched; the backup runs before any migration.
 */
export const open = async (file: string, options: OpenOptions = {}): Promise<Opened> => {
  const now = options.now ?? (() => new Date());
  // Checked before any connection exists: a damaged file set is refused without being touched.
  const problem = file === ':memory:' ? null : diagnose(file, options.nativeBinding);
  if (problem) throw new AppError('db_corrupt', problem.message, { file, kind: problem.kind, problem: problem.message });
  if (options.readonly) return openForReading(file, options);
  const existed = file !== ':memory:' && existsSync(file) && statSync(file).size > 0;
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = cacheStatements(new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}));
  try {
    const t0 = performance.now();
    const checked = checkIntegrity(sqlite, file);
    const migrations = readMigrationFiles({ migrationsFolder: options.migrationsFolder ?? defaultMigrationsFolder() });
    const latestKnown = migrations.at(-1)?.folderMillis ?? 0;
    const applied = appliedMigration(sqlite);
    if (applied > latestKnown) {
      throw new AppError('db_too_new', `${file} was written by a newer version of Model Risk Desk; update the app to open it`, {
        file,
      });
    }
    const pending = migrations.filter((m) => m.folderMillis > applied).length;
    const checkMs = performance.now() - t0;

    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);

    let backup: string | null = null;
    if (pending > 0 && existed && checked.hasTables) {
      backup = makeBackup(sqlite, file, 'before-migration', now(), options.backupsDir ?? backupsDirOf(file)).file;
    }

    if (pending > 0) runMigrations(sqlite, options.migrationsFolder ?? defaultMigrationsFolder());
    const db: Db = sqliteDb(sqlite);
    sqlite.pragma('foreign_keys = ON');
    await ensureDefaults(db, now);
    return {
      db,
      report: { migrated: pending, backup, schemaVersion: migrations.length, checkMs },
      close: () => sqlite.close(),
    };
  } catch (e) {
    sqlite.close();
    throw e;
  }
};

const openForReading = (file: string, options: OpenOptions): Opened => {
  if (!existsSync(file) || statSync(file).size === 0) throw new AppError('not_found', `No database at ${file}`, { file });
  const sqlite = cacheStatements(openReadOnly(file, { nativeBinding: options.nativeBinding }));
  try {
    const t0 = performance.now();
    const checked = checkIntegrity(sqlite, file);
    const migrations = readMigrationFiles({ migrationsFolder: options.migrationsFolder ?? defaultMigrationsFolder() });
    const applied = appliedMigration(sqlite);
    if (applied > (migrations.at(-1)?.folderMillis ?? 0)) throw new AppError('db_too_new', `${file} was written by a newer version of Model Risk Desk; update the app to open it`, { file });
    if (!checked.hasTables || migrations.some((m) => m.folderMillis > applied)) {
      throw new AppError('conflict', `${file} was written by an older version of Model Risk Desk and must be upgraded before it can be read: open it once with write access`, { file });
    }
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    const db: Db = sqliteDb(sqlite);
    return { db, report: { migrated: 0, backup: null, schemaVersion: migrations.length, checkMs: performance.now() - t0 }, close: () => sqlite.close() };
  } catch (e) {
    sqlite.close();
    throw e;
  }
};

/**
 * What this connection can read of the file: its tables. The pages themselves were checked just
 * before by diagnose (its quick_check, on a read-only connection, before any connection could
 * write): a second quick_check here doubled the time to open a large portfolio (300 ms each for
 * a 350 MB file) and found nothing the first had not.
 */
const checkIntegrity = (sqlite: Database.Database, file: string): { hasTables: boolean } => {
  try {
    const count = sqlite.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as { n: number };
    return { hasTables: count.n > 0 };
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (isAccessError(e)) throw new AppError('unavailable', `${file} cannot be opened for writing here: ${(e as Error).message}`, { file });
    throw new AppError('db_corrupt', `${file} is not a readable Model Risk Desk database: ${(e as Error).message}`, { file });
  }
};

const appliedMigration = (sqlite: Database.Database): number => {
  const table = sqlite.prepare('select 1 from sqlite_master where type = ? and name = ?').get('table', MIGRATIONS_TABLE);
  if (!table) return 0;
  const row = sqlite.prepare(`select max(created_at) as last from ${MIGRATIONS_TABLE}`).get() as { last: number | null };
  return Number(row.last ?? 0);
};

/**
 * Foreign keys are off while migrating: drizzle rebuilds a table by create-copy-drop-rename, and
 * with keys on the drop would cascade-delete child rows. They are checked once it is done.
 */
const runMigrations = (sqlite: Database.Database, migrationsFolder: string): void => {
  sqlite.pragma('foreign_keys = OFF');
  migrate(drizzle({ client: sqlite, schema }), { migrationsFolder, migrationsTable: MIGRATIONS_TABLE });
  const broken = sqlite.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new AppError('db_corrupt', `migration left ${broken.length} rows with broken references`);
};

/**
 * A second connection to a database the host has already opened and checked: worker threads use
 * it for long work. No migrations or checks here; it waits for the write lock instead of failing.
 */
export const openConnection = (file: string, nativeBinding?: string): Opened => {
  const sqlite = cacheStatements(new Database(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) }));
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  const db: Db = sqliteDb(sqlite);
  return { db, report: { migrated: 0, backup: null, schemaVersion: 0, checkMs: 0 }, close: () => sqlite.close() };
};
