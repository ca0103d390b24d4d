/**
 * The PostgreSQL schema, derived from the SQLite one (db/schema/): one description of every
 * table, so the two engines cannot drift apart. Each SQLite column becomes its PostgreSQL twin:
 * an autoincrement key an identity column, integer → integer, boolean → boolean, real → double
 * precision, text (enums included) → text, JSON → json (not jsonb: json keeps the text as
 * written, key order included, so both engines give the same bytes for the same rows); times stay
 * ISO-8601 text on both engines (they sort as text, and compare equal across engines). Not-null,
 * defaults, column uniques, indexes, unique indexes, checks and foreign keys carry over. The view
 * metric_points (a row per point of metric_point_blocks) is written by hand in each engine's
 * migration (SQLite 0015, pg 0010), and team.test.ts compares its columns too.
 * drizzle-kit generates the PostgreSQL migrations from this (drizzle.pg.config.ts →
 * db/migrations-pg/), and test/integration/pg-schema.test.ts compares both schemas as each
 * database reports them.
 */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument --
   The column builders are chosen per SQLite column at run time, so their chained types (a
   different generic for each type and modifier) cannot be written down here; the result is
   checked against the database itself by test/integration/team.test.ts. */
import { getTableColumns } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, json, pgTable, text, uniqueIndex, type PgColumnBuilderBase, type PgTableWithColumns } from 'drizzle-orm/pg-core';
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as sqlite from '../schema';

type AnyColumn = SQLiteColumn & { columnType: string; autoIncrement?: boolean; enumValues?: string[]; isUnique: boolean; hasDefault: boolean; default: unknown };

const made = new Map<SQLiteTable, PgTableWithColumns<any>>();
const sqliteNames = new Map<SQLiteColumn, { table: SQLiteTable; key: string }>();
for (const t of Object.values(sqlite) as SQLiteTable[]) for (const [key, c] of Object.entries(getTableColumns(t))) sqliteNames.set(c as SQLiteColumn, { table: t, key });

const columnOf = (c: AnyColumn, fk: SQLiteColumn | undefined): PgColumnBuilderBase => {
  let b: any;
  switch (c.columnType) {
    case 'SQLiteInteger':
      b = integer(c.name);
      if (c.primary && c.autoIncrement) b = b.primaryKey().generatedByDefaultAsIdentity();
      else if (c.primary) b = b.primaryKey();
      break;
    case 'SQLiteBoolean':
      b = boolean(c.name);
      break;
    case 'SQLiteReal':
      b = doublePrecision(c.name);
      break;
    case 'SQLiteTextJson':
      b = json(c.name);
      break;
    case 'SQLiteText':
      b = c.enumValues?.length ? text(c.name, { enum: c.enumValues as [string, ...string[]] }) : text(c.name);
      if (c.primary) b = b.primaryKey();
      break;
    default:
      throw new Error(`db/schema-pg: no PostgreSQL twin for a ${c.columnType} column (${c.name})`);
  }
  if (c.notNull && !c.primary) b = b.notNull();
  if (c.hasDefault && c.default !== undefined) b = b.default(c.default);
  if (c.isUnique) b = b.unique();
  if (fk) {
    const target = sqliteNames.get(fk)!;
    b = b.references(() => pgOf(target.table)[target.key]);
  }
  return b as PgColumnBuilderBase;
};

/** The PostgreSQL twin of a SQLite table, made once. */
export const pgOf = (t: SQLiteTable): PgTableWithColumns<any> => {
  const existing = made.get(t);
  if (existing) return existing;
  const cfg = getTableConfig(t);
  const fkOf = new Map<SQLiteColumn, SQLiteColumn>();
  for (const f of cfg.foreignKeys) {
    const r = f.reference();
    r.columns.forEach((col, i) => fkOf.set(col, r.foreignColumns[i]!));
  }
  const columns = Object.fromEntries(Object.entries(getTableColumns(t)).map(([key, c]) => [key, columnOf(c as AnyColumn, fkOf.get(c as SQLiteColumn))]));
  const table = pgTable(cfg.name, columns, (pg) => {
    const byName = (name: string): any => Object.values(pg).find((x: any) => x?.name === name);
    return [
      ...cfg.indexes.map((i) => {
        const cols = i.config.columns.map((k) => byName((k as { name: string }).name));
        return (i.config.unique ? uniqueIndex(i.config.name) : index(i.config.name)).on(cols[0], ...cols.slice(1));
      }),
      ...cfg.checks.map((k) => check(k.name, k.value)),
    ];
  });
  made.set(t, table);
  return table;
};

export const auditLog = pgOf(sqlite.auditLog);
export const riskMatrices = pgOf(sqlite.riskMatrices);
export const models = pgOf(sqlite.models);
export const settings = pgOf(sqlite.settings);
export const assessments = pgOf(sqlite.assessments);
export const reviewPlans = pgOf(sqlite.reviewPlans);
export const reviewTriggers = pgOf(sqlite.reviewTriggers);
export const monitoringImports = pgOf(sqlite.monitoringImports);
export const metricPointBlocks = pgOf(sqlite.metricPointBlocks);
export const findings = pgOf(sqlite.findings);
export const watchLog = pgOf(sqlite.watchLog);
export const reports = pgOf(sqlite.reports);
export const people = pgOf(sqlite.people);
export const treatmentActions = pgOf(sqlite.treatmentActions);
export const riskAcceptances = pgOf(sqlite.riskAcceptances);
