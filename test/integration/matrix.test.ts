import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/handlers';
import { emptyRisks, type Assessment } from '../../shared/assessment';
import type { Result } from '../../shared/contract';
import { defaultMatrix, fourByFourMatrix, resizeMatrix, type RiskMatrix } from '../../shared/matrix';
import { emptyModelInput } from '../../shared/model';
import { describeEngines, portfolio } from '../helpers/engines';
import { as } from '../helpers/people';

const ok = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

describeEngines('risk matrix versions', () => {
  it('saves a new version; approved assessments keep the version and bands they were scored on', async () => {
    const { ctx } = await portfolio();
    await as(ctx, 'Rita Officer', 'risk_officer');
    ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0001', name: 'M', purpose: 'p', businessUnit: 'b', owner: 'o', developers: ['d'] }));
    const draft = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
    const risks = emptyRisks().map((r) => ({ ...r, inherentProbability: 4, inherentImpact: 4, controls: 'c', residualProbability: 3, residualImpact: 3, treatment: 'mitigate' as const, rationale: 'why' }));
    const saved = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: draft.id, expectedUpdatedAt: draft.updatedAt, risks }));
    ok(await dispatch(ctx, 'assessments.submit', { id: saved.id, expectedUpdatedAt: saved.updatedAt }));
    await as(ctx, 'Lea Lead', 'review_lead');
    const approved = ok<Assessment>(await dispatch(ctx, 'assessments.approve', { id: saved.id }));
    expect(approved.overallResidual?.id).toBe('medium'); // 3 × 3 = 9 on the default matrix

    // A stricter v2: score 9 becomes High.
    const stricter = { ...defaultMatrix(), name: 'Stricter', grid: defaultMatrix().grid.map((row, p) => row.map((b, i) => ((p + 1) * (i + 1) === 9 ? 'high' : b))) };
    const v2 = ok<RiskMatrix>(await dispatch(ctx, 'matrix.save', { definition: stricter }));
    expect(v2.version).toBe(2);
    expect(ok<RiskMatrix>(await dispatch(ctx, 'matrix.current', {})).name).toBe('Stricter');
    const kept = ok<{ assessment: Assessment; matrix: RiskMatrix }>(await dispatch(ctx, 'assessments.get', { id: approved.id }));
    expect(kept.assessment.matrixVersion).toBe(1);
    expect(kept.matrix.version).toBe(1);
    expect(kept.assessment.overallResidual?.id).toBe('medium');

    // The reassessment is scored on the new version, its levels mapped by the rule confirmed.
    await as(ctx, 'Rita Officer', 'risk_officer');
    const next = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001', remap: 'scale' }));
    expect(next.matrixVersion).toBe(2);
    expect(next.overallResidual?.id).toBe('high');
    expect(ok<{ version: number; assessments: number }[]>(await dispatch(ctx, 'matrix.versions', {}))).toMatchObject([{ version: 2, assessments: 1 }, { version: 1, assessments: 1 }]);
  });

  it('scores a 4 × 4 matrix and refuses levels outside it', async () => {
    const { ctx } = await portfolio();
    await as(ctx, 'Lea Lead', 'review_lead');
    ok(await dispatch(ctx, 'matrix.save', { definition: fourByFourMatrix() }));
    ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0001', name: 'M', purpose: 'p', businessUnit: 'b', owner: 'o', developers: ['d'] }));
    const draft = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
    const risks = emptyRisks().map((r) => ({ ...r, inherentProbability: 4, inherentImpact: 4 }));
    const saved = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: draft.id, expectedUpdatedAt: draft.updatedAt, risks }));
    expect(saved.risks[0]!.inherentBand?.id).toBe('critical');
    const outside = await dispatch(ctx, 'assessments.save', { id: draft.id, expectedUpdatedAt: saved.updatedAt, risks: risks.map((r) => ({ ...r, inherentImpact: 5 })) });
    expect(outside).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('outside the 4 × 4 matrix') as string } });
  });

  it('refuses invalid matrices, unchanged saves and non-leads, changing nothing', async () => {
    const { ctx } = await portfolio();
    await as(ctx, 'Rita Officer', 'risk_officer');
    expect(await dispatch(ctx, 'matrix.save', { definition: fourByFourMatrix() })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await as(ctx, 'Lea Lead', 'review_lead');
    expect(await dispatch(ctx, 'matrix.save', { definition: defaultMatrix() })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const broken = { ...defaultMatrix(), grid: defaultMatrix().grid.map((r, p) => (p === 1 ? r.slice(0, 3) : r)) };
    expect(await dispatch(ctx, 'matrix.save', { definition: broken })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('definition.grid.1') as string } });
    const tooBig = resizeMatrix(defaultMatrix(), 7, 5);
    expect((await dispatch(ctx, 'matrix.save', { definition: tooBig })).ok).toBe(false);
    expect(ok<unknown[]>(await dispatch(ctx, 'matrix.versions', {}))).toHaveLength(1);
  });
});

describe('resizeMatrix', () => {
  it('keeps existing levels and cells and fills new ones from their neighbours', () => {
    const six = resizeMatrix(defaultMatrix(), 6, 6);
    expect(six.probability).toHaveLength(6);
    expect(six.probability[5]).toEqual({ label: 'Level 6', description: '' });
    expect(six.grid[5]![5]).toBe('critical');
    expect(six.grid[0]![0]).toBe('low');
    const three = resizeMatrix(defaultMatrix(), 3, 3);
    expect(three.grid).toEqual(defaultMatrix().grid.slice(0, 3).map((r) => r.slice(0, 3)));
  });
});
