import { matrixPositions } from '../../db/queries/models';
import { allMatrices, currentMatrix } from '../../db/queries/settings';
import type { HeatMap, ParsedInputOf } from '../../shared/contract';
import { heatGrids } from '../../shared/heatmap';
import type { HandlerContext } from './context';

export const portfolioHandlers = {
  /** Active (not retired) models, residual or inherent, each on the grid of its own assessment's matrix version. */
  'portfolio.heatmap': async (ctx: HandlerContext, input: ParsedInputOf<'portfolio.heatmap'>): Promise<HeatMap> => {
    const placed = (await matrixPositions(ctx.db))
      .filter((m) => m.status !== 'retired')
      .map((m) => ({ ref: m.ref, cell: input.basis === 'residual' ? m.residualCell : m.inherentCell, band: input.basis === 'residual' ? m.rating : m.inherentRating, matrixVersion: m.matrixVersion }));
    return { basis: input.basis, ...heatGrids(placed, await allMatrices(ctx.db), await currentMatrix(ctx.db)) };
  },
};
