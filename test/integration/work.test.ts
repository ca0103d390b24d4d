/**
 * My work (electron/handlers/work.ts) on both engines: what waits for the person at the keyboard.
 * A submission waits for a review lead other than its submitter; a rejection goes back to its
 * assessor (not to the lead who rejected it); reviews planned with me, findings I own.
 */
import { expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '../../electron/handlers';
import type { MyWork, PortfolioWork } from '../../shared/contract';
import type { Finding } from '../../shared/monitoring';
import { emptyModelInput, type ModelOverview } from '../../shared/model';
import { emptyRisks, type Assessment } from '../../shared/assessment';
import { describeEngines, portfolio } from '../helpers/engines';
import { as } from '../helpers/people';
import { ok } from '../helpers/result';

const NOW = new Date('2026-12-02T09:00:00Z');
let tick = 0;
const clock = (): Date => new Date(NOW.getTime() + 1000 * tick++);

const mine = async (ctx: HandlerContext): Promise<MyWork> => ok<MyWork>(await dispatch(ctx, 'work.mine', {}));
const model = async (ctx: HandlerContext, ref: string, name: string): Promise<void> => {
  ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref, name, purpose: 'p', businessUnit: 'Cards', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' }));
};
const submitted = async (ctx: HandlerContext, ref: string): Promise<Assessment> => {
  const a = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref }));
  const risks = emptyRisks().map((r) => ({ ...r, inherentProbability: 4, inherentImpact: 4, controls: 'c', residualProbability: 2, residualImpact: 2, treatment: 'mitigate' as const, rationale: 'why' }));
  const s = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: a.id, expectedUpdatedAt: a.updatedAt, risks }));
  return ok<Assessment>(await dispatch(ctx, 'assessments.submit', { id: s.id, expectedUpdatedAt: s.updatedAt }));
};

describeEngines('my work', () => {
  it('a submission waits for a lead other than its submitter, and a rejection goes back to its assessor with the comment', async () => {
    const { ctx } = await portfolio(clock);
    await as(ctx, 'Lea Lead', 'review_lead');
    await as(ctx, 'Max Lead', 'review_lead');
    await as(ctx, 'Rita Officer', 'risk_officer');
    await model(ctx, 'MDL-0001', 'Card fraud');
    await model(ctx, 'MDL-0002', 'Churn');
    const rita = await submitted(ctx, 'MDL-0001');
    ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0002' }));
    await model(ctx, 'MDL-0003', 'Pricing');
    const r = await mine(ctx);
    expect(r.awaitingDecision).toEqual([]);
    expect(r.rework.map((a) => [a.ref, a.status])).toEqual([['MDL-0002', 'draft']]);
    expect(r.count).toBe(1);

    // Max, a lead, submits one of his own: it waits for Lea, never for him.
    await as(ctx, 'Max Lead', 'review_lead');
    await submitted(ctx, 'MDL-0003');
    expect((await mine(ctx)).awaitingDecision.map((a) => a.ref)).toEqual(['MDL-0001']);
    await as(ctx, 'Lea Lead', 'review_lead');
    expect((await mine(ctx)).awaitingDecision.map((a) => [a.ref, a.assessor])).toEqual([['MDL-0001', 'Rita Officer'], ['MDL-0003', 'Max Lead']]);

    ok(await dispatch(ctx, 'assessments.reject', { id: rita.id, comment: 'Controls are not evidenced' }));
    expect((await mine(ctx)).rework.map((a) => a.ref)).not.toContain('MDL-0001');
    await as(ctx, 'Rita Officer', 'risk_officer');
    const back = await mine(ctx);
    expect(back.rework.find((a) => a.ref === 'MDL-0001')).toMatchObject({ status: 'rejected', comment: 'Controls are not evidenced', assessor: 'Rita Officer' });
  });

  it('lists the reviews planned with me by date and the findings I own, the overdue first; an auditor has nothing to decide', async () => {
    const { ctx } = await portfolio(clock);
    await as(ctx, 'Dana Validator', 'risk_officer');
    await as(ctx, 'Rita Officer', 'risk_officer');
    await model(ctx, 'MDL-0001', 'Card fraud');
    await model(ctx, 'MDL-0002', 'Churn');
    const base = { kind: 'validation', category: 'bad_prediction', severity: 'high', description: 'd', actionPlan: 'a' } as const;
    const late = ok<Finding>(await dispatch(ctx, 'findings.create', { ...base, ref: 'MDL-0002', title: 'Recall below target', owner: 'Dana Validator', dueDate: '2026-11-01' }));
    const soon = ok<Finding>(await dispatch(ctx, 'findings.create', { ...base, ref: 'MDL-0001', title: 'Limitation not documented', owner: 'Dana Validator', dueDate: '2026-12-20' }));
    ok(await dispatch(ctx, 'findings.create', { ...base, ref: 'MDL-0001', title: 'Owned by Rita', owner: 'Rita Officer', dueDate: '2026-12-20' }));
    await as(ctx, 'Lea Lead', 'review_lead');
    ok(await dispatch(ctx, 'reviews.assign', { ref: 'MDL-0002', reviewer: 'Dana Validator', plannedDate: '2027-03-01' }));
    ok(await dispatch(ctx, 'reviews.assign', { ref: 'MDL-0001', reviewer: 'dana validator', plannedDate: '2027-01-15' }));

    await as(ctx, 'Dana Validator', 'risk_officer');
    const w = await mine(ctx);
    expect(w.reviews.map((r) => [r.ref, r.plannedDate])).toEqual([['MDL-0001', '2027-01-15'], ['MDL-0002', '2027-03-01']]);
    expect(w.findings.map((f) => f.id)).toEqual([late.id, soon.id]);
    expect(w.count).toBe(4);

    // A closed finding is no longer work.
    ok(await dispatch(ctx, 'findings.setRemediation', { id: soon.id, expectedUpdatedAt: soon.updatedAt, remediation: 'closed', justification: 'Limitation documented in the model card', evidence: [] }));
    expect((await mine(ctx)).findings.map((f) => f.id)).toEqual([late.id]);

    await as(ctx, 'Aude Auditor', 'auditor');
    expect(await mine(ctx)).toMatchObject({ awaitingDecision: [], rework: [], reviews: [], findings: [], count: 0 });
  });

  it('the portfolio versions: the models awaiting a decision or in progress, and each model\'s next review, open findings and work in the inventory', async () => {
    const { ctx } = await portfolio(clock);
    await as(ctx, 'Rita Officer', 'risk_officer');
    await model(ctx, 'MDL-0001', 'Card fraud');
    await model(ctx, 'MDL-0002', 'Churn');
    await submitted(ctx, 'MDL-0001');
    ok(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0002' }));
    ok(await dispatch(ctx, 'findings.create', { kind: 'incident', category: 'unavailability', severity: 'high', description: 'd', actionPlan: 'a', ref: 'MDL-0002', title: 'Scoring down for 3 hours', owner: 'Rita Officer', dueDate: null }));
    expect(ok<PortfolioWork>(await dispatch(ctx, 'work.portfolio', {}))).toEqual({ awaitingDecision: ['MDL-0001'], inProgress: ['MDL-0002'], actionsOverdue: [], acceptancesExpired: [], acceptancesExpiring: [] });
    const overview = ok<ModelOverview[]>(await dispatch(ctx, 'models.overview', {}));
    expect(overview.map((o) => [o.ref, o.work, o.openFindings, o.reviewStatus])).toEqual([['MDL-0001', 'submitted', 0, 'unassessed'], ['MDL-0002', 'draft', 1, 'unassessed']]);
  });
});
