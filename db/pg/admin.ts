/**
 * The team database's administration: its schema made in an empty database, migrations applied
 * after a dump, and the schema versions of client and server compared. The schema is
 * db/schema-pg (derived from the SQLite one); the migrations are drizzle-kit's, committed in
 * db/migrations-pg/. A client never migrates a shared database by itself: only `team migrate`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getTableName, is } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { PgTable } from 'drizzle-orm/pg-core';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { isPostgresUrl, redactUrl, transportProblem } from '../../shared/database';
import { AppError } from '../../shared/errors';
import { defaultMatrix } from '../../shared/matrix';
import * as schema from '../schema-pg';

export const defaultPgMigrationsFolder = (): string => fileURLToPath(new URL('../migrations-pg/', import.meta.url));

/** The schema version this client is built for: the number of PostgreSQL migrations it carries. */
export const clientSchemaVersion = (folder = defaultPgMigrationsFolder()): number =>
  (JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

/** The team schema's tables, by name. */
export const teamTables = (): string[] => (Object.values(schema) as unknown[]).filter((t): t is PgTable => is(t, PgTable)).map((t) => getTableName(t));

export { isPostgresUrl, redactUrl };

/** The first folder of PostgreSQL binaries holding every program named: PG_BIN, or Debian's, newest first. */
export const pgBinDir = (programs: string[]): string | null =>
  [process.env.PG_BIN, '/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((d): d is string => !!d && programs.every((p) => existsSync(join(d, p)))) ?? null;

/** Connection errors in words a person can act on: unreachable, bad password, no such database, TLS. */
export const connectionError = (url: string, e: unknown): AppError => {
  const err = e as { code?: string; message?: string };
  const where = redactUrl(url);
  const said =
    err.code === 'ECONNREFUSED' || err.code === 'ENOENT' ? 'the server is not reachable (is it running, and is the host, port or socket right?)'
    : err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' ? 'no computer has that name (check the host name, or the network\'s name service)'
    : err.code === '28P01' ? 'the password was refused'
    : err.code === '28000' ? 'this login is not allowed to connect (pg_hba.conf)'
    : err.code === '3D000' ? 'the database does not exist'
    : err.code === 'ETIMEDOUT' || /timeout/i.test(err.message ?? '') ? `the server did not answer within ${CONNECT_TIMEOUT_MS / 1000} s (a firewall, a wrong port, or the server is overloaded)`
    : /password/i.test(err.message ?? '') && /SASL|must be a string|no password/i.test(err.message ?? '') ? 'a password is needed: give it with --password-stdin, PGPASSWORD or ~/.pgpass'
    : /SSL|TLS|certificate/i.test(err.message ?? '') ? `TLS failed: ${err.message}`
    : (err.message ?? String(e));
  return new AppError('unavailable', `${where}: ${said}`, { url: where, code: err.code ?? null });
};

/**
 * A team database: its URL and, when given on standard input (`--password-stdin`), the
 * password; otherwise the URL's own, PGPASSWORD or ~/.pgpass, as libpq finds them.
 */
export type Target = string | { url: string; password?: string | undefined };
export const urlOf = (t: Target): string => (typeof t === 'string' ? t : t.url);

/** How long a connection may take to answer before it is given up, with a message saying so. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** Refuses, before any byte is sent, a plain connection to another computer (see transportProblem). */
export const checkTransport = (url: string): void => {
  const problem = transportProblem(url, process.env);
  if (problem) throw new AppError('invalid_input', problem, { url: redactUrl(url) });
};

export const connect = async (target: Target): Promise<pg.Client> => {
  const url = urlOf(target);
  checkTransport(url);
  const password = typeof target === 'string' ? undefined : target.password;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: 300_000, application_name: 'mrd' });
  // Set after the URL is parsed: a URL without a password would otherwise override the one given.
  if (password !== undefined) (client as unknown as { password: string }).password = password;
  try {
    await client.connect();
  } catch (e) {
    throw connectionError(url, e);
  }
  return client;
};

export type SchemaState = { serverVersion: number; clientVersion: number; otherTables: string[]; ours: boolean };

/** What the database holds: our migrations (and how many), or other tables, or nothing. */
export const schemaState = async (client: pg.ClientBase, folder = defaultPgMigrationsFolder()): Promise<SchemaState> => {
  const tables = (await client.query<{ name: string }>("select table_schema || '.' || table_name as name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') order by 1")).rows.map((r) => r.name);
  const journal = tables.includes('drizzle.__drizzle_migrations');
  const serverVersion = journal ? Number((await client.query<{ n: string }>('select count(*) as n from drizzle.__drizzle_migrations')).rows[0]!.n) : 0;
  const ourTables = new Set(['drizzle.__drizzle_migrations', 'mrd.audit_pending', 'mrd.audited', 'mrd.editing', ...teamTables().map((t) => `public.${t}`)]);
  return { serverVersion, clientVersion: clientSchemaVersion(folder), otherTables: tables.filter((t) => !ourTables.has(t)), ours: journal };
};

/** Which side must be upgraded, or null when client and server agree. */
export const versionMismatch = (s: SchemaState): string | null =>
  s.serverVersion === s.clientVersion ? null
  : s.serverVersion > s.clientVersion ? `the team database's schema is version ${s.serverVersion}, newer than this Model Risk Desk (version ${s.clientVersion}): upgrade Model Risk Desk on this computer`
  : `the team database's schema is version ${s.serverVersion}, older than this Model Risk Desk (version ${s.clientVersion}): an administrator runs mrd --db URL team migrate`;

/** `team init`: the schema in an empty database, the default matrix in it. Refuses a database that holds anything. */
export const teamInit = async (target: Target, now: Date, folder = defaultPgMigrationsFolder()): Promise<SchemaState> => {
  const url = urlOf(target);
  const client = await connect(target);
  try {
    const before = await schemaState(client, folder);
    if (before.ours) throw new AppError('conflict', `${redactUrl(url)} already holds a Model Risk Desk schema (version ${before.serverVersion}); use team status or team migrate`);
    if (before.otherTables.length) throw new AppError('conflict', `${redactUrl(url)} is not empty: it holds ${before.otherTables.length} table${before.otherTables.length === 1 ? '' : 's'} (${before.otherTables.slice(0, 5).join(', ')}${before.otherTables.length > 5 ? ', …' : ''}); team init needs an empty database`);
    const db = drizzle({ client, schema });
    await migrate(db, { migrationsFolder: folder });
    // The default matrix, as a new SQLite file has it: part of the schema, so, as there, without
    // an audit entry (the trail starts empty, and team import can bring a whole chain into it).
    // The owner alone can set the audit rule (0004) aside, for this one row, inside one transaction.
    const m = defaultMatrix();
    await client.query('begin');
    await client.query('alter table risk_matrices disable trigger risk_matrices_audited');
    await db.insert(schema.riskMatrices).values({ version: 1, ...m, createdAt: now.toISOString() }).onConflictDoNothing();
    await client.query('alter table risk_matrices enable trigger risk_matrices_audited');
    await client.query('commit');
    return await schemaState(client, folder);
  } finally {
    await client.end();
  }
};

/** pg_dump: beside the server binaries when they are there, else on PATH. */
const pgDump = (): string => {
  const dir = pgBinDir(['pg_dump']);
  return dir ? join(dir, 'pg_dump') : 'pg_dump';
};

/** `team migrate`: a dump first (refused without one), then the newer migrations. */
export const teamMigrate = async (target: Target, dumpFile: string, folder = defaultPgMigrationsFolder()): Promise<{ from: number; to: number; dump: string | null }> => {
  const url = urlOf(target);
  const client = await connect(target);
  try {
    const s = await schemaState(client, folder);
    if (!s.ours) throw new AppError('conflict', `${redactUrl(url)} holds no Model Risk Desk schema; run team init first`);
    if (s.serverVersion > s.clientVersion) throw new AppError('conflict', versionMismatch(s)!);
    if (s.serverVersion === s.clientVersion) return { from: s.serverVersion, to: s.serverVersion, dump: null };
    const password = typeof target === 'string' ? undefined : target.password;
    const dump = spawnSync(pgDump(), ['--format=custom', '--file', dumpFile, '--dbname', url], { encoding: 'utf8', env: { ...process.env, ...(password !== undefined ? { PGPASSWORD: password } : {}) } });
    if (dump.status !== 0) throw new AppError('unavailable', `the pre-migration dump failed, nothing was migrated: ${(dump.stderr || String(dump.error)).trim().split('\n')[0]}`);
    await migrate(drizzle({ client, schema }), { migrationsFolder: folder });
    return { from: s.serverVersion, to: (await schemaState(client, folder)).serverVersion, dump: dumpFile };
  } finally {
    await client.end();
  }
};

/** `team status`: versions and which side to upgrade. */
export const teamStatus = async (target: Target, folder = defaultPgMigrationsFolder()): Promise<SchemaState & { mismatch: string | null }> => {
  const client = await connect(target);
  try {
    const s = await schemaState(client, folder);
    return { ...s, mismatch: s.ours ? versionMismatch(s) : 'no Model Risk Desk schema here yet: run team init' };
  } finally {
    await client.end();
  }
};
