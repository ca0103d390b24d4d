import { extent, line, scaleLinear, scaleUtc } from 'd3';
import type { MetricPoint } from '../monitoring';

export type SeriesGeometry = {
  path: string;
  lower: string | null;
  upper: string | null;
  alerts: { x: number; y: number; ts: string; value: number }[];
  /** Every point is marked when there are few; otherwise the lone points between gaps are. */
  markers: { x: number; y: number }[];
  /** Non-finite values, at the top edge (+∞) or the bottom (−∞). */
  infinite: { x: number; y: number; ts: string; sign: 1 | -1 }[];
  /** Where the line is broken: a gap much longer than the series' usual spacing. */
  gaps: { x0: number; x1: number }[];
  yTicks: { y: number; label: string }[];
  /** Labels near an edge are anchored to it, so none is cut off by the chart's border. */
  xTicks: { x: number; label: string; anchor: 'start' | 'middle' | 'end' }[];
};

/** Points closer than this are drawn without markers; with fewer points each is marked. */
const MARK_ALL_BELOW = 40;
/** An x-axis label is about this wide at the charts' font sizes ("2026-11-30"); labels never come closer. */
const LABEL_PX = 64;

const median = (xs: number[]): number => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/**
 * One metric over time as SVG paths from d3 scales: the values, the lower and upper thresholds,
 * alerting points, markers, ±∞ at the edges, and breaks where the series has a gap (more than
 * five times its median spacing and more than a day), so seven silent years are never one
 * diagonal. X labels are spaced so they never overlap, in years when the span is long. Shared
 * by the model page and the PDF reports.
 */
export const seriesGeometry = (points: MetricPoint[], width: number, height: number): SeriesGeometry => {
  const sorted = [...points].sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  const pts = sorted.filter((p) => p.value !== null && Math.abs(p.value) < 1e300).map((p) => ({ ...p, t: Date.parse(p.ts), v: p.value! }));
  const inf = sorted.filter((p) => p.special).map((p) => ({ t: Date.parse(p.ts), ts: p.ts, sign: p.special === 'inf' ? (1 as const) : (-1 as const) }));
  const times = [...pts.map((p) => p.t), ...inf.map((p) => p.t)];
  const [t0, t1] = extent(times) as [number | undefined, number | undefined];
  const values = pts.flatMap((p) => [p.v, p.lower, p.upper]).filter((v): v is number => v !== null && Math.abs(v) < 1e300);
  const [v0, v1] = (values.length ? extent(values) : [0, 1]) as [number, number];
  const pad = (v1 - v0 || Math.abs(v1) || 1) * 0.1;
  const x = scaleUtc().domain([t0 ?? 0, t1 === t0 ? (t0 ?? 0) + 86_400_000 : (t1 ?? 1)]).range([0, width]);
  if (t1 === t0 && t0 !== undefined) x.domain([t0 - 43_200_000, t0 + 43_200_000]);
  const y = scaleLinear().domain([v0 - pad, v1 + pad]).range([height, 0]).nice();

  // Breaks: a step more than five times the usual one (and more than a day) is not drawn.
  const steps = pts.slice(1).map((p, i) => p.t - pts[i]!.t);
  const usual = median(steps.filter((s) => s > 0));
  const isGap = (i: number): boolean => usual > 0 && steps[i - 1]! > Math.max(usual * 5, 86_400_000);
  type Pt = { t: number; v: number } | null;
  const withBreaks = (key: 'v' | 'lower' | 'upper'): Pt[] => {
    const out: Pt[] = [];
    pts.forEach((p, i) => {
      if (i > 0 && isGap(i)) out.push(null);
      const v = key === 'v' ? p.v : p[key];
      out.push(v === null ? null : { t: p.t, v });
    });
    return out;
  };
  const l = line<Pt>().defined((d) => d !== null).x((d) => x(d!.t)).y((d) => y(d!.v));
  const threshold = (key: 'lower' | 'upper'): string | null => (pts.some((p) => p[key] !== null) ? l(withBreaks(key)) : null);
  const gaps = pts.flatMap((p, i) => (i > 0 && isGap(i) ? [{ x0: x(pts[i - 1]!.t), x1: x(p.t) }] : []));

  // A point with no neighbour on either side (first, last, or beside a gap) would be invisible as a line.
  const lone = (i: number): boolean => (i === 0 || isGap(i)) && (i === pts.length - 1 || isGap(i + 1));
  const markers = pts.filter((_, i) => pts.length < MARK_ALL_BELOW || lone(i)).map((p) => ({ x: x(p.t), y: y(p.v) }));

  const span = (t1 ?? 0) - (t0 ?? 0);
  const longSpan = span > 3 * 365 * 86_400_000;
  const label = (d: Date): string => (longSpan ? String(d.getUTCFullYear()) : d.toISOString().slice(0, 10));
  const room = Math.max(1, Math.floor(width / LABEL_PX));
  const xTicks: SeriesGeometry['xTicks'] = [];
  for (const t of x.ticks(Math.min(room, 6))) {
    const at = x(t);
    const text = label(t);
    const last = xTicks.at(-1);
    if (last && (at - last.x < LABEL_PX || last.label === text)) continue;
    xTicks.push({ x: at, label: text, anchor: at < LABEL_PX / 2 ? 'start' : at > width - LABEL_PX / 2 ? 'end' : 'middle' });
  }
  return {
    path: l(withBreaks('v')) ?? '',
    lower: threshold('lower'),
    upper: threshold('upper'),
    alerts: pts.filter((p) => p.alert === true).map((p) => ({ x: x(p.t), y: y(p.v), ts: p.ts, value: p.v })),
    markers,
    infinite: inf.map((p) => ({ x: x(p.t), y: p.sign > 0 ? 0 : height, ts: p.ts, sign: p.sign })),
    gaps,
    yTicks: y.ticks(3).map((v) => ({ y: y(v), label: String(Number(v.toPrecision(3))) })),
    xTicks,
  };
};
