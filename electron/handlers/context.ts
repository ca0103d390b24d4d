import type { Db } from '../../db/client';
import type { ConnectionStore } from '../connectionStore';
import { appendAudit } from '../../db/audit';
import { getSetting, putSetting } from '../../db/queries/settings';
import type { HostEvent } from '../../shared/contract';
import type { JobRunner } from '../services/jobs/runner';
import type { Staging } from '../services/staging';
import type { FontDirs } from '../services/reports/fontDirs';
import { AppError } from '../../shared/errors';
import { getPerson, personByLogin, personNamed } from '../../db/queries/people';
import type { Actor, Person } from '../../shared/people';
import { roleLabels, type Role } from '../../shared/profile';

/** Which host is calling: the desktop window, the browser host, or `mrd` at a terminal. */
export type HostKind = 'desktop' | 'browser' | 'cli';

/** What every handler gets besides its input. No electron here: all three hosts build one. */
export type HandlerContext = {
  host: HostKind;
  /** The operating-system account this host runs under, recorded with every audit entry. */
  osUser: string;
  db: Db;
  /** On a team database: the PostgreSQL login this host connected as (session_user). */
  login?: string;
  /**
   * On a team database: the login owns it (the installing administrator, not a person). Such a
   * login acts through local profiles as on a file; every other login is its directory entry.
   */
  loginOwnsDatabase?: boolean;
  /** The SQLite file, or the team database's URL without its password. */
  dbPath: string;
  backupsDir: string;
  appVersion: string;
  schemaVersion: number;
  now: () => Date;
  emit: (event: HostEvent) => void;
  /** Worker-thread jobs (imports, reports) and the files staged for them. */
  jobs: JobRunner;
  staging: Staging;
  /** Where the report fonts are (node_modules from sources, resources when packaged). */
  fonts: FontDirs;
  /** Closes the database, runs `between` (restoring a backup), reopens it with its checks. */
  reopen: (between: () => void) => Promise<void>;
  /** The desktop app's kept choice of database (electron/connectionStore.ts); absent in the other hosts. */
  connectionStore?: ConnectionStore;
  /**
   * Acts as this person instead of the computer's current profile: the demo's two years of
   * history are written through the handlers by the demo's people, each at their own desk.
   */
  actingAs?: number;
};

export const PROFILE_KEY = 'profile';
/**
 * Which person this host acts as: one setting on a file (one desk); on a team database one per
 * PostgreSQL login, so two desks never switch each other's profile (the next issue makes the
 * login itself the identity).
 */
export const profileKey = (ctx: Pick<HandlerContext, 'login'>): string => (ctx.login ? `profile@${ctx.login}` : PROFILE_KEY);
export const FIRST_RUN_KEY = 'portfolio.started';

/**
 * Where this host's identity comes from: a local profile (a file, or the owner of a team
 * database), or the team's directory (every other login: who the database says you are).
 */
export const identityMode = (ctx: Pick<HandlerContext, 'login' | 'loginOwnsDatabase'>): 'local' | 'directory' => (ctx.login && !ctx.loginOwnsDatabase ? 'directory' : 'local');

/** The person at this computer: the local profile (a person record), or null before the first run. */
export const profileOf = async (ctx: Pick<HandlerContext, 'db' | 'actingAs' | 'login' | 'loginOwnsDatabase'>): Promise<Person | null> => {
  if (ctx.actingAs === undefined && identityMode(ctx) === 'directory') {
    const p = await personByLogin(ctx.db, ctx.login!);
    return p && !p.disabled ? p : null;
  }
  const id = ctx.actingAs ?? (await getSetting<{ personId?: number }>(ctx.db, profileKey(ctx)))?.personId;
  return (id !== undefined && (await getPerson(ctx.db, id))) || null;
};

/** Why there is no acting person: no profile yet, or a login the directory does not know (or has disabled). */
export const noProfileError = (ctx: Pick<HandlerContext, 'login' | 'loginOwnsDatabase'>, action: string): AppError =>
  identityMode(ctx) === 'directory'
    ? new AppError('forbidden', `${ctx.login} is not an enabled person in this team's directory, so cannot ${action}: an administrator runs mrd --db URL team add-user ${ctx.login} --role ROLE --name "Full Name"`)
    : new AppError('forbidden', `Set up your profile before you ${action}`);

