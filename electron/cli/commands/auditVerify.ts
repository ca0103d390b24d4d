import { resolve } from 'node:path';
import type { Run } from '../commands';

/** `mrd audit verify [--against REPORT.pdf]`: the chain, its anchors, and optionally a report's head. */
export const run: Run = ({ values, io, open }) => {
  const host = open();
  const against = values.against as string | undefined;
  const r = host.call('audit.verify', against ? { against: host.stage(resolve(against)) } : {});
  if (!r.ok) {
    io.err(`mrd: audit chain broken at entry ${r.brokenAt}: ${r.reason} (${r.count} entries verified before it)`);
    return 1;
  }
  io.out(`Audit chain intact: ${r.count} entries, head ${r.head}`);
  return 0;
};
