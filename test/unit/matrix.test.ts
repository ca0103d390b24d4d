import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandOf, defaultMatrix, gridFromScoreRanges, matrixDefinitionSchema, score, worstBand } from '../../shared/matrix';

const expectedDefaultBand = (s: number): string => (s <= 4 ? 'low' : s <= 9 ? 'medium' : s <= 16 ? 'high' : 'critical');

describe('risk matrix math', () => {
  it('scores P × I and bands the default 5 × 5 as PRODUCT.md says', () => {
    const m = defaultMatrix();
    expect(matrixDefinitionSchema.safeParse(m).success).toBe(true);
    expect(bandOf(m, 1, 1).name).toBe('Low');
    expect(bandOf(m, 2, 2).name).toBe('Low');
    expect(bandOf(m, 1, 5).name).toBe('Medium');
    expect(bandOf(m, 3, 3).name).toBe('Medium');
    expect(bandOf(m, 2, 5).name).toBe('High');
    expect(bandOf(m, 4, 4).name).toBe('High');
    expect(bandOf(m, 4, 5).name).toBe('Critical');
    expect(bandOf(m, 5, 5).name).toBe('Critical');
  });

  it('every cell of the default matrix has the band of its score (property)', () => {
    const m = defaultMatrix();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), (p, i) => {
        expect(bandOf(m, p, i).id).toBe(expectedDefaultBand(score(p, i)));
      }),
    );
  });

  it('never lowers the band when probability or impact rises (property)', () => {
    const m = defaultMatrix();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), (a, b) => {
        expect(bandOf(m, a + 1, b).order).toBeGreaterThanOrEqual(bandOf(m, a, b).order);
        expect(bandOf(m, b, a + 1).order).toBeGreaterThanOrEqual(bandOf(m, b, a).order);
      }),
    );
  });

  it('rejects levels outside the matrix with a message naming them', () => {
    const m = defaultMatrix();
    expect(() => bandOf(m, 0, 3)).toThrow('probability must be a whole number from 1 to 5, got 0');
    expect(() => bandOf(m, 3, 6)).toThrow('impact must be a whole number from 1 to 5, got 6');
    expect(() => bandOf(m, 2.5, 3)).toThrow(/probability/);
    fc.assert(
      fc.property(fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 6 }), fc.double({ noInteger: true })), (bad) => {
        expect(() => bandOf(m, bad, 1)).toThrow(RangeError);
      }),
    );
  });

  it('supports other sizes, e.g. a regulator-mandated 4 × 4 and a 6 × 6', () => {
    for (const n of [3, 4, 6]) {
      const grid = gridFromScoreRanges({ probability: n, impact: n }, [
        { band: 'low', min: 1, max: n },
        { band: 'high', min: n + 1, max: n * n },
      ]);
      const def = { ...defaultMatrix(), probability: defaultMatrix().probability.concat(defaultMatrix().probability).slice(0, n), impact: defaultMatrix().impact.concat(defaultMatrix().impact).slice(0, n), grid };
      expect(matrixDefinitionSchema.safeParse(def).success).toBe(true);
      expect(bandOf(def, n, n).id).toBe('high');
      expect(bandOf(def, 1, 1).id).toBe('low');
    }
  });

  it('rejects a grid that does not fit its levels or names unknown bands', () => {
    const m = defaultMatrix();
    const short = matrixDefinitionSchema.safeParse({ ...m, grid: m.grid.slice(1) });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]?.message).toMatch(/grid needs 5 rows/);
    const unknown = matrixDefinitionSchema.safeParse({ ...m, grid: m.grid.map((r, p) => (p === 2 ? r.map(() => 'extreme') : r)) });
    expect(unknown.error?.issues.map((i) => i.path.join('.'))).toContain('grid.2.0');
    expect(matrixDefinitionSchema.safeParse({ ...m, probability: m.probability.slice(0, 2), grid: m.grid.slice(0, 2) }).success).toBe(false);
  });

  it('picks the most severe band', () => {
    const { bands } = defaultMatrix();
    expect(worstBand([bands[1]!, bands[3]!, bands[0]!])?.id).toBe('critical');
    expect(worstBand([])).toBeUndefined();
  });
});
