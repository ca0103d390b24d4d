import type { Run } from '../commands';
import { print, textTable } from '../usage';

/** `mrd findings list [--json]`: every monitoring finding with its model, window, status and file. */
export const run: Run = async ({ values, io, open }) => {
  const rows = (await (await open())
    .call('findings.list', {}))
    .map((f) => ({ ref: f.modelRef, category: f.category, severity: f.severity, metric: f.metric, feature: f.feature, from: f.windowFrom, to: f.windowTo, status: f.status, file: f.fileName, suggestedProbability: f.probability }));
  print(io, values.json as boolean | undefined, rows, () =>
    rows.length === 0
      ? 'No findings.'
      : textTable(['REF', 'CATEGORY', 'SEVERITY', 'METRIC', 'WINDOW', 'STATUS', 'FILE'], rows.map((r) => [r.ref, r.category, r.severity, r.metric, `${r.from.slice(0, 10)}..${r.to.slice(0, 10)}`, r.status, r.file])),
  );
  return 0;
};
