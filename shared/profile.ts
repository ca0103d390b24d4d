import { z } from 'zod';

export const roles = ['risk_officer', 'review_lead', 'auditor'] as const;
export type Role = (typeof roles)[number];
export const roleLabels: Record<Role, string> = {
  risk_officer: 'Risk officer',
  review_lead: 'Review lead',
  auditor: 'Auditor',
};

export const profileSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(2, 'name needs at least 2 characters')
      .max(80, 'name is at most 80 characters')
      .regex(/^[^\n\r\t]*$/, 'name must be a single line'),
    role: z.enum(roles, { message: 'role must be risk officer, review lead or auditor' }),
  })
  .strict();
export type Profile = z.infer<typeof profileSchema>;
