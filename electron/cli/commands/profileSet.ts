import { roles, type Role } from '../../../shared/profile';
import type { Run } from '../commands';
import { UsageError } from '../usage';

/** `mrd profile set --name NAME --role ROLE`: the local profile, as Settings › Profile sets it. */
export const run: Run = ({ values, io, open }) => {
  const name = values.name as string | undefined;
  const role = values.role as string | undefined;
  if (!name || !role) throw new UsageError('profile set needs --name NAME and --role ROLE');
  if (!(roles as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${roles.join(', ')}, got "${role}"`);
  const p = open().call('profile.save', { name, role: role as Role });
  io.out(`Profile: ${p.name} (${p.role})`);
  return 0;
};
