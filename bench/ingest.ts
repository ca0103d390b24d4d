/**
 * Ingest bench, run in its own process so its peak memory is its own: a generated 1,000,000-row
 * generic CSV through `mrd ingest`'s streaming path, then `sqlite3 .import` of the same file into
 * a table with the file's columns in a fresh database (same journal mode and sync). Prints JSON.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from '../db/open';
import { insertModels } from '../db/queries/models';
import { demoPortfolio } from '../electron/services/demo';
import { ingestGenericCsvFile } from '../electron/services/monitoring/streamCsv';
import { defaultRules } from '../shared/monitoring';

const ROWS = Number(process.env.MRD_BENCH_ROWS ?? 1_000_000);
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

  const dbFile = join(dir, 'mrd.db');
  const opened = open(dbFile);
  insertModels(opened.db, demoPortfolio(1, 1).map((m) => ({ ...m, status: 'production' as const, retiredAt: null })));
  const t0 = performance.now();
  const r = ingestGenericCsvFile(opened.db, { ref: 'MDL-0001', path: csv, actor: { name: 'bench', id: null, os: 'bench' }, now: new Date(), rules: defaultRules() });
  const ingestMs = performance.now() - t0;
  opened.close();

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
      rows: r.rows,
      bytes,
      ingestMs: Math.round(ingestMs),
      rowsPerSecond: Math.round(r.rows / (ingestMs / 1000)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      sqliteImportMs: sqliteOk ? Math.round(sqliteMs) : null,
      ratioToSqliteImport: sqliteOk ? Math.round((ingestMs / sqliteMs) * 100) / 100 : null,
      sqliteError: sqliteOk ? undefined : imported.stderr.trim().split('\n')[0],
      findings: r.findingsCount,
      targets: { rowsPerSecond: 500_000, ratio: 1.5, peakRssMb: 300 },
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
