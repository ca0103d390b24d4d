/**
 * Treatment plans and risk acceptance (electron/handlers/treatments.ts, assessments.approve) on
 * both engines: four eyes on acceptances, the policy's cap on expiry (Critical refused), an
 * expired acceptance bringing the review forward until a reassessment, actions that progress
 * after approval, finishing with a note and evidence, every change audited, bad input writing
 * nothing.
 */
import { expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '../../electron/handlers';
import type { MyWork, ReviewRow } from '../../shared/contract';
import { emptyModelInput } from '../../shared/model';
import { emptyRisks, type Assessment, type RiskInput } from '../../shared/assessment';
import type { RiskAcceptance, TreatmentAction } from '../../shared/treatments';
import { describeEngines, portfolio } from '../helpers/engines';
import { as } from '../helpers/people';
import { ok, refused } from '../helpers/result';
import { FILE_CHUNK_BYTES } from '../../shared/contract';
import { createHash } from 'node:crypto';
import { pdfText, report } from '../helpers/reportJob';

const clocked = async (start: string) => {
  let now = new Date(start);
  const rt = await portfolio(() => now);
  return { ctx: rt.ctx, set: (iso: string) => void (now = new Date(iso)) };
};

/** Risk 2 (bad prediction) accepted at the residual given, the others mitigated. */
const risks = (accepted: [number, number]): RiskInput[] =>
  emptyRisks().map((r, i) => ({ ...r, inherentProbability: 5, inherentImpact: 5, controls: 'c', residualProbability: i === 1 ? accepted[0] : 2, residualImpact: i === 1 ? accepted[1] : 2, treatment: i === 1 ? 'accept' : 'mitigate', rationale: 'why' }));

const submitted = async (ctx: HandlerContext, rs: RiskInput[]): Promise<Assessment> => {
  await as(ctx, 'Rita Officer', 'risk_officer');
  const a = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
  const s = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: a.id, expectedUpdatedAt: a.updatedAt, risks: rs }));
  return ok<Assessment>(await dispatch(ctx, 'assessments.submit', { id: s.id, expectedUpdatedAt: s.updatedAt }));
};

const setup = async (start = '2026-12-01T09:00:00Z') => {
  const c = await clocked(start);
  await as(c.ctx, 'Lea Lead', 'review_lead');
  await as(c.ctx, 'Rita Officer', 'risk_officer');
  ok(await dispatch(c.ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0001', name: 'Card fraud', purpose: 'p', businessUnit: 'Cards', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production', tier: 2 }));
  return c;
};

const entries = async (ctx: HandlerContext, entity: string): Promise<string[]> => (await ctx.db.q.all<{ a: string }>('select action || \' \' || entity as a from audit_log where entity = ? order by seq', [entity])).map((r) => r.a);
const acceptance = { category: 'bad_prediction', justification: 'Loss per error is small and capped by the limit system', expiresOn: '2027-06-30' } as const;

