/**
 * A team database that goes away mid-work: the server stopped at once (`pg_ctl stop -m
 * immediate`, as in a crash or a pulled cable) in the middle of an import, an approval and a
 * report, and a connection that hangs. Nothing is half-written, nothing acknowledged is lost, the
 * app says the connection is lost, and it carries on once the server is back.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '../../electron/handlers';
import { createRuntime } from '../../electron/runtime';
import { collectReport } from '../../electron/services/reports/data';
import { ingestGenericCsvFile } from '../../electron/services/monitoring/streamCsv';
import { lostConnection } from '../../db/pg/errors';
import { emptyRisks, type Assessment } from '../../shared/assessment';
import { defaultRules } from '../../shared/monitoring';
import { emptyModelInput } from '../../shared/model';
import { engineRuntime, suiteCluster } from '../helpers/engines';
import { as } from '../helpers/people';
import { ok, refused } from '../helpers/result';
import { tempDir } from '../helpers/temp';

const count = async (ctx: HandlerContext, table: string): Promise<number> => (await ctx.db.q.value<number>(`select count(*) from ${table}`))!;

/** A model with an assessment submitted by Rita, ready for Lea's decision. */
const submitted = async (ctx: HandlerContext, ref: string): Promise<Assessment> => {
  await as(ctx, 'Rita Officer', 'risk_officer');
  ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref, name: `Model ${ref}`, purpose: 'p', businessUnit: 'Retail', owner: 'o', developers: ['d'], validator: 'v', status: 'production' }));
  const draft = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref }));
  const risks = emptyRisks().map((r) => ({ ...r, inherentProbability: 4, inherentImpact: 4, controls: 'Fallback', residualProbability: 2, residualImpact: 3, treatment: 'mitigate' as const, rationale: 'Tested' }));
  const saved = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: draft.id, expectedUpdatedAt: draft.updatedAt, risks }));
  return ok<Assessment>(await dispatch(ctx, 'assessments.submit', { id: saved.id, expectedUpdatedAt: saved.updatedAt }));
};

