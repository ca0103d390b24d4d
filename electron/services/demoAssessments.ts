import type { assessments } from '../../db/schema';
import { overallBand, riskCategories, scoreRisks, treatments, worstCell, type AssessmentStatus, type RiskInput } from '../../shared/assessment';
import type { MatrixDefinition } from '../../shared/matrix';
import type { Model } from '../../shared/model';

/** The demo's people: risk officers and review leads. */
export const DEMO_OFFICERS = ['Rita Officer', 'Omar Haddad', 'Sofia Lind', 'Jules Petit', 'Mei Chen'];
export const DEMO_LEADS = ['Lea Lead', 'Victor Brandt', 'Amara Diallo'];
const CONTROLS: Record<(typeof riskCategories)[number], string[]> = {
  unavailability: ['Fallback rules engine', 'Active-active deployment', 'Cached last-known scores'],
  bad_prediction: ['Human review of adverse decisions', 'Input validation and range checks', 'Champion–challenger comparison'],
  degradation: ['Weekly drift report (Evidently)', 'Monthly back-testing', 'Performance alert on AUC drop'],
  skills_loss: ['Second maintainer trained', 'Runbook and model card up to date', 'Vendor support contract'],
};

type Insert = typeof assessments.$inferInsert;

/** The demo's "now": its latest reviews are dated up to here. */
export const DEMO_ANCHOR = '2026-11-01T00:00:00Z';

/**
 * Assessment histories for the demo: for each assessed model one to three approved versions by
 * different officers and leads (four-eyes respected), and for some a draft, a submission
 * awaiting approval or a rejection on top, so every state shows.
 */
export const demoAssessments = (
  models: (Omit<Model, 'id' | 'envStatus'> & { id: number })[],
  matrix: MatrixDefinition & { version: number },
  rnd: () => number,
): Insert[] => {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const lvl = (max: number): number => 1 + Math.floor(rnd() * max);
  const risksFrom = (previous: RiskInput[] | null): RiskInput[] =>
    riskCategories.map((category, i) => {
      const before = previous?.[i];
      const ip = before && rnd() < 0.7 ? (before.inherentProbability ?? lvl(5)) : lvl(5);
      const ii = before && rnd() < 0.7 ? (before.inherentImpact ?? lvl(5)) : lvl(5);
      const reduced = rnd() < 0.75;
      const rp = reduced ? Math.max(1, ip - Math.floor(rnd() * 3)) : ip;
      const ri = reduced ? Math.max(1, ii - Math.floor(rnd() * 2)) : ii;
      const lowered = rp < ip || ri < ii;
      return {
        category,
        inherentProbability: ip,
        inherentImpact: ii,
        controls: lowered || rnd() < 0.5 ? pick(CONTROLS[category]) : '',
        residualProbability: rp,
        residualImpact: ri,
        treatment: lowered ? 'mitigate' : pick(treatments),
        rationale: lowered ? 'Controls in place and evidenced at the last review.' : 'Residual equals inherent; accepted within appetite.',
      };
    });

  const rows: Insert[] = [];
  for (const m of models) {
    // Proposed models are not assessed yet; a few in production were never assessed (due now).
    if (m.status === 'proposed' || (m.status === 'development' && rnd() < 0.6) || (m.status === 'production' && rnd() < 0.05)) continue;
    const approvedCount = m.status === 'development' ? 1 : 1 + Math.floor(rnd() * 3);
    let previous: { id: number; risks: RiskInput[] } | null = null;
    const tail: AssessmentStatus | null = m.status === 'retired' ? null : rnd() < 0.25 ? pick(['draft', 'submitted', 'rejected'] as const) : null;
    const total = approvedCount + (tail ? 1 : 0);
    // Dates run backwards from a recent last review, so the demo has models on track, due soon
    // and overdue against the default policy; none before the model existed.
    const DAY = 86_400_000;
    const end = Date.parse(m.retiredAt ?? DEMO_ANCHOR);
    const times: number[] = [end - (tail ? Math.floor(rnd() * 45) : 5 + Math.floor(rnd() * 200)) * DAY];
    while (times.length < total) times.unshift(times[0]! - (90 + Math.floor(rnd() * 270)) * DAY);
    const dates = times.filter((t) => t > Date.parse(m.createdAt) + 7 * DAY);
    const first = total - dates.length + 1;
    for (let v = first; v <= total; v++) {
      const at = dates[v - first]!;
      const status: AssessmentStatus = v <= approvedCount ? 'approved' : (tail ?? 'approved');
      const drawn = scoreRisks(risksFrom(previous?.risks ?? null), matrix);
      // The default policy refuses to accept a Critical residual risk: the demo mitigates those.
      const risks = drawn.map(({ inherentBand: _i, residualBand, flags: _f, ...r }) => (r.treatment === 'accept' && residualBand?.id === 'critical' ? { ...r, treatment: 'mitigate' as const } : r));
      const scored = scoreRisks(risks, matrix);
      const assessor = pick(DEMO_OFFICERS);
      const lead = pick(DEMO_LEADS);
      const stamp = new Date(at).toISOString();
      const decided = status === 'approved' || status === 'rejected';
      const id = rows.length + 1;
      rows.push({
        id,
        modelId: m.id,
        version: v - first + 1,
        status,
        matrixVersion: matrix.version,
        basedOn: previous?.id ?? null,
        createdBy: assessor,
        assessor: status === 'draft' ? null : assessor,
        submittedAt: status === 'draft' ? null : stamp,
        decidedBy: decided ? lead : null,
        decidedAt: decided ? stamp : null,
        decisionComment: status === 'rejected' ? 'Controls for degradation are not evidenced; attach the drift report.' : status === 'approved' && rnd() < 0.3 ? 'Agreed.' : '',
        risks: scored,
        overallInherent: overallBand(scored, 'inherentBand'),
        overallResidual: overallBand(scored, 'residualBand'),
        inherentCell: worstCell(scored, 'inherent'),
        residualCell: worstCell(scored, 'residual'),
        createdAt: stamp,
        updatedAt: stamp,
      });
      if (status === 'approved') previous = { id, risks };
    }
  }
  return rows;
};
