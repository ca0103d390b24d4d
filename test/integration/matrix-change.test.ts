import { expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '../../electron/handlers';
import { emptyRisks, type Assessment } from '../../shared/assessment';
import type { HeatMap, StartPlan } from '../../shared/contract';
import { fourByFourMatrix } from '../../shared/matrix';
import { emptyModelInput } from '../../shared/model';
import { as } from '../helpers/people';
import { describeEngines, portfolio } from '../helpers/engines';
import { ok } from '../helpers/result';
import { pdfText, report } from '../helpers/reportJob';


/** Approves one assessment of `ref` on the matrix in force, every risk at (p, i) inherent and residual. */
const approvedAt = async (ctx: HandlerContext, ref: string, p: number, i: number): Promise<Assessment> => {
  await as(ctx, 'Rita Officer', 'risk_officer');
  ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref, name: ref, purpose: 'p', businessUnit: 'Retail', owner: 'o', developers: ['d'], validator: 'v', status: 'production' }));
  const draft = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref }));
  const risks = emptyRisks().map((r) => ({ ...r, inherentProbability: p, inherentImpact: i, controls: '', residualProbability: p, residualImpact: i, treatment: 'transfer' as const, rationale: 'as is' }));
  const saved = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: draft.id, expectedUpdatedAt: draft.updatedAt, risks }));
  const submitted = ok<Assessment>(await dispatch(ctx, 'assessments.submit', { id: saved.id, expectedUpdatedAt: saved.updatedAt }));
  await as(ctx, 'Lea Lead', 'review_lead');
  return ok<Assessment>(await dispatch(ctx, 'assessments.approve', { id: submitted.id }));
};

describeEngines('a new matrix version keeps the portfolio as it was approved', () => {
  const setup = async () => {
    const { ctx } = await portfolio();
    await as(ctx, 'Lea Lead', 'review_lead');
    await approvedAt(ctx, 'MDL-0001', 5, 5); // Critical (25)
    await approvedAt(ctx, 'MDL-0002', 5, 4); // Critical (20)
    await approvedAt(ctx, 'MDL-0003', 4, 3); // High (12)
    await approvedAt(ctx, 'MDL-0004', 1, 2); // Low (2)
    await as(ctx, 'Lea Lead', 'review_lead');
    ok(await dispatch(ctx, 'matrix.save', { definition: fourByFourMatrix() }));
    return ctx;
  };

  it('the heat map counts and places each model on its own assessment\'s matrix, never on cells of another grid', async () => {
    const ctx = await setup();
    const map = ok<HeatMap>(await dispatch(ctx, 'portfolio.heatmap', { basis: 'residual' }));
    expect(map.grids.map((g) => [g.matrix.version, g.current, g.models])).toEqual([[2, true, 0], [1, false, 4]]);
    expect(map.byBand.map((b) => `${b.band.name} ${b.count}`)).toEqual(['Low 1', 'Medium 0', 'High 1', 'Critical 2']);
    const old = map.grids[1]!;
    const critical = old.cells.filter((c) => old.matrix.grid[c.probability - 1]![c.impact - 1] === 'critical').flatMap((c) => c.refs).sort();
    expect(critical).toEqual(['MDL-0001', 'MDL-0002']);
    expect(old.cells.find((c) => c.probability === 4 && c.impact === 3)?.refs).toEqual(['MDL-0003']);
  });

  it('a reassessment of a model scored at level 5 starts on the 4 × 4 matrix by a rule the user sees and confirms, each copied level marked', async () => {
    const ctx = await setup();
    await as(ctx, 'Rita Officer', 'risk_officer');
    const plan = ok<StartPlan>(await dispatch(ctx, 'assessments.planStart', { ref: 'MDL-0001' }));
    expect(plan).toMatchObject({ copiedFrom: { version: 1, matrix: { version: 1, probability: 5, impact: 5 } }, matrix: { version: 2, probability: 4, impact: 4 }, needsRule: true });
    expect(plan.options.map((o) => o.rule)).toEqual(['scale', 'band']);
    expect(plan.options[0]!.changes).toContainEqual({ category: 'Unavailability', field: 'inherent probability', from: 5, to: 4 });
    expect(plan.options[0]!.marked).toBe(16);
    // Without a rule it is not an error about levels, but a question.
    expect(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' })).toMatchObject({ ok: false, error: { code: 'conflict', details: { needsRule: true }, message: expect.stringContaining('Choose how its levels are mapped') as string } });
    const draft = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001', remap: 'band' }));
    expect(draft.matrixVersion).toBe(2);
    expect(draft.risks.map((r) => [r.inherentProbability, r.inherentImpact, r.residualBand?.id])).toEqual(Array(4).fill([4, 4, 'critical']));
    expect(draft.remapped).toMatchObject({ fromVersion: 1, toVersion: 2, rule: 'band' });
    expect(draft.remapped!.fields).toContain('risks.0.inherentProbability');
    // High (4 × 3 = 12) by place on the scale: P4 of 5 → 3 of 4, I3 of 5 → 3 of 4 (9, High); by band it also stays High.
    const high = ok<StartPlan>(await dispatch(ctx, 'assessments.planStart', { ref: 'MDL-0003' }));
    expect(high.options.find((o) => o.rule === 'scale')!.changes).toContainEqual({ category: 'Unavailability', field: 'inherent probability', from: 4, to: 3 });
    const scaled = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0003', remap: 'scale' }));
    expect(scaled.overallResidual?.id).toBe('high');
    // Every model copied from the older matrix asks for a rule, whatever its levels.
    expect(ok<StartPlan>(await dispatch(ctx, 'assessments.planStart', { ref: 'MDL-0004' }))).toMatchObject({ needsRule: true });
  });

  it('reports count and draw each model on its own matrix, and name the matrix in force at the as-of date with the day it took effect', async () => {
    const ctx = await setup();
    await as(ctx, 'Aude Auditor', 'auditor');
    const today = ctx.now().toISOString().slice(0, 10);
    const t = pdfText((await report(ctx, { kind: 'portfolio', asOf: today })).file);
    expect(t).toMatch(/Critical\s+2\s/);
    expect(t).toContain('Models still rated on Default 5 × 5, matrix version 1 (4)');
    expect(t).toContain(`Risk matrix: 4 × 4 (version 2, in force since ${today})`);
    const before = pdfText((await report(ctx, { kind: 'portfolio', asOf: '2026-01-01' })).file);
    expect(before).toContain('Risk matrix: Default 5 × 5 (version 1, the default, in force from the start)');
    expect(before).not.toContain('Models still rated on');
  });
});
