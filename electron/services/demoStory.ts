import { diffRisks, type RiskCategory, type RiskInput, type ScoredRisk } from '../../shared/assessment';
import type { MatrixDefinition } from '../../shared/matrix';
import type { Environment, ModelInput } from '../../shared/model';
import type { Role } from '../../shared/profile';
import { demoPortfolio, prng } from './demo';
import { acceptanceMonthsOf, type AcceptanceInput } from '../../shared/treatments';
import { addDaysToDay, addMonthsToDay, defaultPolicy } from '../../shared/schedule';
import { DEMO_ANCHOR, DEMO_LEADS, DEMO_OFFICERS, demoAssessments } from './demoAssessments';

/**
 * The demo as a story: two years of what its people did, each step a call the app's own handlers
 * answer (create a model, start, save, submit, approve or reject an assessment, deploy a new
 * version, import monitoring), by one of the demo's people, at a date. Replayed in date order,
 * it gives an audit log, an audit-trail appendix and as-of reports like those of real use.
 */
export type DemoPerson = { name: string; role: Role; os: string };
export type DemoStep =
  | { at: string; who: string; kind: 'create'; model: ModelInput }
  | { at: string; who: string; kind: 'update'; ref: string; fields: Partial<ModelInput> }
  | { at: string; who: string; kind: 'retire'; ref: string; reason: string }
  | { at: string; who: string; kind: 'start'; ref: string; key: string }
  | { at: string; who: string; kind: 'save'; key: string; risks: RiskInput[] }
  | { at: string; who: string; kind: 'submit'; key: string; unchangedReason?: string }
  | { at: string; who: string; kind: 'decide'; key: string; decision: 'approve' | 'reject'; comment: string; acceptances?: AcceptanceInput[] }
  | { at: string; who: string; kind: 'action'; key: string; action: { ref: string; category: RiskCategory; title: string; owner: string; dueDate: string | null } }
  | { at: string; who: string; kind: 'progress'; key: string; to: 'in_progress' | 'done'; note?: string }
  | { at: string; who: string; kind: 'import'; ref: string; fileName: string; csv: string }
  | { at: string; who: string; kind: 'finding'; key: string; finding: DemoFinding }
  | { at: string; who: string; kind: 'remediate'; key: string; to: 'in_remediation' | 'closed'; justification?: string };
export type DemoFinding = { ref: string; kind: 'validation' | 'limitation' | 'incident'; category: RiskCategory; severity: 'low' | 'medium' | 'high'; title: string; description: string; owner: string; dueDate: string | null; actionPlan: string };

/** Findings entered by hand, as validators and officers record them: what, how bad, and the plan. */
const FINDINGS: Omit<DemoFinding, 'ref' | 'owner' | 'dueDate'>[] = [
  { kind: 'validation', category: 'bad_prediction', severity: 'high', title: 'Recall below target on a minority segment', description: 'The annual validation found recall 0.71 on the youngest customer segment against a target of 0.80.', actionPlan: 'Reweight the segment in training; add a segment-level recall check to monitoring.' },
  { kind: 'validation', category: 'degradation', severity: 'medium', title: 'No drift thresholds documented', description: 'Monitoring collects drift metrics but no threshold says when to act.', actionPlan: 'Agree thresholds with the model owner and add them to the monitoring rules.' },
  { kind: 'limitation', category: 'bad_prediction', severity: 'medium', title: 'Not validated on the new product line', description: 'The model scores applications of a product launched after its validation.', actionPlan: 'Exclude the product line until a validation on its first six months of data.' },
  { kind: 'incident', category: 'unavailability', severity: 'high', title: 'Scoring service down for 3 hours', description: 'A failed deployment left the scoring endpoint unavailable; the fallback rules carried the traffic.', actionPlan: 'Blue-green deployments; alert on the fallback rate.' },
  { kind: 'limitation', category: 'skills_loss', severity: 'low', title: 'Single maintainer', description: 'Only one person knows the feature pipeline.', actionPlan: 'Pair a second developer on the next release; write the runbook.' },
];

