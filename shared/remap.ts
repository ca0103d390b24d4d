import { categoryLabels, type RemapRule, type RiskInput } from './assessment';
import { bandOf, type Band, type MatrixDefinition } from './matrix';

/**
 * Copy-forward across matrices: a reassessment starting on a matrix other than the one its
 * previous assessment used (another size or grid) gets its copied levels put on the new matrix by
 * a rule the assessor chooses and sees applied, and every copied level is marked for review.
 *
 * - `scale`: each level keeps its place on its scale (first stays first, last stays last, the
 *   rest in proportion, rounded): "Almost certain" stays the top probability.
 * - `band`: each (probability, impact) pair goes to the cell of the new grid in the band it had
 *   (the same band id, else the same rank), nearest to its scaled place, the higher score on a tie:
 *   a Critical risk stays Critical.
 */
export const scaleLevel = (level: number, from: number, to: number): number => (from === to ? level : Math.round(1 + ((level - 1) * (to - 1)) / (from - 1)));

export const remapRuleLabels: Record<RemapRule, { label: string; description: string }> = {
  scale: { label: 'By place on the scale', description: 'Each level keeps its place on its scale: the top level stays the top one, the others in proportion.' },
  band: { label: 'By band', description: 'Each risk goes to the cell of the new grid in the band it had (Critical stays Critical), nearest to its place.' },
};

const cellsOf = (m: MatrixDefinition): { p: number; i: number; band: Band }[] =>
  m.probability.flatMap((_, p) => m.impact.map((__, i) => ({ p: p + 1, i: i + 1, band: bandOf(m, p + 1, i + 1) })));

const mapPair = (p: number, i: number, from: MatrixDefinition, to: MatrixDefinition, rule: RemapRule): [number, number] => {
  const sp = scaleLevel(p, from.probability.length, to.probability.length);
  const si = scaleLevel(i, from.impact.length, to.impact.length);
  if (rule === 'scale') return [sp, si];
  const was = bandOf(from, p, i);
  const cells = cellsOf(to);
  const same = cells.filter((c) => c.band.id === was.id);
  const rank = same.length ? same : cells.filter((c) => c.band.order === was.order);
  const pool = rank.length ? rank : cells.filter((c) => Math.abs(c.band.order - was.order) === Math.min(...cells.map((x) => Math.abs(x.band.order - was.order))));
  const best = pool.reduce((a, c) => {
    const da = (a.p - sp) ** 2 + (a.i - si) ** 2;
    const dc = (c.p - sp) ** 2 + (c.i - si) ** 2;
    return dc < da || (dc === da && c.p * c.i > a.p * a.i) ? c : a;
  });
  return [best.p, best.i];
};

export type RemapChange = { category: string; field: string; from: number; to: number };
export type RemapResult = { risks: RiskInput[]; fields: string[]; changes: RemapChange[] };

const FIELDS = { inherentProbability: 'inherent probability', inherentImpact: 'inherent impact', residualProbability: 'residual probability', residualImpact: 'residual impact' } as const;

/** The copied risks on the new matrix by `rule`, which fields were copied (all marked), and the levels that moved. */
export const remapRisks = (risks: RiskInput[], from: MatrixDefinition, to: MatrixDefinition, rule: RemapRule): RemapResult => {
  const fields: string[] = [];
  const changes: RemapChange[] = [];
  const mapped = risks.map((r, k) => {
    const out = { ...r };
    for (const [pk, ik] of [['inherentProbability', 'inherentImpact'], ['residualProbability', 'residualImpact']] as const) {
      const p = r[pk];
      const i = r[ik];
      if (p === null || i === null || p > from.probability.length || i > from.impact.length) continue;
      const [np, ni] = mapPair(p, i, from, to, rule);
      out[pk] = np;
      out[ik] = ni;
      for (const [key, was, now] of [[pk, p, np], [ik, i, ni]] as const) {
        fields.push(`risks.${k}.${key}`);
        if (was !== now) changes.push({ category: categoryLabels[r.category], field: FIELDS[key], from: was, to: now });
      }
    }
    return out;
  });
  return { risks: mapped, fields, changes };
};
