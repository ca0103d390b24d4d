import { appendAudit } from '../../db/audit';
import { inTransaction } from '../../db/client';
import { getModel } from '../../db/queries/models';
import { getFinding, listImports, seriesOf, setFindingStatus } from '../../db/queries/monitoring';
import { getSetting } from '../../db/queries/settings';
import type { JobState, ParsedInputOf, WatchLogRow } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { DEFAULT_STALE_DAYS, defaultRules, type ColumnMapping, type Rule } from '../../shared/monitoring';
import { MAPPINGS_KEY, rememberMapping } from '../services/monitoring/mappings';
import { ingestExport, previewExport } from '../services/monitoring/ingest';
import { WATCH_FOLDER_KEY, watchFolderProblem } from '../services/monitoring/watch';
import { dirname } from 'node:path';
import { APPROVERS, ASSESSORS, requireRole, saveAuditedSetting, systemActor, type HandlerContext } from './context';
import { SYSTEM_ACTORS } from '../../shared/people';

export const RULES_KEY = 'monitoring.rules';
export const rulesOf = async (ctx: HandlerContext): Promise<Rule[]> => (await getSetting<Rule[]>(ctx.db, RULES_KEY)) ?? defaultRules();
export const STALE_KEY = 'monitoring.staleDays';
/** Data whose latest value is older than this many days imports as history, without findings. */
export const staleDaysOf = async (ctx: HandlerContext): Promise<number> => (await getSetting<number>(ctx.db, STALE_KEY)) ?? DEFAULT_STALE_DAYS;
export const mappingsOf = async (ctx: HandlerContext): Promise<Record<string, ColumnMapping>> => (await getSetting<Record<string, ColumnMapping>>(ctx.db, MAPPINGS_KEY)) ?? {};

const watchState = async (ctx: HandlerContext): Promise<{ folder: string | null; log: WatchLogRow[] }> => ({
  folder: (await getSetting<string | null>(ctx.db, WATCH_FOLDER_KEY)) ?? null,
  log: await ctx.db.q.all<WatchLogRow>('select id, at, file_name as "fileName", model_ref as "modelRef", status, message from watch_log order by id desc limit 50'),
});

/** One pass of the watched folder, if one is set, in a worker; the hosts call it on a timer. */
export const scanConfiguredFolder = async (ctx: HandlerContext): Promise<JobState | null> => {
  const folder = await getSetting<string | null>(ctx.db, WATCH_FOLDER_KEY);
  // A folder set before folders were checked (the home folder, say) is not scanned.
  if (!folder || watchFolderProblem(folder, dirname(ctx.dbPath)) !== null || ctx.jobs.running('watch.scan')) return null;
  return ctx.jobs.start({ kind: 'watch.scan', folder, actor: systemActor(ctx, SYSTEM_ACTORS.watcher), now: ctx.now(), rules: await rulesOf(ctx), staleDays: await staleDaysOf(ctx), savedMappings: await mappingsOf(ctx) });
};

const modelId = async (ctx: HandlerContext, ref: string): Promise<number> => {
  const m = await getModel(ctx.db, ref);
  if (!m) throw new AppError('not_found', `No model with reference ${ref}`);
  return m.id;
};

export const monitoringHandlers = {
  'monitoring.preview': async (ctx: HandlerContext, input: ParsedInputOf<'monitoring.preview'>) => {
    const { points: _p, ...preview } = previewExport(input.fileName, Buffer.from(input.content, 'utf8'), await rulesOf(ctx), ctx.now(), input.format, input.mapping, await mappingsOf(ctx), await staleDaysOf(ctx));
    return preview;
  },

  'monitoring.ingest': async (ctx: HandlerContext, input: ParsedInputOf<'monitoring.ingest'>) => {
    const actor = await requireRole(ctx, ASSESSORS, 'import monitoring exports');
    return await inTransaction(ctx.db, async () => {
      const saved = await mappingsOf(ctx);
      const { ref: _ref, ...result } = await ingestExport(ctx.db, {
        ref: input.ref,
        fileName: input.fileName,
        content: Buffer.from(input.content, 'utf8'),
        ...(input.format ? { format: input.format } : {}),
        ...(input.mapping ? { mapping: input.mapping } : {}),
        savedMappings: saved,
        actor,
        now: ctx.now(),
        rules: await rulesOf(ctx),
        staleDays: await staleDaysOf(ctx),
      });
      await rememberMapping(ctx.db, actor, ctx.now(), result.columns, result.mapping);
      return result;
    });
  },

  'monitoring.imports': async (ctx: HandlerContext, input: ParsedInputOf<'monitoring.imports'>) => await listImports(ctx.db, await modelId(ctx, input.ref)),
  'monitoring.series': async (ctx: HandlerContext, input: ParsedInputOf<'monitoring.series'>) => await seriesOf(ctx.db, await modelId(ctx, input.ref)),
  'monitoring.rules': async (ctx: HandlerContext) => await rulesOf(ctx),
  'monitoring.staleDays': async (ctx: HandlerContext) => await staleDaysOf(ctx),
  'monitoring.saveStaleDays': async (ctx: HandlerContext, input: ParsedInputOf<'monitoring.saveStaleDays'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, APPROVERS, 'change the age after which monitoring data is stale');
      return await saveAuditedSetting(ctx, actor, STALE_KEY, await staleDaysOf(ctx), input.days);
    }),

  /** New rules apply to the next imports; findings already made keep the rule they came from. */
  'monitoring.saveRules': async (ctx: HandlerContext, input: ParsedInputOf<'monitoring.saveRules'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, APPROVERS, 'change the monitoring rules');
      return await saveAuditedSetting(ctx, actor, RULES_KEY, await rulesOf(ctx), input.rules);
    }),

  'monitoring.watchFolder': async (ctx: HandlerContext) => await watchState(ctx),

  'monitoring.setWatchFolder': async (ctx: HandlerContext, input: ParsedInputOf<'monitoring.setWatchFolder'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, ASSESSORS, 'set the watched folder');
      const problem = input.folder === null ? null : watchFolderProblem(input.folder, dirname(ctx.dbPath));
      if (problem) throw new AppError('invalid_input', `Invalid input for monitoring.setWatchFolder: folder: ${problem}`, { issues: [{ path: 'folder', message: problem }] });
      await saveAuditedSetting(ctx, actor, WATCH_FOLDER_KEY, (await getSetting<string>(ctx.db, WATCH_FOLDER_KEY)) ?? null, input.folder);
      return await watchState(ctx);
    }),

  'findings.setStatus': async (ctx: HandlerContext, input: ParsedInputOf<'findings.setStatus'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, ASSESSORS, 'acknowledge findings');
      const before = await getFinding(ctx.db, input.id);
      if (!before) throw new AppError('not_found', `No finding ${input.id}`);
      if (before.status === 'linked') throw new AppError('conflict', `Finding ${input.id} is evidence of an assessment and stays linked`);
      await setFindingStatus(ctx.db, input.id, input.status, null);
      const after = (await getFinding(ctx.db, input.id))!;
      await appendAudit(ctx.db, { actor, action: 'update', entity: 'finding', entityId: String(input.id), before, after, at: ctx.now() });
      return after;
    }),
};
