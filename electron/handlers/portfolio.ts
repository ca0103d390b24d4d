import { matrixPositions } from '../../db/queries/models';
import { currentMatrix } from '../../db/queries/settings';
import type { HeatMap, ParsedInputOf } from '../../shared/contract';
import type { HandlerContext } from './context';

export const portfolioHandlers = {
  /** Active (not retired) models on the current matrix, by residual or inherent position. */
  'portfolio.heatmap': (ctx: HandlerContext, input: ParsedInputOf<'portfolio.heatmap'>): HeatMap => {
    const matrix = currentMatrix(ctx.db);
    const cells = new Map<string, string[]>();
    const counts = new Map<string, number>();
    let unassessed = 0;
    let offMatrix = 0;
    for (const m of matrixPositions(ctx.db)) {
      if (m.status === 'retired') continue;
      const cell = input.basis === 'residual' ? m.residualCell : m.inherentCell;
      const band = input.basis === 'residual' ? m.rating : m.inherentRating;
      if (!cell || !band) {
        unassessed += 1;
        continue;
      }
      const [p, i] = cell.split(':').map(Number) as [number, number];
      if (p > matrix.probability.length || i > matrix.impact.length) {
        offMatrix += 1;
        continue;
      }
      cells.set(cell, [...(cells.get(cell) ?? []), m.ref]);
      counts.set(band.name, (counts.get(band.name) ?? 0) + 1);
    }
    return {
      matrix,
      basis: input.basis,
      cells: [...cells].map(([key, refs]) => {
        const [probability, impact] = key.split(':').map(Number) as [number, number];
        return { probability, impact, refs };
      }),
      byBand: [...matrix.bands].sort((a, b) => a.order - b.order).map((band) => ({ band, count: counts.get(band.name) ?? 0 })),
      unassessed,
      offMatrix,
    };
  },
};
