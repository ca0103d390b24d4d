import type { Band, RiskMatrix } from './matrix';

/** A model as the heat map places it: its worst cell and band, on the matrix version it was scored on. */
export type Placed = { ref: string; cell: string | null; band: Band | null; matrixVersion: number | null };

export type HeatGrid = { matrix: RiskMatrix; current: boolean; cells: { probability: number; impact: number; refs: string[] }[]; models: number };

/**
 * Models are placed on the grid of the matrix their own assessment used, and counted under the
 * band they were approved with: a matrix saved later never moves, recolours or recounts them.
 * The grid in force comes first; each older version still holding ratings follows, newest first.
 * Bands are counted by name, those of the matrix in force first, then any only older ones have.
 */
export const heatGrids = (placed: Placed[], matrices: ReadonlyMap<number, RiskMatrix>, current: RiskMatrix): { grids: HeatGrid[]; byBand: { band: Band; count: number }[]; unassessed: number } => {
  const byVersion = new Map<number, Map<string, string[]>>();
  const counts = new Map<string, { band: Band; count: number }>();
  let unassessed = 0;
  for (const p of placed) {
    if (!p.cell || !p.band) {
      unassessed += 1;
      continue;
    }
    const version = p.matrixVersion ?? current.version;
    let cells = byVersion.get(version);
    if (!cells) byVersion.set(version, (cells = new Map<string, string[]>()));
    cells.set(p.cell, [...(cells.get(p.cell) ?? []), p.ref]);
    const c = counts.get(p.band.name);
    if (c) c.count += 1;
    else counts.set(p.band.name, { band: p.band, count: 1 });
  }
  const grid = (matrix: RiskMatrix): HeatGrid => {
    const cells = [...(byVersion.get(matrix.version) ?? new Map<string, string[]>())].map(([key, refs]) => {
      const [probability, impact] = key.split(':').map(Number) as [number, number];
      return { probability, impact, refs };
    });
    return { matrix, current: matrix.version === current.version, cells, models: cells.reduce((n, c) => n + c.refs.length, 0) };
  };
  const older = [...byVersion.keys()].filter((v) => v !== current.version).sort((a, b) => b - a).flatMap((v) => (matrices.get(v) ? [grid(matrices.get(v)!)] : []));
  const bandOrder = [...current.bands].sort((a, b) => a.order - b.order);
  const byBand = [
    ...bandOrder.map((band) => ({ band, count: counts.get(band.name)?.count ?? 0 })),
    ...[...counts.values()].filter((c) => !bandOrder.some((b) => b.name === c.band.name)).sort((a, b) => a.band.order - b.band.order),
  ];
  return { grids: [grid(current), ...older], byBand, unassessed };
};
