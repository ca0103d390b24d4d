import type { Db } from '../../db/client';
import { appendAudit } from '../../db/audit';
import { getSetting, putSetting } from '../../db/queries/settings';
import type { HostEvent } from '../../shared/contract';
import type { JobRunner } from '../services/jobs/runner';
import type { Staging } from '../services/staging';
import type { FontDirs } from '../services/reports/fontDirs';
import { AppError } from '../../shared/errors';
import { roleLabels, type Profile, type Role } from '../../shared/profile';

/** Which host is calling: the desktop window, the browser host, or `mrd` at a terminal. */
export type HostKind = 'desktop' | 'browser' | 'cli';

/** What every handler gets besides its input. No electron here: all three hosts build one. */
export type HandlerContext = {
  host: HostKind;
  /** The operating-system account this host runs under, recorded with every audit entry. */
  osUser: string;
  db: Db;
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
  reopen: (between: () => void) => void;
};

export const PROFILE_KEY = 'profile';
export const FIRST_RUN_KEY = 'portfolio.started';

export const profileOf = (ctx: HandlerContext): Profile | null => getSetting<Profile>(ctx.db, PROFILE_KEY) ?? null;

/** Who the audit log names: the local profile, or `system` before one exists (CLI seeding). */
export const actorOf = (ctx: HandlerContext): string => profileOf(ctx)?.name ?? 'system';

/**
 * Roles are enforced here, not only hidden in the UI: risk officers assess, review leads assess
 * and decide, auditors only read and export. Returns the acting profile.
 */
export const requireRole = (ctx: HandlerContext, allowed: readonly Role[], action: string): Profile => {
  const profile = profileOf(ctx);
  if (!profile) throw new AppError('forbidden', `Set up your profile before you ${action}`);
  if (!allowed.includes(profile.role)) {
    const label = roleLabels[profile.role].toLowerCase();
    throw new AppError('forbidden', `${/^[aeiou]/.test(label) ? 'An' : 'A'} ${label} cannot ${action}`, { role: profile.role });
  }
  return profile;
};

/**
 * Paths on this computer are the command line's alone: it acts for the user at the terminal,
 * while a page in a window (compromised or not) must never name a file for the backend to write.
 */
export const requireCommandLine = (ctx: HandlerContext, what: string): void => {
  if (ctx.host !== 'cli') throw new AppError('forbidden', `Only the command line can ${what}`);
};

export const ASSESSORS: readonly Role[] = ['risk_officer', 'review_lead'];
export const APPROVERS: readonly Role[] = ['review_lead'];

/** Writes one setting and its audit entry (before and after), in the caller's transaction. */
export const saveAuditedSetting = <T>(ctx: Pick<HandlerContext, 'db' | 'now'>, actor: string, key: string, before: unknown, value: T): T => {
  const now = ctx.now();
  putSetting(ctx.db, key, value, now.toISOString());
  appendAudit(ctx.db, { actor, action: 'settings', entity: 'settings', entityId: key, before, after: value, at: now });
  return value;
};
