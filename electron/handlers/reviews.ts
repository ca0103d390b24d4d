import { appendAudit } from '../../db/audit';
import { inTransaction } from '../../db/client';
import { getModel } from '../../db/queries/models';
import { overdueFindings } from '../../db/queries/monitoring';
import { expiredAcceptances } from '../../db/queries/treatments';
import { openTriggers, reviewInputs, triggersOf, upsertPlan } from '../../db/queries/reviews';
import { getSetting } from '../../db/queries/settings';
import type { ParsedInputOf, ReviewRow } from '../../shared/contract';
import { toCsv } from '../../shared/csv';
import { AppError } from '../../shared/errors';
import { addDaysToDay, dayOf, defaultPolicy, reviewPolicySchema, scheduleOf, type ReviewPolicy } from '../../shared/schedule';
import { reviewsIcs } from '../services/ics';
import { APPROVERS, directoryName, requireRole, saveAuditedSetting, type HandlerContext } from './context';

export { POLICY_KEY } from './context';
import { POLICY_KEY } from './context';

/**
 * On a team database a reviewer is a person of the directory, named as the directory names them
 * ("dana validator" is Dana Validator, or no one): one person is never two in the workload.
 */
export const policyOf = async (ctx: HandlerContext): Promise<ReviewPolicy> => {
  const stored = reviewPolicySchema.safeParse(await getSetting(ctx.db, POLICY_KEY));
  return stored.success ? stored.data : defaultPolicy();
};

const today = (ctx: HandlerContext): string => dayOf(ctx.now().toISOString());

/**
 * Every model's schedule, computed from the stored approvals, triggers and the current policy;
 * only the model `ref`'s when given (a model's page asks for its own: no need to work out the
 * whole portfolio's).
 */
export const reviewRows = async (ctx: HandlerContext, ref?: string): Promise<(ReviewRow & { cycle: string })[]> => {
  const policy = await policyOf(ctx);
  const day = today(ctx);
  const inputs = await reviewInputs(ctx.db, ref);
  if (ref !== undefined && inputs.length === 0) return [];
  const only = ref === undefined ? undefined : inputs[0]!.modelId;
  const triggers = await openTriggers(ctx.db, only);
  // An overdue finding brings the review forward for as long as it stays open.
  const overdue = await overdueFindings(ctx.db, day, only);
  // So does an expired acceptance, until a reassessment is approved (it then belongs to an older one).
  for (const [m, list] of await expiredAcceptances(ctx.db, day, only)) overdue.set(m, [...(overdue.get(m) ?? []), ...list]);
  return inputs.map((m) => {
    const found = overdue.get(m.modelId);
    const open = found ? [...(triggers.get(m.modelId) ?? []), ...found].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)) : (triggers.get(m.modelId) ?? []);
    const s = scheduleOf({ status: m.status, tier: m.tier, approvedAt: m.approvedAt, residual: m.residual, inherent: m.inherent, triggers: open }, policy, day);
    return {
      ref: m.ref,
      name: m.name,
      businessUnit: m.businessUnit,
      owner: m.owner,
      tier: m.tier,
      modelStatus: m.status,
      band: s.band,
      approvedAt: m.approvedAt ? dayOf(m.approvedAt) : null,
      due: s.due,
      status: s.status,
      reason: s.reason,
      reviewer: m.reviewer,
      plannedDate: m.plannedDate,
      openTriggers: open.length,
      cycle: m.approvedAt ? `after-${dayOf(m.approvedAt)}` : 'initial',
    };
  });
};

const strip = ({ cycle: _c, ...r }: ReviewRow & { cycle: string }): ReviewRow => r;

export const reviewHandlers = {
  'reviews.policy': async (ctx: HandlerContext) => await policyOf(ctx),

  /** Due dates are computed, never stored, so a new policy applies to every model at once. */
  'reviews.savePolicy': async (ctx: HandlerContext, input: ParsedInputOf<'reviews.savePolicy'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, APPROVERS, 'change the review policy');
      return await saveAuditedSetting(ctx, actor, POLICY_KEY, await policyOf(ctx), input.policy);
    }),

  'reviews.list': async (ctx: HandlerContext, input: ParsedInputOf<'reviews.list'>) => {
    const rows = (await reviewRows(ctx)).map(strip);
    if (input.withinDays === undefined) return rows;
    const until = addDaysToDay(today(ctx), input.withinDays);
    return rows.filter((r) => r.due !== null && r.due <= until);
  },

  'reviews.assign': async (ctx: HandlerContext, input: ParsedInputOf<'reviews.assign'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, APPROVERS, 'plan reviews');
      const model = await getModel(ctx.db, input.ref);
      if (!model) throw new AppError('not_found', `No model with reference ${input.ref}`);
      if (model.status === 'retired') throw new AppError('conflict', `${input.ref} is retired; it is not reviewed any more`);
      const before = (await reviewRows(ctx, input.ref))[0]!;
      const now = ctx.now();
      const reviewer = await directoryName(ctx, input.reviewer, 'reviewer');
      await upsertPlan(ctx.db, { modelId: model.id, reviewer, plannedDate: input.plannedDate, updatedAt: now.toISOString() });
      await appendAudit(ctx.db, {
        actor,
        action: 'update',
        entity: 'review_plan',
        entityId: input.ref,
        before: { reviewer: before.reviewer, plannedDate: before.plannedDate },
        after: { reviewer, plannedDate: input.plannedDate },
        at: now,
      });
      return strip((await reviewRows(ctx, input.ref))[0]!);
    }),

  'reviews.get': async (ctx: HandlerContext, input: ParsedInputOf<'reviews.get'>) => {
    const r = (await reviewRows(ctx, input.ref))[0];
    if (!r) throw new AppError('not_found', `No model with reference ${input.ref}`);
    return strip(r);
  },

  'reviews.triggers': async (ctx: HandlerContext, input: ParsedInputOf<'reviews.triggers'>) => {
    const model = await getModel(ctx.db, input.ref);
    if (!model) throw new AppError('not_found', `No model with reference ${input.ref}`);
    const open = new Set(((await openTriggers(ctx.db, model.id)).get(model.id) ?? []).map((t) => t.at + t.reason));
    return (await triggersOf(ctx.db, model.id)).map((t) => ({ kind: t.kind, reason: t.reason, date: t.date, open: open.has(t.at + t.reason) }));
  },

  'reviews.exportIcs': async (ctx: HandlerContext) => {
    const rows = (await reviewRows(ctx)).filter((r) => r.plannedDate ?? r.due);
    const ics = reviewsIcs(
      rows.map((r) => ({ ref: r.ref, name: r.name, cycle: r.cycle, date: (r.plannedDate ?? r.due)!, band: r.band?.name ?? null, reviewer: r.reviewer, planned: r.plannedDate !== null, reason: r.reason })),
      ctx.now(),
    );
    return { filename: `model-reviews-${today(ctx)}.ics`, ics, events: rows.length };
  },

  'reviews.exportCsv': async (ctx: HandlerContext) => {
    const rows = await reviewRows(ctx);
    return {
      filename: `model-reviews-${today(ctx)}.csv`,
      rows: rows.length,
      csv: toCsv(
        ['ref', 'name', 'business_unit', 'owner', 'tier', 'band', 'approved_on', 'due', 'status', 'reason', 'reviewer', 'planned_date', 'open_triggers'],
        rows.map((r) => [r.ref, r.name, r.businessUnit, r.owner, r.tier, r.band?.name ?? '', r.approvedAt, r.due, r.status, r.reason, r.reviewer, r.plannedDate, r.openTriggers]),
      ),
    };
  },
};
