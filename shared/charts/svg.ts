import type { MatrixDefinition } from '../matrix';
import type { MetricPoint } from '../monitoring';
import { matrixGeometry, textColorOn } from './matrixGrid';
import { seriesGeometry } from './series';

/**
 * The same charts as the UI draws with React, as standalone SVG text for the PDF reports (vector,
 * embedded by pdfmake). Geometry comes from the shared d3 layouts: one implementation, two outputs.
 */

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number): string => String(Math.round(v * 100) / 100);

export type MatrixSvgOptions = {
  width: number;
  height: number;
  counts?: Map<string, number>;
  marks?: { probability: number; impact: number; label: string }[];
  /** Inherent → residual moves, one arrow per risk, labelled at the residual end. */
  moves?: { from: { probability: number; impact: number }; to: { probability: number; impact: number }; label: string }[];
  axisLabels?: boolean;
};

const AXIS = 92;
const FOOT = 34;

/** A circle as path data (two arcs), so that many circles of one style are one path. */
const circle = (x: number, y: number, r: number): string => `M${n(x - r)} ${n(y)}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0Z`;

export const matrixSvg = (matrix: MatrixDefinition, o: MatrixSvgOptions): string => {
  const left = o.axisLabels ? AXIS : 0;
  const bottom = o.axisLabels ? FOOT : 0;
  const g = matrixGeometry(matrix, o.width - left, o.height - bottom);
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" viewBox="0 0 ${o.width} ${o.height}">`, `<g transform="translate(${left},0)">`];
  // Cells of one colour and opacity are one path of rectangles: the same picture with a fifth of
  // the elements (a 1,000-model report draws over a thousand matrices).
  const fills = new Map<string, string[]>();
  const labels: string[] = [];
  for (const c of g.cells) {
    const count = o.counts?.get(`${c.probability}:${c.impact}`) ?? 0;
    const here = (o.marks ?? []).filter((m) => m.probability === c.probability && m.impact === c.impact);
    const opacity = o.counts && count === 0 ? 0.35 : here.length || o.counts ? 1 : 0.55;
    const key = `fill="${c.band.color}" fill-opacity="${opacity}"`;
    if (!fills.has(key)) fills.set(key, []);
    fills.get(key)!.push(`M${n(c.x)} ${n(c.y)}h${n(c.width)}v${n(c.height)}h${n(-c.width)}Z`);
    const fill = textColorOn(c.band.color);
    if (o.counts && count > 0) labels.push(`<text x="${n(c.x + c.width / 2)}" y="${n(c.y + c.height / 2 + 4)}" text-anchor="middle" font-size="${n(Math.min(14, c.height / 2.5))}" font-weight="bold" fill="${fill}">${count}</text>`);
    here.forEach((m, k) => labels.push(`<text x="${n(c.x + c.width / 2 + (k - (here.length - 1) / 2) * 11)}" y="${n(c.y + c.height / 2 + 4)}" text-anchor="middle" font-size="10" font-weight="bold" fill="${fill}">${esc(m.label)}</text>`));
  }
  for (const [key, d] of fills) out.push(`<path d="${d.join('')}" ${key}/>`);
  out.push(...labels);
  const centre = (p: number, i: number): { x: number; y: number } | null => {
    const c = g.cells.find((x) => x.probability === p && x.impact === i);
    return c ? { x: c.x + c.width / 2, y: c.y + c.height / 2 } : null;
  };
  // Arrows of all risks as three paths (shafts, then heads and start dots, then label discs)
  // under their labels: a report draws a matrix per model.
  const shafts: string[] = [];
  const heads: string[] = [];
  const discs: string[] = [];
  const numbers: string[] = [];
  (o.moves ?? []).forEach((m, k) => {
    // Risks sharing a cell are spread a little so each arrow and label stays readable.
    const spread = (k - 1.5) * 5;
    const a = centre(m.from.probability, m.from.impact);
    const b = centre(m.to.probability, m.to.impact);
    if (!a || !b) return;
    const [ax, ay, bx, by] = [a.x + spread, a.y + spread, b.x + spread, b.y + spread];
    if (ax !== bx || ay !== by) {
      const len = Math.hypot(bx - ax, by - ay);
      const [ux, uy] = [(bx - ax) / len, (by - ay) / len];
      const [hx, hy] = [bx - ux * 7, by - uy * 7];
      shafts.push(`M${n(ax)} ${n(ay)}L${n(hx)} ${n(hy)}`);
      heads.push(`M${n(hx - uy * 3)} ${n(hy + ux * 3)}L${n(bx - ux * 2)} ${n(by - uy * 2)}L${n(hx + uy * 3)} ${n(hy - ux * 3)}Z`, circle(ax, ay, 1.8));
    }
    discs.push(circle(bx, by, 6));
    numbers.push(`<text x="${n(bx)}" y="${n(by + 3)}" text-anchor="middle" font-size="8" font-weight="bold" fill="#1d2430">${esc(m.label)}</text>`);
  });
  if (shafts.length) out.push(`<path d="${shafts.join('')}" fill="none" stroke="#1d2430" stroke-width="1"/>`, `<path d="${heads.join('')}" fill="#1d2430"/>`);
  if (discs.length) out.push(`<path d="${discs.join('')}" fill="#ffffff" stroke="#1d2430" stroke-width="0.8"/>`, ...numbers);
  out.push('</g>');
  if (o.axisLabels) {
    for (const t of g.probabilityTicks) out.push(`<text x="${left - 6}" y="${n(t.y + 3)}" text-anchor="end" font-size="8" fill="#4a5568">${esc(matrix.probability[t.level - 1]?.label ?? '')}</text>`);
    // Labels shrink with the columns so neighbours never run into each other.
    const size = n(Math.min(8, (g.width / matrix.impact.length) / 5.2));
    for (const t of g.impactTicks) out.push(`<text x="${n(left + t.x)}" y="${n(o.height - bottom + 12)}" text-anchor="middle" font-size="${size}" fill="#4a5568">${esc(matrix.impact[t.level - 1]?.label ?? '')}</text>`);
    out.push(`<text x="${n(left + (o.width - left) / 2)}" y="${o.height - 4}" text-anchor="middle" font-size="8" font-weight="bold" fill="#1d2430">Impact (higher to the right)</text>`);
    out.push(`<text x="8" y="${n((o.height - bottom) / 2)}" text-anchor="middle" font-size="8" font-weight="bold" fill="#1d2430" transform="rotate(-90 8 ${n((o.height - bottom) / 2)})">Probability (higher up)</text>`);
  }
  out.push('</svg>');
  return out.join('');
};

