import { desc, eq, sql } from 'drizzle-orm';
import type { RiskMatrix } from '../../shared/matrix';
import { conflictTarget, prepared, type Db } from '../client';
import { riskMatrices, settings } from '../schema';

export const getSetting = async <T>(db: Db, key: string): Promise<T | undefined> => {
  const r = await prepared(db, 'setting.byKey', () => db.select({ value: settings.value }).from(settings).where(eq(settings.key, sql.placeholder('key'))).prepare()).get({ key });
  return r ? (r.value as T) : undefined;
};

export const putSetting = async (db: Db, key: string, value: unknown, at: string): Promise<void> => {
  await db.insert(settings)
    .values({ key, value, updatedAt: at })
    .onConflictDoUpdate({ target: conflictTarget(settings.key), set: { value, updatedAt: at } })
    .run();
};

export const deleteSetting = async (db: Db, key: string): Promise<void> => {
  await db.delete(settings).where(eq(settings.key, key)).run();
};

export const currentMatrix = async (db: Db): Promise<RiskMatrix> => {
  const r = await prepared(db, 'matrix.current', () => db.select().from(riskMatrices).orderBy(desc(riskMatrices.version)).limit(1).prepare()).get();
  if (!r) throw new Error('no risk matrix: the database was not opened through db/open');
  return r;
};

/** Every matrix version, by version (a handful of rows). */
export const allMatrices = async (db: Db): Promise<Map<number, RiskMatrix>> => new Map((await db.select().from(riskMatrices).all()).map((m) => [m.version, m]));

export const insertMatrix = (db: Db, m: RiskMatrix): Promise<RiskMatrix> => db.insert(riskMatrices).values(m).returning().get();

export const matrixVersions = (db: Db): Promise<{ version: number; name: string; createdAt: string; assessments: number }[]> =>
  db.q.all('select m.version, m.name, m.created_at as "createdAt", (select count(*) from assessments a where a.matrix_version = m.version) as assessments from risk_matrices m order by m.version desc');
