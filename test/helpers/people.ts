import { dispatch, type HandlerContext } from '../../electron/handlers';
import { nameKey, sameName, type Person } from '../../shared/people';
import type { Role } from '../../shared/profile';
import { ok } from './result';


/** The OS account the helper gives each person: everyone at a desk of their own. */
export const deskOf = (name: string): string => `desk-${nameKey(name).replace(/\s+/g, '.')}`;

/**
 * Makes `name` the person at the keyboard, with `role`, at their own desk (OS account), as people
 * at different computers are: an existing person is switched to, a new one created (a new review
 * lead confirmed by an existing one), a different role granted with a lead's confirmation.
 */
export const as = async (ctx: HandlerContext, name: string, role: Role): Promise<Person> => {
  ctx.osUser = deskOf(name);
  const people = ok<Person[]>(await dispatch(ctx, 'people.list', {}));
  const lead = people.find((p) => p.role === 'review_lead' && !sameName(p.name, name));
  const confirm = lead ? { confirmedBy: lead.id } : {};
  const here = people.find((p) => sameName(p.name, name));
  if (!here) return ok<Person>(await dispatch(ctx, 'profile.create', { name, role, ...(role === 'review_lead' ? confirm : {}) }));
  ok(await dispatch(ctx, 'profile.switch', { personId: here.id }));
  return here.role === role ? here : ok<Person>(await dispatch(ctx, 'profile.save', { name: here.name, role, ...confirm }));
};
