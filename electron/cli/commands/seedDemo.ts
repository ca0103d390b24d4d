import { maxDemoModels } from '../../../shared/contract';
import type { Run } from '../commands';
import { intOption } from '../usage';

/** `mrd seed-demo [--models N] [--seed S]`: the app's demo portfolio, into an empty database. */
export const run: Run = async ({ values, io, open }) => {
  const models = intOption(values.models as string | undefined, 'models', 1, maxDemoModels, 200);
  const seed = intOption(values.seed as string | undefined, 'seed', 0, 2 ** 31 - 1, 42);
  const { created } = await (await open()).call('portfolio.start', { choice: 'demo', models, seed });
  io.out(`Seeded ${created} demo models into ${values.db} (seed ${seed})`);
  return 0;
};
