import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { tempDir } from '../helpers/temp';

const ROWS = 400_000;

describe('a crash in the middle of a large import', () => {
  it('leaves a database that passes integrity_check and holds all of the import or none of it', async () => {
    const dir = tempDir();
    const db = join(dir, 'mrd.db');
    expect(await runCli(['--db', db, 'seed-demo', '--models', '3'], { out: () => undefined, err: () => undefined })).toBe(0);
    expect(await runCli(['--db', db, 'profile', 'set', '--name', 'Rita Officer', '--role', 'risk_officer'], { out: () => undefined, err: () => undefined })).toBe(0);
    const csv = join(dir, 'big.csv');
    const fd = openSync(csv, 'w');
    writeSync(fd, 'timestamp,metric,value\n');
    let chunk = '';
    for (let i = 0; i < ROWS; i++) {
      chunk += `${new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString()},latency_ms,${i % 97}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
    closeSync(fd);

    const child = spawn(process.execPath, ['bin/mrd.mjs', '--db', db, 'ingest', '--model', 'MDL-0002', csv], { stdio: 'ignore' });
    // Kill it while the import is writing: its uncommitted pages are growing the WAL file.
    const walSize = (): number => {
      try {
        return statSync(`${db}-wal`).size;
      } catch {
        return 0;
      }
    };
    const before = walSize();
    await new Promise<void>((ok, ko) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (walSize() > before + 2_000_000) {
          clearInterval(poll);
          ok();
        } else if (Date.now() - started > 30_000) {
          clearInterval(poll);
          ko(new Error('the import never started writing'));
        }
      }, 10);
    });
    child.kill('SIGKILL');
    await new Promise((ok) => child.once('exit', ok));

    const check = new Database(db);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    const points = check.prepare('select count(*) from metric_points').pluck().get() as number;
    const imports = check.prepare('select count(*) from monitoring_imports').pluck().get() as number;
    check.close();
    // Killed mid-transaction, so SQLite rolled it back on the next open: none of it.
    expect(points).toBe(0);
    expect(imports).toBe(0);
    // And the same file imports whole afterwards.
    expect(await runCli(['--db', db, 'ingest', '--model', 'MDL-0002', csv], { out: () => undefined, err: () => undefined })).toBe(0);
    const after = new Database(db, { readonly: true });
    expect(after.prepare('select count(*) from metric_points').pluck().get()).toBe(ROWS);
    after.close();
  }, 60_000);
});
