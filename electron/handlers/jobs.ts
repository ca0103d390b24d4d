import { getModel } from '../../db/queries/models';
import { listReports } from '../../db/queries/reports';
import { checkReportHead } from './audit';
import type { JobState, JobTask, ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { StartedTask } from '../services/jobs/tasks';
import { importTarget } from '../services/monitoring/target';
import { actorOf, ASSESSORS, profileOf, requireRole, type HandlerContext } from './context';
import { mappingsOf, rulesOf, staleDaysOf } from './monitoring';

/** Turns what the renderer asked for into a worker task: roles checked and settings read here. */
const workerTaskOf = async (ctx: HandlerContext, task: JobTask): Promise<StartedTask> => {
  if (task.kind === 'report') {
    const author = await profileOf(ctx);
    if (!author) throw new AppError('forbidden', 'Set up your profile before you generate a report');
    if (task.request.ref && !(await getModel(ctx.db, task.request.ref))) throw new AppError('not_found', `No model with reference ${task.request.ref}`);
    return { kind: 'report', request: task.request, author: { name: author.name, id: author.id, os: ctx.osUser, role: author.role }, generatedAt: ctx.now(), fonts: ctx.fonts, workerEntry: ctx.jobs.entry };
  }
  const staged = ctx.staging.complete(task.fileId);
  const common = {
    path: staged.path,
    fileName: staged.fileName,
    format: task.format,
    mapping: task.mapping,
    savedMappings: await mappingsOf(ctx),
    now: ctx.now(),
    rules: await rulesOf(ctx),
    staleDays: await staleDaysOf(ctx),
  };
  if (task.kind === 'monitoring.preview') {
    if (task.ref) await importTarget(ctx.db, task.ref);
    return { kind: task.kind, file: { ...common, ref: task.ref ?? null, actor: await actorOf(ctx) } };
  }
  const actor = await requireRole(ctx, ASSESSORS, 'import monitoring exports');
  await importTarget(ctx.db, task.ref); // refused here, before a worker starts
  return { kind: task.kind, file: { ...common, ref: task.ref, actor } };
};

export const jobHandlers = {
  'files.begin': (ctx: HandlerContext, input: ParsedInputOf<'files.begin'>) => ctx.staging.begin(input.fileName, input.bytes),
  'files.append': (ctx: HandlerContext, input: ParsedInputOf<'files.append'>) => ctx.staging.append(input.id, input.offset, input.data),
  'files.discard': (ctx: HandlerContext, input: ParsedInputOf<'files.discard'>) => ctx.staging.discard(input.id),
  'reports.list': async (ctx: HandlerContext) => await listReports(ctx.db),
  /** Is this file an unaltered registered report (its SHA-256 against the register), and does the chain still extend its head? */
  'reports.verify': async (ctx: HandlerContext, input: ParsedInputOf<'reports.verify'>) => {
    const chain = await checkReportHead(ctx, input.fileId);
    return { sha256: chain.sha256, fileName: chain.fileName, matches: chain.registered, chain };
  },
  'jobs.start': async (ctx: HandlerContext, input: ParsedInputOf<'jobs.start'>): Promise<JobState> => ctx.jobs.start(await workerTaskOf(ctx, input.task)),
  'jobs.get': (ctx: HandlerContext, input: ParsedInputOf<'jobs.get'>): JobState => ctx.jobs.get(input.id),
  'jobs.cancel': (ctx: HandlerContext, input: ParsedInputOf<'jobs.cancel'>): JobState => ctx.jobs.cancel(input.id),
};
