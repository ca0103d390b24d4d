import type BetterSqlite3 from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type * as schema from './schema';

/** The handle every query and handler takes as a parameter; `db.$client` is the raw connection. */
export type Db = BetterSQLite3Database<typeof schema> & { $client: BetterSqlite3.Database };

/**
 * Runs `fn` in one synchronous SQLite transaction (a savepoint when nested). Queries inside use
 * the same `db`; nothing may be awaited inside, or the transaction would commit early.
 */
export const inTransaction = <T>(db: Db, fn: () => T): T => db.$client.transaction(fn).immediate();

const preparedByConnection = new WeakMap<object, Map<string, unknown>>();

/**
 * A query built once per connection and run many times with its placeholders filled: drizzle
 * builds SQL from its query objects at every call, which on the hot paths (an assessment, a
 * person, the audit head, the matrix) cost more than SQLite running them.
 */
export const prepared = <T>(db: Db, key: string, build: () => T): T => {
  let byKey = preparedByConnection.get(db.$client);
  if (!byKey) preparedByConnection.set(db.$client, (byKey = new Map<string, unknown>()));
  let q = byKey.get(key) as T | undefined;
  if (q === undefined) byKey.set(key, (q = build()));
  return q;
};