describeEngines('risk acceptance', () => {
  it('approving an accepted risk needs its acceptance, within the policy cap for its band; refusals write nothing', async () => {
    const { ctx } = await setup();
    const a = await submitted(ctx, risks([2, 5])); // 10: High, at most 12 months
    expect(a.risks[1]!.residualBand?.id).toBe('high');
    await as(ctx, 'Lea Lead', 'review_lead');
    const cases: [unknown, string, string][] = [
      [undefined, 'risks.1.treatment', 'needs its acceptance'],
      [[{ ...acceptance, expiresOn: '2028-01-01' }], 'acceptances.0.expiresOn', 'at most 12 months, until 2027-12-01'],
      [[{ ...acceptance, expiresOn: '2026-12-01' }], 'acceptances.0.expiresOn', 'after today'],
      [[{ ...acceptance, justification: 'ok' }], 'acceptances.0.justification', 'at least 10 characters'],
      [[acceptance, { ...acceptance, category: 'degradation' }], 'acceptances.1.category', 'is not treated by accept'],
    ];
    for (const [given, path, message] of cases) {
      const e = refused(await dispatch(ctx, 'assessments.approve', { id: a.id, ...(given ? { acceptances: given } : {}) }));
      expect(e.code, path).toBe('invalid_input');
      expect(e.message, path).toContain(path);
      expect(e.message, path).toContain(message);
    }
    expect(ok<{ assessment: Assessment }>(await dispatch(ctx, 'assessments.get', { id: a.id })).assessment.status).toBe('submitted');
    expect(ok<RiskAcceptance[]>(await dispatch(ctx, 'acceptances.list', {}))).toEqual([]);

    ok(await dispatch(ctx, 'assessments.approve', { id: a.id, acceptances: [acceptance] }));
    const [given] = ok<RiskAcceptance[]>(await dispatch(ctx, 'acceptances.list', { ref: 'MDL-0001' }));
    expect(given).toMatchObject({ modelRef: 'MDL-0001', assessmentVersion: 1, assessor: 'Rita Officer', category: 'bad_prediction', band: 'High', acceptedBy: 'Lea Lead', expiresOn: '2027-06-30', status: 'active', justification: acceptance.justification });
    expect(await entries(ctx, 'acceptance')).toEqual(['create acceptance']);
  });

  it('four eyes: the assessor cannot accept their own risk; Critical is refused unless the policy allows it', async () => {
    const { ctx } = await setup();
    // Lea assesses; she cannot accept what she submitted (nor approve it).
    await as(ctx, 'Lea Lead', 'review_lead');
    const own = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
    const saved = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: own.id, expectedUpdatedAt: own.updatedAt, risks: risks([5, 5]) }));
    ok(await dispatch(ctx, 'assessments.submit', { id: saved.id, expectedUpdatedAt: saved.updatedAt }));
    expect(refused(await dispatch(ctx, 'assessments.approve', { id: own.id, acceptances: [acceptance] })).code).toBe('forbidden');
    expect(ok<RiskAcceptance[]>(await dispatch(ctx, 'acceptances.list', {}))).toEqual([]);

    await as(ctx, 'Max Lead', 'review_lead');
    const e = refused(await dispatch(ctx, 'assessments.approve', { id: own.id, acceptances: [acceptance] }));
    expect(e.message).toContain('does not allow accepting a Critical residual risk');
    const policy = ok<Record<string, unknown>>(await dispatch(ctx, 'reviews.policy', {}));
    expect(policy.acceptanceMonths).toEqual({ critical: 0, high: 12, medium: 24, low: 36 });
    ok(await dispatch(ctx, 'reviews.savePolicy', { policy: { ...policy, acceptanceMonths: { ...(policy.acceptanceMonths as object), critical: 3 } } }));
    expect(refused(await dispatch(ctx, 'assessments.approve', { id: own.id, acceptances: [acceptance] })).message).toContain('at most 3 months, until 2027-03-01');
    ok(await dispatch(ctx, 'assessments.approve', { id: own.id, acceptances: [{ ...acceptance, expiresOn: '2027-02-28' }] }));
    expect(ok<RiskAcceptance[]>(await dispatch(ctx, 'acceptances.list', {}))[0]).toMatchObject({ band: 'Critical', acceptedBy: 'Max Lead', assessor: 'Lea Lead' });
  });

  it('an expired acceptance brings the review forward and is listed until a reassessment is approved', async () => {
    const { ctx, set } = await setup();
    const a = await submitted(ctx, risks([2, 5]));
    await as(ctx, 'Lea Lead', 'review_lead');
    ok(await dispatch(ctx, 'assessments.approve', { id: a.id, acceptances: [{ ...acceptance, expiresOn: '2027-01-15' }] }));
    const row = async (): Promise<ReviewRow> => ok<ReviewRow[]>(await dispatch(ctx, 'reviews.list', {})).find((r) => r.ref === 'MDL-0001')!;
    expect((await row()).due).toBe('2027-06-01'); // High, every 6 months

    set('2026-12-20T09:00:00Z');
    expect(ok<RiskAcceptance[]>(await dispatch(ctx, 'acceptances.list', {}))[0]!.status).toBe('expiring');
    expect(ok<MyWork>(await dispatch(ctx, 'work.mine', {})).acceptances.map((x) => x.status)).toEqual(['expiring']);

    set('2027-01-16T09:00:00Z');
    const late = await row();
    expect(late).toMatchObject({ due: '2027-01-15', status: 'overdue' });
    expect(late.reason).toContain('acceptance of the risk “Bad prediction” expired on 2027-01-15');
    expect(ok<RiskAcceptance[]>(await dispatch(ctx, 'acceptances.list', { status: 'expired' }))).toHaveLength(1);
    await as(ctx, 'Rita Officer', 'risk_officer');
    expect(ok<MyWork>(await dispatch(ctx, 'work.mine', {})).acceptances.map((x) => [x.modelRef, x.status])).toEqual([['MDL-0001', 'expired']]);

    // Reassessed with the risk mitigated: the old acceptance is superseded, the trigger gone.
    const b = await submitted(ctx, risks([2, 2]).map((r) => ({ ...r, treatment: 'mitigate' as const })));
    await as(ctx, 'Lea Lead', 'review_lead');
    ok(await dispatch(ctx, 'assessments.approve', { id: b.id }));
    expect(ok<RiskAcceptance[]>(await dispatch(ctx, 'acceptances.list', {}))[0]!.status).toBe('superseded');
    expect((await row()).status).toBe('on-track');
  });
});

