import { getModel } from '../../db/queries/models';
import type { JobState, JobTask, ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { WorkerTask } from '../services/jobs/tasks';
import { actorOf, ASSESSORS, requireRole, type HandlerContext } from './context';
import { mappingsOf, rulesOf } from './monitoring';

/** Turns what the renderer asked for into a worker task: roles checked and settings read here. */
const workerTaskOf = (ctx: HandlerContext, task: JobTask): WorkerTask => {
  const staged = ctx.staging.complete(task.fileId);
  const common = {
    path: staged.path,
    fileName: staged.fileName,
    format: task.format,
    mapping: task.mapping,
    savedMappings: mappingsOf(ctx),
    now: ctx.now(),
    rules: rulesOf(ctx),
  };
  if (task.kind === 'monitoring.preview') return { kind: task.kind, file: { ...common, ref: null, actor: actorOf(ctx) } };
  const actor = requireRole(ctx, ASSESSORS, 'import monitoring exports').name;
  const model = getModel(ctx.db, task.ref);
  if (!model) throw new AppError('not_found', `No model with reference ${task.ref}`);
  if (model.status === 'retired') throw new AppError('conflict', `${task.ref} is retired; monitoring is no longer imported for it`);
  return { kind: task.kind, file: { ...common, ref: task.ref, actor } };
};

export const jobHandlers = {
  'files.begin': (ctx: HandlerContext, input: ParsedInputOf<'files.begin'>) => ctx.staging.begin(input.fileName, input.bytes),
  'files.append': (ctx: HandlerContext, input: ParsedInputOf<'files.append'>) => ctx.staging.append(input.id, input.offset, input.data),
  'files.discard': (ctx: HandlerContext, input: ParsedInputOf<'files.discard'>) => ctx.staging.discard(input.id),
  'jobs.start': (ctx: HandlerContext, input: ParsedInputOf<'jobs.start'>): JobState => ctx.jobs.start(workerTaskOf(ctx, input.task)),
  'jobs.get': (ctx: HandlerContext, input: ParsedInputOf<'jobs.get'>): JobState => ctx.jobs.get(input.id),
  'jobs.cancel': (ctx: HandlerContext, input: ParsedInputOf<'jobs.cancel'>): JobState => ctx.jobs.cancel(input.id),
};
