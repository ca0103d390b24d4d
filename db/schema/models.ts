import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Band } from '../../shared/matrix';
import type { Environment } from '../../shared/model';

export const models = sqliteTable(
  'models',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ref: text('ref').notNull().unique(),
    name: text('name').notNull(),
    version: text('version').notNull(),
    description: text('description').notNull().default(''),
    purpose: text('purpose').notNull().default(''),
    intendedUse: text('intended_use').notNull().default(''),
    restrictions: text('restrictions').notNull().default(''),
    businessUnit: text('business_unit').notNull(),
    owner: text('owner').notNull(),
    developers: text('developers', { mode: 'json' }).$type<string[]>().notNull(),
    validator: text('validator').notNull().default(''),
    status: text('status', { enum: ['proposed', 'development', 'validation', 'production', 'retired'] }).notNull(),
    tier: integer('tier').notNull(),
    exposure: text('exposure', { enum: ['internal', 'customer-facing', 'public'] }).notNull(),
    usageVolume: text('usage_volume', { enum: ['low', 'medium', 'high', 'very-high'] }).notNull(),
    sourcing: text('sourcing', { enum: ['in-house', 'vendor'] }).notNull(),
    vendorName: text('vendor_name').notNull().default(''),
    dataSources: text('data_sources', { mode: 'json' }).$type<string[]>().notNull(),
    validatedEnv: text('validated_env', { mode: 'json' }).$type<Environment>().notNull(),
    productionEnv: text('production_env', { mode: 'json' }).$type<Environment>().notNull(),
    envStatus: text('env_status', { enum: ['matches', 'drift', 'not-deployed'] }).notNull(),
    aiActClass: text('ai_act_class', { enum: ['minimal', 'limited', 'high', 'prohibited'] }).notNull(),
    maintainers: integer('maintainers').notNull(),
    documentationUrl: text('documentation_url').notNull().default(''),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    retiredAt: text('retired_at'),
    retirementReason: text('retirement_reason').notNull().default(''),
    /**
     * The latest approved assessment and a copy of its summary (bands as JSON, worst cells),
     * kept in step by the approve handler in the same transaction. Copied rather than joined:
     * assessment rows carry kilobytes of JSON, and joining them cost the inventory of 10,000
     * models more than its whole 50 ms budget.
     */
    currentAssessmentId: integer('current_assessment_id'),
    rating: text('rating', { mode: 'json' }).$type<Band>(),
    inherentRating: text('inherent_rating', { mode: 'json' }).$type<Band>(),
    residualCell: text('residual_cell'),
    inherentCell: text('inherent_cell'),
    /** The matrix version the rating was scored on: the model is placed and counted on that grid. */
    ratingMatrixVersion: integer('rating_matrix_version'),
    /**
     * When the row last changed, set by the database itself on every insert and update (triggers
     * of migrations 0014 / pg 0009), so the inventory re-reads only the rows changed since it last
     * read (db/queries/models.ts). SQLite: a counter, the highest stamp plus one (one writer at a
     * time). PostgreSQL: the writing transaction's id, as a reader compares it with the snapshot
     * it last read in (transactions commit out of the order their ids were given). Real, not
     * integer: a transaction id is 64 bits, beyond PostgreSQL's integer, exact in a double.
     * A migration that rebuilds this table (drizzle-kit's __new_models) must make the triggers again.
     */
    changeStamp: real('change_stamp').notNull().default(0),
  },
  (t) => [
    index('models_business_unit').on(t.businessUnit),
    index('models_status').on(t.status),
    index('models_change_stamp').on(t.changeStamp),
    // Unqualified names on purpose: drizzle-kit rebuilds a table as __new_<name>, where a
    // "models"."tier" reference would no longer resolve.
    check('models_tier', sql.raw('tier between 1 and 3')),
    check('models_retired', sql.raw("(status = 'retired') = (retired_at is not null)")),
  ],
);
