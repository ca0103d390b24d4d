/**
 * The one data layer, two engines. Every query is written once, in SQLite's dialect of drizzle
 * (its query builder) or as plain SQL with `?` placeholders, and runs on either engine:
 *
 * - **SQLite** (the embedded default): a better-sqlite3 connection. Its calls are synchronous;
 *   they are answered as settled promises, so a handler is the same code on both engines.
 * - **PostgreSQL** (the team database): a `pg` pool. Drizzle's SQLite dialect writes SQL that
 *   PostgreSQL reads as it is (quoted names, `returning`, `on conflict … do update`), once its
 *   `?` placeholders are numbered; the pool's type parsers give back what SQLite gives (JSON as
 *   its text, booleans as 0/1, 64-bit counts as numbers), so drizzle's column mapping is the same.
 *
 * Drizzle's `sqlite-proxy` driver is the query builder on top: it hands each built query to
 * `execute` below, which runs it on the connection the current transaction holds (found through
 * AsyncLocalStorage, so a query inside `inTransaction` needs no handle passed down).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { drizzle, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import type pg from 'pg';
import { AppError } from '../shared/errors';
import * as schema from './schema';

export type Engine = 'sqlite' | 'postgres';
type Mode = 'objects' | 'arrays' | 'run';
type Answer = { rows: unknown[]; changes: number };

/** Plain SQL, written once with `?` placeholders, on whichever engine the handle is. */
export type Sql = {
  all: <T = Record<string, unknown>>(text: string, params?: readonly unknown[]) => Promise<T[]>;
  get: <T = Record<string, unknown>>(text: string, params?: readonly unknown[]) => Promise<T | undefined>;
  /** The first column of the first row. */
  value: <T = unknown>(text: string, params?: readonly unknown[]) => Promise<T | undefined>;
  /** Rows as arrays, in the select list's order (the hot paths: no key per value). */
  rows: (text: string, params?: readonly unknown[]) => Promise<unknown[][]>;
  /** A write; the number of rows it changed. */
  run: (text: string, params?: readonly unknown[]) => Promise<number>;
};

/** The handle every query and handler takes: drizzle's query builder, plain SQL (`db.q`), the engine. */
export type Db = SqliteRemoteDatabase<typeof schema> & {
  readonly engine: Engine;
  readonly q: Sql;
  /** The SQLite connection, for the file-level work only SQLite has (backups, pragmas); null on PostgreSQL. */
  readonly lite: BetterSqlite3.Database | null;
  /** The PostgreSQL pool; null on SQLite. */
  readonly pool: pg.Pool | null;
  /** Where it is: the SQLite file, or the PostgreSQL URL without its password. */
  readonly where: string;
};

/** A transaction in progress: its connection and how deep the savepoints go. */
type Tx = { db: object; depth: number; run: (text: string, params: readonly unknown[], mode: Mode) => Promise<Answer>; client?: pg.PoolClient; aborts?: (() => void)[] };
const current = new AsyncLocalStorage<Tx>();
const txOf = (db: object): Tx | undefined => {
  const t = current.getStore();
  return t && t.db === db ? t : undefined;
};

/** `?` placeholders numbered for PostgreSQL, outside quoted text and names. */
export const numberPlaceholders = (text: string): string => {
  let n = 0;
  let out = '';
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') out += `$${++n}`;
    else out += ch;
  }
  return out;
};

/** A value as both engines bind it: booleans as 0/1 (better-sqlite3 refuses booleans; PostgreSQL reads '1' and '0' as booleans). */
const driverParam = (v: unknown): unknown => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** One settled answer per call from the SQLite connection (its statements cached by text). */
const sqliteRunner = (lite: BetterSqlite3.Database) => (text: string, params: readonly unknown[], mode: Mode): Answer => {
  const st = lite.prepare(text);
  const args = params.map(driverParam);
  if (mode === 'run' || !st.reader) return { rows: [], changes: st.run(...args).changes };
  return { rows: mode === 'arrays' ? st.raw(true).all(...args) : st.raw(false).all(...args), changes: 0 };
};

const pgRunner = (client: pg.Pool | pg.PoolClient) => async (text: string, params: readonly unknown[], mode: Mode): Promise<Answer> => {
  const r = await client.query({ text: numberPlaceholders(text), values: params.map(driverParam), ...(mode === 'arrays' ? { rowMode: 'array' as const } : {}) });
  return { rows: r.rows as unknown[], changes: r.rowCount ?? 0 };
};

