import { createHash } from 'node:crypto';
import { appendAnchor } from '../../../db/anchors';
import { appendAudit } from '../../../db/audit';
import { inTransaction, type Db } from '../../../db/client';
import { countModels } from '../../../db/queries/models';
import { insertReport } from '../../../db/queries/reports';
import { reportFileName, type ReportRegisterRow, type ReportRequest } from '../../../shared/reports';
import { collectReport, type ReportData } from './data';
import { reportParts, reportTitle, type Author } from './document';
import { startJoin, type PartJoin } from './join';
import { POOL_FROM_MODELS, renderParts, renderPoolFor, withRenderPool } from './parts';
import { reportCancelled, type FontDirs } from './render';

/** `keepPool`: the job worker is kept for the next report (set by the job worker, see jobs/worker.ts). */
export type ReportJob = { request: ReportRequest; author: Author; generatedAt: Date; fonts: FontDirs; workerEntry?: string | undefined; keepPool?: boolean };
export type ReportResult = { register: ReportRegisterRow; pdfBase64: string };

type Hooks = { progress?: (done: number, total: number, phase: string) => void; cancelled?: () => boolean };

/**
 * Collects (10 %), lays out, renders and joins (90 %) a report, then registers it (scope, as-of, who,
 * when, SHA-256) with its audit entry in one transaction. Cancelled work registers nothing.
 */
const checkCancelled =
  (hooks: Hooks) =>
  (): void => {
    if (hooks.cancelled?.()) throw reportCancelled();
  };

export const generateReport = async (db: Db, job: ReportJob, hooks: Hooks = {}): Promise<ReportResult> => {
  const cancelled = checkCancelled(hooks);
  // A portfolio that may need the render pool takes the one kept from the last report or starts
  // one now, so that it boots while the data is collected (left unused if the scope turns out small).
  const pool = job.request.kind === 'portfolio' && (await countModels(db)) >= POOL_FROM_MODELS ? renderPoolFor(job.fonts, job.workerEntry) : null;
  return withRenderPool(pool, job.keepPool === true, async () => {
    const data = await collectReport(db, job.request, (done, total) => {
      if (done % 25 === 0) cancelled();
      hooks.progress?.(Math.round((done / Math.max(1, total)) * 100), 1000, 'Reading the data');
    });
    cancelled();
    const parts = reportParts(data);
    // Each part is joined as soon as it and those before it are rendered, while the rest render.
    const join = startJoin({ title: reportTitle(data), author: 'Model Risk Desk', subject: `Model risk report as of ${job.request.asOf}`, pinned: new Date(data.asOfEnd), chainHead: { seq: data.chain.headSeq, hash: data.chain.head } }, job.fonts);
    await renderParts(data, job.fonts, parts, { cancelled: hooks.cancelled ?? (() => false), progress: (f) => hooks.progress?.(100 + Math.round(f * 800), 1000, 'Laying out pages'), part: join.add }, job.workerEntry, pool);
    return finishReport(db, job, hooks, data, join, parts.length);
  });
};

/** What prepareReports needs: the report's fonts and worker script, and today (the as-of it reads). */
export type PrepareReports = { fonts: FontDirs; workerEntry?: string | undefined; asOf: string; keepPool?: boolean };

/**
 * Gets a job worker kept for the next report ready for it (the app's hosts, on opening a
 * portfolio): with a portfolio big enough for the render workers, they are started and lay out
 * its front matter, two parts of model pages and its appendix as of today, thrown away, so that
 * their layout code is compiled (and the portfolio's words measured) before the first report is
 * asked for: that report then takes about a third less time. Nothing is written or registered.
 */
export const prepareReports = async (db: Db, task: PrepareReports): Promise<{ prepared: boolean }> => {
  if (!task.keepPool || (await countModels(db)) < POOL_FROM_MODELS) return { prepared: false };
  const pool = renderPoolFor(task.fonts, task.workerEntry);
  return withRenderPool(pool, true, async () => {
    const data = await collectReport(db, { kind: 'portfolio', asOf: task.asOf, scope: {} });
    const parts = reportParts(data);
    await pool.render(data, [parts[0]!, ...parts.slice(1, 3), parts.at(-1)!], {});
    return { prepared: true };
  });
};

/** Numbers the pages, writes the file and registers it with its audit entry. */
const finishReport = async (db: Db, job: ReportJob, hooks: Hooks, data: ReportData, join: PartJoin, partCount: number): Promise<ReportResult> => {
  const cancelled = checkCancelled(hooks);
  cancelled();
  hooks.progress?.(900, 1000, 'Numbering pages');
  const { pdf, pages } = await join.finish(partCount);
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  cancelled();
  hooks.progress?.(995, 1000, 'Registering');
  const fileName = reportFileName(job.request);
  const { register, entry } = await inTransaction(db, async () => {
    const row = await insertReport(db, {
      kind: job.request.kind,
      scope: { ...(job.request.ref ? { ref: job.request.ref } : {}), ...Object.fromEntries(Object.entries(job.request.scope).filter(([, v]) => v !== undefined)) },
      asOf: job.request.asOf,
      generatedBy: job.author.name,
      generatedAt: job.generatedAt.toISOString(),
      sha256,
      bytes: pdf.length,
      pages,
      models: data.models.length,
      fileName,
    });
    return { register: row, entry: await appendAudit(db, { actor: job.author, action: 'report', entity: 'report', entityId: String(row.id), after: row, at: job.generatedAt }) };
  });
  // Anchored outside the database: the chain must go on extending this report's own entry.
  // A team database's log is kept by its server: anchors are files beside a database file.
  if (db.lite) appendAnchor(db.lite.name, { at: job.generatedAt.toISOString(), event: 'report', seq: entry.seq, hash: entry.hash, os: job.author.os, detail: { report: register.id, sha256, asOf: register.asOf, builtOn: { seq: data.chain.headSeq, hash: data.chain.head } } });
  return { register, pdfBase64: pdf.toString('base64') };
};
