import type { Db } from '../../db/client';
import { getSetting } from '../../db/queries/settings';
import type { HostEvent } from '../../shared/contract';
import type { Profile } from '../../shared/profile';

/** What every handler gets besides its input. No electron here: all three hosts build one. */
export type HandlerContext = {
  db: Db;
  dbPath: string;
  appVersion: string;
  schemaVersion: number;
  now: () => Date;
  emit: (event: HostEvent) => void;
};

export const PROFILE_KEY = 'profile';
export const FIRST_RUN_KEY = 'portfolio.started';

export const profileOf = (ctx: HandlerContext): Profile | null => getSetting<Profile>(ctx.db, PROFILE_KEY) ?? null;

/** Who the audit log names: the local profile, or `system` before one exists (CLI seeding). */
export const actorOf = (ctx: HandlerContext): string => profileOf(ctx)?.name ?? 'system';
