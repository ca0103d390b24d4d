import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Band, MatrixLevel } from '../../shared/matrix';

/** Versioned: a new version is a new row; assessments keep the version they were scored on. */
export const riskMatrices = sqliteTable('risk_matrices', {
  version: integer('version').primaryKey(),
  name: text('name').notNull(),
  probability: text('probability', { mode: 'json' }).$type<MatrixLevel[]>().notNull(),
  impact: text('impact', { mode: 'json' }).$type<MatrixLevel[]>().notNull(),
  bands: text('bands', { mode: 'json' }).$type<Band[]>().notNull(),
  grid: text('grid', { mode: 'json' }).$type<string[][]>().notNull(),
  createdAt: text('created_at').notNull(),
});
