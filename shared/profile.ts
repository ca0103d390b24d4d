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
export type IdentityInfo = {
  /** local: profiles on one computer (or a team database's owner); directory: the team database's verified login. */
  mode: 'local' | 'directory';
  statement: string;
  osUser: string;
  sharedComputer: boolean;
  /** On a team database: the PostgreSQL login connected. */
  login?: string;
};

export const VERIFIED_IDENTITY_STATEMENT =
  'Verified PostgreSQL logins: each person signs in to the team database with their own login; the database itself names who acted and when (the login and the server clock), grants each role its rights, and refuses self-approval and any change to the trail.';

export const LOCAL_IDENTITY_STATEMENT =
  'Local profiles on one computer: names are self-declared. People are told apart by their profile id and by the operating-system account each change was made under.';
