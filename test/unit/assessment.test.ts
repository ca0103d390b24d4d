import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffRisks, emptyRisks, inconsistencies, overallBand, scoreRisks, submissionProblems, type RiskInput } from '../../shared/assessment';
import { defaultMatrix } from '../../shared/matrix';

const lvl = fc.integer({ min: 1, max: 5 });

describe('assessment rules', () => {
  it('flags residual above inherent exactly when a residual level exceeds its inherent level, and never both flags (property)', () => {
    fc.assert(
      fc.property(lvl, lvl, lvl, lvl, fc.boolean(), (ip, ii, rp, ri, hasControl) => {
        const r: RiskInput = { ...emptyRisks()[0]!, inherentProbability: ip, inherentImpact: ii, residualProbability: rp, residualImpact: ri, controls: hasControl ? 'backup model' : '' };
        const flags = inconsistencies(r);
        expect(flags.includes('residual is above inherent')).toBe(rp > ip || ri > ii);
        expect(flags.includes('residual is below inherent but no control is named')).toBe(!hasControl && rp <= ip && ri <= ii && (rp < ip || ri < ii));
        // Never both: one level up and the other down is "above", whatever the controls.
        expect(flags.length).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('rates by the worst band, and only once every risk is scored', () => {
    const m = defaultMatrix();
    const risks = emptyRisks().map((r, i) => ({ ...r, inherentProbability: 5, inherentImpact: 5, residualProbability: i + 1, residualImpact: 2 }));
    const scored = scoreRisks(risks, m);
    expect(scored.map((r) => r.residualBand?.id)).toEqual(['low', 'low', 'medium', 'medium']);
    expect(overallBand(scored, 'residualBand')?.id).toBe('medium');
    expect(overallBand(scored, 'inherentBand')?.id).toBe('critical');
    const partial = scoreRisks(risks.map((r, i) => (i === 3 ? { ...r, residualImpact: null } : r)), m);
    expect(overallBand(partial, 'residualBand')).toBeNull();
  });

  it('the overall band is never below any single risk band (property)', () => {
    const m = defaultMatrix();
    fc.assert(
      fc.property(fc.array(fc.tuple(lvl, lvl), { minLength: 4, maxLength: 4 }), (levels) => {
        const risks = emptyRisks().map((r, i) => ({ ...r, residualProbability: levels[i]![0], residualImpact: levels[i]![1] }));
        const scored = scoreRisks(risks, m);
        const overall = overallBand(scored, 'residualBand')!;
        for (const r of scored) expect(overall.order).toBeGreaterThanOrEqual(r.residualBand!.order);
        expect(scored.some((r) => r.residualBand!.id === overall.id)).toBe(true);
      }),
    );
  });

  it('lists what a submission lacks, by field', () => {
    const problems = submissionProblems(emptyRisks(), defaultMatrix());
    expect(problems).toHaveLength(24);
    expect(problems[0]).toEqual({ path: 'risks.0.inherentProbability', message: 'Unavailability: choose the inherent probability' });
  });

  it('diffs two versions field by field', () => {
    const a = emptyRisks();
    const b = a.map((r, i) => (i === 2 ? { ...r, residualImpact: 3, rationale: 'drift monitor added' } : r));
    expect(diffRisks(a, b)).toEqual([
      { category: 'degradation', field: 'residual impact', from: '—', to: '3' },
      { category: 'degradation', field: 'rationale', from: '', to: 'drift monitor added' },
    ]);
    expect(diffRisks(a, a)).toEqual([]);
  });
});
