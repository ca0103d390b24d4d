import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * People who act in the app. On one computer each is a local profile: a stable id, the display
 * name (self-declared, refused when invisible characters, mixed alphabets or an app name are in
 * it) and a role. `name_key` is the name as compared (shared/people.ts nameKey): two people can
 * never share one, so "Dana Validator" and "dana validator" are one person.
 */
export const people = sqliteTable('people', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  nameKey: text('name_key').notNull().unique(),
  role: text('role', { enum: ['risk_officer', 'review_lead', 'auditor'] }).notNull(),
  /** The operating-system account the profile was created under. */
  osUser: text('os_user').notNull().default(''),
  /**
   * On a team database: the PostgreSQL login this person signs in with (team add-user). The
   * login, not a profile setting, is who acts there; null for a local profile.
   */
  login: text('login').unique(),
  /** On a team database: the login may no longer sign in (team disable); kept, as the trail names them. */
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  createdAt: text('created_at').notNull(),
});
