import { scaleBand } from 'd3';
import type { Band, MatrixDefinition } from '../matrix';

export type GridCell = { probability: number; impact: number; x: number; y: number; width: number; height: number; band: Band };
export type MatrixGeometry = {
  cells: GridCell[];
  /** Axis tick positions: centre of each impact column / probability row. */
  impactTicks: { level: number; x: number }[];
  probabilityTicks: { level: number; y: number }[];
  width: number;
  height: number;
};

/**
 * Lays the matrix out with d3 band scales: impact left to right, probability bottom to top (the
 * way risk matrices are read). Pure geometry, shared by the React charts and the PDF reports.
 */
export const matrixGeometry = (m: MatrixDefinition, width: number, height: number, padding = 0.06): MatrixGeometry => {
  const impacts = m.impact.map((_, i) => i + 1);
  const probabilities = m.probability.map((_, p) => p + 1);
  const x = scaleBand<number>().domain(impacts).range([0, width]).paddingInner(padding);
  const y = scaleBand<number>().domain([...probabilities].reverse()).range([0, height]).paddingInner(padding);
  const cells: GridCell[] = [];
  for (const p of probabilities) {
    for (const i of impacts) {
      const id = m.grid[p - 1]?.[i - 1];
      const band = m.bands.find((b) => b.id === id);
      if (!band) throw new RangeError(`matrix grid has no band at probability ${p}, impact ${i}`);
      cells.push({ probability: p, impact: i, x: x(i) ?? 0, y: y(p) ?? 0, width: x.bandwidth(), height: y.bandwidth(), band });
    }
  }
  return {
    cells,
    impactTicks: impacts.map((level) => ({ level, x: (x(level) ?? 0) + x.bandwidth() / 2 })),
    probabilityTicks: probabilities.map((level) => ({ level, y: (y(level) ?? 0) + y.bandwidth() / 2 })),
    width,
    height,
  };
};

const luminance = (hex: string): number => {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

/** WCAG contrast ratio of two colours (1 to 21). */
export const contrast = (a: string, b: string): number => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
};

/** Dark text or white, whichever contrasts more with the band's colour (WCAG relative luminance). */
export const textColorOn = (hex: string): string => (contrast(hex, '#1d2430') >= contrast(hex, '#ffffff') ? '#1d2430' : '#ffffff');
