import { appendAudit } from '../../db/audit';
import { inTransaction } from '../../db/client';
import { currentMatrix, insertMatrix, matrixVersions } from '../../db/queries/settings';
import { canonicalJson } from '../../shared/canonical';
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { definitionOf } from '../../shared/matrix';
import { APPROVERS, requireRole, type HandlerContext } from './context';

export const matrixHandlers = {
  'matrix.current': async (ctx: HandlerContext) => await currentMatrix(ctx.db),
  'matrix.versions': async (ctx: HandlerContext) => await matrixVersions(ctx.db),

  /**
   * Saving never edits a matrix: it adds the next version. Assessments keep the version (and the
   * bands) they were scored on; new assessments use the new one.
   */
  'matrix.save': async (ctx: HandlerContext, input: ParsedInputOf<'matrix.save'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, APPROVERS, 'change the risk matrix');
      const before = await currentMatrix(ctx.db);
      if (canonicalJson(definitionOf(before)) === canonicalJson(definitionOf(input.definition))) {
        throw new AppError('conflict', `The matrix is unchanged from version ${before.version}; nothing to save`);
      }
      const now = ctx.now();
      const after = await insertMatrix(ctx.db, { ...input.definition, version: before.version + 1, createdAt: now.toISOString() });
      await appendAudit(ctx.db, { actor, action: 'settings', entity: 'matrix', entityId: `v${after.version}`, before, after, at: now });
      return after;
    }),
};
