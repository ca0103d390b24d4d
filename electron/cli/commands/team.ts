import { resolve } from 'node:path';
import type { Call, Run } from '../commands';
import { UsageError } from '../usage';

/**
 * `mrd --db postgres://… team init | team migrate [--out DUMP] | team status`: the team
 * database's schema. The URL comes from --db or MRD_DATABASE_URL; a password from the URL's
 * own, PGPASSWORD or ~/.pgpass (libpq's rules, which pg follows).
 */
const admin = async (url: string) => {
  const a = await import('../../../db/pg/admin');
  if (!a.isPostgresUrl(url)) throw new UsageError('team commands work on a team database: --db postgres://user@host:5432/database (or MRD_DATABASE_URL)');
  return a;
};

/** The database and, with --password-stdin, the password read from standard input (its first line). */
const targetOf = ({ values, password }: Call): { url: string; password?: string } => ({ url: values.db!, ...(password !== undefined ? { password } : {}) });

export const init: Run = async (call) => {
  const { values, io, layout } = call;
  const { redactUrl, teamInit } = await admin(values.db!);
  const s = await teamInit(targetOf(call), new Date(), layout?.pgMigrationsFolder);
  io.out(`Created the Model Risk Desk schema (version ${s.serverVersion}) in ${redactUrl(values.db!)}`);
  return 0;
};

export const migrate: Run = async (call) => {
  const { values, io, layout } = call;
  const url = values.db!;
  const { redactUrl, teamMigrate } = await admin(url);
  {
    const dump = resolve((values.out as string | undefined) ?? `mrd-pre-migrate-${new Date().toISOString().replace(/[:.]/g, '-')}.dump`);
    const r = await teamMigrate(targetOf(call), dump, layout?.pgMigrationsFolder);
    io.out(r.dump ? `Migrated ${redactUrl(url)} from schema version ${r.from} to ${r.to}; dump taken first: ${r.dump}` : `${redactUrl(url)} is at schema version ${r.to}, as this Model Risk Desk: nothing to migrate`);
    return 0;
  }
};

export const status: Run = async (call) => {
  const { values, io, layout } = call;
  const url = values.db!;
  const { redactUrl, teamStatus } = await admin(url);
  const s = await teamStatus(targetOf(call), layout?.pgMigrationsFolder);
  io.out(`Team database ${redactUrl(url)}: schema version ${s.serverVersion}; this Model Risk Desk: version ${s.clientVersion}${s.mismatch ? ` — ${s.mismatch}` : ' — in step'}`);
  return s.mismatch ? 1 : 0;
};

/** `team import solo.db`: a one-computer portfolio, whole audit history included, into an empty team database. */
export const importFile: Run = async (call) => {
  const { values, args, io, layout } = call;
  const url = values.db!;
  const { redactUrl } = await admin(url);
  const { importSolo } = await import('../../../db/pg/copy');
  const file = resolve(args[0]!);
  const r = await importSolo(targetOf(call), file, layout?.migrationsFolder, layout?.pgMigrationsFolder);
  io.out(`Imported ${args[0]} into ${redactUrl(url)}: ${r.tables.models} models, ${r.tables.assessments} assessments, ${r.tables.metric_points} monitoring values, ${r.auditEntries} audit entries; the chain verified on arrival, head ${r.head.slice(0, 16)}…`);
  return 0;
};

/** `mrd --db postgres://… backup --out snapshot.db`: a consistent SQLite copy of the team portfolio. */
export const backup: Run = async (call) => {
  const { values, io, layout } = call;
  const url = values.db!;
  const out = values.out as string | undefined;
  if (!out) throw new UsageError('backup needs --out FILE');
  const { redactUrl } = await admin(url);
  const { snapshotToSqlite } = await import('../../../db/pg/copy');
  const r = await snapshotToSqlite(targetOf(call), resolve(out), layout?.migrationsFolder, layout?.pgMigrationsFolder);
  io.out(`Backed up ${redactUrl(url)} to ${out}: ${r.tables.models} models, ${r.auditEntries} audit entries (one snapshot; integrity_check ok, the chain verified at head ${r.head.slice(0, 16)}…)`);
  return 0;
};

const directory = async (url: string) => {
  await admin(url);
  return await import('../../../db/pg/directory');
};
const line = (e: { login: string; name: string; role: string; enabled: boolean }): string => `${e.login}\t${e.name}\t${e.role}${e.enabled ? '' : '\tdisabled'}`;

/** `team add-user LOGIN --role ROLE --name NAME`: a person of the team, login and grants included. */
export const addUser: Run = async (call) => {
  const { values, args, io, layout } = call;
  const d = await directory(values.db!);
  const role = values.role as string | undefined;
  const name = values.name as string | undefined;
  if (!role || !name) throw new UsageError('team add-user needs --role ROLE and --name "Full Name"');
  const e = await d.addUser(targetOf(call), { login: args[0]!, name, role: role as never }, new Date(), layout?.pgMigrationsFolder);
  io.out(`${e.created ? 'Created the login' : 'Adopted the existing login'} ${e.login} as ${e.name}, ${e.role}${e.created ? '. It has no password yet: set one with psql (\\password ' + e.login + '), or let pg_hba.conf authenticate it (certificate, LDAP, Kerberos)' : ''}`);
  return 0;
};

export const setRole: Run = async (call) => {
  const { values, args, io, layout } = call;
  const d = await directory(values.db!);
  const role = values.role as string | undefined;
  if (!role) throw new UsageError('team set-role needs --role ROLE');
  const e = await d.setRole(targetOf(call), args[0]!, role as never, new Date(), layout?.pgMigrationsFolder);
  io.out(`${e.login} (${e.name}) is now ${e.role}`);
  return 0;
};

const enabled = (on: boolean): Run => async (call) => {
  const { values, args, io, layout } = call;
  const d = await directory(values.db!);
  const e = await d.setEnabled(targetOf(call), args[0]!, on, new Date(), layout?.pgMigrationsFolder);
  io.out(`${e.login} (${e.name}) ${on ? 'may sign in again' : 'can no longer sign in; its entry and history stay'}`);
  return 0;
};
export const disable = enabled(false);
export const enable = enabled(true);

export const list: Run = async (call) => {
  const { values, io, layout } = call;
  const d = await directory(values.db!);
  const entries = await d.listDirectory(targetOf(call), layout?.pgMigrationsFolder);
  if (values.json) io.out(JSON.stringify(entries, null, 2));
  else if (entries.length === 0) io.out('No one is in this team\'s directory yet: an administrator runs mrd --db URL team add-user LOGIN --role ROLE --name "Full Name"');
  else for (const e of entries) io.out(line(e));
  return 0;
};
