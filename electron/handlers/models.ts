import { appendAudit } from '../../db/audit';
import { inTransaction } from '../../db/client';
import { getModel, insertModel, listModelRows, listModels, nextModelRef, ratingsByRef, updateModel } from '../../db/queries/models';
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Model } from '../../shared/model';
import { detectTriggers, recordTrigger } from '../services/triggers';
import { ASSESSORS, requireRole, type HandlerContext } from './context';

const mustGet = async (ctx: HandlerContext, ref: string): Promise<Model> => {
  const m = await getModel(ctx.db, ref);
  if (!m) throw new AppError('not_found', `No model with reference ${ref}`, { ref });
  return m;
};

export const modelHandlers = {
  'models.list': async (ctx: HandlerContext, input: ParsedInputOf<'models.list'>) =>
    await listModelRows(ctx.db, { includeRetired: input.includeRetired ?? true }),

  'models.all': async (ctx: HandlerContext) => {
    const ratings = await ratingsByRef(ctx.db);
    return (await listModels(ctx.db)).map((m) => ({ ...m, rating: ratings.get(m.ref) ?? null }));
  },

  'models.get': async (ctx: HandlerContext, input: ParsedInputOf<'models.get'>) => await mustGet(ctx, input.ref),

  'models.nextRef': async (ctx: HandlerContext) => ({ ref: await nextModelRef(ctx.db) }),

  'models.create': async (ctx: HandlerContext, input: ParsedInputOf<'models.create'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, ASSESSORS, 'register models');
      if (await getModel(ctx.db, input.ref)) {
        throw new AppError('conflict', `Reference ${input.ref} is already used by another model`, {
          issues: [{ path: 'ref', message: `${input.ref} is already used` }],
        });
      }
      const now = ctx.now();
      const model = await insertModel(ctx.db, input, now.toISOString());
      await appendAudit(ctx.db, { actor, action: 'create', entity: 'model', entityId: model.ref, after: model, at: now });
      return model;
    }),

  'models.update': async (ctx: HandlerContext, input: ParsedInputOf<'models.update'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, ASSESSORS, 'edit models');
      const before = await mustGet(ctx, input.ref);
      if (input.fields.ref !== input.ref) {
        throw new AppError('invalid_input', `Invalid model: fields.ref: a model's reference cannot change (${input.ref})`, {
          issues: [{ path: 'fields.ref', message: 'the reference cannot change' }],
        });
      }
      if (before.status === 'retired') throw new AppError('conflict', `${input.ref} is retired and can no longer be edited`);
      if (before.updatedAt !== input.expectedUpdatedAt) {
        throw new AppError('conflict', `${input.ref} was changed by someone else since you opened it; reload and try again`, {
          updatedAt: before.updatedAt,
        });
      }
      const now = ctx.now();
      const after = await updateModel(ctx.db, input.ref, { ...input.fields, updatedAt: laterThan(now, before.updatedAt) });
      const triggers = detectTriggers(before, after);
      for (const t of triggers) await recordTrigger(ctx.db, after.id, t, now);
      await appendAudit(ctx.db, { actor, action: 'update', entity: 'model', entityId: input.ref, before, after: triggers.length ? { ...after, reviewTriggers: triggers } : after, at: now });
      return after;
    }),

  'models.retire': async (ctx: HandlerContext, input: ParsedInputOf<'models.retire'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, ASSESSORS, 'retire models');
      const before = await mustGet(ctx, input.ref);
      if (before.status === 'retired') throw new AppError('conflict', `${input.ref} is already retired`);
      const now = ctx.now();
      const at = laterThan(now, before.updatedAt);
      const after = await updateModel(ctx.db, input.ref, { status: 'retired', retiredAt: at, updatedAt: at, retirementReason: input.reason });
      await appendAudit(ctx.db, { actor, action: 'retire', entity: 'model', entityId: input.ref, before, after, at: now });
      return after;
    }),
};

/** updatedAt is the optimistic-lock stamp, so two saves in one millisecond must still differ. */
const laterThan = (now: Date, previous: string): string => {
  const prev = Date.parse(previous);
  return new Date(Math.max(now.getTime(), prev + 1)).toISOString();
};