/** A person acting, as the audit log names them: id, name, and the OS account of this host. */
export type ActingPerson = Person & Actor & { id: number };
const acting = (ctx: HandlerContext, p: Person): ActingPerson => ({ ...p, os: ctx.osUser });

/** One of the app's own actors (`system`, the watched folder, the monitoring pipeline). */
export const systemActor = (ctx: Pick<HandlerContext, 'osUser'>, name: string): Actor => ({ name, id: null, os: ctx.osUser });

/** Who the audit log names: the local profile, or `system` before one exists (CLI seeding). */
export const actorOf = async (ctx: HandlerContext): Promise<Actor> => {
  const p = await profileOf(ctx);
  return p ? acting(ctx, p) : systemActor(ctx, 'system');
};

/**
 * Roles are enforced here, not only hidden in the UI: risk officers assess, review leads assess
 * and decide, auditors only read and export. Returns the acting profile.
 */
export const requireRole = async (ctx: HandlerContext, allowed: readonly Role[], action: string): Promise<ActingPerson> => {
  const profile = await profileOf(ctx);
  if (!profile) throw noProfileError(ctx, action);
  if (!allowed.includes(profile.role)) {
    const label = roleLabels[profile.role].toLowerCase();
    throw new AppError('forbidden', `${/^[aeiou]/.test(label) ? 'An' : 'A'} ${label} cannot ${action}`, { role: profile.role });
  }
  return acting(ctx, profile);
};

/**
 * Paths on this computer are the command line's alone: it acts for the user at the terminal,
 * while a page in a window (compromised or not) must never name a file for the backend to write.
 */
export const requireCommandLine = (ctx: HandlerContext, what: string): void => {
  if (ctx.host !== 'cli') throw new AppError('forbidden', `Only the command line can ${what}`);
};

/** The review policy's "shared computer" switch (see shared/schedule.ts). */
export const sharedComputerAllowed = async (ctx: Pick<HandlerContext, 'db'>): Promise<boolean> => (await getSetting<{ sharedComputer?: boolean }>(ctx.db, POLICY_KEY))?.sharedComputer === true;
export const POLICY_KEY = 'review.policy';

/**
 * A name given for a person (reviewer, finding owner) as the people list spells it, so
 * "dana validator" and "Dana Validator" are one person. On a team database it must be a person of
 * the directory (`field` names the input in the refusal); on this computer a new name is kept as typed.
 */
export const directoryName = async (ctx: HandlerContext, name: string, field: string): Promise<string> => {
  const person = await personNamed(ctx.db, name);
  if (identityMode(ctx) !== 'directory') return person?.name ?? name;
  if (!person?.login || person.disabled) {
    throw new AppError('invalid_input', `"${name}" is not a person in this team's directory: choose the ${field === 'owner' ? 'owner' : field} from it`, { issues: [{ path: field, message: 'not in the directory' }] });
  }
  return person.name;
};

export const ASSESSORS: readonly Role[] = ['risk_officer', 'review_lead'];
export const APPROVERS: readonly Role[] = ['review_lead'];

/** Writes one setting and its audit entry (before and after), in the caller's transaction. */
export const saveAuditedSetting = async <T>(ctx: Pick<HandlerContext, 'db' | 'now'>, actor: Actor, key: string, before: unknown, value: T): Promise<T> => {
  const now = ctx.now();
  await putSetting(ctx.db, key, value, now.toISOString());
  await appendAudit(ctx.db, { actor, action: 'settings', entity: 'settings', entityId: key, before, after: value, at: now });
  return value;
};

/** A version stamp strictly later than `previous`, so a change in the same millisecond still reads as a change. */
export const stampAfter = (ctx: HandlerContext, previous: string): string => new Date(Math.max(ctx.now().getTime(), Date.parse(previous) + 1)).toISOString();

/** A refusal of one field: the message names the field, and `issues` carries it for the form. */
export const invalidField = (path: string, message: string): AppError => new AppError('invalid_input', `${path}: ${message}`, { issues: [{ path, message }] });