const ACCEPTANCE_REASONS = [
  'Loss per wrong decision is small and capped by the credit limit system.',
  'A manual fallback covers an outage within the agreed service level.',
  'Within the risk appetite agreed by the model risk committee.',
  'Replacement model planned; the residual risk is tolerable until then.',
];

/** The acceptances a lead gives on approving: each accepted risk, for a few months up to the default policy's cap (so some have expired, some expire soon). */
const demoAcceptances = (risks: ScoredRisk[], day: string, rnd: () => number): AcceptanceInput[] =>
  risks
    .filter((r) => r.treatment === 'accept' && r.residualBand)
    .map((r) => {
      const cap = acceptanceMonthsOf(defaultPolicy(), r.residualBand!.id);
      const months = Math.max(1, Math.min(cap, 2 + Math.floor(rnd() * cap)));
      return { category: r.category, justification: ACCEPTANCE_REASONS[Math.floor(rnd() * ACCEPTANCE_REASONS.length)]!, expiresOn: addMonthsToDay(day, months) };
    });

const ACTIONS: Record<RiskCategory, string[]> = {
  unavailability: ['Add a fallback rule set for scoring outages', 'Blue-green deployment of the scoring service'],
  bad_prediction: ['Segment-level recall check in monitoring', 'Human review of declined applications above the limit'],
  degradation: ['Monthly back-test against realised outcomes', 'Drift thresholds agreed with the model owner'],
  skills_loss: ['Train a second maintainer on the feature pipeline', 'Write the runbook and update the model card'],
};

/** Actions for a mitigated risk of the current assessment, planned after approval; some started, some done. */
const demoActions = (ref: string, risks: ScoredRisk[], decidedAt: string, officer: string, rnd: () => number): DemoStep[] => {
  const risk = risks.find((r) => r.treatment === 'mitigate');
  if (!risk) return [];
  const t = Date.parse(decidedAt);
  const day = decidedAt.slice(0, 10);
  return ACTIONS[risk.category].map((title, n): DemoStep[] => {
    const key = `${ref}!${n}`;
    const at = iso(t + (1 + n) * DAY);
    const due = addDaysToDay(day, 30 + Math.floor(rnd() * 150));
    const steps: DemoStep[] = [{ at, who: officer, kind: 'action', key, action: { ref, category: risk.category, title, owner: DEMO_OFFICERS[Math.floor(rnd() * DEMO_OFFICERS.length)]!, dueDate: due } }];
    const fate = rnd();
    if (fate < 0.6) steps.push({ at: iso(t + (5 + n) * DAY), who: officer, kind: 'progress', key, to: 'in_progress' });
    if (fate < 0.3) steps.push({ at: iso(t + (20 + n) * DAY), who: officer, kind: 'progress', key, to: 'done', note: 'Done and checked at the monthly model risk meeting.' });
    return steps;
  }).flat();
};

/** The demo's people: synthetic, at desks of their own (accounts in a made-up DEMO domain). */
export const demoPeople = (): DemoPerson[] => [
  ...DEMO_LEADS.map((name) => ({ name, role: 'review_lead' as const, os: `DEMO\\${name.toLowerCase().replace(/\s+/g, '.')}` })),
  ...DEMO_OFFICERS.map((name) => ({ name, role: 'risk_officer' as const, os: `DEMO\\${name.toLowerCase().replace(/\s+/g, '.')}` })),
];

const DAY = 86_400_000;
const iso = (t: number): string => new Date(t).toISOString();

/**
 * Weekly accuracy (with its lower threshold) and drift share for some production models, as a
 * monitoring pipeline would push them; some series sag below the threshold or drift.
 */
