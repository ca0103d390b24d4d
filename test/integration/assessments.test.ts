import { expect, it } from 'vitest';
import { verifyAudit } from '../../db/audit';
import { dispatch, type HandlerContext } from '../../electron/handlers';
import { emptyRisks, type Assessment, type RiskInput } from '../../shared/assessment';
import type { HeatMap, Result } from '../../shared/contract';
import { emptyModelInput, type ModelListRow } from '../../shared/model';
import { describeEngines, portfolio } from '../helpers/engines';
import { as } from '../helpers/people';

const ok = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const refused = (r: Result<unknown>): { code: string; message: string } => {
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
};
const auditCount = async (ctx: HandlerContext): Promise<number> => (await ctx.db.q.value<number>('select count(*) from audit_log'))!;

const filled = (residual: [number, number] = [2, 2]): RiskInput[] =>
  emptyRisks().map((r) => ({ ...r, inherentProbability: 3, inherentImpact: 4, controls: 'Fallback rules; weekly monitoring', residualProbability: residual[0], residualImpact: residual[1], treatment: 'mitigate', rationale: 'Controls tested in Q3' }));

const setup = async () => {
  const rt = await portfolio();
  const { ctx } = rt;
  await as(ctx, 'Rita Officer', 'risk_officer');
  ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0001', name: 'Churn', purpose: 'Churn risk', businessUnit: 'Retail', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' }));
  return ctx;
};

/** Rita fills and submits; returns the submitted assessment. */
const submitted = async (ctx: HandlerContext, residual?: [number, number]): Promise<Assessment> => {
  await as(ctx, 'Rita Officer', 'risk_officer');
  const draft = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
  const saved = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: draft.id, expectedUpdatedAt: draft.updatedAt, risks: filled(residual) }));
  return ok<Assessment>(await dispatch(ctx, 'assessments.submit', { id: saved.id, expectedUpdatedAt: saved.updatedAt }));
};

const rating = async (ctx: HandlerContext): Promise<ModelListRow['rating']> => ok<ModelListRow[]>(await dispatch(ctx, 'models.list', {}))[0]!.rating;

