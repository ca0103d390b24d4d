import { expect, it } from 'vitest';
import { verifyAudit } from '../../db/audit';
import { dispatch, type HandlerContext } from '../../electron/handlers';
import { contract, type Method, type Result } from '../../shared/contract';
import { listModelRows, listModels, ratingsByRef } from '../../db/queries/models';
import { inTransaction } from '../../db/client';
import { createRuntime } from '../../electron/runtime';
import { trackRuntime } from '../helpers/temp';
import { emptyModelInput, toListRow, type Model, type ModelInput, type ModelListRow } from '../../shared/model';
import { describeEngines, portfolio } from '../helpers/engines';
import { as } from '../helpers/people';

const input = (over: Partial<ModelInput> = {}): ModelInput => ({
  ...emptyModelInput(),
  ref: 'MDL-0100',
  name: 'Churn prediction – UK',
  purpose: 'Ranks customers by churn risk.',
  businessUnit: 'Retail Banking',
  owner: 'Ana Martin',
  developers: ['Ben Okafor'],
  validator: 'Chloé Rossi',
  status: 'development',
  ...over,
});

const ok = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const auditCount = async (ctx: HandlerContext): Promise<number> => (await ctx.db.q.value<number>('select count(*) from audit_log'))!;

describeEngines('handler table through dispatch', () => {
  it('rejects an unknown method with the typed error', async () => {
    const { ctx } = await portfolio();
    for (const m of ['models.drop', '__proto__', 'constructor', 42, null]) {
      const r = await dispatch(ctx, m, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  it('rejects invalid input for every method in the contract, and changes nothing', async () => {
    const { ctx } = await portfolio();
    const before = await auditCount(ctx);
    for (const method of Object.keys(contract) as Method[]) {
      for (const bad of [{ __unexpected: true }, 'text', [1, 2], 42]) {
        const r = await dispatch(ctx, method, bad);
        expect(r.ok, `${method} accepted ${JSON.stringify(bad)}`).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toBe('invalid_input');
          expect(r.error.message).toContain(`input for ${method}`);
          expect(Array.isArray(r.error.details?.issues)).toBe(true);
        }
      }
    }
    expect(await auditCount(ctx)).toBe(before);
  });

  it('creates, reads, updates and retires a model, auditing each change in a verifiable chain', async () => {
    const { ctx } = await portfolio();
    await as(ctx, 'Rita Officer', 'risk_officer');
    const created = ok<Model>(await dispatch(ctx, 'models.create', input()));
    expect(created).toMatchObject({ ref: 'MDL-0100', status: 'development', retiredAt: null });
    expect(ok<Model>(await dispatch(ctx, 'models.get', { ref: 'MDL-0100' }))).toEqual(created);
    expect(ok<{ ref: string }>(await dispatch(ctx, 'models.nextRef', {})).ref).toBe('MDL-0101');

    const updated = ok<Model>(await dispatch(ctx, 'models.update', { ref: 'MDL-0100', expectedUpdatedAt: created.updatedAt, fields: input({ version: '2.0.0' }) }));
    expect(updated.version).toBe('2.0.0');
    expect(updated.updatedAt > created.updatedAt).toBe(true);

    const stale = await dispatch(ctx, 'models.update', { ref: 'MDL-0100', expectedUpdatedAt: created.updatedAt, fields: input({ version: '3.0.0' }) });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const retired = ok<Model>(await dispatch(ctx, 'models.retire', { ref: 'MDL-0100', reason: 'Replaced by MDL-0101' }));
    expect(retired).toMatchObject({ status: 'retired', retirementReason: 'Replaced by MDL-0101' });
    expect(retired.retiredAt).not.toBeNull();
    expect(await dispatch(ctx, 'models.update', { ref: 'MDL-0100', expectedUpdatedAt: retired.updatedAt, fields: input() })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await dispatch(ctx, 'models.retire', { ref: 'MDL-0100', reason: 'again' })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // Retired models stay in the inventory.
    expect(ok<Model[]>(await dispatch(ctx, 'models.list', {})).map((m) => m.ref)).toEqual(['MDL-0100']);
    expect(ok<Model[]>(await dispatch(ctx, 'models.list', { includeRetired: false }))).toEqual([]);

    const log = await ctx.db.q.all<{ action: string; actor: string; entity: string; id: string; before: string | null; after: string | null }>('select action, actor, entity, entity_id as id, before, after from audit_log order by seq');
    expect(log.map((e) => `${e.action} ${e.entity}`)).toEqual(['create person', 'create model', 'update model', 'retire model']);
    expect(log.slice(1).every((e) => e.actor === 'Rita Officer' && e.id === 'MDL-0100')).toBe(true);
    expect(JSON.parse(log[2]!.before!)).toMatchObject({ version: '1.0.0' });
    expect(JSON.parse(log[2]!.after!)).toMatchObject({ version: '2.0.0' });
    expect(await verifyAudit(ctx.db)).toMatchObject({ ok: true, count: 4 });
    // The audit screen's page and its total: the whole log, and a filtered part of it.
    const page = ok<{ entries: { seq: number }[]; total: number }>(await dispatch(ctx, 'audit.list', { limit: 2 }));
    expect({ seqs: page.entries.map((e) => e.seq), total: page.total }).toEqual({ seqs: [4, 3], total: 4 });
    expect(ok<{ total: number }>(await dispatch(ctx, 'audit.list', { entity: 'model', limit: 1 })).total).toBe(3);
    // A search ignores case on both engines, and its % and _ are only characters.
    expect(ok<{ total: number }>(await dispatch(ctx, 'audit.list', { search: 'rita officer' })).total).toBe(4);
    expect(ok<{ total: number }>(await dispatch(ctx, 'audit.list', { search: 'MDL-01%', entity: 'model' })).total).toBe(0);
    expect(ok<{ total: number }>(await dispatch(ctx, 'audit.list', { search: 'mdl-0100', action: 'update' })).total).toBe(1);
  });

  it('reads the inventory again after any change: from this host, from another connection, never from a rolled-back transaction', async () => {
    const rt = await portfolio();
    const { ctx } = rt;
    await as(ctx, 'Rita Officer', 'risk_officer');
    const refs = async (c: HandlerContext = ctx): Promise<string[]> => ok<ModelListRow[]>(await dispatch(c, 'models.list', {})).map((m) => `${m.ref} ${m.version}`);
    ok(await dispatch(ctx, 'models.create', input()));
    expect(await refs()).toEqual(['MDL-0100 1.0.0']);
    expect(await refs()).toEqual(['MDL-0100 1.0.0']);
    const created = ok<Model>(await dispatch(ctx, 'models.get', { ref: 'MDL-0100' }));
    ok(await dispatch(ctx, 'models.update', { ref: 'MDL-0100', expectedUpdatedAt: created.updatedAt, fields: input({ version: '1.1.0' }) }));
    expect(await refs()).toEqual(['MDL-0100 1.1.0']);

    // Another connection to the same portfolio (another desk, or a worker) adds a model.
    const other = trackRuntime(await createRuntime(ctx.db.where, { listen: false }));
    await as(other.ctx, 'Rita Officer', 'risk_officer');
    ok(await dispatch(other.ctx, 'models.create', input({ ref: 'MDL-0101', name: 'Second model' })));
    expect(await refs()).toEqual(['MDL-0100 1.1.0', 'MDL-0101 1.0.0']);
    // …changes one (read alone, merged into the last read) and retires the other.
    const now = ok<Model>(await dispatch(other.ctx, 'models.get', { ref: 'MDL-0100' }));
    ok(await dispatch(other.ctx, 'models.update', { ref: 'MDL-0100', expectedUpdatedAt: now.updatedAt, fields: input({ version: '1.1.1' }) }));
    expect(await refs()).toEqual(['MDL-0100 1.1.1', 'MDL-0101 1.0.0']);
    ok(await dispatch(other.ctx, 'models.retire', { ref: 'MDL-0101', reason: 'Replaced by MDL-0100' }));
    expect(ok<ModelListRow[]>(await dispatch(ctx, 'models.list', { includeRetired: false })).map((m) => m.ref)).toEqual(['MDL-0100']);
    expect(ok<ModelListRow[]>(await dispatch(ctx, 'models.list', {}))).toEqual(await listModelRows(trackRuntime(await createRuntime(ctx.db.where, { listen: false })).ctx.db));
    ok(await dispatch(other.ctx, 'models.update', { ref: 'MDL-0100', expectedUpdatedAt: ok<Model>(await dispatch(other.ctx, 'models.get', { ref: 'MDL-0100' })).updatedAt, fields: input({ version: '1.1.0' }) }));

    // What a transaction reads before it rolls back is never served afterwards.
    await expect(
      inTransaction(ctx.db, async () => {
        await ctx.db.q.run('update models set version = ? where ref = ?', ['9.9.9', 'MDL-0100']);
        expect((await listModelRows(ctx.db)).map((m) => m.version)).toEqual(['9.9.9', '1.0.0']);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await refs()).toEqual(['MDL-0100 1.1.0', 'MDL-0101 1.0.0']);
    expect(await refs(other.ctx)).toEqual(['MDL-0100 1.1.0', 'MDL-0101 1.0.0']);
  });

  it('refuses bad input with one message naming the field, and writes nothing', async () => {
    const { ctx } = await portfolio();
    await as(ctx, 'Rita Officer', 'risk_officer');
    const r = await dispatch(ctx, 'models.create', input({ validator: 'Ben Okafor' }));
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Invalid input for models.create: validator: validator must differ from the developers' } });
    const dup = await dispatch(ctx, 'models.create', input());
    expect(dup.ok).toBe(true);
    const again = await dispatch(ctx, 'models.create', input({ name: 'Other' }));
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', details: { issues: [{ path: 'ref' }] } } });
    const renamed = await dispatch(ctx, 'models.update', { ref: 'MDL-0100', expectedUpdatedAt: 'x', fields: input({ ref: 'MDL-0999' }) });
    expect(renamed).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch(ctx, 'models.get', { ref: 'MDL-0404' })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'No model with reference MDL-0404' } });
    expect(await auditCount(ctx)).toBe(2);
  });

  it('walks the first run: profile, then an empty or demo portfolio, once', async () => {
    const { ctx } = await portfolio();
    expect(ok(await dispatch(ctx, 'app.info', {}))).toMatchObject({ profile: null, firstRun: true, modelCount: 0, schemaVersion: ctx.schemaVersion });
    await as(ctx, 'Lea Lead', 'review_lead');
    expect(await dispatch(ctx, 'profile.save', { name: 'X', role: 'boss' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(ok<{ created: number }>(await dispatch(ctx, 'portfolio.start', { choice: 'demo', models: 120 })).created).toBe(120);
    expect(ok(await dispatch(ctx, 'app.info', {}))).toMatchObject({ profile: { name: 'Lea Lead', role: 'review_lead' }, firstRun: false, modelCount: 120 });
    expect(await dispatch(ctx, 'portfolio.start', { choice: 'empty' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // The fast list query must agree, field for field, with the full model of every row.
    const rows = ok<ModelListRow[]>(await dispatch(ctx, 'models.list', {}));
    const ratings = await ratingsByRef(ctx.db);
    expect(rows).toEqual((await listModels(ctx.db)).map((m) => toListRow(m, ratings.get(m.ref) ?? null)));
    expect(ok<ModelListRow[]>(await dispatch(ctx, 'models.list', { includeRetired: false }))).toEqual(rows.filter((r) => r.status !== 'retired'));
    expect(new Set(rows.map((r) => r.envStatus))).toEqual(new Set(['matches', 'drift', 'not-deployed']));
    // The demo shows every assessment state, with four-eyes respected and ratings on the list.
    const states = await ctx.db.q.all<{ status: string; n: number }>('select status, count(*) as n from assessments group by status');
    expect(states.map((x) => x.status).sort()).toEqual(['approved', 'draft', 'rejected', 'submitted']);
    expect((await ctx.db.q.value("select count(*) from assessments where status = 'approved' and lower(decided_by) = lower(assessor)"))).toBe(0);
    expect((await ctx.db.q.value("select count(*) from (select model_id from assessments where status = 'approved' group by model_id having count(*) > 1) as twice"))).toBeGreaterThan(5);
    expect(rows.filter((r) => r.rating !== null).length).toBeGreaterThan(40);
    const m = ok<{ version: number; bands: unknown[] }>(await dispatch(ctx, 'matrix.current', {}));
    expect(m.version).toBe(1);
    expect(m.bands).toHaveLength(4);
  });
});
