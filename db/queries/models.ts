import { count, eq, sql } from 'drizzle-orm';
import { environmentStatus, type Model, type ModelInput, type ModelListRow } from '../../shared/model';
import type { Band } from '../../shared/matrix';
import type { Db } from '../client';
import { models } from '../schema';

type Row = typeof models.$inferSelect;
type Insert = Omit<typeof models.$inferInsert, 'envStatus'>;

const toModel = (r: Row): Model => ({ ...r, tier: r.tier as 1 | 2 | 3 });
const withEnvStatus = <T extends Partial<Insert>>(v: T): T & { envStatus?: Model['envStatus'] } =>
  v.validatedEnv && v.productionEnv ? { ...v, envStatus: environmentStatus(v.validatedEnv, v.productionEnv) } : v;

/** The worst residual band of the model's latest approved assessment (stored JSON), or null. */
const RATING_SQL = `select a.overall_residual from assessments a where a.model_id = models.id and a.status = 'approved' order by a.version desc limit 1`;

const LIST_SQL = `select ref, name, version, status, tier, business_unit, owner, validator, developers, exposure, usage_volume,
  ai_act_class, sourcing, vendor_name, maintainers, tags, env_status, created_at, updated_at, retired_at,
  (${RATING_SQL}) as rating from models`;

/**
 * The inventory: only the columns the table shows, read as arrays and shaped into one fixed
 * object literal. With 10,000 models, better-sqlite3 row objects and drizzle's mapping of every
 * column took three times as long. Keep the select list and the literal in the same order.
 */
export const listModelRows = (db: Db, opts: { includeRetired?: boolean } = {}): ModelListRow[] => {
  const where = opts.includeRetired === false ? " where status <> 'retired'" : '';
  const raw = db.$client.prepare(`${LIST_SQL}${where} order by ref`).raw().all() as unknown[][];
  return raw.map(
    (r): ModelListRow => ({
      ref: r[0] as string,
      name: r[1] as string,
      version: r[2] as string,
      status: r[3] as Model['status'],
      tier: r[4] as Model['tier'],
      businessUnit: r[5] as string,
      owner: r[6] as string,
      validator: r[7] as string,
      developers: JSON.parse(r[8] as string) as string[],
      exposure: r[9] as Model['exposure'],
      usageVolume: r[10] as Model['usageVolume'],
      aiActClass: r[11] as Model['aiActClass'],
      sourcing: r[12] as Model['sourcing'],
      vendorName: r[13] as string,
      maintainers: r[14] as number,
      tags: JSON.parse(r[15] as string) as string[],
      envStatus: r[16] as Model['envStatus'],
      createdAt: r[17] as string,
      updatedAt: r[18] as string,
      retiredAt: r[19] as string | null,
      rating: r[20] === null ? null : (JSON.parse(r[20] as string) as Band),
    }),
  );
};

export const listModels = (db: Db): Model[] => db.select().from(models).orderBy(models.ref).all().map(toModel);

/** Ratings of every model that has an approved assessment, by reference. */
export const ratingsByRef = (db: Db): Map<string, Band> =>
  new Map(
    (db.$client.prepare(`select ref, (${RATING_SQL}) as rating from models`).raw().all() as [string, string | null][])
      .filter((r): r is [string, string] => r[1] !== null)
      .map(([ref, json]) => [ref, JSON.parse(json) as Band]),
  );

export const listModelRefsAndIds = (db: Db): [string, number][] => db.$client.prepare('select ref, id from models').raw().all() as [string, number][];

export const getModel = (db: Db, ref: string): Model | undefined => {
  const r = db.select().from(models).where(eq(models.ref, ref)).get();
  return r ? toModel(r) : undefined;
};

export const countModels = (db: Db): number => db.select({ n: count() }).from(models).get()?.n ?? 0;

export const insertModel = (db: Db, input: ModelInput, at: string): Model => {
  const row = db
    .insert(models)
    .values(withEnvStatus({ ...input, createdAt: at, updatedAt: at, retiredAt: null, retirementReason: '' }) as typeof models.$inferInsert)
    .returning()
    .get();
  return toModel(row);
};

export const insertModels = (db: Db, inputs: Insert[]): void => {
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < inputs.length; i += 500) db.insert(models).values(inputs.slice(i, i + 500).map((m) => withEnvStatus(m) as typeof models.$inferInsert)).run();
};

export const updateModel = (db: Db, ref: string, fields: Partial<Insert>): Model => {
  const row = db.update(models).set(withEnvStatus(fields)).where(eq(models.ref, ref)).returning().get();
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