describe('a team database that goes away (pg_ctl stop -m immediate)', () => {
  it('an import cut off mid-COPY leaves nothing behind; after the restart the same file imports whole', async () => {
    const cluster = await suiteCluster();
    const { ctx } = await engineRuntime('postgres');
    await submitted(ctx, 'MDL-0001');
    const before = { imports: await count(ctx, 'monitoring_imports'), points: await count(ctx, 'metric_points'), audit: await count(ctx, 'audit_log') };
    // 250,000 rows, about 10 MB: several 4 MB chunks, so the server goes while rows are streaming.
    const file = join(tempDir(), 'big.csv');
    const lines = ['timestamp,metric,value'];
    for (let i = 0; i < 250_000; i++) lines.push(`2026-11-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z,accuracy_${i % 50},0.9${i % 10}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const req = { ref: 'MDL-0001', path: file, actor: { name: 'Rita Officer', id: null, os: 'tester' }, now: ctx.now(), rules: defaultRules() };
    let halted = false;
    const error = await ingestGenericCsvFile(ctx.db, req, {
      progress: () => {
        if (!halted) cluster.halt();
        halted = true;
      },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(halted).toBe(true);
    expect(lostConnection(error)?.message).toMatch(/^The connection to the team database was lost \(the server (was shut down|cannot be reached)\)/);
    // While it is down, every call says so, in the same words, and nothing else.
    expect(refused(await dispatch(ctx, 'models.list', {}))).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/^The connection to the team database was lost/) as string });
    cluster.start();
    expect({ imports: await count(ctx, 'monitoring_imports'), points: await count(ctx, 'metric_points'), audit: await count(ctx, 'audit_log') }).toEqual(before);
    const whole = await ingestGenericCsvFile(ctx.db, req);
    expect(whole.rows).toBe(250_000);
    expect(await count(ctx, 'metric_points')).toBe(before.points + 250_000);
  }, 240_000);

  it('an approval acknowledged before the stop is there after it; one refused while it is down goes through once it is back', async () => {
    const cluster = await suiteCluster();
    const { ctx } = await engineRuntime('postgres');
    const first = await submitted(ctx, 'MDL-0001');
    const second = await submitted(ctx, 'MDL-0002');
    await as(ctx, 'Lea Lead', 'review_lead');
    ok(await dispatch(ctx, 'assessments.approve', { id: first.id, comment: 'Agreed' }));
    cluster.halt();
    const down = refused(await dispatch(ctx, 'assessments.approve', { id: second.id, comment: 'Agreed too' }));
    expect(down.code).toBe('unavailable');
    expect(down.message).toMatch(/^The connection to the team database was lost .*Model Risk Desk reconnects by itself when the server is back; then try again/);
    cluster.start();
    const statuses = async (): Promise<Record<string, string>> => Object.fromEntries((await ctx.db.q.rows('select m.ref, a.status from assessments a join models m on m.id = a.model_id order by m.ref')) as [string, string][]);
    expect(await statuses()).toEqual({ 'MDL-0001': 'approved', 'MDL-0002': 'submitted' });
    ok(await dispatch(ctx, 'assessments.approve', { id: second.id, comment: 'Agreed too' }));
    expect(await statuses()).toEqual({ 'MDL-0001': 'approved', 'MDL-0002': 'approved' });
    expect(ok<{ ok: boolean }>(await dispatch(ctx, 'audit.verify', {})).ok).toBe(true);
  }, 240_000);

  it('a report whose reading is cut off registers nothing; after the restart it is made whole', async () => {
    const cluster = await suiteCluster();
    const { ctx } = await engineRuntime('postgres');
    for (const ref of ['MDL-0001', 'MDL-0002', 'MDL-0003']) await submitted(ctx, ref);
    const asOf = ctx.now().toISOString().slice(0, 10);
    let halted = false;
    const error = await collectReport(ctx.db, { kind: 'portfolio', asOf, scope: {} }, (done) => {
      if (done === 2 && !halted) {
        cluster.halt();
        halted = true;
      }
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(halted).toBe(true);
    expect(lostConnection(error)).not.toBeNull();
    cluster.start();
    expect(await count(ctx, 'reports')).toBe(0);
    const data = await collectReport(ctx.db, { kind: 'portfolio', asOf, scope: {} });
    expect(data.models.map((m) => m.model.ref)).toEqual(['MDL-0001', 'MDL-0002', 'MDL-0003']);
  }, 240_000);

  it('a connection that hangs is given up with a message saying so, at connect and mid-query', async () => {
    const cluster = await suiteCluster();
    // A proxy to the cluster's socket that can go silent: bytes stop flowing both ways, nothing closes.
    let silent = false;
    const sockets: Socket[] = [];
    const { connect } = await import('node:net');
    const proxy = createServer((client) => {
      const server = connect(join(cluster.socketDir, `.s.PGSQL.${cluster.port}`));
      sockets.push(client, server);
      client.on('data', (d) => void (silent || server.write(d)));
      server.on('data', (d) => void (silent || client.write(d)));
      client.on('error', () => undefined);
      server.on('error', () => undefined);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const { port } = proxy.address() as { port: number };
      cluster.psql('create database hang_db');
      const url = `postgres://postgres@127.0.0.1:${port}/hang_db`;
      const { teamInit } = await import('../../db/pg/admin');
      await teamInit(url, new Date());
      const { ctx, close } = await createRuntime(url, { queryTimeoutMs: 1500 });
      try {
        expect(ok<unknown[]>(await dispatch(ctx, 'models.list', {}))).toEqual([]);
        silent = true;
        const hung = refused(await dispatch(ctx, 'models.list', {}));
        expect(hung).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/^The connection to the team database was lost \(the server stopped answering\)/) as string });
      } finally {
        close();
      }
      // A new connection to a server that never answers: the connect timeout (10 s) says so.
      await expect(createRuntime(url)).rejects.toThrow(/the server did not answer within 10 s/);
    } finally {
      for (const s of sockets) s.destroy();
      proxy.close();
    }
  }, 240_000);
});
