import { asc, count, eq, ne, sql } from 'drizzle-orm';
import type { Model, ModelInput } from '../../shared/model';
import type { Db } from '../client';
import { models } from '../schema';

type Row = typeof models.$inferSelect;

const toModel = (r: Row): Model => ({ ...r, tier: r.tier as 1 | 2 | 3 });

export const listModels = (db: Db, opts: { includeRetired?: boolean } = {}): Model[] => {
  const q = db.select().from(models);
  const rows = opts.includeRetired === false ? q.where(ne(models.status, 'retired')).orderBy(asc(models.ref)).all() : q.orderBy(asc(models.ref)).all();
  return rows.map(toModel);
};

export const getModel = (db: Db, ref: string): Model | undefined => {
  const r = db.select().from(models).where(eq(models.ref, ref)).get();
  return r ? toModel(r) : undefined;
};

export const countModels = (db: Db): number => db.select({ n: count() }).from(models).get()?.n ?? 0;

export const insertModel = (db: Db, input: ModelInput, at: string): Model => {
  const row = db
    .insert(models)
    .values({ ...input, createdAt: at, updatedAt: at, retiredAt: null, retirementReason: '' })
    .returning()
    .get();
  return toModel(row);
};

export const insertModels = (db: Db, inputs: (typeof models.$inferInsert)[]): void => {
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < inputs.length; i += 500) db.insert(models).values(inputs.slice(i, i + 500)).run();
};

export const updateModel = (db: Db, ref: string, fields: Partial<Row>): Model => {
  const row = db.update(models).set(fields).where(eq(models.ref, ref)).returning().get();
  if (!row) throw new Error(`updateModel: no model ${ref}`);
  return toModel(row);
};

/** The next free reference in the MDL-NNNN series. */
export const nextModelRef = (db: Db): string => {
  const r = db
    .select({ n: sql<number | null>`max(cast(substr(${models.ref}, 5) as integer))` })
    .from(models)
    .where(sql`${models.ref} glob 'MDL-[0-9]*'`)
    .get();
  return `MDL-${String((r?.n ?? 0) + 1).padStart(4, '0')}`;
};
