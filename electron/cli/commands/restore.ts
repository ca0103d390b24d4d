import type { Run } from '../commands';

/**
 * `mrd restore FILE`: a checked copy in the database's place. A healthy database goes through the
 * app's own restore (its role check, a safety backup, the audit entry); a missing or damaged one
 * through the recovery the app offers at start.
 */
export const run: Run = async ({ values, args, io, open }) => {
  const host = await open();
  const file = args[0]!;
  if (host.inRecovery()) {
    await host.call('recovery.restore', { file });
    io.out(`Restored ${values.db} from ${file}`);
    return 0;
  }
  const r = await host.call('backups.restore', { file });
  io.out(`Restored ${values.db} from ${file}${r.replacedMovedTo ? `; the previous files are in ${r.replacedMovedTo}` : ''} (safety backup ${r.safetyBackup})`);
  return 0;
};
