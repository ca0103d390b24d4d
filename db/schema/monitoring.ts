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
 * from. The only index is on the import: an import's points are appended together, so the index
 * grows at its end and a million-row import stays fast; a model's points are found through its
 * imports and sorted when read.
 */
export const metricPoints = sqliteTable(
  'metric_points',
  {
    importId: integer('import_id').notNull().references(() => monitoringImports.id),
    ts: text('ts').notNull(),
    metric: text('metric').notNull(),
    feature: text('feature'),
    value: real('value'),
    lower: real('lower'),
    upper: real('upper'),
    alert: integer('alert', { mode: 'boolean' }),
    /** 'inf' or '-inf' for a non-finite observation (value is then null). */
    special: text('special', { enum: ['inf', '-inf'] }),
    /** A point of a reference period (NannyML): drawn, never a finding. */
    reference: integer('reference', { mode: 'boolean' }),
  },
  (t) => [index('metric_points_import').on(t.importId)],
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
