/**
 * The findings register: monitoring findings (raised by the rules on an import) and findings
 * entered by hand (a validation issue, a limitation, an incident), each owned by a person, due
 * by a date, remediated along open → in remediation → closed. Closing needs a justification and
 * may attach evidence files, kept as name, size and SHA-256.
 */
import { z } from 'zod';
import { riskCategories } from './assessment';
import { personNameSchema } from './people';
import type { Finding, Remediation } from './monitoring';

export const manualFindingKinds = ['validation', 'limitation', 'incident'] as const;
export const findingKindLabels: Record<Finding['kind'], string> = { monitoring: 'Monitoring', validation: 'Validation issue', limitation: 'Limitation', incident: 'Incident' };
export const remediationLabels: Record<Remediation, string> = { open: 'Open', in_remediation: 'In remediation', closed: 'Closed' };
/** A closed finding stays closed: record a new one if the problem comes back. */
export const remediationMoves: Record<Remediation, readonly Remediation[]> = { open: ['in_remediation', 'closed'], in_remediation: ['open', 'closed'], closed: [] };
/** What a finding entered by hand suggests as the probability of its risk (as the rules do for monitoring findings). */
export const severityProbability = { low: 2, medium: 3, high: 4 } as const;

/** A calendar day (YYYY-MM-DD) that exists. */
export const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'the date is a day such as 2027-03-31').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a day of the calendar');
const text = (max: number, what: string) => z.string().trim().max(max, `${what} is at most ${max} characters`);

/** What a person may edit on any finding: its severity, description, owner, due date and action plan. */
export const findingFieldsSchema = z
  .object({
    severity: z.enum(['low', 'medium', 'high']),
    description: text(5000, 'the description'),
    owner: personNameSchema,
    dueDate: daySchema.nullable(),
    actionPlan: text(5000, 'the action plan'),
  })
  .strict();

export const findingCreateSchema = findingFieldsSchema
  .extend({
    ref: z.string().min(1),
    kind: z.enum(manualFindingKinds),
    category: z.enum(riskCategories),
    title: z.string().trim().min(3, 'the title needs at least 3 characters').max(200, 'the title is at most 200 characters'),
  })
  .strict();

export const stagedFileId = z.string().regex(/^[a-f0-9]{32}$/, 'not a staged file id');

export const findingRemediationSchema = z
  .object({
    id: z.number().int().positive(),
    expectedUpdatedAt: z.string(),
    remediation: z.enum(['open', 'in_remediation', 'closed']),
    justification: text(5000, 'the justification').optional(),
    evidence: z.array(stagedFileId).max(20, 'at most 20 evidence files').optional(),
  })
  .strict();

export const findingFilterSchema = z
  .object({
    ref: z.string().min(1).optional(),
    status: z.enum(['open', 'acknowledged', 'linked']).optional(),
    remediation: z.enum(['open', 'in_remediation', 'closed']).optional(),
    kind: z.enum(['monitoring', 'validation', 'limitation', 'incident']).optional(),
    owner: z.string().trim().max(200).optional(),
    overdue: z.boolean().optional(),
  })
  .strict();
export type FindingFilter = z.infer<typeof findingFilterSchema>;

/** Past its due date and not closed, on `today` (YYYY-MM-DD). */
export const isOverdue = (f: Pick<Finding, 'dueDate' | 'remediation'>, today: string): boolean => f.remediation !== 'closed' && f.dueDate !== null && f.dueDate < today;

/** The justification closing needs (at least a sentence's worth). */
export const closureProblem = (justification: string | undefined): string | null =>
  (justification ?? '').trim().length < 10 ? 'closing a finding needs a justification of at least 10 characters (what was done, and how it was checked)' : null;
