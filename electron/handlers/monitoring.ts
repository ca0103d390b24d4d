import { appendAudit } from '../../db/audit';
import { inTransaction } from '../../db/client';
import { getModel } from '../../db/queries/models';
import { getFinding, listFindings, listImports, seriesOf, setFindingStatus } from '../../db/queries/monitoring';
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
export const rulesOf = (ctx: HandlerContext): Rule[] => getSetting<Rule[]>(ctx.db, RULES_KEY) ?? defaultRules();
export const STALE_KEY = 'monitoring.staleDays';
/** Data whose latest value is older than this many days imports as history, without findings. */
export const staleDaysOf = (ctx: HandlerContext): number => getSetting<number>(ctx.db, STALE_KEY) ?? DEFAULT_STALE_DAYS;
export const mappingsOf = (ctx: HandlerContext): Record<string, ColumnMapping> => getSetting<Record<string, ColumnMapping>>(ctx.db, MAPPINGS_KEY) ?? {};

const watchState = (ctx: HandlerContext): { folder: string | null; log: WatchLogRow[] } => ({
  folder: getSetting<string | null>(ctx.db, WATCH_FOLDER_KEY) ?? null,
  log: ctx.db.$client.prepare('select id, at, file_name as fileName, model_ref as modelRef, status, message from watch_log order by id desc limit 50').all() as WatchLogRow[],
});

/** One pass of the watched folder, if one is set, in a worker; the hosts call it on a timer. */
export const scanConfiguredFolder = (ctx: HandlerContext): JobState | null => {
  const folder = getSetting<string | null>(ctx.db, WATCH_FOLDER_KEY);
  // A folder set before folders were checked (the home folder, say) is not scanned.
  if (!folder || watchFolderProblem(folder, dirname(ctx.dbPath)) !== null || ctx.jobs.running('watch.scan')) return null;
  return ctx.jobs.start({ kind: 'watch.scan', folder, actor: systemActor(ctx, SYSTEM_ACTORS.watcher), now: ctx.now(), rules: rulesOf(ctx), staleDays: staleDaysOf(ctx), savedMappings: mappingsOf(ctx) });
};

const modelId = (ctx: HandlerContext, ref: string): number => {
  const m = getModel(ctx.db, ref);
  if (!m) throw new AppError('not_found', `No model with reference ${ref}`);
  return m.id;
};

export const monitoringHandlers = {
  'monitoring.preview': (ctx: HandlerContext, input: ParsedInputOf<'monitoring.preview'>) => {
    const { points: _p, ...preview } = previewExport(input.fileName, Buffer.from(input.content, 'utf8'), rulesOf(ctx), ctx.now(), input.format, input.mapping, mappingsOf(ctx), staleDaysOf(ctx));
    return preview;
  },

  'monitoring.ingest': (ctx: HandlerContext, input: ParsedInputOf<'monitoring.ingest'>) => {
    const actor = requireRole(ctx, ASSESSORS, 'import monitoring exports');
    return inTransaction(ctx.db, () => {
      const saved = mappingsOf(ctx);
      const { ref: _ref, ...result } = ingestExport(ctx.db, {
        ref: input.ref,
        fileName: input.fileName,
        content: Buffer.from(input.content, 'utf8'),
        ...(input.format ? { format: input.format } : {}),
        ...(input.mapping ? { mapping: input.mapping } : {}),
        savedMappings: saved,
        actor,
        now: ctx.now(),
        rules: rulesOf(ctx),
        staleDays: staleDaysOf(ctx),
      });
      rememberMapping(ctx.db, actor, ctx.now(), result.columns, result.mapping);
      return result;
    });
  },

  'monitoring.imports': (ctx: HandlerContext, input: ParsedInputOf<'monitoring.imports'>) => listImports(ctx.db, modelId(ctx, input.ref)),
  'monitoring.series': (ctx: HandlerContext, input: ParsedInputOf<'monitoring.series'>) => seriesOf(ctx.db, modelId(ctx, input.ref)),
  'monitoring.rules': (ctx: HandlerContext) => rulesOf(ctx),
  'monitoring.staleDays': (ctx: HandlerContext) => staleDaysOf(ctx),
  'monitoring.saveStaleDays': (ctx: HandlerContext, input: ParsedInputOf<'monitoring.saveStaleDays'>) =>
    inTransaction(ctx.db, () => {
      const actor = requireRole(ctx, APPROVERS, 'change the age after which monitoring data is stale');
      return saveAuditedSetting(ctx, actor, STALE_KEY, staleDaysOf(ctx), input.days);
    }),

  /** New rules apply to the next imports; findings already made keep the rule they came from. */
  'monitoring.saveRules': (ctx: HandlerContext, input: ParsedInputOf<'monitoring.saveRules'>) =>
    inTransaction(ctx.db, () => {
      const actor = requireRole(ctx, APPROVERS, 'change the monitoring rules');
      return saveAuditedSetting(ctx, actor, RULES_KEY, rulesOf(ctx), input.rules);
    }),

  'monitoring.watchFolder': (ctx: HandlerContext) => watchState(ctx),

  'monitoring.setWatchFolder': (ctx: HandlerContext, input: ParsedInputOf<'monitoring.setWatchFolder'>) =>
    inTransaction(ctx.db, () => {
      const actor = requireRole(ctx, ASSESSORS, 'set the watched folder');
      const problem = input.folder === null ? null : watchFolderProblem(input.folder, dirname(ctx.dbPath));
      if (problem) throw new AppError('invalid_input', `Invalid input for monitoring.setWatchFolder: folder: ${problem}`, { issues: [{ path: 'folder', message: problem }] });
      saveAuditedSetting(ctx, actor, WATCH_FOLDER_KEY, getSetting<string>(ctx.db, WATCH_FOLDER_KEY) ?? null, input.folder);
      return watchState(ctx);
    }),

  'findings.list': (ctx: HandlerContext, input: ParsedInputOf<'findings.list'>) =>
    listFindings(ctx.db, { modelId: input.ref ? modelId(ctx, input.ref) : undefined, status: input.status }),

  'findings.setStatus': (ctx: HandlerContext, input: ParsedInputOf<'findings.setStatus'>) =>
    inTransaction(ctx.db, () => {
      const actor = requireRole(ctx, ASSESSORS, 'acknowledge findings');
      const before = getFinding(ctx.db, input.id);
      if (!before) throw new AppError('not_found', `No finding ${input.id}`);
      if (before.status === 'linked') throw new AppError('conflict', `Finding ${input.id} is evidence of an assessment and stays linked`);
      setFindingStatus(ctx.db, input.id, input.status, null);
      const after = getFinding(ctx.db, input.id)!;
      appendAudit(ctx.db, { actor, action: 'update', entity: 'finding', entityId: String(input.id), before, after, at: ctx.now() });
      return after;
    }),
};
