import { describe, expect, it } from 'vitest';
import { seriesGeometry } from '../../shared/charts/series';
import { seriesSvg } from '../../shared/charts/svg';
import type { MetricPoint } from '../../shared/monitoring';

const pt = (ts: string, value: number | null, more: Partial<MetricPoint> = {}): MetricPoint => ({ ts, metric: 'psi', feature: null, value, lower: null, upper: 0.2, alert: null, ...more });
const days = (from: string, n: number, v = (i: number) => 0.1 + i / 100): MetricPoint[] => Array.from({ length: n }, (_, i) => pt(new Date(Date.parse(from) + i * 86_400_000).toISOString(), v(i)));
const moves = (path: string): number => (path.match(/M/g) ?? []).length;

describe('monitoring charts', () => {
  it('breaks the line and the threshold across a seven-year gap, and shows the gap', () => {
    const g = seriesGeometry([...days('2019-01-01T00:00:00Z', 10), ...days('2026-01-01T00:00:00Z', 10)], 300, 100);
    expect(moves(g.path)).toBe(2);
    expect(moves(g.upper!)).toBe(2);
    expect(g.gaps).toHaveLength(1);
    expect(seriesSvg([...days('2019-01-01T00:00:00Z', 10), ...days('2026-01-01T00:00:00Z', 10)], 300, 100)).toContain('fill="#edf0f4"');
  });
  it('marks a single point, and every point of a short series', () => {
    const one = seriesGeometry([pt('2026-11-01T00:00:00Z', 0.3)], 300, 100);
    expect(one.markers).toHaveLength(1);
    expect(one.markers[0]!.x).toBeCloseTo(150, 0);
    expect(seriesGeometry(days('2026-01-01T00:00:00Z', 12), 300, 100).markers).toHaveLength(12);
    // A long series marks only the lone points beside gaps.
    expect(seriesGeometry([...days('2026-01-01T00:00:00Z', 100), pt('2026-12-01T00:00:00Z', 0.5)], 300, 100).markers).toHaveLength(1);
  });
  it('x labels never overlap, whatever the span and width', () => {
    for (const [n, width] of [[400, 120], [3000, 300], [2, 300], [60, 200]] as const) {
      const g = seriesGeometry(days('2019-01-01T00:00:00Z', n, () => 1), width, 100);
      g.xTicks.slice(1).forEach((t, i) => expect(t.x - g.xTicks[i]!.x).toBeGreaterThanOrEqual(64));
      expect(new Set(g.xTicks.map((t) => t.label)).size).toBe(g.xTicks.length);
      // A label centred on its tick fits inside the chart; one near an edge is anchored to it.
      for (const t of g.xTicks) if (t.anchor === 'middle') expect(t.x >= 32 && t.x <= width - 32).toBe(true);
    }
    expect(seriesGeometry(days('2019-01-01T00:00:00Z', 3000), 300, 100).xTicks.every((t) => /^\d{4}$/.test(t.label))).toBe(true);
  });
  it('draws +∞ at the top edge and −∞ at the bottom, never as a huge number that flattens the rest', () => {
    const points = [pt('2026-11-01T00:00:00Z', 0.4), pt('2026-11-02T00:00:00Z', null, { special: 'inf' }), pt('2026-11-03T00:00:00Z', null, { special: '-inf' }), pt('2026-11-04T00:00:00Z', 0.5)];
    const g = seriesGeometry(points, 300, 100);
    expect(g.infinite.map((p) => [p.sign, p.y])).toEqual([[1, 0], [-1, 100]]);
    expect(g.yTicks.every((t) => Math.abs(Number(t.label)) < 10)).toBe(true);
    expect(seriesSvg(points, 300, 100)).toContain('fill="#c53030"');
  });
});