describeEngines('treatment plans', () => {
  it('actions carry out a mitigated risk, keep progressing after approval, finish with a note and evidence; every change audited', async () => {
    const { ctx } = await setup();
    const base = { ref: 'MDL-0001', category: 'unavailability', title: 'Add a fallback rule set', owner: 'rita officer', dueDate: '2027-02-28' } as const;
    expect(refused(await dispatch(ctx, 'actions.create', base)).message).toContain('has no assessment yet');
    const a = await submitted(ctx, risks([2, 5]));
    expect(refused(await dispatch(ctx, 'actions.create', { ...base, category: 'bad_prediction' })).message).toContain('Bad prediction is treated by accept in MDL-0001 v1');
    expect(refused(await dispatch(ctx, 'actions.create', { ...base, owner: '' })).message).toContain('owner');
    const act = ok<TreatmentAction>(await dispatch(ctx, 'actions.create', base));
    expect(act).toMatchObject({ modelRef: 'MDL-0001', assessmentVersion: 1, category: 'unavailability', owner: 'Rita Officer', status: 'planned', dueDate: '2027-02-28' });

    await as(ctx, 'Lea Lead', 'review_lead');
    ok(await dispatch(ctx, 'assessments.approve', { id: a.id, acceptances: [acceptance] }));
    await as(ctx, 'Rita Officer', 'risk_officer');
    const fields = { id: act.id, title: act.title, owner: act.owner, dueDate: act.dueDate };
    const started = ok<TreatmentAction>(await dispatch(ctx, 'actions.update', { ...fields, expectedUpdatedAt: act.updatedAt, status: 'in_progress' }));
    expect(started.status).toBe('in_progress');
    expect(refused(await dispatch(ctx, 'actions.update', { ...fields, expectedUpdatedAt: act.updatedAt, status: 'done', note: 'Fallback rules deployed' })).code).toBe('conflict');
    expect(refused(await dispatch(ctx, 'actions.update', { ...fields, expectedUpdatedAt: started.updatedAt, status: 'done', note: 'done' })).message).toContain('note: finishing an action needs a note');
    expect(ok<MyWork>(await dispatch(ctx, 'work.mine', {})).actions.map((x) => x.id)).toEqual([act.id]);

    const bytes = Buffer.from('Failover drill 2027-01-10: fallback served 100% of traffic\n');
    const { id: fileId } = ok<{ id: string }>(await dispatch(ctx, 'files.begin', { fileName: 'drill.txt', bytes: bytes.length }));
    for (let o = 0; o < bytes.length; o += FILE_CHUNK_BYTES) ok(await dispatch(ctx, 'files.append', { id: fileId, offset: o, data: bytes.subarray(o, o + FILE_CHUNK_BYTES).toString('base64') }));
    const done = ok<TreatmentAction>(await dispatch(ctx, 'actions.update', { ...fields, expectedUpdatedAt: started.updatedAt, status: 'done', note: 'Fallback rules deployed and drilled', evidence: [fileId] }));
    expect(done).toMatchObject({ status: 'done', finishedBy: 'Rita Officer', note: 'Fallback rules deployed and drilled', evidence: [{ name: 'drill.txt', bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }] });
    expect(refused(await dispatch(ctx, 'actions.update', { ...fields, expectedUpdatedAt: done.updatedAt, status: 'in_progress' })).message).toContain('is done and no longer changes');
    expect(ok<MyWork>(await dispatch(ctx, 'work.mine', {})).actions).toEqual([]);
    expect(await entries(ctx, 'action')).toEqual(['create action', 'update action', 'update action']);

    await as(ctx, 'Aude Auditor', 'auditor');
    expect(refused(await dispatch(ctx, 'actions.create', base)).code).toBe('forbidden');
    expect(ok<TreatmentAction[]>(await dispatch(ctx, 'actions.list', { ref: 'MDL-0001' }))).toHaveLength(1);

    // The report prints each risk's actions (with the evidence hash) and its acceptance, and their entries in the trail.
    const { file } = await report(ctx, { kind: 'portfolio', asOf: '2026-12-01' });
    const text = pdfText(file).replace(/\s+/g, ' ');
    for (const piece of ['Treatment actions', 'Add a fallback rule set (planned', 'drill.txt', 'Risk acceptances', 'Lea Lead', '2027-06-30', 'Loss per error is small', 'Risk acceptances expired or expiring within 60 days (0)', 'Treatment actions overdue (0 of 0 open)']) expect(text, piece).toContain(piece);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(text).toContain(sha.slice(0, 32));
    expect(text).toMatch(new RegExp(`create action ${act.id} `));
    expect(text).toMatch(/create acceptance 1 /);
  });
});
