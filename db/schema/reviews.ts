import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { models } from './models';

/**
 * Events that bring a review forward. A trigger is open while it is newer than the model's
 * current approved assessment; approving a reassessment answers every trigger before it.
 */
export const reviewTriggers = sqliteTable(
  'review_triggers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    modelId: integer('model_id').notNull().references(() => models.id),
    kind: text('kind', { enum: ['new_version', 'change_of_use', 'exposure', 'tier', 'environment', 'monitoring'] }).notNull(),
    reason: text('reason').notNull(),
    /** Calendar date the trigger happened (YYYY-MM-DD). */
    date: text('date').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('review_triggers_model').on(t.modelId, t.date)],
);

/** The lead's plan for a model's next review: who and when. */
export const reviewPlans = sqliteTable('review_plans', {
  modelId: integer('model_id').primaryKey().references(() => models.id),
  reviewer: text('reviewer').notNull(),
  plannedDate: text('planned_date').notNull(),
  updatedAt: text('updated_at').notNull(),
});
