import { sameName } from '../../../shared/people';
import { roleLabels, roles, type Role } from '../../../shared/profile';
import type { Run } from '../commands';
import { UsageError } from '../usage';

/**
 * `mrd profile set --name NAME --role ROLE [--confirmed-by LEAD]`: who the command line acts as,
 * as Settings › Profile sets it. A person already here by that name is switched to; a new one is
 * created. A role granted (a new review lead, or another role for an existing person) needs
 * another review lead's confirmation whenever one exists, named by --confirmed-by.
 */
export const run: Run = async ({ values, io, open }) => {
  const name = values.name as string | undefined;
  const role = values.role as string | undefined;
  const confirmer = values['confirmed-by'] as string | undefined;
  if (!name || !role) throw new UsageError('profile set needs --name NAME and --role ROLE');
  if (!(roles as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${roles.join(', ')}, got "${role}"`);
  const host = await open();
  const people = await host.call('people.list', {});
  const lead = confirmer === undefined ? undefined : people.find((p) => sameName(p.name, confirmer));
  if (confirmer !== undefined && !lead) throw new UsageError(`--confirmed-by: nobody here is called "${confirmer}"`);
  const confirmedBy = lead ? { confirmedBy: lead.id } : {};
  const here = people.find((p) => sameName(p.name, name));
  let person = here ? await host.call('profile.switch', { personId: here.id }) : await host.call('profile.create', { name, role: role as Role, ...confirmedBy });
  if (person.role !== role) person = (await host.call('profile.save', { name: person.name, role: role as Role, ...confirmedBy }));
  io.out(`Acting as ${person.name} (${roleLabels[person.role]}, profile #${person.id})`);
  return 0;
};
