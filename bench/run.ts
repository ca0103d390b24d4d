/**
 * `npm run bench`: prints the service-level figures as JSON. Targets (PRODUCT.md): opening a
 * 10,000-model database < 500 ms; inventory query < 50 ms; first table render < 300 ms;
 * sort/filter < 100 ms; ingest ≥ 500,000 rows/s; portfolio report of 1,000 models < 10 s, < 1 GB. Figures are medians of repeated runs on this machine.
 */
import { spawnSync } from 'node:child_process';
import { pgBinDir } from '../db/pg/admin';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostFigures, round, runScript, time } from './figures';
import { benchRenderer } from './renderer';

const MODELS = 10_000;

const dir = mkdtempSync(join(tmpdir(), 'mrd-bench-'));
try {
  const file = join(dir, 'bench.db');
  const seedStart = performance.now();
  // Seeded as a user would: the command line, the demo's two years replayed through the handlers.
  const seeding = spawnSync(process.execPath, ['bin/mrd.mjs', '--db', file, 'seed-demo', '--models', String(MODELS)], { encoding: 'utf8' });
  if (seeding.status !== 0) throw new Error(`seed-demo failed: ${seeding.stderr}`);
  const seedMs = performance.now() - seedStart;

  // Every figure through an entry point: the hosts' start (createHolder: checks, migrations,
  // quick_check), and the handler table through dispatch as IPC and HTTP call it.
  const { openMs, inventoryMs: handlerMs, inventoryAfterChangeMs, inventoryWithJsonMs: serializeMs, reviewPlanMs: reviewsMs, heatMapMs: heatmapMs } = await hostFigures(file);
  // The command line's start, as a user runs it (node, the bin's build check, the entry module).
  const helpMs = await time(10, () => {
    const r = spawnSync(process.execPath, ['bin/mrd.mjs', '--help'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mrd --help failed: ${r.stderr}`);
  });

  const ui = process.argv.includes('--no-ui') ? null : await benchRenderer(file);
  // Its own process, so the peak memory measured is the ingest's alone.
  const ingest = runScript('bench/ingest.ts');
  const report = runScript('bench/report.ts');
  // What the pdfmake/pdfkit patches earn: the same 200-model report with and without them.
  const reportWith = (patches: 'on' | 'off'): unknown => {
    const r = runScript('bench/report.ts', [], { BENCH_REPORT_MODELS: '200', MRD_PDF_PATCHES: patches }) as { reportMs: number; pages: number; peakRssMB: number; error?: string };
    return r.error ? r : { reportMs: r.reportMs, pages: r.pages, peakRssMB: r.peakRssMB };
  };
  const patchesCompare = { models: 200, withPatches: reportWith('on'), withoutPatches: reportWith('off'), note: 'MRD_PDF_PATCHES=off renders with pdfmake and pdfkit as they are' };
  const preview = runScript('bench/preview.ts');

  // The same figures on a team database (a throwaway PostgreSQL cluster of its own), when the server binaries are here.
  const team = pgBinDir(['initdb', 'pg_ctl', 'psql']) ? runScript('bench/team.ts', [file], {}, 45) : { skipped: 'no PostgreSQL server binaries (apt-get install postgresql)' };
  const pick = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
  const sideBySide = {
    'open (median ms)': { sqlite: openMs.median, postgres: pick(team, 'openDatabaseMs', 'median'), target: 500 },
    'inventory of 10,000 (median ms)': { sqlite: handlerMs.median, postgres: pick(team, 'inventoryHandlerMs', 'median'), target: 50 },
    'inventory of 10,000 right after a change (median ms)': { sqlite: inventoryAfterChangeMs.median, postgres: pick(team, 'inventoryAfterChangeMs', 'median'), target: 50 },
    'review plan (median ms)': { sqlite: reviewsMs.median, postgres: pick(team, 'reviewPlanMs', 'median') },
    'import rows/s': { sqlite: pick(ingest, 'rowsPerSecond'), postgres: pick(team, 'ingestGenericCsv', 'rowsPerSecond'), target: 500_000 },
    'import vs the engine\'s own bulk load (×)': { sqlite: pick(ingest, 'ratioToSqliteImport'), postgres: pick(team, 'ingestGenericCsv', 'ratioToPsqlCopy'), target: 1.5 },
    'import peak MB': { sqlite: pick(ingest, 'peakRssMb'), postgres: pick(team, 'ingestGenericCsv', 'peakRssMb'), target: 300 },
    '1,000-model report (ms)': { sqlite: pick(report, 'reportMs'), postgres: pick(team, 'portfolioReport', 'reportMs'), target: 10_000 },
    '20 users: p95 ms, errors': { sqlite: 'one person per file', postgres: [pick(team, 'simulatedUsers', 'p95'), pick(team, 'simulatedUsers', 'errors')], target: [100, 0] },
  };
  console.table(sideBySide);

  console.log(
    JSON.stringify(
      {
        machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
        models: MODELS,
        dbBytes: statSync(file).size,
        seedMs: round(seedMs),
        openDatabaseMs: { ...openMs, target: 500, note: 'a host starting on the database (createHolder): header and WAL checks, quick_check, migration check, pragmas' },
        inventoryHandlerMs: { ...handlerMs, target: 50, note: 'dispatch("models.list"), as IPC and HTTP call it, on an unchanged portfolio (the rows are read again only after a change)' },
        inventoryAfterChangeMs: { ...inventoryAfterChangeMs, target: 50, note: 'dispatch("models.list") right after an audited change: validation + query of 10,000 rows' },
        inventoryHandlerWithJsonMs: serializeMs,
        reviewPlanMs: { ...reviewsMs, note: 'reviews.list: schedule of every model from approvals, triggers and policy' },
        heatMapMs: heatmapMs,
        cliHelpMs: { ...helpMs, target: 300, note: 'node bin/mrd.mjs --help, the whole process' },
        renderer: ui,
        ingestGenericCsv: ingest,
        smallFilePreview: preview,
        reportPatches: patchesCompare,
        portfolioReport: report,
        teamDatabase: team,
        sideBySide,
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
