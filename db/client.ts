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
