import { count, eq, like, sql } from 'drizzle-orm';
import { environmentStatus, type Model, type ModelInput, type ModelListRow } from '../../shared/model';
import type { Band } from '../../shared/matrix';
import { inTransactionOf, prepared, type Db } from '../client';
import { models } from '../schema';

type Row = typeof models.$inferSelect;
type Insert = Omit<typeof models.$inferInsert, 'envStatus'>;

const toModel = ({ currentAssessmentId: _c, rating: _r, inherentRating: _i, residualCell: _rc, inherentCell: _ic, ratingMatrixVersion: _v, changeStamp: _s, ...r }: Row): Model => ({ ...r, tier: r.tier as 1 | 2 | 3 });
const withEnvStatus = <T extends Partial<Insert>>(v: T): T & { envStatus?: Model['envStatus'] } =>
  v.validatedEnv && v.productionEnv ? { ...v, envStatus: environmentStatus(v.validatedEnv, v.productionEnv) } : v;

const LIST_COLUMNS = `m.ref, m.name, m.version, m.status, m.tier, m.business_unit, m.owner, m.validator, m.developers, m.exposure, m.usage_volume, m.ai_act_class, m.sourcing, m.vendor_name, m.maintainers, m.tags, m.env_status, m.created_at, m.updated_at, m.retired_at, m.rating`;

/**
 * What the inventory needs to know whether, and which, rows changed since it last read: a stamp
 * of the read, taken in the same statement as its rows, and a test of a row's change_stamp (set
 * by the database on every insert and update, migrations 0014 / pg 0009) against the last read's
 * stamp. SQLite (one writer at a time): the highest stamp, and rows stamped above it.
 * PostgreSQL: the statement's snapshot, and rows written by a transaction that snapshot did not
 * see: still running then, or begun since, whatever order transactions commit in (a row stamped
 * below the snapshot's xmin was seen; the index finds the few above it).
 */
const CHANGE = {
  sqlite: { stamp: '(select coalesce(max(change_stamp), 0) from models)', since: 'm.change_stamp > ?', args: (s: unknown) => [s] },
  postgres: {
    stamp: 'pg_current_snapshot()::text',
    since: 'm.change_stamp >= pg_snapshot_xmin(cast(? as pg_snapshot))::text::float8 and not pg_visible_in_snapshot(m.change_stamp::bigint::text::xid8, cast(? as pg_snapshot))',
    args: (s: unknown) => [s, s],
  },
} as const;

/**
 * The inventory: only the columns the table shows, read as arrays and shaped into one fixed
 * object literal (better-sqlite3 row objects and drizzle's mapping of every column took three
 * times as long). Read whole once; after that only the rows changed since the last read, merged
 * into a new array (so callers sharing the last one never see it change): with 10,000 models a
 * whole read costs over 100 ms on a slow machine, a change a fraction of a millisecond. Never
 * cached inside a transaction, whose reads may be rolled back. Callers must not change the rows.
 */
export const listModelRows = async (db: Db, opts: { includeRetired?: boolean } = {}): Promise<ModelListRow[]> => {
  const includeRetired = opts.includeRetired !== false;
  if (inTransactionOf(db)) return (await readInventory(db, null)).rows.filter((r) => includeRetired || r.status !== 'retired');
  let inv = inventories.get(db);
  if (inv) {
    const delta = await readInventory(db, inv.stamp);
    inv = delta.rows.length ? merged(inv, delta) : { ...inv, stamp: delta.stamp };
    if (inv && inv.all.length !== delta.count) inv = undefined;
  }
  if (!inv) {
    const whole = await readInventory(db, null);
    inv = { stamp: whole.stamp, all: whole.rows, index: new Map(whole.rows.map((r, i) => [r.ref, i])), current: null };
  }
  inventories.set(db, inv);
  if (includeRetired) return inv.all;
  inv.current ??= inv.all.filter((r) => r.status !== 'retired');
  return inv.current;
};
type Inventory = { stamp: unknown; all: ModelListRow[]; index: Map<string, number>; current: ModelListRow[] | null };
const inventories = new WeakMap<Db, Inventory>();

/** The last read with `delta`'s rows in place; undefined when a row is new (read whole: its place in the order is the database's collation). */
const merged = (inv: Inventory, delta: { stamp: unknown; rows: ModelListRow[] }): Inventory | undefined => {
  const all = inv.all.slice();
  for (const r of delta.rows) {
    const i = inv.index.get(r.ref);
    if (i === undefined) return undefined;
    all[i] = r;
  }
  return { stamp: delta.stamp, all, index: inv.index, current: null };
};

/** One statement: the read's stamp, how many models there are, and the rows changed since `since` (every row when null), in order. */
const readInventory = async (db: Db, since: unknown): Promise<{ stamp: unknown; count: number; rows: ModelListRow[] }> => {
  const change = CHANGE[db.engine];
  const raw = await db.q.rows(
    `select ${change.stamp}, (select count(*) from models), ${LIST_COLUMNS} from (select 1 as one) as o left join models as m on ${since === null ? '1 = 1' : change.since} order by m.ref`,
    since === null ? [] : change.args(since),
  );
  const first = raw[0]!;
  return { stamp: first[0], count: Number(first[1]), rows: first[2] === null ? [] : raw.map(toListRow) };
};

const toListRow = (r: unknown[]): ModelListRow => ({
  ref: r[2] as string,
  name: r[3] as string,
  version: r[4] as string,
  status: r[5] as Model['status'],
  tier: r[6] as Model['tier'],
  businessUnit: r[7] as string,
  owner: r[8] as string,
  validator: r[9] as string,
  developers: JSON.parse(r[10] as string) as string[],
  exposure: r[11] as Model['exposure'],
  usageVolume: r[12] as Model['usageVolume'],
  aiActClass: r[13] as Model['aiActClass'],
  sourcing: r[14] as Model['sourcing'],
  vendorName: r[15] as string,
  maintainers: r[16] as number,
  tags: JSON.parse(r[17] as string) as string[],
  envStatus: r[18] as Model['envStatus'],
  createdAt: r[19] as string,
  updatedAt: r[20] as string,
  retiredAt: r[21] as string | null,
  rating: bandOfJson(r[22]),
});

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
