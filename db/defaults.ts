import { defaultMatrix } from '../shared/matrix';
import type { Db } from './client';
import { riskMatrices } from './schema';
import { settlePeopleKeys } from './queries/people';

/** Rows every database needs: the default 5 × 5 matrix as version 1. Idempotent. */
export const ensureDefaults = async (db: Db, now: () => Date): Promise<void> => {
  // Read first: an open must not need the write lock another process may be holding.
  if (!(await db.q.value('select 1 from risk_matrices where version = 1'))) await insertDefaultMatrix(db, now);
  await settlePeopleKeys(db);
};

const insertDefaultMatrix = async (db: Db, now: () => Date): Promise<void> => {
  const m = defaultMatrix();
  await db.insert(riskMatrices)
    .values({ version: 1, ...m, createdAt: now().toISOString() })
    .onConflictDoNothing()
    .run();
};