describeEngines('assessment workflow', () => {
  it('a reassessment submitted unchanged from the version it copies asks why, and records the reason', async () => {
    const ctx = await setup();
    const first = await submitted(ctx);
    await as(ctx, 'Lea Lead', 'review_lead');
    ok(await dispatch(ctx, 'assessments.approve', { id: first.id }));
    await as(ctx, 'Rita Officer', 'risk_officer');
    const copy = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
    expect(copy.basedOn).toBe(first.id);
    const e = refused(await dispatch(ctx, 'assessments.submit', { id: copy.id, expectedUpdatedAt: copy.updatedAt }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toContain('unchangedReason: nothing changed since v1');
    expect(refused(await dispatch(ctx, 'assessments.submit', { id: copy.id, expectedUpdatedAt: copy.updatedAt, unchangedReason: 'ok' })).message).toContain('at least 10 characters');
    const sent = ok<Assessment>(await dispatch(ctx, 'assessments.submit', { id: copy.id, expectedUpdatedAt: copy.updatedAt, unchangedReason: 'Reviewed with the owner, nothing changed' }));
    expect(sent).toMatchObject({ status: 'submitted', unchangedReason: 'Reviewed with the owner, nothing changed' });
    // A copy with a change needs no reason (and keeps none).
    await as(ctx, 'Lea Lead', 'review_lead');
    ok(await dispatch(ctx, 'assessments.reject', { id: sent.id, comment: 'Look at the drift again' }));
    await as(ctx, 'Rita Officer', 'risk_officer');
    const again = ok<{ assessment: Assessment }>(await dispatch(ctx, 'assessments.get', { id: sent.id })).assessment;
    const changed = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: again.id, expectedUpdatedAt: again.updatedAt, risks: filled([2, 3]) }));
    expect(ok<Assessment>(await dispatch(ctx, 'assessments.submit', { id: changed.id, expectedUpdatedAt: changed.updatedAt, unchangedReason: 'Reviewed with the owner, nothing changed' })).unchangedReason).toBe('');
  });

  it('goes draft → submitted → approved, scores on the matrix, and rates the model by its worst residual band', async () => {
    const ctx = await setup();
    expect(await rating(ctx)).toBeNull();
    expect(ok<HeatMap>(await dispatch(ctx, 'portfolio.heatmap', { basis: 'residual' }))).toMatchObject({ grids: [{ current: true, cells: [], models: 0 }], unassessed: 1 });
    const s = await submitted(ctx, [2, 3]);
    expect(s).toMatchObject({ status: 'submitted', assessor: 'Rita Officer', version: 1, matrixVersion: 1, basedOn: null });
    expect(s.risks.map((r) => r.inherentBand?.id)).toEqual(['high', 'high', 'high', 'high']);
    expect(s.overallResidual?.id).toBe('medium');
    expect(await rating(ctx)).toBeNull(); // not approved yet
    await as(ctx, 'Lea Lead', 'review_lead');
    const approved = ok<Assessment>(await dispatch(ctx, 'assessments.approve', { id: s.id, comment: 'Agreed' }));
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'Lea Lead', decisionComment: 'Agreed' });
    expect(await rating(ctx)).toMatchObject({ id: 'medium', name: 'Medium' });
    // The heat map places it in the cell of its worst risk: residual P2 × I3, inherent P3 × I4.
    const residual = ok<HeatMap>(await dispatch(ctx, 'portfolio.heatmap', { basis: 'residual' }));
    expect(residual.grids[0]!.cells).toEqual([{ probability: 2, impact: 3, refs: ['MDL-0001'] }]);
    expect(residual.byBand.find((b) => b.band.id === 'medium')?.count).toBe(1);
    expect(ok<HeatMap>(await dispatch(ctx, 'portfolio.heatmap', { basis: 'inherent' })).grids[0]!.cells).toEqual([{ probability: 3, impact: 4, refs: ['MDL-0001'] }]);
  });

  it('enforces four-eyes: the assessor cannot approve or reject their own submission', async () => {
    const ctx = await setup();
    await as(ctx, 'Lea Lead', 'review_lead');
    const draft = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
    const saved = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: draft.id, expectedUpdatedAt: draft.updatedAt, risks: filled() }));
    const sub = ok<Assessment>(await dispatch(ctx, 'assessments.submit', { id: saved.id, expectedUpdatedAt: saved.updatedAt }));
    for (const name of ['Lea Lead', ' lea lead ']) {
      await as(ctx, name, 'review_lead');
      expect(await dispatch(ctx, 'assessments.approve', { id: sub.id })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('Four-eyes') as string } });
      expect(await dispatch(ctx, 'assessments.reject', { id: sub.id, comment: 'nope' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    await as(ctx, 'Max Other', 'review_lead');
    expect(ok<Assessment>(await dispatch(ctx, 'assessments.approve', { id: sub.id })).status).toBe('approved');
  });

  it('enforces roles in the handlers: officers cannot decide, auditors cannot write', async () => {
    const ctx = await setup();
    const s = await submitted(ctx);
    expect(await dispatch(ctx, 'assessments.approve', { id: s.id })).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'A risk officer cannot approve assessments' } });
    await as(ctx, 'Aud Itor', 'auditor');
    const before = await auditCount(ctx);
    expect(await dispatch(ctx, 'assessments.approve', { id: s.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dispatch(ctx, 'models.update', { ref: 'MDL-0001', expectedUpdatedAt: 'x', fields: { ...emptyModelInput(), ref: 'MDL-0001', name: 'X', purpose: 'p', businessUnit: 'b', owner: 'o', developers: ['d'] } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dispatch(ctx, 'models.retire', { ref: 'MDL-0001', reason: 'because' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Auditors still read.
    expect(ok<unknown[]>(await dispatch(ctx, 'assessments.list', { ref: 'MDL-0001' }))).toHaveLength(1);
    expect(ok<{ entries: unknown[] }>(await dispatch(ctx, 'audit.list', {})).entries.length).toBeGreaterThan(0);
    expect(await auditCount(ctx)).toBe(before); // every refused write left no trace
  });

  it('requires a comment to reject, and a rejected assessment is editable again', async () => {
    const ctx = await setup();
    const s = await submitted(ctx);
    await as(ctx, 'Lea Lead', 'review_lead');
    expect(await dispatch(ctx, 'assessments.reject', { id: s.id, comment: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch(ctx, 'assessments.reject', { id: s.id })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const rejected = ok<Assessment>(await dispatch(ctx, 'assessments.reject', { id: s.id, comment: 'Degradation controls are not evidenced' }));
    expect(rejected).toMatchObject({ status: 'rejected', decisionComment: 'Degradation controls are not evidenced' });
    await as(ctx, 'Rita Officer', 'risk_officer');
    const edited = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: s.id, expectedUpdatedAt: rejected.updatedAt, risks: filled([1, 2]) }));
    expect(edited.status).toBe('draft');
    expect(ok<Assessment>(await dispatch(ctx, 'assessments.submit', { id: s.id, expectedUpdatedAt: edited.updatedAt })).status).toBe('submitted');
  });

  it('a decision carries the version the lead read: changed since, it is refused, saying who changed what and when', async () => {
    const ctx = await setup();
    const s = await submitted(ctx, [2, 2]);
    const seen = s.updatedAt; // Lea opens it here
    await as(ctx, 'Leo Lead', 'review_lead');
    const rejected = ok<Assessment>(await dispatch(ctx, 'assessments.reject', { id: s.id, comment: 'Residual too optimistic', expectedUpdatedAt: seen }));
    await as(ctx, 'Rita Officer', 'risk_officer');
    const edited = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: s.id, expectedUpdatedAt: rejected.updatedAt, risks: filled([3, 2]) }));
    const again = ok<Assessment>(await dispatch(ctx, 'assessments.submit', { id: s.id, expectedUpdatedAt: edited.updatedAt }));
    await as(ctx, 'Lea Lead', 'review_lead');
    const before = await auditCount(ctx);
    const stale = await dispatch(ctx, 'assessments.approve', { id: s.id, comment: 'Agreed', expectedUpdatedAt: seen });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict', details: { changes: [{ actor: 'Leo Lead', action: 'reject' }, { actor: 'Rita Officer', action: 'update' }, { actor: 'Rita Officer', action: 'submit' }] } } });
    const message = (stale as { error: { message: string } }).error.message;
    expect(message).toMatch(/^Assessment MDL-0001 v1 changed after you opened it: Leo Lead rejected it at \d{4}-\d\d-\d\d \d\d:\d\d UTC; Rita Officer edited it at .*; Rita Officer submitted it at .*\. What differs: Unavailability: residual P2 × I2 → P3 × I2; .*Read it again, then decide$/);
    expect(await auditCount(ctx)).toBe(before);
    // Read again, it goes through.
    expect(ok<Assessment>(await dispatch(ctx, 'assessments.approve', { id: s.id, comment: 'Agreed', expectedUpdatedAt: again.updatedAt })).status).toBe('approved');
  });

  it('keeps an approved assessment immutable and copies it forward into the reassessment', async () => {
    const ctx = await setup();
    const s = await submitted(ctx, [2, 3]);
    await as(ctx, 'Lea Lead', 'review_lead');
    const approved = ok<Assessment>(await dispatch(ctx, 'assessments.approve', { id: s.id }));
    await as(ctx, 'Rita Officer', 'risk_officer');
    expect(await dispatch(ctx, 'assessments.save', { id: s.id, expectedUpdatedAt: approved.updatedAt, risks: filled() })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await dispatch(ctx, 'assessments.submit', { id: s.id, expectedUpdatedAt: approved.updatedAt })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const next = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
    expect(next).toMatchObject({ version: 2, status: 'draft', basedOn: s.id });
    expect(next.risks.map(({ inherentBand: _a, residualBand: _b, flags: _c, ...r }) => r)).toEqual(filled([2, 3]));
    // Only one assessment in progress at a time.
    expect(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // The approved one did not change.
    expect(ok<{ assessment: Assessment }>(await dispatch(ctx, 'assessments.get', { id: s.id })).assessment).toEqual(approved);
    // The model keeps its rating from v1 while v2 is a draft.
    expect((await rating(ctx))?.id).toBe('medium');
  });

  it('refuses to submit an incomplete assessment, naming what is missing', async () => {
    const ctx = await setup();
    const draft = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
    const r = await dispatch(ctx, 'assessments.submit', { id: draft.id, expectedUpdatedAt: draft.updatedAt });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('Unavailability: choose the inherent probability') as string } });
    const bad = await dispatch(ctx, 'assessments.save', { id: draft.id, expectedUpdatedAt: draft.updatedAt, risks: filled().map((x, i) => (i === 1 ? { ...x, residualImpact: 6 } : x)) });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('risks.1.residualImpact') as string } });
    const wrongOrder = await dispatch(ctx, 'assessments.save', { id: draft.id, expectedUpdatedAt: draft.updatedAt, risks: filled().reverse() });
    expect(wrongOrder).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('flags inconsistent residuals without blocking', async () => {
    const ctx = await setup();
    const draft = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
    const risks = filled().map((x, i) => (i === 0 ? { ...x, residualProbability: 5 } : i === 1 ? { ...x, controls: '' } : x));
    const saved = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: draft.id, expectedUpdatedAt: draft.updatedAt, risks }));
    expect(saved.risks[0]!.flags).toEqual(['residual is above inherent']);
    expect(saved.risks[1]!.flags).toEqual(['residual is below inherent but no control is named']);
    expect(saved.risks[2]!.flags).toEqual([]);
  });

  it('writes exactly one audit entry per change, before and after, in a valid chain', async () => {
    const ctx = await setup();
    const start = await auditCount(ctx);
    const s = await submitted(ctx); // start, save, submit (+1 profile switch)
    await as(ctx, 'Lea Lead', 'review_lead');
    ok(await dispatch(ctx, 'assessments.approve', { id: s.id }));
    const rows = await ctx.db.q.all<{ action: string; entity: string; id: string; actor: string; before: string | null; after: string | null }>('select action, entity, entity_id as id, actor, before, after from audit_log where seq > ? order by seq', [start]);
    expect(rows.map((r) => `${r.entity}:${r.action}`)).toEqual(['profile:switch', 'assessment:create', 'assessment:update', 'assessment:submit', 'person:create', 'assessment:approve']);
    const approve = rows.at(-1)!;
    expect(approve).toMatchObject({ id: 'MDL-0001#1', actor: 'Lea Lead' });
    expect(JSON.parse(approve.before!)).toMatchObject({ status: 'submitted' });
    expect(JSON.parse(approve.after!)).toMatchObject({ status: 'approved' });
    expect((await verifyAudit(ctx.db)).ok).toBe(true);
    // A failed change writes nothing.
    const n = await auditCount(ctx);
    await dispatch(ctx, 'assessments.approve', { id: s.id });
    expect(await auditCount(ctx)).toBe(n);
  });
});
