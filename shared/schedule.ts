import { addDays, addMonths, differenceInCalendarDays, format } from 'date-fns';
import { z } from 'zod';
import type { Band } from './matrix';

/**
 * Review policy: months between reviews per band, a cap per materiality tier, and which band
 * drives it. Dates are calendar dates (YYYY-MM-DD) with no time zone, so a review due on the
 * 31st stays on the 31st wherever the app runs.
 */
export const reviewPolicySchema = z
  .object({
    intervals: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.number().int('months are whole numbers').min(1, 'at least 1 month').max(60, 'at most 60 months')),
    tierCaps: z.object({ '1': z.number().int().min(1).max(60).nullable(), '2': z.number().int().min(1).max(60).nullable(), '3': z.number().int().min(1).max(60).nullable() }).strict(),
    basis: z.enum(['residual', 'inherent'], { message: 'basis must be residual or inherent' }),
    horizonDays: z.number().int().min(1).max(366),
    /**
     * Four-eyes on a shared computer: a decision under the operating-system account that made the
     * submission is refused, unless this is on; then it is allowed and marked as such everywhere.
     */
    sharedComputer: z.boolean().default(false),
    /**
     * Risk acceptance: the longest an acceptance of a residual band may last, in months, by band
     * id; 0 refuses acceptance of that band (Critical, by default).
     */
    acceptanceMonths: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.number().int('months are whole numbers').min(0, 'at least 0 months (0 refuses acceptance)').max(60, 'at most 60 months')).default({ critical: 0, high: 12, medium: 24, low: 36 }),
  })
  .strict();
export type ReviewPolicy = z.infer<typeof reviewPolicySchema>;

export const DEFAULT_INTERVAL_MONTHS = 12;
export const defaultPolicy = (): ReviewPolicy => ({
  intervals: { critical: 3, high: 6, medium: 12, low: 24 },
  tierCaps: { '1': 12, '2': null, '3': null },
  basis: 'residual',
  horizonDays: 90,
  sharedComputer: false,
  acceptanceMonths: { critical: 0, high: 12, medium: 24, low: 36 },
});

export const scheduleStatuses = ['unassessed', 'overdue', 'due', 'on-track', 'retired', 'not-scheduled'] as const;
export type ScheduleStatus = (typeof scheduleStatuses)[number];

export type ScheduleInput = {
  status: string;
  tier: number;
  /** Date of approval of the current assessment, and its bands; null when none is approved. */
  approvedAt: string | null;
  residual: Band | null;
  inherent: Band | null;
  /** Triggers recorded after that approval (the open ones), oldest first. */
  triggers: { date: string; reason: string }[];
};

export type Schedule = { due: string | null; status: ScheduleStatus; reason: string; band: Band | null; intervalMonths: number | null };

const DATE = 'yyyy-MM-dd';
/** A calendar date as a local-midnight Date, so date-fns month arithmetic never crosses a day. */
export const parseDay = (day: string): Date => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) throw new RangeError(`not a date: ${day}`);
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
};
export const formatDay = (d: Date): string => format(d, DATE);
/** The calendar date of an ISO timestamp as recorded (UTC), so it does not shift with the local zone. */
export const dayOf = (iso: string): string => iso.slice(0, 10);
/** Today's calendar date as the server and the records reckon it (UTC): what "overdue" is measured against. */
export const todayUtc = (now: Date = new Date()): string => dayOf(now.toISOString());
/** An ISO timestamp to the minute as recorded (UTC): "2026-11-26 05:42". */
export const minuteOf = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

/** Jan 31 + 1 month = Feb 28 (29 in a leap year), as date-fns clamps to the month's last day. */
export const addMonthsToDay = (day: string, months: number): string => formatDay(addMonths(parseDay(day), months));
export const addDaysToDay = (day: string, days: number): string => formatDay(addDays(parseDay(day), days));
export const daysBetween = (from: string, to: string): number => differenceInCalendarDays(parseDay(to), parseDay(from));

export const intervalFor = (policy: ReviewPolicy, band: Band, tier: number): number => {
  const months = policy.intervals[band.id] ?? DEFAULT_INTERVAL_MONTHS;
  const cap = policy.tierCaps[String(tier) as '1' | '2' | '3'] ?? null;
  return cap === null ? months : Math.min(months, cap);
};

/** When a model is next due for review, and why (PRODUCT.md, "Reassessment schedule"). */
export const scheduleOf = (m: ScheduleInput, policy: ReviewPolicy, today: string): Schedule => {
  if (m.status === 'retired') return { due: null, status: 'retired', reason: 'retired: not scheduled', band: null, intervalMonths: null };
  const band = policy.basis === 'residual' ? m.residual : m.inherent;
  if (!m.approvedAt || !band) {
    return m.status === 'production'
      ? { due: today, status: 'unassessed', reason: 'in production with no approved assessment: due now', band: null, intervalMonths: null }
      : { due: null, status: 'unassessed', reason: `no approved assessment yet (${m.status})`, band: null, intervalMonths: null };
  }
  const months = intervalFor(policy, band, m.tier);
  let due = addMonthsToDay(dayOf(m.approvedAt), months);
  let reason = `${band.name}: every ${months} month${months > 1 ? 's' : ''} from approval on ${dayOf(m.approvedAt)}`;
  const trigger = m.triggers[0];
  if (trigger && trigger.date < due) {
    due = trigger.date;
    reason = `brought forward: ${trigger.reason} (${trigger.date})`;
  }
  const status: ScheduleStatus = due < today ? 'overdue' : daysBetween(today, due) <= policy.horizonDays ? 'due' : 'on-track';
  return { due, status, reason, band, intervalMonths: months };
};
