/**
 * Treatment plans and risk acceptance (README "Treatment plans and risk acceptance").
 * A risk treated by *mitigate* lists actions (what, owner, due date, status, evidence) that keep
 * progressing after the assessment is approved. A risk treated by *accept* is accepted by the
 * review lead who approves the assessment (never its assessor): a justification and an expiry
 * date, capped by the review policy for the risk's residual band (refused where the cap is 0,
 * Critical by default). An expired acceptance brings the review forward until a reassessment.
 */
import { z } from 'zod';
import { riskCategories, type RiskCategory } from './assessment';
import { daySchema as day, stagedFileId } from './findings';
import type { EvidenceFile } from './monitoring';
import { personNameSchema } from './people';
import { addDaysToDay, addMonthsToDay, type ReviewPolicy } from './schedule';

export const actionStatuses = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof actionStatuses)[number];
export const actionStatusLabels: Record<ActionStatus, string> = { planned: 'Planned', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' };
/** Done and cancelled are final: plan a new action if more work is needed. */
export const actionMoves: Record<ActionStatus, readonly ActionStatus[]> = { planned: ['in_progress', 'done', 'cancelled'], in_progress: ['planned', 'done', 'cancelled'], done: [], cancelled: [] };
export const isFinished = (s: ActionStatus): boolean => s === 'done' || s === 'cancelled';

export type TreatmentAction = {
  id: number;
  modelRef: string;
  modelName: string;
  /** The assessment in which it was planned, and its version. */
  assessmentId: number;
  assessmentVersion: number;
  category: RiskCategory;
  title: string;
  owner: string;
  dueDate: string | null;
  status: ActionStatus;
  note: string;
  evidence: EvidenceFile[];
  finishedAt: string | null;
  finishedBy: string | null;
  createdAt: string;
  updatedAt: string;
};

export type AcceptanceStatus = 'active' | 'expiring' | 'expired' | 'superseded';
export type RiskAcceptance = {
  id: number;
  modelRef: string;
  modelName: string;
  assessmentId: number;
  assessmentVersion: number;
  /** Who assessed (submitted) the assessment: never the one who accepted. */
  assessor: string | null;
  category: RiskCategory;
  band: string;
  justification: string;
  acceptedBy: string;
  acceptedOs: string | null;
  acceptedAt: string;
  expiresOn: string;
  /** Computed for today: superseded once a newer assessment of the model is approved. */
  status: AcceptanceStatus;
};

/** "Expiring" is within this many days (My work and the dashboard list them). */
export const EXPIRING_DAYS = 60;

export const acceptanceStatusOf = (a: { expiresOn: string; current: boolean }, today: string): AcceptanceStatus =>
  !a.current ? 'superseded' : a.expiresOn < today ? 'expired' : a.expiresOn <= addDaysToDay(today, EXPIRING_DAYS) ? 'expiring' : 'active';
export const acceptanceStatusLabels: Record<AcceptanceStatus, string> = { active: 'Active', expiring: 'Expiring soon', expired: 'Expired', superseded: 'Superseded (reassessed)' };

/** Months an acceptance may last, by residual band id; 0 refuses acceptance of that band. */
export const DEFAULT_ACCEPTANCE_MONTHS: Record<string, number> = { critical: 0, high: 12, medium: 24, low: 36 };
export const acceptanceMonthsOf = (policy: ReviewPolicy, bandId: string): number => policy.acceptanceMonths[bandId] ?? DEFAULT_ACCEPTANCE_MONTHS[bandId] ?? 12;
/** The latest expiry the policy allows for an acceptance given on `today`, or null when the band cannot be accepted. */
export const latestExpiry = (policy: ReviewPolicy, bandId: string, today: string): string | null => {
  const months = acceptanceMonthsOf(policy, bandId);
  return months === 0 ? null : addMonthsToDay(today, months);
};


export const acceptanceInputSchema = z
  .object({
    category: z.enum(riskCategories),
    justification: z.string().trim().min(10, 'an acceptance needs a justification of at least 10 characters (why the residual risk is tolerable)').max(5000, 'the justification is at most 5000 characters'),
    expiresOn: day,
  })
  .strict();
export type AcceptanceInput = z.infer<typeof acceptanceInputSchema>;

const title = z.string().trim().min(3, 'say what the action is (at least 3 characters)').max(300, 'the action is at most 300 characters');

export const actionCreateSchema = z
  .object({ ref: z.string().min(1), category: z.enum(riskCategories), title, owner: personNameSchema, dueDate: day.nullable() })
  .strict();

export const actionUpdateSchema = z
  .object({
    id: z.number().int().positive(),
    expectedUpdatedAt: z.string(),
    title,
    owner: personNameSchema,
    dueDate: day.nullable(),
    status: z.enum(actionStatuses),
    /** Required to finish (done or cancelled): what was done, or why it was dropped. */
    note: z.string().trim().max(5000, 'the note is at most 5000 characters').optional(),
    evidence: z.array(stagedFileId).max(20, 'at most 20 evidence files').optional(),
  })
  .strict();

export const actionFilterSchema = z
  .object({ ref: z.string().min(1).optional(), owner: z.string().trim().max(200).optional(), open: z.boolean().optional() })
  .strict();

/** Past its due date and not finished, on `today`. */
export const isActionOverdue = (a: Pick<TreatmentAction, 'dueDate' | 'status'>, today: string): boolean => !isFinished(a.status) && a.dueDate !== null && a.dueDate < today;
