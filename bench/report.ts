/**
 * Portfolio report of 1,000 models (target < 10 s, < 1 GB), run through the same job runner and
 * worker threads as the app — the bundled workers the desktop app ships (dist/electron/worker.cjs
 * and render-worker.cjs, built by `npm run bench`), not the TypeScript sources through tsx that
 * tests use — then a plain pdfmake render of the same number of pages (one paragraph and a small
 * table per page, same fonts) for comparison; three times (BENCH_RUNS), the times printed being
 * the medians. Run in its own process by bench/run.ts so that the peak memory (maxRSS, workers
 * included), taken after the first report, is that report's alone. With BENCH_DB_URL (an empty team
 * database, set up by bench/team.ts) the same demo is made in a SQLite file, moved there with
 * team import, and the report is made on the team database.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { dispatch } from '../electron/handlers';
import { createRuntime } from '../electron/runtime';
import { seedDemo } from '../electron/handlers/demo';
import { defaultFontDirs, renderPdf } from '../electron/services/reports/render';
import type { JobState } from '../shared/contract';
import type { ReportRegisterRow } from '../shared/reports';
import { median } from './stats';

const MODELS = Number(process.env.BENCH_REPORT_MODELS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'mrd-bench-report-'));
try {
  const workerEntry = join(process.cwd(), 'dist', 'electron', 'worker.cjs');
  if (!existsSync(workerEntry)) throw new Error(`${workerEntry} is missing: run the bench with npm run bench, which builds it`);
  const team = process.env.BENCH_DB_URL;
  const solo = await createRuntime(join(dir, 'r.db'), { workerEntry });
  await seedDemo(solo.ctx, { models: MODELS, seed: 42 });
  solo.close();
  if (team) {
    const { importSolo } = await import('../db/pg/copy');
    await importSolo(team, join(dir, 'r.db'));
  }
  const target = team ?? join(dir, 'r.db');
  const open = (warmWorker: boolean) => createRuntime(target, { workerEntry, warmWorker, ...(team ? { pgMigrationsFolder: join(process.cwd(), 'db', 'migrations-pg') } : {}) });
  const asOf = new Date().toISOString().slice(0, 10);
  /** One report through the job runner, as the app's Reports screen starts it; its time and how often the host thread ran meanwhile. */
  const timeReport = async (ctx: Awaited<ReturnType<typeof open>>['ctx']): Promise<{ ms: number; ticks: number; reg: ReportRegisterRow }> => {
    const t0 = performance.now();
    const started = await dispatch(ctx, 'jobs.start', { task: { kind: 'report', request: { kind: 'portfolio', asOf } } });
    if (!started.ok) throw new Error(started.error.message);
    // The host thread stays free: count how often it got to run while the report was made.
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 50);
    const ended: JobState = await ctx.jobs.wait((started.value as JobState).id);
    clearInterval(timer);
    const ms = performance.now() - t0;
    if (ended.state !== 'done') throw new Error(`report ${ended.state}: ${ended.error?.message}`);
    return { ms, ticks, reg: (ended.result as { register: ReportRegisterRow }).register };
  };

  // The app: its host opens the portfolio with its workers kept warm, and gets the report workers
  // ready in the background (jobs.prepareReports, started by the host); the first report is asked for once they are.
  const runtime = await open(true);
  const { ctx } = runtime;
  const t = performance.now();
  await ctx.jobs.whenPrepared();
  const prepareMs = performance.now() - t;
  await dispatch(ctx, 'profile.save', { name: 'Bench Auditor', role: 'auditor' });

  // RUNS reports, each followed by the plain render of its number of pages, so that each
  // comparison is of two runs next to each other; the figures are the medians.
  const runs: { reportMs: number; plainMs: number; ticks: number }[] = [];
  let reg: ReportRegisterRow | null = null;
  let peakKb: number | null = null;
  for (let run = 0; run < RUNS; run++) {
    const made = await timeReport(ctx);
    reg = made.reg;
    // The peak memory is the first app report's: before any plain render or later report in this process.
    peakKb ??= process.resourceUsage().maxRSS;

    const pages = reg.pages;
    const plain: TDocumentDefinitions = {
      defaultStyle: { font: 'Noto', fontSize: 9 },
      content: Array.from({ length: pages }, (_, i) => [
        { text: `Page ${i + 1}: a plain paragraph of text for comparison with the report's pages.`, ...(i ? { pageBreak: 'before' as const } : {}) },
        { table: { widths: [80, '*'], body: Array.from({ length: 12 }, (_, k) => [`Field ${k}`, `Value ${k} of page ${i + 1}`]) } },
      ]),
    };
    const t1 = performance.now();
    await renderPdf(plain, defaultFontDirs());
    runs.push({ reportMs: made.ms, plainMs: performance.now() - t1, ticks: made.ticks });
  }
  const reportMs = median(runs.map((x) => x.reportMs));
  const plainMs = median(runs.map((x) => x.plainMs));
  const ticks = median(runs.map((x) => x.ticks));
  runtime.close();

  // Cold: as `mrd report` makes it, with workers started for it (after the app's runs, so that
  // the peak memory above is the app's).
  const cold = await open(false);
  await dispatch(cold.ctx, 'profile.save', { name: 'Bench Auditor', role: 'auditor' });
  const coldRun = await timeReport(cold.ctx);
  cold.close();

  const r = (x: number): number => Math.round(x * 10) / 10;
  if (!reg) throw new Error('no report was made (BENCH_RUNS must be at least 1)');
  console.log(
    JSON.stringify({
      engine: team ? 'postgres' : 'sqlite',
      models: MODELS,
      pages: reg.pages,
      bytes: reg.bytes,
      reportMs: r(reportMs),
      targetMs: 10_000,
      firstReportMs: r(runs[0]!.reportMs),
      coldReportMs: r(coldRun.ms),
      prepareMs: r(prepareMs),
      pagesPerSecond: r(reg.pages / (reportMs / 1000)),
      plainPdfmakeSamePagesMs: r(plainMs),
      plainPdfmakePagesPerSecond: r(reg.pages / (plainMs / 1000)),
      peakRssMB: r((peakKb ?? 0) / 1024),
      targetPeakMB: 1024,
      hostTimerTicksDuringReport: ticks,
      runs: runs.map((x) => ({ reportMs: r(x.reportMs), plainPdfmakeSamePagesMs: r(x.plainMs) })),
      note: `reportMs: median of ${RUNS} reports in the app (its host prepared the report workers when it opened the portfolio, prepareMs; later reports reuse them), each followed by the plain render; firstReportMs: the first of them; coldReportMs: a report with render workers started for it, as mrd report makes it (made last); peak memory: the process's by the end of the first app report (seeding and the preparation included)`,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
