import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { assessments } from './assessments';
import { models } from './models';
import { people } from './people';

/**
 * Treatment plans (README "Treatment plans and risk acceptance"): the actions that carry out a
 * risk treated by *mitigate*. They are tracked work, not part of an assessment's frozen scores:
 * an approved assessment's actions still progress (planned → in progress → done or cancelled).
 * Kept by model and risk, with the assessment in which each was planned.
 */
export const treatmentActions = sqliteTable(
  'treatment_actions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    modelId: integer('model_id').notNull().references(() => models.id),
    assessmentId: integer('assessment_id').notNull().references(() => assessments.id),
    category: text('category').notNull(),
    title: text('title').notNull(),
    owner: text('owner').notNull(),
    dueDate: text('due_date'),
    status: text('status', { enum: ['planned', 'in_progress', 'done', 'cancelled'] }).notNull().default('planned'),
    /** What was done (or why it was dropped), required to finish an action. */
    note: text('note').notNull().default(''),
    /** Files attached on finishing: name, size and SHA-256 of each. */
    evidence: text('evidence', { mode: 'json' }).$type<{ name: string; bytes: number; sha256: string }[]>().notNull().default([]),
    finishedAt: text('finished_at'),
    finishedBy: text('finished_by'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('treatment_actions_model').on(t.modelId, t.category)],
);

/**
 * A risk treated by *accept* is accepted by a review lead (never its assessor) when the
 * assessment is approved: a justification and an expiry date capped by the review policy. An
 * acceptance is never changed; once expired it brings the review forward until the model is
 * reassessed (a newer approved assessment replaces it).
 */
export const riskAcceptances = sqliteTable(
  'risk_acceptances',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    modelId: integer('model_id').notNull().references(() => models.id),
    assessmentId: integer('assessment_id').notNull().references(() => assessments.id),
    category: text('category').notNull(),
    /** The residual band accepted, as computed on the assessment's matrix. */
    band: text('band').notNull(),
    justification: text('justification').notNull(),
    acceptedBy: text('accepted_by').notNull(),
    acceptedById: integer('accepted_by_id').references(() => people.id),
    /** The operating-system account, or on a team database the PostgreSQL login, that accepted. */
    acceptedOs: text('accepted_os'),
    acceptedAt: text('accepted_at').notNull(),
    expiresOn: text('expires_on').notNull(),
  },
  (t) => [uniqueIndex('risk_acceptances_risk').on(t.assessmentId, t.category), index('risk_acceptances_model').on(t.modelId)],
);