const weeklyMetrics = (rnd: () => number): string => {
  const decays = rnd() < 0.35;
  const drifts = rnd() < 0.25;
  const lines = ['timestamp,metric,value,feature,lower,upper,alert'];
  const start = Date.parse(DEMO_ANCHOR) - 26 * 7 * DAY;
  for (let w = 0; w < 26; w++) {
    const day = new Date(start + w * 7 * DAY).toISOString().slice(0, 10);
    const accuracy = 0.91 - (decays && w > 16 ? (w - 16) * 0.008 : 0) + (rnd() - 0.5) * 0.01;
    lines.push(`${day},accuracy,${accuracy.toFixed(4)},,0.86,,${accuracy < 0.86}`);
    const share = drifts && w > 20 ? 0.3 + rnd() * 0.2 : rnd() * 0.15;
    lines.push(`${day},drifted_columns_share,${share.toFixed(3)},,,0.3,${share >= 0.3}`);
  }
  return `${lines.join('\n')}\n`;
};

const bumpPython = (env: Environment): Environment => ({ ...env, python: env.python === '3.12' ? '3.13' : '3.12' });

/**
 * One finding entered by hand and how far it got: open (some already past their due date), in
 * remediation, or closed with a justification, so the register shows every state.
 */
const demoFinding = (ref: string, officer: string, rnd: () => number): DemoStep[] => {
  const anchor = Date.parse(DEMO_ANCHOR);
  const what = FINDINGS[Math.floor(rnd() * FINDINGS.length)]!;
  const owner = DEMO_OFFICERS[Math.floor(rnd() * DEMO_OFFICERS.length)]!;
  const raised = anchor - (40 + Math.floor(rnd() * 160)) * DAY;
  const state = rnd();
  // Overdue ones were due before the demo's day; the rest within the next months.
  const due = state < 0.2 || (state >= 0.45 && state < 0.55) ? anchor - (5 + Math.floor(rnd() * 30)) * DAY : anchor + (20 + Math.floor(rnd() * 150)) * DAY;
  const key = `${ref}:finding`;
  const steps: DemoStep[] = [{ at: iso(raised), who: officer, kind: 'finding', key, finding: { ...what, ref, owner, dueDate: iso(due).slice(0, 10) } }];
  if (state >= 0.45) steps.push({ at: iso(raised + 10 * DAY), who: owner, kind: 'remediate', key, to: 'in_remediation' });
  if (state >= 0.75) steps.push({ at: iso(raised + 35 * DAY), who: owner, kind: 'remediate', key, to: 'closed', justification: `Done: ${what.actionPlan.toLowerCase()} Checked by the validator on the next monitoring report.` });
  return steps;
};

