import { seedDemo } from '../../electron/services/demo';
import { collectReport, type ReportData } from '../../electron/services/reports/data';
import { tempRuntime } from './temp';

export const AUDITOR = { name: 'Aude Auditor', role: 'auditor' as const };

/**
 * The data of a portfolio report as of 2026-11-20 over a seeded demo database of `models` models;
 * `sql` runs on it first (a Greek or CJK name, say).
 */
export const demoReportData = (models: number, seed: number, sql: string[] = []): ReportData => {
  const now = new Date('2026-11-20T12:00:00Z');
  const { ctx, close } = tempRuntime(undefined, () => now);
  try {
    seedDemo(ctx.db, { models, seed, actor: 'system', now });
    for (const statement of sql) ctx.db.$client.prepare(statement).run();
    return collectReport(ctx.db, { kind: 'portfolio', asOf: '2026-11-20', scope: {} });
  } finally {
    close();
  }
};
