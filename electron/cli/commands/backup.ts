import type { Run } from '../commands';
import { UsageError } from '../usage';

/** `mrd backup --out FILE`: a consistent, checked copy (VACUUM INTO, integrity_check, rename), audited. */
export const run: Run = async ({ values, io, open }) => {
  const out = values.out as string | undefined;
  if (!out) throw new UsageError('backup needs --out FILE');
  const info = await (await open()).call('backups.create', { out });
  io.out(`Backed up ${values.db} to ${out} (${info.bytes} bytes, integrity_check ok)`);
  return 0;
};
