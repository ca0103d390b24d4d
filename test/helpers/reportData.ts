import { createHash } from 'node:crypto';
import { seedDemo } from '../../electron/handlers/demo';
import { collectReport, type ReportData } from '../../electron/services/reports/data';
import { partDocument, reportParts } from '../../electron/services/reports/document';
import { defaultFontDirs, renderPdf } from '../../electron/services/reports/render';
import { tempRuntime } from './temp';

/**
 * The data of a portfolio report as of 2026-11-20 over a seeded demo database of `models` models;
 * `sql` runs on it first (a Greek or CJK name, say).
 */
export const demoReportData = async (models: number, seed: number, sql: string[] = []): Promise<ReportData> => {
  const now = new Date('2026-11-20T12:00:00Z');
  const { ctx, close } = await tempRuntime(undefined, () => now);
  try {
    await seedDemo(ctx, { models, seed });
    for (const statement of sql) ctx.db.lite!.prepare(statement).run();
    return await collectReport(ctx.db, { kind: 'portfolio', asOf: '2026-11-20', scope: {} });
  } finally {
    close();
  }
};

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The SHA-256 of every part of the report, each rendered in this thread. */
export const partHashes = async (data: ReportData): Promise<string[]> => {
  const out: string[] = [];
  for (const part of reportParts(data)) out.push(sha256(await renderPdf(partDocument(data, part), defaultFontDirs())));
  return out;
};

/** Runs `run` with `methods` set on `target` (a prototype), then puts back the ones it had. */
export const withMethods = async <T>(target: object, methods: object, run: () => Promise<T>): Promise<T> => {
  const had = Object.fromEntries(Object.keys(methods).map((k) => [k, (target as Record<string, unknown>)[k]]));
  Object.assign(target, methods);
  try {
    return await run();
  } finally {
    Object.assign(target, had);
  }
};
