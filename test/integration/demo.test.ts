import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../../db/audit';
import { dispatch } from '../../electron/handlers';
import { DEMO_ANCHOR } from '../../electron/services/demoAssessments';
import type { Person } from '../../shared/people';
import { tempRuntime } from '../helpers/temp';
import { ok } from '../helpers/result';
import { collectReport } from '../../electron/services/reports/data';


describe('the demo portfolio', () => {
  it('is two years of history written through the handlers and the audit chain, by its own people, in date order', async () => {
    const now = new Date('2026-12-01T09:00:00Z');
    const { ctx } = await tempRuntime(undefined, () => now);
    ok(await dispatch(ctx, 'profile.save', { name: 'Nina Newcomer', role: 'risk_officer' }));
    ok(await dispatch(ctx, 'portfolio.start', { choice: 'demo', models: 60 }));
    const db = ctx.db.lite!;
    const count = (sql: string): number => db.prepare(sql).pluck().get() as number;
    // Every approval, submission and model in the portfolio has its own audit entry.
    expect(count("select count(*) from audit_log where action = 'approve'")).toBe(count("select count(*) from assessments where status = 'approved'"));
    expect(count("select count(*) from audit_log where action = 'reject'")).toBe(count("select count(*) from assessments where status = 'rejected'"));
    expect(count("select count(*) from audit_log where action = 'create' and entity = 'model'")).toBe(60);
    expect(count("select count(*) from audit_log where action = 'retire'")).toBe(count("select count(*) from models where status = 'retired'"));
    expect(count("select count(*) from audit_log where action = 'import'")).toBe(count('select count(*) from monitoring_imports'));
    expect(count("select count(*) from audit_log where action = 'approve'")).toBeGreaterThan(60);
    // Dated as the story goes, over two years and more before the demo's "now", in order.
    const dates = db.prepare("select at from audit_log where os_user like 'DEMO%' order by seq").pluck().all() as string[];
    expect(dates.length).toBe(count("select count(*) from audit_log") - 2); // all but Nina's profile and the seed entry
    expect([...dates].sort()).toEqual(dates);
    expect(dates[0]! < '2023-01-01').toBe(true);
    expect(dates.at(-1)! <= DEMO_ANCHOR).toBe(true);
    // By the demo's people at their own desks; four-eyes held for every approval.
    const decided = db.prepare("select assessor_id as a, decided_by_id as d, assessor_os as ao, decided_os as do from assessments where status = 'approved'").all() as { a: number; d: number; ao: string; do: string }[];
    expect(decided.every((r) => r.a !== r.d && r.ao !== r.do && r.ao.startsWith('DEMO\\'))).toBe(true);
    const people = ok<Person[]>(await dispatch(ctx, 'people.list', {}));
    expect(people.map((p) => p.name)).toEqual(expect.arrayContaining(['Nina Newcomer', 'Rita Officer', 'Lea Lead', 'Victor Brandt']));
    // Whoever asked for the demo is still the one at the keyboard; the seed entry says it is made up.
    expect(ok<{ profile: Person }>(await dispatch(ctx, 'app.info', {})).profile.name).toBe('Nina Newcomer');
    const seed = JSON.parse(db.prepare("select after from audit_log where action = 'seed'").pluck().get() as string) as { note: string; steps: number };
    expect(seed.note).toContain('synthetic');
    expect(seed.steps).toBeGreaterThan(200);
    expect((await verifyAudit(ctx.db)).ok).toBe(true);
  });

  it('as-of reports read the demo\'s own history: a model as it stood then, its earlier approval, no later one', async () => {
    const { ctx } = await tempRuntime(undefined, () => new Date('2026-12-01T09:00:00Z'));
    ok(await dispatch(ctx, 'portfolio.start', { choice: 'demo', models: 40 }));
    const twice = ctx.db.lite!
      .prepare("select m.ref, min(a.decided_at) as first, max(a.decided_at) as last from assessments a join models m on m.id = a.model_id where a.status = 'approved' group by m.id having count(*) >= 2 limit 1")
      .get() as { ref: string; first: string; last: string };
    const between = new Date((Date.parse(twice.first) + Date.parse(twice.last)) / 2).toISOString().slice(0, 10);
    const then = (await collectReport(ctx.db, { kind: 'model', ref: twice.ref, asOf: between, scope: {} })).models[0]!;
    expect(then.current!.decidedAt!.slice(0, 10) <= between).toBe(true);
    expect(then.assessments.filter((a) => a.status === 'approved').every((a) => a.decidedAt! <= `${between}T23:59:59.999Z`)).toBe(true);
    const today = (await collectReport(ctx.db, { kind: 'model', ref: twice.ref, asOf: '2026-12-01', scope: {} })).models[0]!;
    expect(today.current!.version).toBeGreaterThan(then.current!.version);
    // The audit extract of the as-of report holds the entries of that time, by the demo's people.
    expect((await collectReport(ctx.db, { kind: 'model', ref: twice.ref, asOf: between, scope: {} })).audit.some((l) => l.action === 'approve')).toBe(true);
  });
});
