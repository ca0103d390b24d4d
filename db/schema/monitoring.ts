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
    importId: integer('import_id').notNull().references(() => monitoringImports.id),
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
