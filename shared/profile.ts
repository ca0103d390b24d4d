import { z } from 'zod';
import { personNameSchema, type Person } from './people';

export const roles = ['risk_officer', 'review_lead', 'auditor'] as const;
export type Role = (typeof roles)[number];
export const roleLabels: Record<Role, string> = {
  risk_officer: 'Risk officer',
  review_lead: 'Review lead',
  auditor: 'Auditor',
};

/**
 * A local profile as its person fills it in. A role other than the current one (or a new review
 * lead) needs `confirmedBy`: the id of another person who is a review lead, whenever one exists.
 */
export const profileSchema = z
  .object({
    name: personNameSchema,
    role: z.enum(roles, { message: 'role must be risk officer, review lead or auditor' }),
    confirmedBy: z.number().int().positive().optional(),
  })
  .strict();
export type ProfileInput = z.input<typeof profileSchema>;

/** The person at this computer. */
export type Profile = Person;

/** How the app knows who acts, said plainly on the cover of every report and on the audit screen. */
export type IdentityInfo = { mode: 'local'; statement: string; osUser: string; sharedComputer: boolean };

export const LOCAL_IDENTITY_STATEMENT =
  'Local profiles on one computer: names are self-declared. People are told apart by their profile id and by the operating-system account each change was made under.';
