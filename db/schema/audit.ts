import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Append-only and hash-chained; see db/audit.ts. */
export const auditLog = sqliteTable('audit_log', {
  seq: integer('seq').primaryKey(),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id').notNull(),
  before: text('before'),
  after: text('after'),
  /** The person who acted (null for the app's own actors and for entries written before people had ids). */
  actorId: integer('actor_id'),
  /** The operating-system account the change was made under (null before it was recorded). */
  osUser: text('os_user'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull().unique(),
});
