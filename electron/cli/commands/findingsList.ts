import type { Run } from '../commands';
import { print, textTable } from '../usage';

/** `mrd findings list [--json]`: the findings register: monitoring findings and those entered by hand, with owner, due date and remediation. */
export const run: Run = async ({ values, io, open }) => {
  const rows = (await (await open())
    .call('findings.list', {}))
    .map((f) => ({ id: f.id, ref: f.modelRef, kind: f.kind, category: f.category, severity: f.severity, title: f.label, metric: f.metric, feature: f.feature, from: f.windowFrom, to: f.windowTo, status: f.status, remediation: f.remediation, owner: f.owner, due: f.dueDate, file: f.fileName, suggestedProbability: f.probability }));
  print(io, values.json as boolean | undefined, rows, () =>
    rows.length === 0
      ? 'No findings.'
      : textTable(['ID', 'REF', 'KIND', 'SEVERITY', 'FINDING', 'WINDOW', 'OWNER', 'DUE', 'REMEDIATION', 'FILE'], rows.map((r) => [String(r.id), r.ref, r.kind, r.severity, r.metric || r.title, `${r.from.slice(0, 10)}..${r.to.slice(0, 10)}`, r.owner || '—', r.due ?? '—', r.remediation.replace('_', ' '), r.file ?? '—'])),
  );
  return 0;
};
