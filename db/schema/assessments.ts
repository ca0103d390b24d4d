import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Remapped, ScoredRisk } from '../../shared/assessment';
import type { Band } from '../../shared/matrix';
import { riskMatrices } from './matrices';
import { models } from './models';

/**
 * One assessment scores the four risks of one model. Bands are stored as they were computed on
 * the matrix version used, so a later matrix change never rewrites history.
 */
export const assessments = sqliteTable(
  'assessments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    modelId: integer('model_id').notNull().references(() => models.id),
    version: integer('version').notNull(),
    status: text('status', { enum: ['draft', 'submitted', 'approved', 'rejected'] }).notNull(),
    matrixVersion: integer('matrix_version').notNull().references(() => riskMatrices.version),
    basedOn: integer('based_on'),
    createdBy: text('created_by').notNull(),
    createdById: integer('created_by_id'),
    assessor: text('assessor'),
    /** Who submitted (person id) and under which OS account: what four-eyes compares. */
    assessorId: integer('assessor_id'),
    assessorOs: text('assessor_os'),
    submittedAt: text('submitted_at'),
    decidedBy: text('decided_by'),
    decidedById: integer('decided_by_id'),
    decidedOs: text('decided_os'),
    /** Decided under the submitter's OS account, allowed by the "shared computer" policy: shown as such everywhere. */
    sharedComputer: integer('shared_computer', { mode: 'boolean' }).notNull().default(false),
    decidedAt: text('decided_at'),
    decisionComment: text('decision_comment').notNull().default(''),
    /** Submitted as an unchanged copy of the version it was copied from: the assessor's reason ("reviewed, nothing changed"). */
    unchangedReason: text('unchanged_reason').notNull().default(''),
    overallInherent: text('overall_inherent', { mode: 'json' }).$type<Band>(),
    overallResidual: text('overall_residual', { mode: 'json' }).$type<Band>(),
    /** `p:i` of the worst risk, for the portfolio heat map. */
    inherentCell: text('inherent_cell'),
    residualCell: text('residual_cell'),
    /**
     * A reassessment copied from an assessment on another matrix: the rule its levels were mapped
     * by and the fields so mapped, marked for the assessor to check until it is submitted.
     */
    remapped: text('remapped', { mode: 'json' }).$type<Remapped>(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    // Last on purpose: the JSON spills into overflow pages, and SQLite reads a record's columns in
    // order, so every small column placed after it would cost an overflow walk to read.
    risks: text('risks', { mode: 'json' }).$type<ScoredRisk[]>().notNull(),
  },
  (t) => [
    uniqueIndex('assessments_model_version').on(t.modelId, t.version),
    // Serves "the latest approved version of each model", read for every inventory row.
    index('assessments_current').on(t.modelId, t.status, t.version),
    index('assessments_status').on(t.status),
  ],
);
