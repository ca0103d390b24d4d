import { listFindings } from '../../db/queries/monitoring';
import { listAcceptances, listActions } from '../../db/queries/treatments';
import type { MyWork, PortfolioWork, WorkAssessment } from '../../shared/contract';
import { isActionOverdue } from '../../shared/treatments';
import type { ModelOverview } from '../../shared/model';
import { isOverdue } from '../../shared/findings';
import { sameName } from '../../shared/people';
import { dayOf } from '../../shared/schedule';
import { profileOf, type HandlerContext } from './context';
import { reviewRows } from './reviews';

const OPEN_SQL = `select a.id, m.ref, m.name, a.version, a.status, a.assessor, a.assessor_id, a.created_by, a.created_by_id, coalesce(a.submitted_at, a.updated_at), a.decision_comment, a.decided_at
  from assessments a join models m on m.id = a.model_id where a.status in ('draft', 'submitted', 'rejected') and m.status <> 'retired' order by coalesce(a.submitted_at, a.updated_at), a.id`;

const refsOf = (xs: { ref?: string; modelRef?: string }[]): string[] => [...new Set(xs.map((x) => (x.ref ?? x.modelRef)!))].sort();

export const workHandlers = {
  'work.portfolio': async (ctx: HandlerContext): Promise<PortfolioWork> => {
    const today = dayOf(ctx.now().toISOString());
    const open = await ctx.db.q.all<{ ref: string; status: string }>("select m.ref, a.status from assessments a join models m on m.id = a.model_id where a.status in ('draft', 'submitted', 'rejected') and m.status <> 'retired'");
    const acceptances = await listAcceptances(ctx.db, { currentOnly: true }, today);
    return {
      awaitingDecision: refsOf(open.filter((a) => a.status === 'submitted')),
      inProgress: refsOf(open.filter((a) => a.status !== 'submitted')),
      actionsOverdue: refsOf((await listActions(ctx.db, { open: true })).filter((a) => isActionOverdue(a, today))),
      acceptancesExpired: refsOf(acceptances.filter((a) => a.status === 'expired')),
      acceptancesExpiring: refsOf(acceptances.filter((a) => a.status === 'expiring')),
    };
  },

  'models.overview': async (ctx: HandlerContext): Promise<ModelOverview[]> => {
    const schedule = await reviewRows(ctx);
    const findings = new Map((await ctx.db.q.rows("select m.ref, count(*) from findings f join models m on m.id = f.model_id where f.remediation <> 'closed' group by m.ref")) as [string, number][]);
    const work = new Map((await ctx.db.q.rows("select m.ref, a.status from assessments a join models m on m.id = a.model_id where a.status in ('draft', 'submitted', 'rejected') order by a.version")) as [string, ModelOverview['work']][]);
    return schedule.map((r) => ({ ref: r.ref, nextReview: r.due, reviewStatus: r.status, openFindings: Number(findings.get(r.ref) ?? 0), work: work.get(r.ref) ?? null }));
  },

  'work.mine': async (ctx: HandlerContext): Promise<MyWork> => {
    const me = await profileOf(ctx);
    if (!me) return { awaitingDecision: [], rework: [], reviews: [], findings: [], actions: [], acceptances: [], count: 0 };
    const mine = (id: unknown, name: unknown): boolean => (typeof id === 'number' ? id === me.id : sameName(name as string | null, me.name));
    const awaitingDecision: WorkAssessment[] = [];
    const rework: WorkAssessment[] = [];
    for (const r of await ctx.db.q.rows(OPEN_SQL)) {
      const a: WorkAssessment = { id: r[0] as number, ref: r[1] as string, modelName: r[2] as string, version: r[3] as number, status: r[4] as WorkAssessment['status'], assessor: r[5] as string | null, at: (r[4] === 'rejected' ? (r[11] as string | null) : null) ?? (r[9] as string), comment: r[10] as string };
      if (a.status === 'submitted') {
        if (me.role === 'review_lead' && !mine(r[6], r[5])) awaitingDecision.push(a);
      } else if (a.status === 'rejected' ? mine(r[6], r[5]) : mine(r[8], r[7])) rework.push(a);
    }
    const reviews = (await reviewRows(ctx))
      .filter((r) => r.modelStatus !== 'retired' && sameName(r.reviewer, me.name))
      .map((r) => ({ ref: r.ref, name: r.name, due: r.due, plannedDate: r.plannedDate, status: r.status }))
      .sort((a, b) => (a.plannedDate ?? a.due ?? '9999').localeCompare(b.plannedDate ?? b.due ?? '9999'));
    const today = dayOf(ctx.now().toISOString());
    const findings = (await listFindings(ctx.db, { owner: me.name }))
      .filter((f) => f.remediation !== 'closed')
      .sort((a, b) => Number(isOverdue(b, today)) - Number(isOverdue(a, today)) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
    const actions = (await listActions(ctx.db, { owner: me.name, open: true })).sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.id - b.id);
    // Acceptances I gave or whose assessment I assessed, expired (until a reassessment) or expiring within 60 days.
    const acceptances = (await listAcceptances(ctx.db, { currentOnly: true }, today)).filter((a) => (a.status === 'expired' || a.status === 'expiring') && (sameName(a.acceptedBy, me.name) || sameName(a.assessor, me.name)));
    return { awaitingDecision, rework, reviews, findings, actions, acceptances, count: awaitingDecision.length + rework.length + reviews.length + findings.length + actions.length + acceptances.length };
  },
};