/**
 * SQLite has one connection per handle: while a transaction holds it, a query from anything else
 * (another handler answering meanwhile) waits for it to end, so none of them lands inside it.
 */
type Gate = { busy: Promise<void> | null };

const build = (engine: Engine, where: string, base: (text: string, params: readonly unknown[], mode: Mode) => Promise<Answer>, extra: { lite: BetterSqlite3.Database | null; pool: pg.Pool | null; gate: Gate }): Db => {
  // eslint-disable-next-line prefer-const -- assigned once below; exec closes over it before then
  let self: Db;
  const exec = async (text: string, params: readonly unknown[], mode: Mode): Promise<Answer> => {
    const tx = txOf(self);
    if (tx) return tx.run(text, params, mode);
    while (extra.gate.busy) await extra.gate.busy;
    return base(text, params, mode);
  };
  const orm = drizzle(
    async (text, params, method) => {
      const r = await exec(text, params, method === 'run' ? 'run' : 'arrays');
      return { rows: method === 'get' ? (r.rows[0] as unknown[]) : r.rows };
    },
    { schema },
  );
  const q: Sql = {
    all: async <T>(text: string, params: readonly unknown[] = []) => (await exec(text, params, 'objects')).rows as T[],
    get: async <T>(text: string, params: readonly unknown[] = []) => (await exec(text, params, 'objects')).rows[0] as T | undefined,
    value: async <T>(text: string, params: readonly unknown[] = []) => ((await exec(text, params, 'arrays')).rows[0] as unknown[] | undefined)?.[0] as T | undefined,
    rows: async (text: string, params: readonly unknown[] = []) => (await exec(text, params, 'arrays')).rows as unknown[][],
    run: async (text: string, params: readonly unknown[] = []) => (await exec(text, params, 'run')).changes,
  };
  self = Object.assign(orm, { engine, q, lite: extra.lite, pool: extra.pool, where });
  gates.set(self, extra.gate);
  return self;
};
const gates = new WeakMap<object, Gate>();

/** A where clause made of the filters a query was given: each adds its condition and the values it binds (none for a fixed one). */
export const whereClause = (): { add: (condition: string, ...values: unknown[]) => void; text: () => string; params: unknown[] } => {
  const conditions: string[] = [];
  const params: unknown[] = [];
  return {
    add: (condition, ...values) => {
      conditions.push(condition);
      params.push(...values);
    },
    text: () => (conditions.length ? `where ${conditions.join(' and ')}` : ''),
    params,
  };
};

/** True while the caller runs inside a transaction of `db` (what it reads may not be committed). */
export const inTransactionOf = (db: Db): boolean => txOf(db) !== undefined;

/**
 * A stamp that changes whenever committed data may have changed, for caching a read of the
 * whole portfolio. SQLite: this connection's row changes (total_changes) and the file's
 * data_version, which moves when another connection (a worker, another process) commits.
 * PostgreSQL: the newest audit entry, since the database refuses to commit any change to a
 * portfolio table without one (migration 0004) and numbers entries in commit order under its
 * advisory lock.
 */
export const dataStamp = async (db: Db): Promise<string> =>
  String(await db.q.value(db.engine === 'sqlite' ? "select total_changes() || ':' || (select data_version from pragma_data_version)" : 'select coalesce(max(seq), 0) from audit_log'));

export const sqliteDb = (lite: BetterSqlite3.Database): Db => {
  const run = sqliteRunner(lite);
  return build('sqlite', lite.name, (t, p, m) => Promise.resolve(run(t, p, m)), { lite, pool: null, gate: { busy: null } });
};

export const postgresDb = (pool: pg.Pool, where: string): Db => build('postgres', where, pgRunner(pool), { lite: null, pool, gate: { busy: null } });

/**
 * An `on conflict (…)` target as both engines read it: the bare column name. Drizzle's SQLite
 * dialect writes the column with its table ("settings"."key"), which PostgreSQL refuses there.
 */
export const conflictTarget = (column: SQLiteColumn): SQL => sql`${sql.identifier(column.name)}`;

/** The SQLite connection for work only SQLite has; on a team database, a clear refusal naming it. */
export const liteOf = (db: Db, what: string): BetterSqlite3.Database => {
  if (!db.lite) throw new AppError('unavailable', `${what} is for a file on this computer; on a team database use mrd --db URL backup --out FILE (or PostgreSQL's own pg_dump)`);
  return db.lite;
};

