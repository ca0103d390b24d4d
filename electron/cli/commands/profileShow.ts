import { roleLabels } from '../../../shared/profile';
import type { Run } from '../commands';

/** `mrd profile show`: who the writing commands act as. */
export const run: Run = async ({ io, open }) => {
  const info = await (await open()).call('app.info', {});
  io.out(info.profile ? `${info.profile.name} (${roleLabels[info.profile.role]}, profile #${info.profile.id}) — ${info.identity.statement}` : 'No local profile yet: commands that change data are refused until one is set (mrd profile set, or Settings › Profile in the app).');
  return 0;
};
