import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The register of generated reports: what was asked (kind, scope, as-of), who made it and when,
 * and the SHA-256 of the exact bytes, so a PDF handed to an auditor can be checked later.
 */
export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['portfolio', 'model'] }).notNull(),
    /** JSON: { ref?, businessUnit?, status?, tag? } */
    scope: text('scope', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    asOf: text('as_of').notNull(),
    generatedBy: text('generated_by').notNull(),
    generatedAt: text('generated_at').notNull(),
    sha256: text('sha256').notNull(),
    bytes: integer('bytes').notNull(),
    pages: integer('pages').notNull(),
    models: integer('models').notNull(),
    fileName: text('file_name').notNull(),
  },
  (t) => [index('reports_sha256').on(t.sha256)],
);
