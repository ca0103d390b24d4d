import { count, eq, sql } from 'drizzle-orm';
import { environmentStatus, type CurrentRating, type Model, type ModelInput, type ModelListRow } from '../../shared/model';
import type { Band } from '../../shared/matrix';
import type { Db } from '../client';
import { models } from '../schema';

type Row = typeof models.$inferSelect;
type Insert = Omit<typeof models.$inferInsert, 'envStatus'>;

const toModel = (r: Row): Model => ({ ...r, tier: r.tier as 1 | 2 | 3 });
const withEnvStatus = <T extends Partial<Insert>>(v: T): T & { envStatus?: Model['envStatus'] } =>
  v.validatedEnv && v.productionEnv ? { ...v, envStatus: environmentStatus(v.validatedEnv, v.productionEnv) } : v;

/** The model's current assessment: its latest approved version (bands stored as JSON). */
const CURRENT_JOIN = `left join assessments a on a.id = (select c.id from assessments c where c.model_id = models.id and c.status = 'approved' order by c.version desc limit 1)`;

const CURRENT_COLUMNS = 'a.overall_residual, a.overall_inherent, a.residual_cell, a.inherent_cell';

const LIST_SQL = `select models.ref, models.name, models.version, models.status, models.tier, models.business_unit, models.owner, models.validator, models.developers, models.exposure, models.usage_volume, models.ai_act_class, models.sourcing, models.vendor_name, models.maintainers, models.tags, models.env_status, models.created_at, models.updated_at, models.retired_at,
  ${CURRENT_COLUMNS} from models ${CURRENT_JOIN}`;

/**
 * The inventory: only the columns the table shows, read as arrays and shaped into one fixed
 * object literal. With 10,000 models, better-sqlite3 row objects and drizzle's mapping of every
 * column took three times as long. Keep the select list and the literal in the same order.
 */
export const listModelRows = (db: Db, opts: { includeRetired?: boolean } = {}): ModelListRow[] => {
  const where = opts.includeRetired === false ? " where models.status <> 'retired'" : '';
  const raw = db.$client.prepare(`${LIST_SQL}${where} order by models.ref`).raw().all() as unknown[][];
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
      ...currentOf(r, 20),
    }),
  );
};

export const listModels = (db: Db): Model[] => db.select().from(models).orderBy(models.ref).all().map(toModel);

const band = (json: unknown): Band | null => (json === null ? null : (JSON.parse(json as string) as Band));
const currentOf = (r: unknown[], at: number): CurrentRating => ({
  rating: band(r[at]),
  inherentRating: band(r[at + 1]),
  residualCell: r[at + 2] as string | null,
  inherentCell: r[at + 3] as string | null,
});

/** Every model's current rating, by reference (unassessed models have nulls). */
export const currentRatings = (db: Db): Map<string, CurrentRating> =>
  new Map(
    (db.$client.prepare(`select ref, ${CURRENT_COLUMNS} from models ${CURRENT_JOIN}`).raw().all() as unknown[][]).map((r) => [r[0] as string, currentOf(r, 1)]),
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