const M = { left: 38, bottom: 16, top: 6, right: 8 };

/** One metric over time: values, thresholds dashed, alert points in red, light grid and axes. */
export const seriesSvg = (points: MetricPoint[], width: number, height: number): string => {
  const w = width - M.left - M.right;
  const h = height - M.top - M.bottom;
  const g = seriesGeometry(points, w, h);
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`, `<g transform="translate(${M.left},${M.top})">`];
  if (g.yTicks.length) out.push(`<path d="${g.yTicks.map((t) => `M0 ${n(t.y)}H${n(w)}`).join('')}" stroke="#d9dde3" stroke-width="0.5"/>`);
  for (const t of g.yTicks) out.push(`<text x="-4" y="${n(t.y + 3)}" text-anchor="end" font-size="7" fill="#4a5568">${esc(t.label)}</text>`);
  for (const t of g.xTicks) out.push(`<text x="${n(t.x)}" y="${h + 11}" text-anchor="${t.anchor}" font-size="7" fill="#4a5568">${esc(t.label)}</text>`);
  // A gap in the series: a light band, and the line broken across it.
  for (const gap of g.gaps) out.push(`<path d="M${n(gap.x0 + 2)} 0H${n(Math.max(gap.x0 + 2, gap.x1 - 2))}V${n(h)}H${n(gap.x0 + 2)}Z" fill="#edf0f4"/>`);
  for (const d of [g.lower, g.upper]) if (d) out.push(`<path d="${d}" fill="none" stroke="#c53030" stroke-width="0.8" stroke-dasharray="4 3"/>`);
  out.push(`<path d="${g.path}" fill="none" stroke="#2563eb" stroke-width="1.2"/>`);
  if (g.markers.length) out.push(`<path d="${g.markers.map((m) => circle(m.x, m.y, 1.4)).join('')}" fill="#2563eb"/>`);
  // ±∞ at the edge: a red triangle pointing out of the chart, and the sign written beside it.
  for (const p of g.infinite) {
    const tip = p.sign > 0 ? 0 : h;
    const base = p.sign > 0 ? 5 : h - 5;
    out.push(`<path d="M${n(p.x - 3)} ${n(base)}L${n(p.x)} ${n(tip)}L${n(p.x + 3)} ${n(base)}Z" fill="#c53030"/>`);
    // The report's Noto Sans has no ∞ glyph: the sign is text, the ∞ two small loops.
    const cy = p.sign > 0 ? 3.5 : h - 3.5;
    out.push(`<text x="${n(p.x + 4)}" y="${n(cy + 2)}" font-size="6" fill="#c53030">${p.sign > 0 ? '+' : '−'}</text>`);
    out.push(`<path d="${circle(p.x + 9.6, cy, 1.5)}${circle(p.x + 12.6, cy, 1.5)}" fill="none" stroke="#c53030" stroke-width="0.6"/>`);
  }
  // Alert points as one path of circles (two arcs each): a long alerting series is one element.
  if (g.alerts.length) out.push(`<path d="${g.alerts.map((a) => circle(a.x, a.y, 2.2)).join('')}" fill="#c53030"/>`);
  out.push('</g></svg>');
  return out.join('');
};