/** Every step of the demo for `count` models and a seed, in date order (ties keep story order). */
export const demoStory = (count: number, seed: number, matrix: MatrixDefinition & { version: number }): DemoStep[] => {
  const models = demoPortfolio(count, seed);
  const histories = demoAssessments(models.map((m, i) => ({ ...m, id: i + 1 })), matrix, prng(seed ^ 0x5eed));
  const rnd = prng(seed ^ 0x7a11);
  const monitor = prng(seed ^ 0x3017);
  // Its own sequence, so the findings leave the rest of the story as it was.
  const findingRnd = prng(seed ^ 0xf1d5);
  const treatRnd = prng(seed ^ 0x7a3c);
  const steps: DemoStep[] = [];
  const byModel = new Map<number, typeof histories>();
  for (const a of histories) byModel.set(a.modelId, [...(byModel.get(a.modelId) ?? []), a]);

  models.forEach((m, i) => {
    const officer = DEMO_OFFICERS[i % DEMO_OFFICERS.length]!;
    const { createdAt, updatedAt: _u, retiredAt, retirementReason, ...fields } = m;
    const drifted = JSON.stringify(m.productionEnv) !== JSON.stringify(m.validatedEnv) && Object.keys(m.productionEnv).length > 0;
    const history = byModel.get(i + 1) ?? [];
    const lastApproval = history.filter((a) => a.status === 'approved').at(-1)?.decidedAt ?? null;
    // Half the drifted models were deployed drifted later, which brought their review forward.
    const driftLater = drifted && lastApproval !== null && m.status !== 'retired' && rnd() < 0.5 && Date.parse(DEMO_ANCHOR) - Date.parse(lastApproval) > DAY;
    const initial: ModelInput = { ...fields, status: m.status === 'retired' ? 'production' : m.status, productionEnv: driftLater ? m.validatedEnv : m.productionEnv };
    steps.push({ at: createdAt, who: officer, kind: 'create', model: initial });
    let before: RiskInput[] | null = null;
    for (const a of history) {
      const key = `${m.ref}#${a.version}`;
      const mine = a.risks.map(({ inherentBand: _i, residualBand: _r, flags: _f, ...r }) => r);
      const unchanged = before !== null && diffRisks(before, mine).length === 0;
      if (a.status === 'approved') before = mine;
      const t = Date.parse(a.createdAt);
      const author = a.createdBy;
      steps.push({ at: iso(t - 3 * DAY), who: author, kind: 'start', ref: m.ref, key });
      steps.push({ at: iso(t - 2 * DAY), who: author, kind: 'save', key, risks: a.risks.map(({ inherentBand: _i, residualBand: _r, flags: _f, ...r }) => r) });
      if (a.status === 'draft') continue;
      steps.push({ at: iso(t - DAY), who: a.assessor ?? author, kind: 'submit', key, ...(unchanged ? { unchangedReason: 'Reviewed with the model owner: nothing changed since the last assessment.' } : {}) });
      if (a.status === 'submitted') continue;
      const acceptances = a.status === 'approved' ? demoAcceptances(a.risks, a.decidedAt!.slice(0, 10), treatRnd) : [];
      steps.push({ at: a.decidedAt!, who: a.decidedBy!, kind: 'decide', key, decision: a.status === 'approved' ? 'approve' : 'reject', comment: a.decisionComment ?? '', ...(acceptances.length ? { acceptances } : {}) });
    }
    const current = history.filter((a) => a.status === 'approved').at(-1);
    if (current && m.status === 'production' && i % 5 === 2) steps.push(...demoActions(m.ref, current.risks, current.decidedAt!, officer, treatRnd));
    if (lastApproval && m.status !== 'retired') {
      const at = iso(Date.parse(lastApproval) + Math.floor(rnd() * Math.max(DAY, Date.parse(DEMO_ANCHOR) - Date.parse(lastApproval))));
      if (driftLater) steps.push({ at, who: officer, kind: 'update', ref: m.ref, fields: { ...initial, productionEnv: drifted ? bumpPython(m.validatedEnv) : m.productionEnv } });
      else if (rnd() < 0.04) {
        const [major, minor] = m.version.split('.').map(Number) as [number, number];
        steps.push({ at, who: officer, kind: 'update', ref: m.ref, fields: { ...initial, version: `${major}.${minor + 1}.0` } });
      }
    }
    if (m.status === 'production' && monitor() < 0.2) {
      steps.push({ at: iso(Date.parse(DEMO_ANCHOR) - DAY), who: officer, kind: 'import', ref: m.ref, fileName: `${m.ref.toLowerCase()}-weekly-metrics.csv`, csv: weeklyMetrics(monitor) });
    }
    if (m.status === 'production' && i % 9 === 4) steps.push(...demoFinding(m.ref, officer, findingRnd));
    if (retiredAt) steps.push({ at: retiredAt, who: officer, kind: 'retire', ref: m.ref, reason: retirementReason || 'Replaced by a newer model.' });
  });
  // Stable: steps of one model at one instant keep their story order.
  return steps.map((s, k) => ({ s, k })).sort((a, b) => a.s.at.localeCompare(b.s.at) || a.k - b.k).map(({ s }) => s);
};
