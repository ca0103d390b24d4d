import type { Run } from '../commands';
import { print, textTable } from '../usage';

/** `mrd models list [--json]`: the inventory with each model's rating. */
export const run: Run = async ({ values, io, open }) => {
  const models = await (await open()).call('models.all', {});
  print(io, values.json as boolean | undefined, models, () =>
    textTable(
      ['REF', 'NAME', 'VERSION', 'STATUS', 'TIER', 'BUSINESS UNIT', 'OWNER', 'RATING'],
      models.map((m) => [m.ref, m.name, m.version, m.status, String(m.tier), m.businessUnit, m.owner, m.rating?.name ?? 'unassessed']),
    ),
  );
  return 0;
};
