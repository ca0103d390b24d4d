import { appendAudit } from '../../db/audit';
import { inTransaction } from '../../db/client';
import { allAssessments } from '../../db/queries/assessments';
import { countModels, insertModels, listModelRefsAndIds } from '../../db/queries/models';
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { assessmentsCsv, inventoryCsv, readInventoryCsv } from '../services/register';
import { ASSESSORS, requireRole, type HandlerContext } from './context';

const stamp = (d: Date): string => d.toISOString().slice(0, 10);
const existingRefs = async (ctx: HandlerContext): Promise<Set<string>> => new Set((await listModelRefsAndIds(ctx.db)).map(([ref]) => ref));

export const registerHandlers = {
  'register.exportInventory': async (ctx: HandlerContext) => ({
    filename: `model-inventory-${stamp(ctx.now())}.csv`,
    csv: await inventoryCsv(ctx.db),
    rows: await countModels(ctx.db),
  }),

  'register.exportAssessments': async (ctx: HandlerContext) => {
    const all = await allAssessments(ctx.db);
    return { filename: `model-assessments-${stamp(ctx.now())}.csv`, csv: assessmentsCsv(all), rows: all.length * 4 };
  },

  'register.previewImport': async (ctx: HandlerContext, input: ParsedInputOf<'register.previewImport'>) => {
    const p = readInventoryCsv(input.csv, await existingRefs(ctx));
    return {
      rows: p.rows,
      valid: p.models.length,
      errors: p.errors,
      sample: p.models.slice(0, 20).map((m) => ({ ref: m.ref, name: m.name, status: m.status, businessUnit: m.businessUnit })),
    };
  },

  /** All or nothing: one invalid row and nothing is written. */
  'register.importInventory': async (ctx: HandlerContext, input: ParsedInputOf<'register.importInventory'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, ASSESSORS, 'import models');
      const p = readInventoryCsv(input.csv, await existingRefs(ctx));
      if (p.errors.length > 0) {
        const first = p.errors[0]!;
        throw new AppError('invalid_input', `Line ${first.line}: ${first.message}${p.errors.length > 1 ? ` (and ${p.errors.length - 1} more rows with errors)` : ''}; nothing was imported`, {
          issues: p.errors.map((e) => ({ path: `line ${e.line}`, message: e.message })),
        });
      }
      const at = ctx.now();
      await insertModels(ctx.db, p.models.map((m) => ({ ...m, createdAt: at.toISOString(), updatedAt: at.toISOString(), retiredAt: null, retirementReason: '' })));
      await appendAudit(ctx.db, { actor, action: 'import', entity: 'inventory', entityId: 'csv', after: { created: p.models.map((m) => m.ref) }, at });
      return { created: p.models.length };
    }),
};
