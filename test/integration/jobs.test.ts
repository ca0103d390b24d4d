import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/handlers';
import type { HandlerContext } from '../../electron/handlers/context';
import { FILE_CHUNK_BYTES, type JobState, type MonitoringPreview, type Result } from '../../shared/contract';
import { emptyModelInput } from '../../shared/model';
import { spawn } from '../../electron/services/jobs/runner';
import { createRuntime } from '../../electron/runtime';
import { tempDir, tempRuntime } from '../helpers/temp';
import { as } from '../helpers/people';
import { seedDemo } from '../../electron/handlers/demo';
import { POOL_FROM_MODELS } from '../../electron/services/reports/parts';
import type { ReportRegisterRow } from '../../shared/reports';

const ok = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

const FIXTURES = join(import.meta.dirname, '../fixtures/monitoring');

/** Sends a file the way the renderer does: announced, then in base64 chunks. */
const stage = async (ctx: HandlerContext, fileName: string, bytes: Buffer): Promise<string> => {
  const { id } = ok<{ id: string }>(await dispatch(ctx, 'files.begin', { fileName, bytes: bytes.length }));
  for (let offset = 0; offset < bytes.length; offset += FILE_CHUNK_BYTES) {
    ok(await dispatch(ctx, 'files.append', { id, offset, data: bytes.subarray(offset, offset + FILE_CHUNK_BYTES).toString('base64') }));
  }
  return id;
};

const setup = async (): Promise<HandlerContext> => {
  const { ctx } = await tempRuntime(undefined, () => new Date('2026-06-01T10:00:00Z'));
  await as(ctx, 'Rita Officer', 'risk_officer');
  ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0001', name: 'Loan default', purpose: 'PD', businessUnit: 'Retail', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' }));
  return ctx;
};

const bigCsv = (rows: number): Buffer => {
  const lines = ['timestamp,metric,value,lower'];
  for (let i = 0; i < rows; i++) lines.push(`2026-05-${String(1 + (i % 28)).padStart(2, '0')}T00:00:${String(i % 60).padStart(2, '0')}Z,accuracy,${(0.95 - (i % 10) / 100).toFixed(2)},0.9`);
  return Buffer.from(`${lines.join('\n')}\n`);
};

