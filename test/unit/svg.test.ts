import { describe, expect, it } from 'vitest';
import { matrixGeometry } from '../../shared/charts/matrixGrid';
import { seriesGeometry } from '../../shared/charts/series';
import { matrixSvg, seriesSvg } from '../../shared/charts/svg';
import { defaultMatrix } from '../../shared/matrix';
import type { MetricPoint } from '../../shared/monitoring';

describe('SVG charts for the PDF reports (same geometry as the screens)', () => {
  it('draws every matrix cell at the shared geometry, in its band colour (one path per colour), with counts and arrows', () => {
    const m = defaultMatrix();
    const svg = matrixSvg(m, { width: 300, height: 200, counts: new Map([['3:4', 7]]), moves: [{ from: { probability: 4, impact: 4 }, to: { probability: 2, impact: 3 }, label: '2' }] });
    const cells = [...svg.matchAll(/<path d="([^"]+)" fill="(#[0-9a-f]{6})"/gi)].flatMap(([, d, fill]) =>
      [...d!.matchAll(/M([\d.]+) ([\d.]+)h([\d.]+)v([\d.]+)h-[\d.]+Z/g)].map((r) => ({ x: Number(r[1]), y: Number(r[2]), width: Number(r[3]), height: Number(r[4]), fill })),
    );
    expect(cells).toHaveLength(25);
    const g = matrixGeometry(m, 300, 200);
    for (const c of g.cells) {
      const drawn = cells.find((d) => Math.abs(d.x - c.x) < 0.01 && Math.abs(d.y - c.y) < 0.01);
      expect(drawn, `cell ${c.probability}:${c.impact}`).toBeDefined();
      expect(drawn!.width).toBeCloseTo(c.width, 1);
      expect(drawn!.height).toBeCloseTo(c.height, 1);
      expect(drawn!.fill).toBe(c.band.color);
    }
    // One path per colour and opacity, not one element per cell.
    expect(svg.match(/<path d="M[\d.]+ [\d.]+h/g)!.length).toBeLessThanOrEqual(2 * new Set(g.cells.map((c) => c.band.color)).size);
    expect(svg).toMatch(/>7<\/text>/);
    expect(svg).toMatch(/>2<\/text>/);
  });

  it('draws the arrows of all risks as three paths, from each inherent cell to its residual cell, under their numbers', () => {
    const m = defaultMatrix();
    const moves = [
      { from: { probability: 4, impact: 4 }, to: { probability: 2, impact: 3 }, label: '1' },
      { from: { probability: 3, impact: 2 }, to: { probability: 3, impact: 2 }, label: '2' },
      { from: { probability: 5, impact: 5 }, to: { probability: 1, impact: 1 }, label: '3' },
    ];
    const svg = matrixSvg(m, { width: 200, height: 130, moves });
    const g = matrixGeometry(m, 200, 130);
    const centre = (p: number, i: number): { x: number; y: number } => {
      const c = g.cells.find((x) => x.probability === p && x.impact === i)!;
      return { x: c.x + c.width / 2, y: c.y + c.height / 2 };
    };
    const shafts = [...svg.match(/<path d="([^"]+)" fill="none" stroke="#1d2430"/)![1]!.matchAll(/M([\d.-]+) ([\d.-]+)L([\d.-]+) ([\d.-]+)/g)].map((x) => x.slice(1).map(Number));
    // A risk whose score did not move has a disc and no shaft.
    expect(shafts).toHaveLength(2);
    for (const [k, [x1, y1, x2, y2]] of [[0, shafts[0]!], [2, shafts[1]!]] as const) {
      const spread = (k - 1.5) * 5;
      const a = centre(moves[k]!.from.probability, moves[k]!.from.impact);
      const b = centre(moves[k]!.to.probability, moves[k]!.to.impact);
      expect(x1).toBeCloseTo(a.x + spread, 1);
      expect(y1).toBeCloseTo(a.y + spread, 1);
      // The shaft stops where the head begins, 7 units short of the residual centre.
      expect(Math.hypot(b.x + spread - x2!, b.y + spread - y2!)).toBeCloseTo(7, 1);
    }
    expect(svg.match(/<path d="[^"]+" fill="#1d2430"\/>/)![0].match(/Z/g)).toHaveLength(4);
    expect(svg.match(/<path d="([^"]+)" fill="#ffffff"/)![1]!.match(/a6 6 0 1 0 12 0/g)).toHaveLength(3);
    // Numbers come after (over) the discs.
    expect(svg.indexOf('fill="#ffffff"')).toBeLessThan(svg.indexOf('>1</text>'));
    expect(['1', '2', '3'].map((l) => svg.includes(`>${l}</text>`))).toEqual([true, true, true]);
  });

  it('draws a series with its values path, dashed thresholds and alert points, escaping text', () => {
    const pts: MetricPoint[] = [0, 1, 2, 3].map((i) => ({ ts: `2026-0${i + 1}-01T00:00:00.000Z`, metric: 'auc<&>', feature: null, value: 0.9 - i * 0.05, lower: 0.8, upper: null, alert: i === 3 }));
    const svg = seriesSvg(pts, 250, 90);
    expect(svg).toContain(`d="${seriesGeometry(pts, 250 - 46, 90 - 22).path}"`);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(1);
    // The one alert point: a circle as two arcs.
    expect(svg.match(/a2\.2 2\.2 0 1 0 4\.4 0/g)).toHaveLength(1);
    expect(matrixSvg({ ...defaultMatrix(), impact: defaultMatrix().impact.map((l) => ({ ...l, label: 'a<b' })) }, { width: 300, height: 200, axisLabels: true })).toContain('a&lt;b');
  });
});
