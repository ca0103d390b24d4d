import { inTransaction } from '../../db/client';
import { appendAudit } from '../../db/audit';
import ICAL from 'ical.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { dispatch, type HandlerContext } from '../../electron/handlers';
import { createRuntime } from '../../electron/runtime';
import { recordTrigger } from '../../electron/services/triggers';
import { emptyRisks, type Assessment } from '../../shared/assessment';
import type { ReviewRow, Result } from '../../shared/contract';
import { emptyModelInput, modelInputOf, type Model, type ModelInput } from '../../shared/model';
import { addMonthsToDay, defaultPolicy, intervalFor, type ReviewPolicy } from '../../shared/schedule';
import { tempDir } from '../helpers/temp';
import { describeEngines, portfolio } from '../helpers/engines';
import { as } from '../helpers/people';

const ok = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const row = async (ctx: HandlerContext, ref: string): Promise<ReviewRow> => ok<ReviewRow[]>(await dispatch(ctx, 'reviews.list', {})).find((r) => r.ref === ref)!;

/** A runtime whose clock the test moves. */
const clocked = async (start: string) => {
  let now = new Date(start);
  const rt = await portfolio(() => now);
  return { ctx: rt.ctx, set: (iso: string) => void (now = new Date(iso)) };
};

const base = (over: Partial<ModelInput> = {}): ModelInput => ({
  ...emptyModelInput(), ref: 'MDL-0001', name: 'Churn', purpose: 'Churn risk', businessUnit: 'Retail', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production', tier: 2,
  validatedEnv: { python: '3.11', numpy: '1.26' }, productionEnv: { python: '3.11', numpy: '1.26' }, ...over,
});

/** Creates MDL-0001 and gets an assessment approved with every residual at P × I. */
const approvedModel = async (ctx: HandlerContext, residual: [number, number], over: Partial<ModelInput> = {}): Promise<void> => {
  await as(ctx, 'Rita Officer', 'risk_officer');
  ok(await dispatch(ctx, 'models.create', base(over)));
  const a = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
  const risks = emptyRisks().map((r) => ({ ...r, inherentProbability: 5, inherentImpact: 5, controls: 'c', residualProbability: residual[0], residualImpact: residual[1], treatment: 'mitigate' as const, rationale: 'why' }));
  const s = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: a.id, expectedUpdatedAt: a.updatedAt, risks }));
  ok(await dispatch(ctx, 'assessments.submit', { id: s.id, expectedUpdatedAt: s.updatedAt }));
  await as(ctx, 'Lea Lead', 'review_lead');
  ok(await dispatch(ctx, 'assessments.approve', { id: s.id }));
  await as(ctx, 'Rita Officer', 'risk_officer');
};

const edit = async (ctx: HandlerContext, patch: Partial<ModelInput>): Promise<void> => {
  const m = ok<Model>(await dispatch(ctx, 'models.get', { ref: 'MDL-0001' }));
  ok(await dispatch(ctx, 'models.update', { ref: 'MDL-0001', expectedUpdatedAt: m.updatedAt, fields: { ...modelInputOf(m), ...patch } }));
};