describe('worker-thread jobs: staged files, preview, import, progress and cancel', () => {
  it('previews and imports a fixture staged in chunks, in a worker, with the same result as the in-process import', async () => {
    const ctx = await setup();
    const content = readFileSync(join(FIXTURES, 'prometheus_query_range_matrix.json'));
    const fileId = await stage(ctx, 'prom.json', content);

    const preview = ok<JobState>(await dispatch(ctx, 'jobs.start', { task: { kind: 'monitoring.preview', fileId } }));
    expect(preview.state).toBe('running');
    const previewed = await ctx.jobs.wait(preview.id);
    expect(previewed).toMatchObject({ state: 'done', error: null });
    const p = previewed.result as MonitoringPreview;
    expect(p.format).toBe('prometheus');
    expect(ctx.db.lite!.prepare('select count(*) from metric_points').pluck().get()).toBe(0);

    const ingest = await ctx.jobs.wait(ok<JobState>(await dispatch(ctx, 'jobs.start', { task: { kind: 'monitoring.ingest', fileId, ref: 'MDL-0001' } })).id);
    expect(ingest).toMatchObject({ state: 'done', error: null });
    const r = ingest.result as MonitoringPreview & { importId: number };
    expect(r.rows).toBe(p.rows);
    expect(ctx.db.lite!.prepare('select count(*) from metric_points').pluck().get()).toBe(p.rows);
    expect(ctx.db.lite!.prepare('select sha256 from monitoring_imports where id = ?').pluck().get(r.importId)).toBe(p.sha256);

    // The same file again is refused by its hash, from the worker, and nothing is added.
    const again = await ctx.jobs.wait(ok<JobState>(await dispatch(ctx, 'jobs.start', { task: { kind: 'monitoring.ingest', fileId, ref: 'MDL-0001' } })).id);
    expect(again).toMatchObject({ state: 'failed', error: { code: 'conflict', message: expect.stringContaining('prom.json was already imported for MDL-0001') as string } });
    expect(ctx.db.lite!.prepare('select count(*) from monitoring_imports').pluck().get()).toBe(1);
  });

  it('streams a large generic CSV with progress while the host thread keeps running, and finds the breaches', async () => {
    const ctx = await setup();
    const content = bigCsv(200_000);
    const fileId = await stage(ctx, 'big.csv', content);
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    const seen: number[] = [];
    const job = ok<JobState>(await dispatch(ctx, 'jobs.start', { task: { kind: 'monitoring.ingest', fileId, ref: 'MDL-0001' } }));
    const poll = setInterval(() => seen.push(ctx.jobs.get(job.id).done), 2);
    const done = await ctx.jobs.wait(job.id);
    clearInterval(timer);
    clearInterval(poll);
    expect(done).toMatchObject({ state: 'done', done: content.length, total: content.length });
    expect(ticks).toBeGreaterThan(0);
    expect(seen.some((d) => d > 0 && d < content.length)).toBe(true);
    expect(ctx.db.lite!.prepare('select count(*) from metric_points').pluck().get()).toBe(200_000);
    expect((done.result as MonitoringPreview).findings.map((f) => f.category)).toContain('degradation');
  });

  it('cancel rolls the import back: no import, no points, no findings, no audit entry', async () => {
    const ctx = await setup();
    const fileId = await stage(ctx, 'huge.csv', bigCsv(1_500_000));
    const auditBefore = ctx.db.lite!.prepare('select count(*) from audit_log').pluck().get();
    const job = ok<JobState>(await dispatch(ctx, 'jobs.start', { task: { kind: 'monitoring.ingest', fileId, ref: 'MDL-0001' } }));
    // Cancelled once the worker reports progress: it is then surely importing.
    await expect.poll(async () => ok<JobState>(await dispatch(ctx, 'jobs.get', { id: job.id })).done, { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
    expect(ok<JobState>(await dispatch(ctx, 'jobs.cancel', { id: job.id })).phase).toMatch(/Cancelling|Cancelled/);
    const ended = await ctx.jobs.wait(job.id);
    expect(ended).toMatchObject({ state: 'cancelled', error: { code: 'cancelled' } });
    for (const table of ['monitoring_imports', 'metric_points', 'findings']) expect(ctx.db.lite!.prepare(`select count(*) from ${table}`).pluck().get()).toBe(0);
    expect(ctx.db.lite!.prepare('select count(*) from audit_log').pluck().get()).toBe(auditBefore);
    expect(ctx.db.lite!.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('refuses bad staging by name: too large, out-of-order chunk, incomplete file, unknown id', async () => {
    const ctx = await setup();
    expect(await dispatch(ctx, 'files.begin', { fileName: 'x.csv', bytes: 600 * 1024 * 1024 })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('x.csv: the file is 629145600 bytes; the limit is') as string } });
    const { id } = ok<{ id: string }>(await dispatch(ctx, 'files.begin', { fileName: 'y.csv', bytes: 10 }));
    expect(await dispatch(ctx, 'files.append', { id, offset: 4, data: 'YWJj' })).toMatchObject({ ok: false, error: { message: 'y.csv: chunk at byte 4, expected 0' } });
    ok(await dispatch(ctx, 'files.append', { id, offset: 0, data: 'YWJj' }));
    expect(await dispatch(ctx, 'jobs.start', { task: { kind: 'monitoring.preview', fileId: id } })).toMatchObject({ ok: false, error: { message: 'y.csv: only 3 of 10 bytes arrived; choose the file again' } });
    expect(await dispatch(ctx, 'files.append', { id: 'f'.repeat(32), offset: 0, data: '' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatch(ctx, 'files.append', { id, offset: 3, data: 'not base64!' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('an auditor cannot start an import job', async () => {
    const ctx = await setup();
    await as(ctx, 'Aude Auditor', 'auditor');
    const fileId = await stage(ctx, 'a.csv', Buffer.from('timestamp,metric,value\n2026-01-01T00:00:00Z,x,1\n'));
    expect(await dispatch(ctx, 'jobs.start', { task: { kind: 'monitoring.ingest', fileId, ref: 'MDL-0001' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('a built worker starts with no execArgv, whatever flags the host was started with (tsx here)', async () => {
    const entry = join(tempDir(), 'echo.cjs');
    writeFileSync(entry, "require('node:worker_threads').parentPort.postMessage(process.execArgv);");
    expect(process.execArgv.length).toBeGreaterThan(0);
    const w = spawn(entry, null);
    const argv = await new Promise((resolve) => w.once('message', resolve));
    await w.terminate();
    expect(argv).toEqual([]);
  });
});

describe('the warm worker (the app hosts keep one started)', () => {
  it('runs job after job in the kept worker: results, refusals, a cancel and the next job all as with fresh workers', async () => {
    const runtime = await createRuntime(join(tempDir(), 'warm.db'), { now: () => new Date('2026-06-01T10:00:00Z'), warmWorker: true, dailyBackup: 'off' });
    try {
      const { ctx } = runtime;
      await as(ctx, 'Rita Officer', 'risk_officer');
      ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0001', name: 'Loan default', purpose: 'PD', businessUnit: 'Retail', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' }));
      const prom = await stage(ctx, 'prom.json', readFileSync(join(FIXTURES, 'prometheus_query_range_matrix.json')));
      const run = async (task: unknown): Promise<JobState> => ctx.jobs.wait(ok<JobState>(await dispatch(ctx, 'jobs.start', { task })).id);
      for (let i = 0; i < 3; i++) expect(await run({ kind: 'monitoring.preview', fileId: prom })).toMatchObject({ state: 'done', result: { format: 'prometheus' } });
      expect(await run({ kind: 'monitoring.ingest', fileId: prom, ref: 'MDL-0001' })).toMatchObject({ state: 'done' });
      expect(await run({ kind: 'monitoring.ingest', fileId: prom, ref: 'MDL-0001' })).toMatchObject({ state: 'failed', error: { code: 'conflict' } });
      // The preview for the model now names the import it would repeat.
      expect(await run({ kind: 'monitoring.preview', fileId: prom, ref: 'MDL-0001' })).toMatchObject({ state: 'done', result: { duplicateOf: { fileName: 'prom.json' } } });
      const big = await stage(ctx, 'huge.csv', bigCsv(1_500_000));
      const job = ok<JobState>(await dispatch(ctx, 'jobs.start', { task: { kind: 'monitoring.ingest', fileId: big, ref: 'MDL-0001' } }));
      await expect.poll(async () => ok<JobState>(await dispatch(ctx, 'jobs.get', { id: job.id })).done, { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
      await dispatch(ctx, 'jobs.cancel', { id: job.id });
      expect(await ctx.jobs.wait(job.id)).toMatchObject({ state: 'cancelled' });
      expect(ctx.db.lite!.prepare('select count(*) from monitoring_imports').pluck().get()).toBe(1);
      expect(await run({ kind: 'monitoring.preview', fileId: prom })).toMatchObject({ state: 'done', result: { format: 'prometheus' } });
    } finally {
      runtime.close();
    }
  });
});

describe('the report workers the app hosts keep (prepared on opening a big portfolio, kept between reports)', () => {
  const now = () => new Date('2026-06-01T10:00:00Z');
  const seeded = async (): Promise<string> => {
    const file = join(tempDir(), 'big.db');
    const seeding = await createRuntime(file, { now, dailyBackup: 'off' });
    try {
      await seedDemo(seeding.ctx, { models: POOL_FROM_MODELS, seed: 4 });
      // Who makes the reports, once: a change of profile is audited, and would change the next report.
      await as(seeding.ctx, 'Ada Auditor', 'auditor');
    } finally {
      seeding.close();
    }
    return file;
  };
  const report = async (ctx: HandlerContext): Promise<JobState> =>
    ctx.jobs.wait(ok<JobState>(await dispatch(ctx, 'jobs.start', { task: { kind: 'report', request: { kind: 'portfolio', asOf: '2026-06-01' } } })).id);
  const sha = (job: JobState): string => (job.result as { register: ReportRegisterRow }).register.sha256;

  it('a report asked for while they are prepared waits for them; it and the next, in the kept workers, are the bytes fresh workers make', async () => {
    const file = await seeded();
    const cold = await createRuntime(file, { now, dailyBackup: 'off' });
    let fresh: string;
    try {
      expect(cold.ctx.jobs.reportWorker()).toBe(null);
      fresh = sha(await report(cold.ctx));
    } finally {
      cold.close();
    }
    const app = await createRuntime(file, { now, dailyBackup: 'off', warmWorker: true });
    try {
      expect(app.ctx.jobs.reportWorker()).toBe('preparing');
      const first = await report(app.ctx);
      expect(first).toMatchObject({ state: 'done' });
      expect(sha(first)).toBe(fresh);
      expect(app.ctx.jobs.reportWorker()).toBe('kept');
      expect(sha(await report(app.ctx))).toBe(fresh);
      // Other jobs still run in the ordinary spare meanwhile.
      await as(app.ctx, 'Rita Officer', 'risk_officer');
      const prom = await stage(app.ctx, 'prom.json', readFileSync(join(FIXTURES, 'prometheus_query_range_matrix.json')));
      expect(await app.ctx.jobs.wait(ok<JobState>(await dispatch(app.ctx, 'jobs.start', { task: { kind: 'monitoring.preview', fileId: prom } })).id)).toMatchObject({ state: 'done', result: { format: 'prometheus' } });
      expect(app.ctx.jobs.reportWorker()).toBe('kept');
    } finally {
      app.close();
    }
  });

  it('a restore while the workers are prepared ends the preparation (it reads the file being replaced), and reports go on', async () => {
    const file = await seeded();
    const app = await createRuntime(file, { now, dailyBackup: 'off', warmWorker: true });
    try {
      await as(app.ctx, 'Lea Lead', 'review_lead');
      const backup = ok<{ name: string }>(await dispatch(app.ctx, 'backups.create', {}));
      expect(app.ctx.jobs.reportWorker()).toBe('preparing');
      ok(await dispatch(app.ctx, 'backups.restore', { name: backup.name }));
      expect(app.ctx.jobs.reportWorker()).toBe(null);
      expect(app.ctx.db.lite!.prepare("select action from audit_log order by seq desc limit 1").pluck().get()).toBe('restore');
      await as(app.ctx, 'Ada Auditor', 'auditor');
      expect(await report(app.ctx)).toMatchObject({ state: 'done' });
    } finally {
      app.close();
    }
  });

  it('a report cancelled while the workers are prepared ends cancelled, and the kept workers are ended after reportKeepMs without a report', async () => {
    const file = await seeded();
    const app = await createRuntime(file, { now, dailyBackup: 'off', warmWorker: true, reportKeepMs: 200 });
    try {
      expect(app.ctx.jobs.reportWorker()).toBe('preparing');
      const job = ok<JobState>(await dispatch(app.ctx, 'jobs.start', { task: { kind: 'report', request: { kind: 'portfolio', asOf: '2026-06-01' } } }));
      ok(await dispatch(app.ctx, 'jobs.cancel', { id: job.id }));
      expect(await app.ctx.jobs.wait(job.id)).toMatchObject({ state: 'cancelled' });
      expect(app.ctx.db.lite!.prepare('select count(*) from reports').pluck().get()).toBe(0);
      await expect.poll(() => app.ctx.jobs.reportWorker(), { timeout: 60_000, interval: 50 }).toBe('kept');
      await expect.poll(() => app.ctx.jobs.reportWorker(), { timeout: 10_000, interval: 50 }).toBe(null);
      await as(app.ctx, 'Ada Auditor', 'auditor');
      expect(await report(app.ctx)).toMatchObject({ state: 'done' });
    } finally {
      app.close();
    }
  });
});
