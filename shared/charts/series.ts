import { extent, line, scaleLinear, scaleUtc } from 'd3';
import type { MetricPoint } from '../monitoring';

export type SeriesGeometry = {
  path: string;
  lower: string | null;
  upper: string | null;
  alerts: { x: number; y: number; ts: string; value: number }[];
  yTicks: { y: number; label: string }[];
  xTicks: { x: number; label: string }[];
};

/**
 * One metric over time as SVG paths from d3 scales: the values, the lower and upper thresholds as
 * step lines, and the alerting points. Shared by the model page and (later) the PDF reports.
 */
export const seriesGeometry = (points: MetricPoint[], width: number, height: number): SeriesGeometry => {
  const pts = points.filter((p) => p.value !== null && Math.abs(p.value) < 1e300).map((p) => ({ ...p, t: Date.parse(p.ts), v: p.value! }));
  const [t0, t1] = extent(pts, (p) => p.t) as [number, number];
  const values = pts.flatMap((p) => [p.v, p.lower, p.upper]).filter((v): v is number => v !== null && Math.abs(v) < 1e300);
  const [v0, v1] = extent(values) as [number, number];
  const pad = (v1 - v0 || Math.abs(v1) || 1) * 0.1;
  const x = scaleUtc().domain([t0 ?? 0, t1 === t0 ? (t0 ?? 0) + 1 : (t1 ?? 1)]).range([0, width]);
  const y = scaleLinear().domain([v0 - pad, v1 + pad]).range([height, 0]).nice();
  const l = line<{ t: number; v: number }>().x((d) => x(d.t)).y((d) => y(d.v));
  const threshold = (key: 'lower' | 'upper'): string | null => {
    const withT = pts.filter((p) => p[key] !== null).map((p) => ({ t: p.t, v: p[key]! }));
    return withT.length ? l(withT) : null;
  };
  return {
    path: l(pts) ?? '',
    lower: threshold('lower'),
    upper: threshold('upper'),
    alerts: pts.filter((p) => p.alert === true).map((p) => ({ x: x(p.t), y: y(p.v), ts: p.ts, value: p.v })),
    yTicks: y.ticks(3).map((v) => ({ y: y(v), label: String(Number(v.toPrecision(3))) })),
    xTicks: x.ticks(3).map((t) => ({ x: x(t), label: t.toISOString().slice(0, 10) })),
  };
};
