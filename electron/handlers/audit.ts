import { listAudit, verifyAudit } from '../../db/audit';
import type { ParsedInputOf } from '../../shared/contract';
import type { HandlerContext } from './context';

export const auditHandlers = {
  'audit.list': (ctx: HandlerContext, input: ParsedInputOf<'audit.list'>) => listAudit(ctx.db, input),
  'audit.verify': (ctx: HandlerContext) => verifyAudit(ctx.db),
};