describeEngines('review schedule and triggers', () => {
  it('schedules from the approval date by band, unassessed production models are due now', async () => {
    const { ctx } = await clocked('2026-01-31T10:00:00Z');
    await as(ctx, 'Rita Officer', 'risk_officer');
    ok(await dispatch(ctx, 'models.create', base({ ref: 'MDL-0009' })));
    expect(await row(ctx, 'MDL-0009')).toMatchObject({ status: 'unassessed', due: '2026-01-31' });
    await approvedModel(ctx, [2, 5]); // 10 = High → 6 months
    expect(await row(ctx, 'MDL-0001')).toMatchObject({ status: 'on-track', due: '2026-07-31', band: { name: 'High' }, reason: 'High: every 6 months from approval on 2026-01-31' });
  });

  it.each([
    ['a new version', { version: '2.0.0' }, 'new version 2.0.0 (was 1.0.0)'],
    ['a change of use', { intendedUse: 'Now also used for pricing' }, 'change of use: intended use edited'],
    ['a change of exposure', { exposure: 'public' as const }, 'exposure internal → public'],
    ['a change of tier', { tier: 1 as const }, 'materiality tier 2 → 1'],
    ['a production environment that no longer matches', { productionEnv: { python: '3.12', numpy: '1.26', pandas: '2.2' } }, 'production environment differs from the validated one: python: validated 3.11, production 3.12; pandas 2.2: in production, not validated'],
  ])('brings the review forward on %s, recorded with reason and date', async (_what, patch, reason) => {
    const { ctx, set } = await clocked('2026-01-10T09:00:00Z');
    await approvedModel(ctx, [1, 2]); // Low → 24 months
    expect((await row(ctx, 'MDL-0001')).due).toBe('2028-01-10');
    set('2026-03-05T12:00:00Z');
    await edit(ctx, patch);
    expect(await row(ctx, 'MDL-0001')).toMatchObject({ due: '2026-03-05', status: 'due', openTriggers: 1, reason: `brought forward: ${reason} (2026-03-05)` });
    expect(ok<{ reason: string; date: string; open: boolean }[]>(await dispatch(ctx, 'reviews.triggers', { ref: 'MDL-0001' }))).toEqual([{ kind: expect.any(String) as string, reason, date: '2026-03-05', open: true }]);
    set('2026-03-20T12:00:00Z');
    expect((await row(ctx, 'MDL-0001')).status).toBe('overdue');
  });

  it('offers a hook for monitoring findings that brings the review forward', async () => {
    const { ctx, set } = await clocked('2026-01-10T09:00:00Z');
    await approvedModel(ctx, [1, 2]);
    set('2026-04-01T08:00:00Z');
    const model = ok<Model>(await dispatch(ctx, 'models.get', { ref: 'MDL-0001' }));
    // As an import calls it: inside the import's transaction, beside its audit entry (a team database refuses a change without one).
    await inTransaction(ctx.db, async () => {
      await recordTrigger(ctx.db, model.id, { kind: 'monitoring', reason: 'finding: share of drifted columns 0.42 ≥ 0.3' }, ctx.now());
      await appendAudit(ctx.db, { actor: { name: 'Monitoring pipeline', id: null, os: 'test' }, action: 'import', entity: 'monitoring', entityId: 'MDL-0001', after: { finding: 'share of drifted columns' }, at: ctx.now() });
    });
    expect(await row(ctx, 'MDL-0001')).toMatchObject({ due: '2026-04-01', status: 'due', reason: 'brought forward: finding: share of drifted columns 0.42 ≥ 0.3 (2026-04-01)' });
  });

  it('does not trigger on edits that do not call for a review', async () => {
    const { ctx } = await clocked('2026-01-10T09:00:00Z');
    await approvedModel(ctx, [1, 2]);
    await edit(ctx, { description: 'Better wording', owner: 'Someone Else' });
    expect(await row(ctx, 'MDL-0001')).toMatchObject({ openTriggers: 0, due: '2028-01-10' });
  });

  it('a new approval answers the triggers before it', async () => {
    const { ctx, set } = await clocked('2026-01-10T09:00:00Z');
    await approvedModel(ctx, [1, 2]);
    set('2026-02-01T09:00:00Z');
    await edit(ctx, { version: '1.1.0' });
    expect((await row(ctx, 'MDL-0001')).openTriggers).toBe(1);
    set('2026-02-10T09:00:00Z');
    const a = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
    ok(await dispatch(ctx, 'assessments.submit', { id: a.id, expectedUpdatedAt: a.updatedAt, unchangedReason: 'Reviewed after the new version: nothing changed' }));
    await as(ctx, 'Lea Lead', 'review_lead');
    ok(await dispatch(ctx, 'assessments.approve', { id: a.id }));
    expect(await row(ctx, 'MDL-0001')).toMatchObject({ openTriggers: 0, due: '2028-02-10', status: 'on-track' });
  });

  it('recomputes every due date when the policy changes, audited, leads only', async () => {
    const { ctx } = await clocked('2026-01-31T09:00:00Z');
    await approvedModel(ctx, [1, 2], { tier: 1 });
    expect((await row(ctx, 'MDL-0001')).due).toBe('2027-01-31'); // Low 24 months capped at 12 for tier 1
    const policy: ReviewPolicy = { ...defaultPolicy(), intervals: { ...defaultPolicy().intervals, low: 1 } };
    expect(await dispatch(ctx, 'reviews.savePolicy', { policy })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await as(ctx, 'Lea Lead', 'review_lead');
    ok(await dispatch(ctx, 'reviews.savePolicy', { policy }));
    expect((await row(ctx, 'MDL-0001')).due).toBe('2026-02-28');
    expect((await ctx.db.q.value("select count(*) from audit_log where entity_id = 'review.policy'"))).toBe(1);
    expect(await dispatch(ctx, 'reviews.savePolicy', { policy: { ...policy, intervals: { low: 0 } } })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('assigns a reviewer and a planned date, and exports a calendar that a real parser reads with stable UIDs', async () => {
    const { ctx, set } = await clocked('2026-01-31T09:00:00Z');
    await approvedModel(ctx, [2, 5]);
    await as(ctx, 'Lea Lead', 'review_lead');
    expect(await dispatch(ctx, 'reviews.assign', { ref: 'MDL-0001', reviewer: 'Omar Haddad', plannedDate: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(ok<ReviewRow>(await dispatch(ctx, 'reviews.assign', { ref: 'MDL-0001', reviewer: 'Omar Haddad', plannedDate: '2026-07-15' }))).toMatchObject({ reviewer: 'Omar Haddad', plannedDate: '2026-07-15' });
    const first = ok<{ ics: string; events: number }>(await dispatch(ctx, 'reviews.exportIcs', {}));
    const parse = (ics: string) => ICAL.Component.fromString(ics).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const [event] = parse(first.ics);
    expect(event!.summary).toBe('Review MDL-0001 – Churn (High)');
    expect(event!.startDate.toString()).toBe('2026-07-15');
    expect(event!.description).toContain('Reviewer: Omar Haddad');
    ok(await dispatch(ctx, 'reviews.assign', { ref: 'MDL-0001', reviewer: 'Sofia Lind', plannedDate: '2026-07-20' }));
    set('2026-02-02T09:00:00Z');
    const [moved] = parse(ok<{ ics: string }>(await dispatch(ctx, 'reviews.exportIcs', {})).ics);
    expect(moved!.uid).toBe(event!.uid);
    expect(moved!.startDate.toString()).toBe('2026-07-20');
    const csv = ok<{ csv: string }>(await dispatch(ctx, 'reviews.exportCsv', {})).csv;
    expect(csv.split('\r\n')[1]).toContain('MDL-0001,Churn,Retail,Ana,2,High,2026-01-31,2026-07-31,on-track');
  });
});

describe('mrd reviews due', () => {
  it('agrees with the policy for every model of the demo', async () => {
    const db = join(tempDir(), 'demo.db');
    const out: string[] = [];
    expect(await runCli(['--db', db, 'seed-demo', '--models', '300'], { out: (s) => out.push(s), err: () => undefined })).toBe(0);
    const json: string[] = [];
    expect(await runCli(['--db', db, 'reviews', 'due', '--within', '3650', '--json'], { out: (s) => json.push(s), err: () => undefined })).toBe(0);
    const due = JSON.parse(json.join('')) as { ref: string; due: string; status: string; reason: string }[];
    expect(new Set(due.map((d) => d.status))).toEqual(new Set(['overdue', 'due', 'on-track', 'unassessed']));
    // Open triggers after the approval, findings overdue today and expired acceptances (which bring a review forward too).
    const today = new Date().toISOString().slice(0, 10);
    const rt = await createRuntime(db);
    const approvals = new Map(
      (rt.ctx.db.lite!.prepare("select m.ref, m.tier, m.rating, a.decided_at, min(coalesce((select min(t.date) from review_triggers t where t.model_id = m.id and t.at > a.decided_at), '9999'), coalesce((select min(f.due_date) from findings f where f.model_id = m.id and f.remediation <> 'closed' and f.due_date < ?), '9999'), coalesce((select min(r.expires_on) from risk_acceptances r where r.assessment_id = m.current_assessment_id and r.expires_on < ?), '9999')) as trig from models m join assessments a on a.id = m.current_assessment_id where m.status <> 'retired'").raw().all(today, today) as [string, number, string, string, string | null][]).map((r) => [r[0], r]),
    );
    rt.close();
    let checked = 0;
    for (const d of due) {
      const a = approvals.get(d.ref);
      if (!a) {
        expect(d.status).toBe('unassessed');
        continue;
      }
      const [, tier, rating, decidedAt, trigger] = a;
      const byInterval = addMonthsToDay(decidedAt.slice(0, 10), intervalFor(defaultPolicy(), JSON.parse(rating) as never, tier));
      expect(d.due, d.ref).toBe(trigger && trigger !== '9999' && trigger < byInterval ? trigger : byInterval);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe("one model's schedule", () => {
  it("is the row the whole portfolio's plan has for it, for every model of the demo (triggers, plans, retired)", async () => {
    const db = join(tempDir(), 'demo.db');
    expect(await runCli(['--db', db, 'seed-demo', '--models', '120'], { out: () => undefined, err: () => undefined })).toBe(0);
    const rt = await createRuntime(db);
    try {
      const { ctx } = rt;
      await as(ctx, 'Lea Lead', 'review_lead');
      const active = ok<ReviewRow[]>(await dispatch(ctx, 'reviews.list', {})).find((r) => r.modelStatus !== 'retired')!;
      ok(await dispatch(ctx, 'reviews.assign', { ref: active.ref, reviewer: 'Rita Officer', plannedDate: '2027-01-15' }));
      const all = ok<ReviewRow[]>(await dispatch(ctx, 'reviews.list', {}));
      expect(all.length).toBeGreaterThan(100);
      expect(all.some((r) => r.openTriggers > 0)).toBe(true);
      expect(all.some((r) => r.modelStatus === 'retired')).toBe(true);
      expect(all.find((r) => r.ref === active.ref)!.reviewer).toBe('Rita Officer');
      for (const r of all) expect(ok<ReviewRow>(await dispatch(ctx, 'reviews.get', { ref: r.ref })), r.ref).toEqual(r);
      const model = all.find((r) => r.openTriggers > 0)!;
      const triggers = ok<{ open: boolean }[]>(await dispatch(ctx, 'reviews.triggers', { ref: model.ref }));
      expect(triggers.filter((t) => t.open)).toHaveLength(model.openTriggers);
      expect(await dispatch(ctx, 'reviews.get', { ref: 'MDL-9999' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      rt.close();
    }
  });
});
