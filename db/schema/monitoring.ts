import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { assessments } from './assessments';
import { models } from './models';

/** One imported export file; its SHA-256 makes a second import of the same file detectable. */
export const monitoringImports = sqliteTable(
  'monitoring_imports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    modelId: integer('model_id').notNull().references(() => models.id),
    format: text('format').notNull(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    bytes: integer('bytes').notNull(),
    rows: integer('rows').notNull(),
    timeFrom: text('time_from'),
    timeTo: text('time_to'),
    importedBy: text('imported_by').notNull(),
    at: text('at').notNull(),
  },
  (t) => [uniqueIndex('monitoring_imports_model_sha').on(t.modelId, t.sha256)],
);

/**
 * Every imported observation, kept with the import (and so the file hash and the model) it came
 * from, in blocks of up to 1,000 points in the order the import read them (db/pointBlocks.ts):
 * `data` is a JSON array with one array per point, [ts, metric, feature, value, lower, upper,
 * alert, special, reference] (trailing nulls left out). A million-row import writes a thousand
 * rows, not a million, on either engine. The points are read through the view `metric_points`
 * (one row per point, the columns above; migrations 0015 and pg 0010), which every reader uses;
 * nothing writes it. The unique index on (import, block) is how a model's points are found
 * (through its imports) and grows at its end as an import appends.
 */
export const metricPointBlocks = sqliteTable(
  'metric_point_blocks',
  {
    importId: integer('import_id').notNull().references(() => monitoringImports.id),
    /** The block's place in its import, from 0. */
    seq: integer('seq').notNull(),
    /** How many points the block holds. */
    points: integer('points').notNull(),
    data: text('data').notNull(),
  },
  (t) => [uniqueIndex('metric_point_blocks_import_seq').on(t.importId, t.seq)],
);

export const findings = sqliteTable(
  'findings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    modelId: integer('model_id').notNull().references(() => models.id),
    /** The import that raised it; null for a finding entered by hand. */
    importId: integer('import_id').references(() => monitoringImports.id),
    category: text('category').notNull(),
    ruleId: text('rule_id').notNull(),
    label: text('label').notNull(),
    metric: text('metric').notNull(),
    feature: text('feature'),
    severity: text('severity', { enum: ['low', 'medium', 'high'] }).notNull(),
    probability: integer('probability').notNull(),
    windowFrom: text('window_from').notNull(),
    windowTo: text('window_to').notNull(),
    worstValue: real('worst_value'),
    breaches: integer('breaches').notNull(),
    status: text('status', { enum: ['open', 'acknowledged', 'linked'] }).notNull(),
    assessmentId: integer('assessment_id').references(() => assessments.id),
    createdAt: text('created_at').notNull(),
    // The findings register (README "Findings register"): where it came from, who owns its
    // remediation, by when, and how it was closed. `status` above stays the evidence status
    // (open, acknowledged, taken into an approved assessment); `remediation` is the finding's
    // own lifecycle, open → in remediation → closed.
    kind: text('kind', { enum: ['monitoring', 'validation', 'limitation', 'incident'] }).notNull().default('monitoring'),
    description: text('description').notNull().default(''),
    owner: text('owner').notNull().default(''),
    dueDate: text('due_date'),
    actionPlan: text('action_plan').notNull().default(''),
    remediation: text('remediation', { enum: ['open', 'in_remediation', 'closed'] }).notNull().default('open'),
    closedAt: text('closed_at'),
    closedBy: text('closed_by'),
    closure: text('closure').notNull().default(''),
    /** Files attached on closing: name, size and SHA-256 of each. */
    evidence: text('evidence', { mode: 'json' }).$type<{ name: string; bytes: number; sha256: string }[]>().notNull().default([]),
    updatedAt: text('updated_at').notNull().default(''),
  },
  (t) => [index('findings_model_status').on(t.modelId, t.status)],
);

/** What the watched folder did with each file it found. */
export const watchLog = sqliteTable('watch_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: text('at').notNull(),
  fileName: text('file_name').notNull(),
  modelRef: text('model_ref'),
  status: text('status', { enum: ['imported', 'failed'] }).notNull(),
  message: text('message').notNull(),
});
