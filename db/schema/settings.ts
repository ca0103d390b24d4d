import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Key → JSON value: the user profile, first-run state, and later the review and rule policies. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  updatedAt: text('updated_at').notNull(),
});
