import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { pathToFileURL } from 'node:url';

// better-sqlite3 reads this once, when its native addon loads (at the first connection of the
// process): URI file names let a read-only open say `immutable=1` (see openReadOnly). Every path
// this app opens is absolute, so none starts with "file:" by accident.
process.env.SQLITE_USE_URI ??= '1';

export { Database };
export type SqliteOptions = { nativeBinding?: string | undefined };

const binding = (o: SqliteOptions): { nativeBinding?: string } => (o.nativeBinding ? { nativeBinding: o.nativeBinding } : {});

/** The SQLite error codes of a file that cannot be written or reached, as opposed to a damaged one. */
export const isAccessError = (e: unknown): boolean => /^SQLITE_(READONLY|CANTOPEN|PERM|AUTH|BUSY|LOCKED)/.test((e as { code?: string }).code ?? '');

/**
 * A read-only connection. A WAL database cleanly closed in a folder this process may not write
 * (a read-only share, an auditor's copy) cannot be opened as usual: SQLite would have to create
 * its -shm file. With no -wal file there is nothing outside the main file, so it is then opened
 * `immutable` (no locks, no shared memory). A -wal file without its -shm in such a folder holds
 * changes that cannot be read safely: that is refused, by the caller's error.
 */
export const openReadOnly = (file: string, o: SqliteOptions = {}): Database.Database => {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true, ...binding(o) });
    db.pragma('schema_version'); // the open is lazy: read something to know it works
    return db;
  } catch (e) {
    if (!/^SQLITE_(READONLY_DIRECTORY|CANTOPEN|READONLY)/.test((e as { code?: string }).code ?? '') || existsSync(`${file}-wal`) || !existsSync(file)) throw e;
    const uri = `${pathToFileURL(file).href}?immutable=1`;
    const db = new Database(uri, { readonly: true, ...binding(o) });
    db.pragma('schema_version');
    return db;
  }
};

/**
 * Drizzle prepares its statement anew at every query; with SQLite that compile step cost more than
 * the query itself on the app's short transactions (a handler runs five to ten). Each connection
 * keeps its statements by SQL text and hands a statement back with its modes reset (raw, pluck,
 * expand off), unless it is still busy with an open iterator, when a fresh one is prepared.
 * No code here binds parameters permanently (`bind()`), which a shared statement would not allow.
 */
export const cacheStatements = (db: Database.Database, max = 500): Database.Database => {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    const hit = cache.get(source);
    if (hit && !hit.busy) {
      if (hit.reader) hit.raw(false).pluck(false).expand(false);
      return hit;
    }
    const fresh = prepare(source);
    if (!hit) {
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(source, fresh);
    }
    return fresh;
  }) as typeof db.prepare;
  return db;
};
