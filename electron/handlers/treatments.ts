import { appendAudit } from '../../db/audit';
import { inTransaction } from '../../db/client';
import { getModel } from '../../db/queries/models';
import { getAction, insertAction, listAcceptances, listActions, updateAction } from '../../db/queries/treatments';
import { categoryLabels } from '../../shared/assessment';
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { EvidenceFile } from '../../shared/monitoring';
import { dayOf } from '../../shared/schedule';
import { actionMoves, actionStatusLabels, isFinished, type TreatmentAction } from '../../shared/treatments';
import { ASSESSORS, directoryName, invalidField as invalid, requireRole, stampAfter, type HandlerContext } from './context';
import { evidenceOf } from './findings';

const today = (ctx: HandlerContext): string => dayOf(ctx.now().toISOString());

const mustModel = async (ctx: HandlerContext, ref: string) => {
  const m = await getModel(ctx.db, ref);
  if (!m) throw new AppError('not_found', `No model ${ref}`);
  return m;
};
const mustAction = async (ctx: HandlerContext, id: number): Promise<TreatmentAction> => {
  const a = await getAction(ctx.db, id);
  if (!a) throw new AppError('not_found', `No treatment action ${id}`);
  return a;
};

/** The assessment a new action is planned in: the model's work in progress if any, else its current one. */
const planningAssessment = async (ctx: HandlerContext, modelId: number, currentId: number | null): Promise<{ id: number; version: number; status: string; risks: { category: string; treatment: string | null }[] } | undefined> => {
  const open = await ctx.db.q.get<{ id: number; version: number; status: string; risks: unknown }>("select id, version, status, risks from assessments where model_id = ? and status in ('draft', 'submitted', 'rejected') order by version desc limit 1", [modelId]);
  const row = open ?? (currentId === null ? undefined : await ctx.db.q.get<{ id: number; version: number; status: string; risks: unknown }>('select id, version, status, risks from assessments where id = ?', [currentId]));
  if (!row) return undefined;
  return { ...row, risks: (typeof row.risks === 'string' ? JSON.parse(row.risks) : row.risks) as { category: string; treatment: string | null }[] };
};

export const treatmentHandlers = {
  'actions.list': async (ctx: HandlerContext, input: ParsedInputOf<'actions.list'>) =>
    await listActions(ctx.db, { modelId: input.ref ? (await mustModel(ctx, input.ref)).id : undefined, owner: input.owner, open: input.open }),

  /** A new action for a risk treated by mitigate in the model's assessment in progress (or its current one). */
  'actions.create': async (ctx: HandlerContext, input: ParsedInputOf<'actions.create'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, ASSESSORS, 'plan a treatment action');
      const m = await mustModel(ctx, input.ref);
      const a = await planningAssessment(ctx, m.id, (await ctx.db.q.value<number | null>('select current_assessment_id from models where id = ?', [m.id])) ?? null);
      if (!a) throw new AppError('conflict', `${m.ref} has no assessment yet: actions carry out a risk treated by mitigate, so start an assessment first`);
      const risk = a.risks.find((r) => r.category === input.category);
      if (risk?.treatment !== 'mitigate') throw invalid('category', `${categoryLabels[input.category]} is ${risk?.treatment ? `treated by ${risk.treatment}` : 'not treated yet'} in ${m.ref} v${a.version}: actions belong to a risk treated by mitigate (save the treatment first)`);
      const owner = await directoryName(ctx, input.owner, 'owner');
      const now = ctx.now();
      const id = await insertAction(ctx.db, { modelId: m.id, assessmentId: a.id, category: input.category, title: input.title, owner, dueDate: input.dueDate }, now.toISOString());
      const after = await mustAction(ctx, id);
      await appendAudit(ctx.db, { actor, action: 'create', entity: 'action', entityId: String(id), before: null, after, at: now });
      return after;
    }),

  /** Progress on an action, also after its assessment is approved; done or cancelled needs a note and is final. */
  'actions.update': async (ctx: HandlerContext, input: ParsedInputOf<'actions.update'>) => {
    const actor = await requireRole(ctx, ASSESSORS, 'update a treatment action');
    const first = await mustAction(ctx, input.id);
    const check = (a: TreatmentAction): void => {
      if (a.updatedAt !== input.expectedUpdatedAt) throw new AppError('conflict', `Action ${a.id} was changed at ${a.updatedAt.slice(0, 16).replace('T', ' ')} since you read it; read it again`);
      if (isFinished(a.status)) throw new AppError('conflict', `Action ${a.id} is ${actionStatusLabels[a.status].toLowerCase()} and no longer changes; plan a new action if more is needed`);
      if (input.status !== a.status && !actionMoves[a.status].includes(input.status)) throw invalid('status', `action ${a.id} cannot go from ${actionStatusLabels[a.status]} to ${actionStatusLabels[input.status]}`);
    };
    check(first);
    const finishing = isFinished(input.status);
    if (finishing && (input.note ?? '').trim().length < 10) throw invalid('note', input.status === 'done' ? 'finishing an action needs a note of at least 10 characters (what was done, and how it was checked)' : 'cancelling an action needs a note of at least 10 characters (why it is no longer needed)');
    if (!finishing && input.evidence?.length) throw invalid('evidence', 'evidence files are attached when an action is finished');
    const evidence: EvidenceFile[] = [];
    for (const id of input.evidence ?? []) evidence.push(await evidenceOf(ctx, id));
    return await inTransaction(ctx.db, async () => {
      const before = await mustAction(ctx, input.id);
      check(before);
      const owner = await directoryName(ctx, input.owner, 'owner');
      const now = ctx.now();
      const at = stampAfter(ctx, before.updatedAt);
      await updateAction(ctx.db, before.id, { title: input.title, owner, dueDate: input.dueDate, status: input.status, note: finishing ? input.note!.trim() : (input.note ?? before.note).trim(), evidence, finishedAt: finishing ? at : null, finishedBy: finishing ? actor.name : null }, at);
      const after = await mustAction(ctx, before.id);
      await appendAudit(ctx.db, { actor, action: 'update', entity: 'action', entityId: String(before.id), before, after, at: now });
      return after;
    });
  },

  'acceptances.list': async (ctx: HandlerContext, input: ParsedInputOf<'acceptances.list'>) => {
    const rows = await listAcceptances(ctx.db, { modelId: input.ref ? (await mustModel(ctx, input.ref)).id : undefined }, today(ctx));
    return input.status ? rows.filter((r) => r.status === input.status) : rows;
  },
};
