/**
 * Ingest bench, run in its own process so its peak memory is its own: a generated 1,000,000-row
 * generic CSV through `mrd ingest` (the built command line in dist/cli, run in this process: the
 * same code, job and worker thread a user's `mrd ingest` runs; its start-up is measured apart, as
 * `mrd --help`), then `sqlite3 .import` of the same file into a table with the file's columns in
 * a fresh database (same journal mode and sync). With BENCH_DB_URL (an empty team database, set
 * up by bench/team.ts) the import runs there and the comparison is `psql \\copy` of the same file
 * into a plain table of the file's columns. Prints JSON.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './stats';

const ROWS = Number(process.env.MRD_BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
type Cli = { runCli: (argv: string[], io: { out: (s: string) => void; err: (s: string) => void }, layout: Record<string, unknown>) => Promise<number> };

const dir = mkdtempSync(join(tmpdir(), 'mrd-ingest-'));
try {
  const csv = join(dir, 'metrics.csv');
  const fd = openSync(csv, 'w');
  writeSync(fd, 'timestamp,metric,value,feature,lower,upper,alert\n');
  const start = Date.parse('2025-01-01T00:00:00Z');
  let chunk = '';
  for (let i = 0; i < ROWS; i++) {
    const ts = new Date(start + i * 60_000).toISOString();
    const metric = i % 3 === 0 ? 'accuracy' : i % 3 === 1 ? 'latency_ms' : 'drift:psi';
    const value = metric === 'accuracy' ? (0.9 + ((i * 7919) % 100) / 1000).toFixed(4) : metric === 'latency_ms' ? String(20 + (i % 50)) : (((i * 31) % 100) / 1000).toFixed(3);
    chunk += `${ts},${metric},${value},${metric === 'drift:psi' ? `f${i % 20}` : ''},${metric === 'accuracy' ? '0.85' : ''},,false\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  const bytes = statSync(csv).size;

  const root = process.cwd();
  const { runCli } = (await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href)) as Cli;
  const layout = { migrationsFolder: join(root, 'db', 'migrations'), pgMigrationsFolder: join(root, 'db', 'migrations-pg'), workerEntry: join(root, 'dist', 'cli', 'worker.js') };
  const team = process.env.BENCH_DB_URL;
  const lines: string[] = [];
  const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s) };
  const mrd = async (...argv: string[]): Promise<void> => {
    if ((await runCli(argv, io, layout)) !== 0) throw new Error(`mrd ${argv.join(' ')}: ${lines.at(-1)}`);
  };
  const dbFile = team ?? join(dir, 'mrd.db');
  await mrd('--db', dbFile, 'seed-demo', '--models', String(RUNS * 4));
  await mrd('--db', dbFile, 'profile', 'set', '--name', 'Bench Pipeline', '--role', 'risk_officer');
  // A model of its own for each run (a model refuses a file it holds), one that still takes monitoring.
  await mrd('--db', dbFile, 'models', 'list', '--json');
  const targets = (JSON.parse(lines.at(-1)!) as { ref: string; status: string }[]).filter((m) => m.status !== 'retired').map((m) => m.ref);
  if (targets.length < RUNS) throw new Error(`the demo has ${targets.length} models that take monitoring, ${RUNS} are needed`);

  // The engine's own bulk load of the same file into a plain table of its columns, as the yardstick.
  const baseline = (run: number): { ms: number; ok: boolean; error: string | undefined } => {
    const t = performance.now();
    const done = team
      ? // psql's \copy: COPY FROM STDIN, as the app's import.
        spawnSync(process.env.BENCH_PSQL ?? 'psql', ['-v', 'ON_ERROR_STOP=1', '-qAt', '-d', team, '-c', `CREATE TABLE plain_points_${run} (timestamp text, metric text, value double precision, feature text, lower double precision, upper double precision, alert text)`, '-c', `\\copy plain_points_${run} from '${csv}' with (format csv, header true)`], { encoding: 'utf8' })
      : spawnSync('sqlite3', [join(dir, `plain-${run}.db`)], {
          input: [
            'PRAGMA journal_mode=WAL;',
            'PRAGMA synchronous=FULL;',
            // The file's seven columns, a row per line, no index.
            'CREATE TABLE metric_points (timestamp text, metric text, value real, feature text, lower real, upper real, alert text);',
            '.mode csv',
            `.import --skip 1 ${csv} metric_points`,
          ].join('\n'),
          encoding: 'utf8',
        });
    return { ms: performance.now() - t, ok: done.status === 0, error: done.status === 0 ? undefined : done.stderr.trim().split('\n')[0] };
  };
  // RUNS times, each import followed by the yardstick, so that each ratio compares two runs next to each other.
  const runs: { ingestMs: number; baselineMs: number | null; error: string | undefined }[] = [];
  let summary = '';
  for (let run = 1; run <= RUNS; run++) {
    const t0 = performance.now();
    await mrd('--db', dbFile, 'ingest', '--model', targets[run - 1]!, csv);
    const ingestMs = performance.now() - t0;
    summary = lines.at(-1)!;
    const b = baseline(run);
    runs.push({ ingestMs, baselineMs: b.ok ? b.ms : null, error: b.error });
  }
  const rows = Number(/: (\d+) values/.exec(summary)?.[1] ?? 0);
  const ingestMs = median(runs.map((r) => r.ingestMs));
  const baselines = runs.flatMap((r) => (r.baselineMs === null ? [] : [r.baselineMs]));
  const ratios = runs.flatMap((r) => (r.baselineMs === null ? [] : [r.ingestMs / r.baselineMs]));
  const b = { ok: baselines.length === RUNS, ms: median(baselines), error: runs.find((r) => r.error)?.error };
  const [msKey, ratioKey, errorKey] = team ? ['psqlCopyMs', 'ratioToPsqlCopy', 'psqlError'] : ['sqliteImportMs', 'ratioToSqliteImport', 'sqliteError'];
  console.log(
    JSON.stringify({
      entry: team ? 'mrd ingest on a team database (dist/cli, a worker thread through the job runner, COPY FROM STDIN)' : 'mrd ingest (dist/cli, a worker thread through the job runner)',
      engine: team ? 'postgres' : 'sqlite',
      rows,
      bytes,
      ingestMs: Math.round(ingestMs),
      rowsPerSecond: Math.round(rows / (ingestMs / 1000)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      [msKey]: b.ok ? Math.round(b.ms) : null,
      [ratioKey]: b.ok ? Math.round(median(ratios) * 100) / 100 : null,
      runs: runs.map((r) => ({ ingestMs: Math.round(r.ingestMs), [msKey]: r.baselineMs === null ? null : Math.round(r.baselineMs) })),
      note: `medians of ${RUNS} runs, each import followed by the yardstick; the ratio is the median of the runs' ratios`,
      [errorKey]: b.error,
      summary,
      targets: { rowsPerSecond: 500_000, ratio: 1.5, peakRssMb: 300 },
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
