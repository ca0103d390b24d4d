import { appendAudit } from '../../db/audit';
import { inTransaction } from '../../db/client';
import { getPerson, insertPerson, listPeople, personNamed, updatePerson } from '../../db/queries/people';
import { putSetting } from '../../db/queries/settings';
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Person } from '../../shared/people';
import { roleLabels, type Role } from '../../shared/profile';
import { identityMode, profileKey, profileOf, type HandlerContext } from './context';

type ProfileInput = ParsedInputOf<'profile.save'>;

/** Two people may not have one name: the one already called so is named in the refusal. */
const refuseTakenName = async (ctx: HandlerContext, name: string, self: number | null): Promise<void> => {
  const other = await personNamed(ctx.db, name);
  if (other && other.id !== self) {
    throw new AppError('conflict', `"${name}" is the name of another person here, ${other.name} (profile #${other.id}); switch to that profile or choose another name`, { issues: [{ path: 'name', message: `already ${other.name} (#${other.id})` }] });
  }
};

/**
 * A role is granted, never simply taken: whenever a review lead other than the person concerned
 * exists, one of them must confirm (`confirmedBy`). With none yet, the role is self-declared and
 * the audit entry says so. Returns what the audit entry records of the confirmation.
 */
const confirmation = async (ctx: HandlerContext, subject: number | null, role: Role, confirmedBy: number | undefined): Promise<{ by: { id: number; name: string } | null; note: string }> => {
  const leads = (await listPeople(ctx.db)).filter((p) => p.role === 'review_lead' && p.id !== subject);
  if (leads.length === 0) return { by: null, note: 'self-declared: there was no other review lead to confirm it' };
  if (confirmedBy === undefined) {
    throw new AppError('forbidden', `A review lead must confirm the ${roleLabels[role].toLowerCase()} role (${leads.map((l) => l.name).join(', ')}); choose who confirms`, { issues: [{ path: 'confirmedBy', message: 'a review lead must confirm' }] });
  }
  const lead = leads.find((l) => l.id === confirmedBy);
  if (!lead) throw new AppError('forbidden', `Profile #${confirmedBy} is not another review lead: only another review lead can confirm a role`, { issues: [{ path: 'confirmedBy', message: 'not another review lead' }] });
  return { by: { id: lead.id, name: lead.name }, note: `confirmed by ${lead.name} (profile #${lead.id})` };
};

const makeCurrent = async (ctx: HandlerContext, person: Person): Promise<void> => await putSetting(ctx.db, profileKey(ctx), { personId: person.id }, ctx.now().toISOString());

const actorFor = (ctx: HandlerContext, p: Person) => ({ name: p.name, id: p.id, os: ctx.osUser });

/** A new person: the first of all (free), or another one at this computer (a lead needs a lead's confirmation). */
const createPerson = async (ctx: HandlerContext, input: ProfileInput): Promise<Person> => {
  await refuseTakenName(ctx, input.name, null);
  const first = (await listPeople(ctx.db)).length === 0;
  const granted = input.role === 'review_lead' && !first ? await confirmation(ctx, null, input.role, input.confirmedBy) : { by: null, note: first ? 'the first profile on this computer' : 'no confirmation needed for this role' };
  const now = ctx.now();
  const person = await insertPerson(ctx.db, { name: input.name, role: input.role, osUser: ctx.osUser, createdAt: now.toISOString() });
  await makeCurrent(ctx, person);
  await appendAudit(ctx.db, { actor: actorFor(ctx, person), action: 'create', entity: 'person', entityId: String(person.id), after: { ...person, roleGranted: granted.note, confirmedBy: granted.by }, at: now });
  return person;
};

/** On a team database a person's name and role are the directory's: no one edits their own. */
const refuseOnDirectory = (ctx: HandlerContext): void => {
  if (identityMode(ctx) === 'directory') {
    throw new AppError('forbidden', `On this team database you are the login ${ctx.login}: your name and role come from the team's directory, kept by an administrator (mrd --db URL team set-role, team add-user)`);
  }
};

export const peopleHandlers = {
  'people.list': async (ctx: HandlerContext) => await listPeople(ctx.db),

  'profile.save': async (ctx: HandlerContext, input: ProfileInput) =>
    await inTransaction(ctx.db, async () => {
      refuseOnDirectory(ctx);
      const current = await profileOf(ctx);
      if (!current) return await createPerson(ctx, input);
      let person = current;
      const now = ctx.now();
      if (input.name !== current.name) {
        await refuseTakenName(ctx, input.name, current.id);
        person = (await updatePerson(ctx.db, current.id, { name: input.name }));
        await appendAudit(ctx.db, { actor: actorFor(ctx, person), action: 'update', entity: 'person', entityId: String(person.id), before: current, after: person, at: now });
      }
      if (input.role !== current.role) {
        // A role of one's own is its own audit action, with who confirmed it.
        const granted = await confirmation(ctx, current.id, input.role, input.confirmedBy);
        const before = person;
        person = (await updatePerson(ctx.db, current.id, { role: input.role }));
        await appendAudit(ctx.db, { actor: actorFor(ctx, before), action: 'role', entity: 'person', entityId: String(person.id), before: { role: before.role }, after: { role: person.role, confirmedBy: granted.by, note: granted.note }, at: now });
      }
      return person;
    }),

  'profile.create': async (ctx: HandlerContext, input: ProfileInput) =>
    await inTransaction(ctx.db, async () => {
      refuseOnDirectory(ctx);
      return await createPerson(ctx, input);
    }),

  'profile.switch': async (ctx: HandlerContext, input: ParsedInputOf<'profile.switch'>) =>
    await inTransaction(ctx.db, async () => {
      refuseOnDirectory(ctx);
      const person = await getPerson(ctx.db, input.personId);
      if (!person) throw new AppError('not_found', `No profile #${input.personId}`);
      const before = await profileOf(ctx);
      await makeCurrent(ctx, person);
      await appendAudit(ctx.db, { actor: actorFor(ctx, person), action: 'switch', entity: 'profile', entityId: String(person.id), before: before ? { id: before.id, name: before.name } : null, after: { id: person.id, name: person.name }, at: ctx.now() });
      return person;
    }),
};
