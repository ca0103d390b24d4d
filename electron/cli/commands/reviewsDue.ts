import type { Run } from '../commands';
import { intOption, print, textTable } from '../usage';

/** `mrd reviews due [--within DAYS] [--json]`: what is due, overdue and unassessed first by date. */
export const run: Run = async ({ values, io, open }) => {
  const within = intOption(values.within as string | undefined, 'within', 0, 3660, 90);
  const rows = (await (await open())
    .call('reviews.list', { withinDays: within }))
    .sort((a, b) => (a.due ?? '').localeCompare(b.due ?? '') || a.ref.localeCompare(b.ref))
    .map((x) => ({ ref: x.ref, name: x.name, band: x.band?.name ?? null, due: x.due, status: x.status, reason: x.reason, reviewer: x.reviewer, plannedDate: x.plannedDate }));
  print(io, values.json as boolean | undefined, rows, () => textTable(['REF', 'BAND', 'DUE', 'STATUS', 'REASON'], rows.map((r) => [r.ref, r.band ?? '—', r.due ?? '—', r.status, r.reason])));
  return 0;
};
