import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/handlers';
import { scanConfiguredFolder } from '../../electron/handlers/monitoring';
import type { Result, WatchLogRow } from '../../shared/contract';
import { emptyModelInput } from '../../shared/model';
import { tempDir, tempRuntime } from '../helpers/temp';
import { as } from '../helpers/people';

const ok = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

describe('watched folder', () => {
  it('imports dropped files for the model their sidecar or prefix names, moves them aside and logs each outcome', async () => {
    const now = new Date('2026-06-01T10:00:00Z');
    const { ctx } = await tempRuntime(undefined, () => now);
    await as(ctx, 'Rita Officer', 'risk_officer');
    ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0001', name: 'M', purpose: 'p', businessUnit: 'b', owner: 'o', developers: ['d'], validator: 'v', status: 'production' }));
    const dir = tempDir();
    expect(await dispatch(ctx, 'monitoring.setWatchFolder', { folder: join(dir, 'nope') })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('is not an existing folder') as string } });
    ok(await dispatch(ctx, 'monitoring.setWatchFolder', { folder: dir }));

    const old = new Date('2026-06-01T09:00:00Z');
    const drop = (name: string, content: string, when = old): void => {
      writeFileSync(join(dir, name), content);
      utimesSync(join(dir, name), when, when);
    };
    drop('MDL-0001__weekly.csv', 'timestamp,metric,value,lower\n2026-05-01T00:00:00Z,accuracy,0.8,0.9\n');
    drop('prom.json', readFileSync(join(import.meta.dirname, '../fixtures/monitoring/prometheus_query_range_matrix.json'), 'utf8'));
    drop('prom.json.model', 'MDL-0001\n');
    drop('orphan.csv', 'timestamp,metric,value\n2026-05-01T00:00:00Z,x,1\n');
    drop('MDL-0404__other.csv', 'timestamp,metric,value\n2026-05-01T00:00:00Z,x,1\n');
    drop('still-writing.csv', 'timestamp,metric,value\n', now);

    const job = await scanConfiguredFolder(ctx);
    expect(job?.kind).toBe('watch.scan');
    expect(await ctx.jobs.wait(job!.id)).toMatchObject({ error: null, state: 'done' });
    const { log } = ok<{ log: WatchLogRow[] }>(await dispatch(ctx, 'monitoring.watchFolder', {}));
    expect(log.map((l) => [l.fileName, l.status]).sort()).toEqual([
      ['MDL-0001__weekly.csv', 'imported'],
      ['MDL-0404__other.csv', 'failed'],
      ['orphan.csv', 'failed'],
      ['prom.json', 'imported'],
    ]);
    expect(log.find((l) => l.fileName === 'orphan.csv')?.message).toBe('no model named: add orphan.csv.model with the reference, or name the file REF__orphan.csv');
    expect(log.find((l) => l.fileName === 'MDL-0404__other.csv')?.message).toBe('No model with reference MDL-0404');
    expect(readdirSync(dir).sort()).toEqual(['failed', 'imported', 'still-writing.csv']);
    expect(readdirSync(join(dir, 'imported'))).toHaveLength(3); // two files and one sidecar
    const failed = readdirSync(join(dir, 'failed'));
    expect(failed.filter((f) => f.endsWith('.error.txt'))).toHaveLength(2);
    expect(ctx.db.lite!.prepare('select count(*) from monitoring_imports').pluck().get()).toBe(2);
    expect(ok<unknown[]>(await dispatch(ctx, 'findings.list', { ref: 'MDL-0001' })).length).toBeGreaterThanOrEqual(2);
  });

  it('takes only the monitoring exports it recognises: any other file is left exactly where it is', async () => {
    const now = new Date('2026-06-01T10:00:00Z');
    const { ctx } = await tempRuntime(undefined, () => now);
    await as(ctx, 'Rita Officer', 'risk_officer');
    ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0001', name: 'M', purpose: 'p', businessUnit: 'b', owner: 'o', developers: ['d'], validator: 'v', status: 'production' }));
    const dir = tempDir();
    ok(await dispatch(ctx, 'monitoring.setWatchFolder', { folder: dir }));
    const old = new Date('2026-06-01T09:00:00Z');
    const others: Record<string, string> = {
      id_rsa: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n',
      'notes.txt': 'call the vendor on Monday\n',
      'MDL-0001__budget.csv': 'item,amount\nlicences,1200\n',
      'settings.json': '{"theme": "dark"}\n',
      'MDL-0001__report.pdf': '%PDF-1.7 not an export\n',
    };
    for (const [name, content] of Object.entries(others)) {
      writeFileSync(join(dir, name), content);
      utimesSync(join(dir, name), old, old);
    }
    writeFileSync(join(dir, 'MDL-0001__prom.json'), readFileSync(join(import.meta.dirname, '../fixtures/monitoring/prometheus_query_range_matrix.json')));
    utimesSync(join(dir, 'MDL-0001__prom.json'), old, old);
    const before = Object.fromEntries(Object.keys(others).map((n) => [n, statSync(join(dir, n)).mtimeMs]));
    const job = await scanConfiguredFolder(ctx);
    expect(await ctx.jobs.wait(job!.id)).toMatchObject({ state: 'done' });
    expect(readdirSync(dir).sort()).toEqual([...Object.keys(others), 'imported'].sort());
    for (const [name, content] of Object.entries(others)) {
      expect(readFileSync(join(dir, name), 'utf8')).toBe(content);
      expect(statSync(join(dir, name)).mtimeMs).toBe(before[name]);
    }
    expect(ok<{ log: WatchLogRow[] }>(await dispatch(ctx, 'monitoring.watchFolder', {})).log.map((l) => l.fileName)).toEqual(['MDL-0001__prom.json']);
  });

  it('refuses the home folder, a hidden folder in it, system and shared folders, and the data folder, inside or above', async () => {
    const { ctx } = await tempRuntime(join(tempDir(), 'data', 'mrd.db'));
    await as(ctx, 'Rita Officer', 'risk_officer');
    const dataDir = dirname(ctx.dbPath);
    const link = join(tempDir(), 'looks-harmless');
    symlinkSync(homedir(), link);
    mkdirSync(join(dataDir, 'backups'), { recursive: true });
    const hidden = join(homedir(), '.mrd-test-hidden');
    mkdirSync(hidden, { recursive: true });
    try {
      for (const [folder, reason] of [
        [homedir(), 'is your home folder'],
        [link, 'is your home folder'],
        [hidden, 'is a hidden folder of your home folder'],
        ['/etc', 'is a system folder'],
        ['/usr/share', 'is a system folder'],
        ['/', "holds everyone's files"],
        ['/tmp', "holds everyone's files"],
        [dataDir, "is the app's data folder"],
        [join(dataDir, 'backups'), "is the app's data folder"],
        [dirname(dataDir), "holds the app's data folder"],
      ] as const) {
        const r = await dispatch(ctx, 'monitoring.setWatchFolder', { folder });
        expect(r, folder).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining(reason) as string } });
      }
    } finally {
      rmSync(hidden, { recursive: true, force: true });
    }
    expect(ok<{ folder: string | null }>(await dispatch(ctx, 'monitoring.watchFolder', {})).folder).toBeNull();
  });
});
