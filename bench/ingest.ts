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

const ROWS = Number(process.env.MRD_BENCH_ROWS ?? 1_000_000);
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
  const layout = { migrationsFolder: join(root, 'db', 'migrations'), pgMigrationsFolder: join(root, 'db', 'migrations-pg'), workerEntry: join(root, 'dist', 'cli', 'worker.cjs') };
  const team = process.env.BENCH_DB_URL;
  const lines: string[] = [];
  const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s) };
  const mrd = async (...argv: string[]): Promise<void> => {
    if ((await runCli(argv, io, layout)) !== 0) throw new Error(`mrd ${argv.join(' ')}: ${lines.at(-1)}`);
  };
  const dbFile = team ?? join(dir, 'mrd.db');
  await mrd('--db', dbFile, 'seed-demo', '--models', '1');
  await mrd('--db', dbFile, 'profile', 'set', '--name', 'Bench Pipeline', '--role', 'risk_officer');
  const t0 = performance.now();
  await mrd('--db', dbFile, 'ingest', '--model', 'MDL-0001', csv);
  const ingestMs = performance.now() - t0;
  const summary = lines.at(-1)!;
  const rows = Number(/: (\d+) values/.exec(summary)?.[1] ?? 0);

  if (team) {
    // The same file through psql's \copy (COPY FROM STDIN, as the app's import) into a plain table of its columns.
    const psql = process.env.BENCH_PSQL ?? 'psql';
    const sql = `CREATE TABLE plain_points (timestamp text, metric text, value double precision, feature text, lower double precision, upper double precision, alert text); \\copy plain_points from '${csv}' with (format csv, header true)`;
    const p0 = performance.now();
    const copied = spawnSync(psql, ['-v', 'ON_ERROR_STOP=1', '-qAt', '-d', team, '-c', sql.split('; ')[0]!, '-c', sql.split('; ')[1]!], { encoding: 'utf8' });
    const psqlMs = performance.now() - p0;
    console.log(
      JSON.stringify({
        entry: 'mrd ingest on a team database (dist/cli, a worker thread through the job runner, COPY FROM STDIN)',
        engine: 'postgres',
        rows,
        bytes,
        ingestMs: Math.round(ingestMs),
        rowsPerSecond: Math.round(rows / (ingestMs / 1000)),
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        psqlCopyMs: copied.status === 0 ? Math.round(psqlMs) : null,
        ratioToPsqlCopy: copied.status === 0 ? Math.round((ingestMs / psqlMs) * 100) / 100 : null,
        psqlError: copied.status === 0 ? undefined : copied.stderr.trim().split('\n')[0],
        summary,
        targets: { rowsPerSecond: 500_000, ratio: 1.5, peakRssMb: 300 },
      }),
    );
    rmSync(dir, { recursive: true, force: true });
    process.exit(0); // the CLI host's pool has ended; nothing else to wait for
  }
  const sqliteDb = join(dir, 'plain.db');
  const script = [
    'PRAGMA journal_mode=WAL;',
    'PRAGMA synchronous=FULL;',
    // The file's seven columns; no index: the app's only index on points is on the import id,
    // which the file does not carry, so sqlite3 gets the lighter job and the ratio errs against us.
    'CREATE TABLE metric_points (timestamp text, metric text, value real, feature text, lower real, upper real, alert text);',
    '.mode csv',
    `.import --skip 1 ${csv} metric_points`,
  ].join('\n');
  const s0 = performance.now();
  const imported = spawnSync('sqlite3', [sqliteDb], { input: script, encoding: 'utf8' });
  const sqliteMs = performance.now() - s0;
  const sqliteOk = imported.status === 0;

  console.log(
    JSON.stringify({
      entry: 'mrd ingest (dist/cli, a worker thread through the job runner)',
      rows,
      bytes,
      ingestMs: Math.round(ingestMs),
      rowsPerSecond: Math.round(rows / (ingestMs / 1000)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      sqliteImportMs: sqliteOk ? Math.round(sqliteMs) : null,
      ratioToSqliteImport: sqliteOk ? Math.round((ingestMs / sqliteMs) * 100) / 100 : null,
      sqliteError: sqliteOk ? undefined : imported.stderr.trim().split('\n')[0],
      summary,
      targets: { rowsPerSecond: 500_000, ratio: 1.5, peakRssMb: 300 },
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
