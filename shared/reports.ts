import { z } from 'zod';
import { lifecycleStatuses, modelRefSchema } from './model';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date');

export const reportScopeSchema = z
  .object({
    businessUnit: z.string().trim().min(1).max(200).optional(),
    status: z.enum(lifecycleStatuses).optional(),
    tag: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

/** What a report is asked for: portfolio (scoped) or one model, as the data stood at the end of `asOf`. */
export const reportRequestSchema = z
  .object({
    kind: z.enum(['portfolio', 'model']),
    ref: modelRefSchema.optional(),
    asOf: day,
    /** Start of the audit-trail extract; a year before the as-of date when left out. */
    from: day.optional(),
    scope: reportScopeSchema.default({}),
  })
  .strict()
  .refine((r) => (r.kind === 'model') === (r.ref !== undefined), { message: 'a model report names one model (ref); a portfolio report does not', path: ['ref'] });

export type ReportRequest = z.output<typeof reportRequestSchema> & { from?: string | undefined };

export type ReportRegisterRow = {
  id: number;
  kind: 'portfolio' | 'model';
  scope: Record<string, string>;
  asOf: string;
  generatedBy: string;
  generatedAt: string;
  sha256: string;
  bytes: number;
  pages: number;
  models: number;
  fileName: string;
};

/** Scope as words: "Retail · production · tag pd" or "all models". */
export const describeScope = (r: { kind: string; ref?: string | undefined; scope: Record<string, string | undefined> }): string =>
  r.kind === 'model'
    ? `model ${r.ref ?? ''}`
    : [r.scope.businessUnit, r.scope.status, r.scope.tag ? `tag ${r.scope.tag}` : undefined].filter(Boolean).join(' · ') || 'all models';

export const reportFileName = (r: { kind: string; ref?: string | undefined; asOf: string }): string => `model-risk-${r.kind === 'model' ? r.ref : 'portfolio'}-${r.asOf}.pdf`;
