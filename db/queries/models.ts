import { count, eq, like, sql } from 'drizzle-orm';
import { environmentStatus, type Model, type ModelInput, type ModelListRow } from '../../shared/model';
import type { Band } from '../../shared/matrix';
import { dataStamp, inTransactionOf, prepared, type Db } from '../client';
import { models } from '../schema';

type Row = typeof models.$inferSelect;
type Insert = Omit<typeof models.$inferInsert, 'envStatus'>;

const toModel = ({ currentAssessmentId: _c, rating: _r, inherentRating: _i, residualCell: _rc, inherentCell: _ic, ratingMatrixVersion: _v, ...r }: Row): Model => ({ ...r, tier: r.tier as 1 | 2 | 3 });
const withEnvStatus = <T extends Partial<Insert>>(v: T): T & { envStatus?: Model['envStatus'] } =>
  v.validatedEnv && v.productionEnv ? { ...v, envStatus: environmentStatus(v.validatedEnv, v.productionEnv) } : v;

/** The model's current assessment: its latest approved version (bands stored as JSON). */

const LIST_SQL = `select models.ref, models.name, models.version, models.status, models.tier, models.business_unit, models.owner, models.validator, models.developers, models.exposure, models.usage_volume, models.ai_act_class, models.sourcing, models.vendor_name, models.maintainers, models.tags, models.env_status, models.created_at, models.updated_at, models.retired_at,
  models.rating from models`;

const listSql = (includeRetired: boolean): string => `${LIST_SQL}${includeRetired ? '' : " where models.status <> 'retired'"} order by models.ref`;

/**
 * The inventory: only the columns the table shows, read as arrays and shaped into one fixed
 * object literal. With 10,000 models, better-sqlite3 row objects and drizzle's mapping of every
 * column took three times as long. Keep the select list and the literal in the same order.
 */
export const listModelRows = async (db: Db, opts: { includeRetired?: boolean } = {}): Promise<ModelListRow[]> => {
  const includeRetired = opts.includeRetired !== false;
  // Read again only when the data may have changed (dataStamp); never cached inside a
  // transaction, whose reads may be rolled back. Callers share the rows: they must not change them.
  if (inTransactionOf(db)) return readModelRows(db, includeRetired);
  const stamp = await dataStamp(db);
  const cached = inventories.get(db)?.[includeRetired ? 1 : 0];
  if (cached && cached.stamp === stamp) return cached.rows;
  const rows = await readModelRows(db, includeRetired);
  const slots = inventories.get(db) ?? [null, null];
  slots[includeRetired ? 1 : 0] = { stamp, rows };
  inventories.set(db, slots);
  return rows;
};
type Inventory = { stamp: string; rows: ModelListRow[] };
const inventories = new WeakMap<Db, [Inventory | null, Inventory | null]>();

const readModelRows = async (db: Db, includeRetired: boolean): Promise<ModelListRow[]> => {
  const raw = await db.q.rows(listSql(includeRetired));
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
      rating: bandOfJson(r[20]),
    }),
  );
};

export const listModels = async (db: Db): Promise<Model[]> => (await db.select().from(models).orderBy(models.ref).all()).map(toModel);

/** A portfolio has a handful of distinct bands: parse each stored JSON text once per call site. */
const bandCache = new Map<string, Band>();
export const bandOfJson = (json: unknown): Band | null => {
  if (json === null) return null;
  let b = bandCache.get(json as string);
  if (!b) {
    b = JSON.parse(json as string) as Band;
    if (bandCache.size > 1000) bandCache.clear();
    bandCache.set(json as string, b);
  }
  return b;
};
/** Every model's current rating (worst residual band), by reference; unassessed models are absent. */
export const ratingsByRef = async (db: Db): Promise<Map<string, Band>> =>
  new Map(((await db.q.rows('select ref, rating from models where rating is not null')) as [string, string][]).map(([ref, json]) => [ref, bandOfJson(json)!]));

/** Where each assessed model sits on the matrix, for the heat map. */
export const matrixPositions = async (db: Db): Promise<{ ref: string; residualCell: string | null; inherentCell: string | null; rating: Band | null; inherentRating: Band | null; status: Model['status']; matrixVersion: number | null }[]> =>
  (await db.q.rows('select ref, residual_cell, inherent_cell, rating, inherent_rating, status, rating_matrix_version from models')).map((r) => ({
    ref: r[0] as string,
    residualCell: r[1] as string | null,
    inherentCell: r[2] as string | null,
    rating: bandOfJson(r[3]),
    inherentRating: bandOfJson(r[4]),
    status: r[5] as Model['status'],
    matrixVersion: r[6] as number | null,
  }));

export const listModelRefsAndIds = async (db: Db): Promise<[string, number][]> => (await db.q.rows('select ref, id from models')) as [string, number][];

export const getModel = async (db: Db, ref: string): Promise<Model | undefined> => {
  const r = await prepared(db, 'model.byRef', () => db.select().from(models).where(eq(models.ref, sql.placeholder('ref'))).prepare()).get({ ref });
  return r ? toModel(r) : undefined;
};

export const countModels = async (db: Db): Promise<number> => (await db.select({ n: count() }).from(models).get())?.n ?? 0;

export const insertModel = async (db: Db, input: ModelInput, at: string): Promise<Model> => {
  const row = await db
    .insert(models)
    .values(withEnvStatus({ ...input, createdAt: at, updatedAt: at, retiredAt: null, retirementReason: '' }) as typeof models.$inferInsert)
    .returning()
    .get();
  return toModel(row);
};

export const insertModels = async (db: Db, inputs: Insert[]): Promise<void> => {
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < inputs.length; i += 500) await db.insert(models).values(inputs.slice(i, i + 500).map((m) => withEnvStatus(m) as typeof models.$inferInsert)).run();
};

export const updateModel = async (db: Db, ref: string, fields: Partial<Insert>): Promise<Model> => {
  const row = await db.update(models).set(withEnvStatus(fields)).where(eq(models.ref, ref)).returning().get();
  if (!row) throw new Error(`updateModel: no model ${ref}`);
  return toModel(row);
};

/** The next free reference in the MDL-NNNN series. */
export const nextModelRef = async (db: Db): Promise<string> => {
  // The digits are read here: SQLite's glob and cast and PostgreSQL's differ on "MDL-12a".
  const refs = await db.select({ ref: models.ref }).from(models).where(like(models.ref, 'MDL-%')).all();
  const n = Math.max(0, ...refs.map((r) => /^MDL-(\d+)/.exec(r.ref)).map((m) => (m ? Number(m[1]) : 0)));
  return `MDL-${String(n + 1).padStart(4, '0')}`;
};

/** Makes `assessmentId` the model's current assessment and copies its summary beside it. */
export const setCurrentAssessment = async (db: Db, modelId: number, assessmentId: number): Promise<void> => {
  await db.q.run(
      `update models set current_assessment_id = a.id, rating = a.overall_residual, inherent_rating = a.overall_inherent,
         residual_cell = a.residual_cell, inherent_cell = a.inherent_cell, rating_matrix_version = a.matrix_version
       from (select * from assessments where id = ?) as a where models.id = ?`,
    [assessmentId, modelId],
  );
};
