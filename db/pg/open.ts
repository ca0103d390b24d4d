/**
 * Opening a team database: a small `pg` pool whose type parsers answer as SQLite does, the
 * schema version compared with this client's (a client never migrates a shared database), and
 * the handle every handler takes (db/client.ts). The password is the URL's, the one given
 * (`--password-stdin`, the desktop app's safe storage), PGPASSWORD or ~/.pgpass, in that order.
 */
import pg from 'pg';
import { AppError } from '../../shared/errors';
import { redactUrl } from '../../shared/database';
import { postgresDb, type Db } from '../client';
import { settlePeopleKeys } from '../queries/people';
import { checkTransport, CONNECT_TIMEOUT_MS, connectionError, defaultPgMigrationsFolder, schemaState, urlOf, versionMismatch, type SchemaState, type Target } from './admin';

/** What SQLite answers, from PostgreSQL: JSON as its text, booleans as 0/1, 64-bit integers and numerics as numbers. */
const AS_SQLITE: Record<number, (v: string) => unknown> = {
  16: (v) => (v === 't' ? 1 : 0), // bool
  20: Number, // int8 (count(*), sum)
  1700: Number, // numeric
  114: (v) => v, // json: the text as stored (drizzle's JSON columns parse it, as on SQLite)
  3802: (v) => v, // jsonb
};
const types = {
  getTypeParser: ((oid: number, format?: string) => AS_SQLITE[oid] ?? (pg.types.getTypeParser(oid, format as 'text') as (v: string) => unknown)) as typeof pg.types.getTypeParser,
};

export type PoolOptions = {
  max?: number;
  readOnly?: boolean;
  /** How long a query may go unanswered before it is given up (a server gone silent mid-answer); 2 minutes. */
  queryTimeoutMs?: number;
};

/** A pool on the target. Its connections time out when the server does not answer, with a message saying so. */
export const teamPool = (target: Target, o: PoolOptions = {}): pg.Pool => {
  checkTransport(urlOf(target));
  const password = typeof target === 'string' ? undefined : target.password;
  const pool = new pg.Pool({
    // The password goes into the URL the pool parses (in memory only): pg lets a URL's missing
    // password override one given beside it.
    connectionString: password === undefined ? urlOf(target) : withPassword(urlOf(target), password),
    max: o.max ?? 4,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A query that hangs (a server gone silent mid-answer) ends instead of holding the handler forever.
    query_timeout: o.queryTimeoutMs ?? 120_000,
    idleTimeoutMillis: 30_000,
    application_name: 'mrd',
    types,
    ...(o.readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  // A connection the server drops while idle is discarded by the pool; the next query makes a new one.
  pool.on('error', () => undefined);
  return pool;
};

/** The URL with this password in its user part (replacing any there). */
export const withPassword = (url: string, password: string): string =>
  url.replace(/^(postgres(?:ql)?:\/\/)(?:([^:@/?#]*)(?::[^@/?#]*)?@)?/i, (_m, scheme: string, user: string | undefined) => `${scheme}${user ?? ''}:${encodeURIComponent(password)}@`);

export type TeamOpened = { db: Db; schemaVersion: number; /** The login the server says we are (session_user). */ login: string; /** The login owns the database: the installing administrator, not a person of the directory. */ owner: boolean; close: () => Promise<void> };

export type Probe = { state: SchemaState; login: string; serverVersion: string; owner: boolean };

/** One connection's look at the server: its schema (ours? which version?), who we are, which PostgreSQL. A failure to connect is named. */
export const probeTeam = async (url: string, pool: pg.Pool, folder = defaultPgMigrationsFolder()): Promise<Probe> => {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (e) {
    throw connectionError(url, e);
  }
  try {
    // owner: the database's owner (or a superuser), the installing administrator (db/migrations-pg/0004).
    const who = (await client.query<{ login: string; version: string; owner: number | null }>("select session_user as login, current_setting('server_version') as version, pg_has_role(session_user, (select relowner from pg_class where oid = to_regclass('public.audit_log')), 'USAGE') as owner")).rows[0]!;
    return { state: await schemaState(client, folder), login: who.login, serverVersion: who.version, owner: Boolean(who.owner) }; // booleans arrive as 0/1 (db/pg/open.ts type parsers)
  } finally {
    client.release();
  }
};

/**
 * A job worker's connection to a team database its host opened with openTeam (schema and version
 * checked, name keys settled): a pool and nothing more, so a job does not check again what the
 * host checked (a connection, three queries and the migrations folder read: about 45 ms of every
 * job). A server that cannot be reached fails the job's first query, with the same messages.
 */
export const openChecked = (target: Target, o: PoolOptions = {}): { db: Db; close: () => Promise<void> } => {
  const url = urlOf(target);
  const pool = teamPool(target, o);
  return { db: postgresDb(pool, redactUrl(url)), close: () => pool.end() };
};

/** Opens the team database after checking it holds our schema at this client's version. */
export const openTeam = async (target: Target, o: PoolOptions & { pgMigrationsFolder?: string; now?: () => Date } = {}): Promise<TeamOpened> => {
  const url = urlOf(target);
  const pool = teamPool(target, o);
  try {
    const { state, login, owner } = await probeTeam(url, pool, o.pgMigrationsFolder);
    if (!state.ours) throw new AppError('conflict', `${redactUrl(url)} holds no Model Risk Desk schema yet: an administrator runs mrd --db URL team init`);
    const mismatch = versionMismatch(state);
    if (mismatch) throw new AppError(state.serverVersion > state.clientVersion ? 'db_too_new' : 'conflict', `${redactUrl(url)}: ${mismatch}`, { serverVersion: state.serverVersion, clientVersion: state.clientVersion });
    const db = postgresDb(pool, redactUrl(url));
    // Name keys are settled by the owner alone: people are the directory's, changed by administrators.
    if (!o.readOnly && owner) await settlePeopleKeys(db);
    return { db, schemaVersion: state.serverVersion, login, owner, close: () => pool.end() };
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
};
