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
    expect(svg).toContain('<line');
    expect(svg).toMatch(/>2<\/text>/);
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