export type TxOptions = {
  /** A consistent read: PostgreSQL's REPEATABLE READ READ ONLY snapshot, SQLite's deferred read transaction. */
  snapshot?: boolean;
};

/**
 * Runs `fn` as one transaction with every query inside it (a savepoint when nested): it commits
 * when `fn` resolves and rolls back when it throws. On SQLite it takes the write lock at once
 * (BEGIN IMMEDIATE) and holds the connection; on PostgreSQL it holds one pooled connection.
 */
export const inTransaction = async <T>(db: Db, fn: () => Promise<T>, options: TxOptions = {}): Promise<T> => {
  const outer = txOf(db);
  if (outer) {
    const name = `sp${outer.depth + 1}`;
    await outer.run(`savepoint ${name}`, [], 'run');
    try {
      const r = await current.run({ ...outer, depth: outer.depth + 1 }, fn);
      await outer.run(`release savepoint ${name}`, [], 'run');
      return r;
    } catch (e) {
      await outer.run(`rollback to savepoint ${name}`, [], 'run');
      await outer.run(`release savepoint ${name}`, [], 'run');
      throw e;
    }
  }
  if (db.engine === 'sqlite') {
    const gate = gates.get(db)!;
    while (gate.busy) await gate.busy;
    let release!: () => void;
    gate.busy = new Promise<void>((r) => (release = r));
    const run = sqliteRunner(db.lite!);
    const tx: Tx = { db, depth: 0, run: (t, p, m) => Promise.resolve(run(t, p, m)) };
    try {
      run(options.snapshot ? 'begin deferred' : 'begin immediate', [], 'run');
      try {
        const r = await current.run(tx, fn);
        run('commit', [], 'run');
        return r;
      } catch (e) {
        if (db.lite!.inTransaction) run('rollback', [], 'run');
        throw e;
      }
    } finally {
      gate.busy = null;
      release();
    }
  }
  const client = await db.pool!.connect();
  // A connection that breaks mid-transaction (the server gone) also says so as an 'error' event:
  // the query in progress rejects with it, which is what this transaction answers.
  const quiet = (): void => undefined;
  client.on('error', quiet);
  const tx: Tx = { db, depth: 0, run: pgRunner(client), client, aborts: [] };
  let broken = false;
  try {
    await client.query(options.snapshot ? 'begin isolation level repeatable read read only' : 'begin');
    try {
      const r = await current.run(tx, fn);
      await client.query('commit');
      return r;
    } catch (e) {
      // A COPY still open holds the connection: fail it first, or the rollback would wait behind it.
      for (const abort of tx.aborts!) abort();
      await client.query('rollback').catch(() => (broken = true));
      throw e;
    }
  } finally {
    client.off('error', quiet);
    client.release(broken);
  }
};

/** A set of reads that see one moment of the database (reports, the as-of history). */
export const inSnapshot = async <T>(db: Db, fn: () => Promise<T>): Promise<T> => await inTransaction(db, fn, { snapshot: true });

/** The PostgreSQL connection the current transaction holds (for COPY), or a clear internal error. */
export const txClient = (db: Db): pg.PoolClient => {
  const c = txOf(db)?.client;
  if (!c) throw new AppError('internal', 'a COPY runs inside a transaction on a team database');
  return c;
};

/** Something to undo on the connection (an open COPY) if the current transaction fails. */
export const onTxFailure = (db: Db, abort: () => void): void => {
  txOf(db)?.aborts?.push(abort);
};

/** True inside a transaction on this handle. */
export const inTx = (db: Db): boolean => txOf(db) !== undefined;

const preparedByConnection = new WeakMap<object, Map<string, unknown>>();

/**
 * A query built once per handle and run many times with its placeholders filled: drizzle
 * builds SQL from its query objects at every call, which on the hot paths (an assessment, a
 * person, the audit head, the matrix) cost more than SQLite running them.
 */
export const prepared = <T>(db: Db, key: string, make: () => T): T => {
  let byKey = preparedByConnection.get(db);
  if (!byKey) preparedByConnection.set(db, (byKey = new Map<string, unknown>()));
  let q = byKey.get(key) as T | undefined;
  if (q === undefined) byKey.set(key, (q = make()));
  return q;
};
