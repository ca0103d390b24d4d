import { describe, expect, it } from 'vitest';
import { matrixGeometry } from '../../shared/charts/matrixGrid';
import { seriesGeometry } from '../../shared/charts/series';
import { matrixSvg, seriesSvg } from '../../shared/charts/svg';
import { defaultMatrix } from '../../shared/matrix';
import type { MetricPoint } from '../../shared/monitoring';

describe('SVG charts for the PDF reports (same geometry as the screens)', () => {
  it('draws one rectangle per matrix cell at the shared geometry, in its band colour, with counts and arrows', () => {
    const m = defaultMatrix();
    const svg = matrixSvg(m, { width: 300, height: 200, counts: new Map([['3:4', 7]]), moves: [{ from: { probability: 4, impact: 4 }, to: { probability: 2, impact: 3 }, label: '2' }] });
    const rects = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="(#[0-9a-f]{6})"/gi)];
    expect(rects).toHaveLength(25);
    const g = matrixGeometry(m, 300, 200);
    for (const [i, c] of g.cells.entries()) {
      expect(Number(rects[i]![1])).toBeCloseTo(c.x, 1);
      expect(Number(rects[i]![2])).toBeCloseTo(c.y, 1);
      expect(rects[i]![5]).toBe(c.band.color);
    }
    expect(svg).toMatch(/>7<\/text>/);
    expect(svg).toContain('<line');
    expect(svg).toMatch(/>2<\/text>/);
  });

  it('draws a series with its values path, dashed thresholds and alert points, escaping text', () => {
    const pts: MetricPoint[] = [0, 1, 2, 3].map((i) => ({ ts: `2026-0${i + 1}-01T00:00:00.000Z`, metric: 'auc<&>', feature: null, value: 0.9 - i * 0.05, lower: 0.8, upper: null, alert: i === 3 }));
    const svg = seriesSvg(pts, 250, 90);
    expect(svg).toContain(`d="${seriesGeometry(pts, 250 - 46, 90 - 22).path}"`);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(1);
    expect(svg.match(/<circle/g)).toHaveLength(1);
    expect(matrixSvg({ ...defaultMatrix(), impact: defaultMatrix().impact.map((l) => ({ ...l, label: 'a<b' })) }, { width: 300, height: 200, axisLabels: true })).toContain('a&lt;b');
  });
});
