/**
 * The team's directory: who may sign in, under which name, in which role. A person is a
 * PostgreSQL login (authenticated by the server: SCRAM, certificates, LDAP or Kerberos through
 * pg_hba.conf), a row in people (login, display name, role) and membership of one of the roles
 * the database's rules are written for (db/migrations-pg/0004). Only an administrator (the
 * database's owner, or a login with the admin role and CREATEROLE) changes it; each change is one
 * transaction with its audit entry, roles and grants included (PostgreSQL's DDL is transactional).
 */
import { appendAudit } from '../audit';
import { inTransaction, type Db } from '../client';
import { AppError } from '../../shared/errors';
import { nameKey, personNameSchema, type Actor } from '../../shared/people';
import { personNamed } from '../queries/people';
import { type Target } from './admin';
import { openTeam } from './open';

export const TEAM_ROLES = ['risk_officer', 'review_lead', 'auditor', 'admin'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
const pgRole = (r: TeamRole): string => `mrd_${r}`;
/** The role the app gives the person: an admin keeps the directory and reads, and approves nothing. */
const appRole = (r: TeamRole): 'risk_officer' | 'review_lead' | 'auditor' => (r === 'admin' ? 'auditor' : r);

export type DirectoryEntry = { login: string; name: string; role: TeamRole; enabled: boolean; since: string };

/** PostgreSQL logins as people type them: no quoting games, no reserved prefixes. */
export const loginProblem = (login: string): string | null =>
  !/^[a-z_][a-z0-9_.@-]{0,62}$/.test(login) ? `"${login}" is not a login name this tool creates: lower-case letters, digits and _ . @ -, starting with a letter or _, at most 63 characters`
  : /^(pg_|mrd_)/.test(login) ? `"${login}" begins with ${login.slice(0, login.indexOf('_') + 1)}, kept for PostgreSQL's and Model Risk Desk's own roles`
  : null;

export const roleProblem = (role: string): string | null => (TEAM_ROLES.includes(role as TeamRole) ? null : `--role must be one of ${TEAM_ROLES.join(', ')} (not "${role}")`);

const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** Opens the team database as an administrator, or says who may. */
const asAdministrator = async <T>(target: Target, folder: string | undefined, work: (db: Db, actor: Actor) => Promise<T>): Promise<T> => {
  const team = await openTeam(target, { max: 1, ...(folder ? { pgMigrationsFolder: folder } : {}) });
  try {
    const me = await team.db.q.get<{ admin: boolean; createrole: boolean }>("select pg_has_role(session_user, 'mrd_admin', 'MEMBER') as admin, (select rolcreaterole or rolsuper from pg_roles where rolname = session_user) as createrole");
    if (!team.owner && !(me?.admin && me.createrole)) throw new AppError('forbidden', `${team.login} is not an administrator of this team database: the database's owner or a login with the admin role keeps the directory`);
    return await inTransaction(team.db, async () => await work(team.db, { name: team.login, id: null, os: team.login }));
  } finally {
    await team.close();
  }
};

const entryOf = async (db: Db, login: string): Promise<(DirectoryEntry & { id: number }) | null> => {
  const rows = await db.q.all<{ id: number; login: string; name: string; since: string; enabled: boolean; roles: string | null }>(
    `select p.id, p.login, p.name, p.created_at as since, coalesce(r.rolcanlogin, false) and not p.disabled as enabled,
       (select string_agg(g.rolname, ',' order by g.rolname) from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid and g.rolname like 'mrd\\_%') as roles
     from people p left join pg_roles r on r.rolname = p.login where p.login = ?`,
    [login],
  );
  const r = rows[0];
  if (!r) return null;
  const held = (r.roles ?? '').split(',').filter(Boolean).map((x) => x.replace(/^mrd_/, '')) as TeamRole[];
  return { id: r.id, login: r.login, name: r.name, since: r.since, enabled: Boolean(r.enabled), role: held.includes('admin') ? 'admin' : (held[0] ?? 'auditor') };
};

const grantOnly = async (db: Db, login: string, role: TeamRole): Promise<void> => {
  for (const other of TEAM_ROLES) if (other !== role) await db.q.run(`revoke ${ident(pgRole(other))} from ${ident(login)}`);
  await db.q.run(`grant ${ident(pgRole(role))} to ${ident(login)}`);
  // An administrator creates logins and grants roles; no one else may.
  await db.q.run(`alter role ${ident(login)} ${role === 'admin' ? 'createrole' : 'nocreaterole'}`);
};

/** Creates the login (or adopts an existing one), its directory entry and its role. */
export const addUser = async (target: Target, input: { login: string; name: string; role: TeamRole }, now: Date, folder?: string): Promise<DirectoryEntry & { created: boolean }> => {
  // A name as the app takes one everywhere (personNameSchema: trimmed, NFC, one line, one alphabet).
  const parsed = personNameSchema.safeParse(input.name);
  const bad = loginProblem(input.login) ?? roleProblem(input.role) ?? (parsed.success ? null : parsed.error.issues[0]!.message);
  if (bad || !parsed.success) throw new AppError('invalid_input', bad ?? 'the name is not valid');
  const name = parsed.data;
  return await asAdministrator(target, folder, async (db, actor) => {
    if (await db.q.get('select 1 from people where login = ?', [input.login])) throw new AppError('conflict', `${input.login} is in the directory already: team set-role changes a role, team enable lets a disabled login sign in again`);
    const sameName = await personNamed(db, name);
    if (sameName) throw new AppError('conflict', `"${name}" is already ${sameName.name}${sameName.login ? ` (${sameName.login})` : ' (a local profile)'}: two people cannot share a name`);
    const role = await db.q.get<{ super: boolean }>('select rolsuper as super from pg_roles where rolname = ?', [input.login]);
    if (role?.super) throw new AppError('forbidden', `${input.login} is a PostgreSQL superuser: a superuser is above every rule the database enforces, so it cannot be a person of the team`);
    if (role) await db.q.run(`alter role ${ident(input.login)} login`);
    else await db.q.run(`create role ${ident(input.login)} login`);
    await grantOnly(db, input.login, input.role);
    const at = now.toISOString();
    const person = (await db.q.get<{ id: number }>('insert into people (name, name_key, role, os_user, created_at, login, disabled) values (?, ?, ?, ?, ?, ?, false) returning id', [name, nameKey(name), appRole(input.role), '', at, input.login]))!;
    await appendAudit(db, { actor, action: 'role', entity: 'person', entityId: String(person.id), after: { login: input.login, name, role: input.role, login_created: !role }, at: now });
    return { ...(await entryOf(db, input.login))!, created: !role };
  });
};

const existing = async (db: Db, login: string): Promise<DirectoryEntry & { id: number }> => {
  const entry = await entryOf(db, login);
  if (!entry) throw new AppError('not_found', `${login} is not in this team's directory (team list shows who is)`);
  return entry;
};

export const setRole = async (target: Target, login: string, role: TeamRole, now: Date, folder?: string): Promise<DirectoryEntry> => {
  const bad = roleProblem(role);
  if (bad) throw new AppError('invalid_input', bad);
  return await asAdministrator(target, folder, async (db, actor) => {
    const before = await existing(db, login);
    if (before.role === role) return before;
    await grantOnly(db, login, role);
    await db.q.run('update people set role = ? where login = ?', [appRole(role), login]);
    await appendAudit(db, { actor, action: 'role', entity: 'person', entityId: String(before.id), before: { login, role: before.role }, after: { login, role }, at: now });
    return (await entryOf(db, login))!;
  });
};

/** Disable (the login may no longer sign in, its entry and history stay) or enable again. */
export const setEnabled = async (target: Target, login: string, enabled: boolean, now: Date, folder?: string): Promise<DirectoryEntry> =>
  await asAdministrator(target, folder, async (db, actor) => {
    const before = await existing(db, login);
    if (before.enabled === enabled) return before;
    await db.q.run(`alter role ${ident(login)} ${enabled ? 'login' : 'nologin'}`);
    await db.q.run('update people set disabled = ? where login = ?', [!enabled, login]);
    await appendAudit(db, { actor, action: 'role', entity: 'person', entityId: String(before.id), before: { login, enabled: before.enabled }, after: { login, enabled }, at: now });
    return (await entryOf(db, login))!;
  });

export const listDirectory = async (target: Target, folder?: string): Promise<DirectoryEntry[]> => {
  const team = await openTeam(target, { max: 1, readOnly: true, ...(folder ? { pgMigrationsFolder: folder } : {}) });
  try {
    const logins = await team.db.q.all<{ login: string }>('select login from people where login is not null order by name, login');
    const out: DirectoryEntry[] = [];
    for (const { login } of logins) {
      const { id: _id, ...entry } = (await entryOf(team.db, login))!;
      out.push(entry);
    }
    return out;
  } finally {
    await team.close();
  }
};
