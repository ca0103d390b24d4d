import { defaultMatrix } from '../shared/matrix';
import type { Db } from './client';
import { riskMatrices } from './schema';
import { settlePeopleKeys } from './queries/people';

/** Rows every database needs: the default 5 × 5 matrix as version 1. Idempotent. */
export const ensureDefaults = (db: Db, now: () => Date): void => {
  // Read first: an open must not need the write lock another process may be holding.
  if (!db.$client.prepare('select 1 from risk_matrices where version = 1').get()) insertDefaultMatrix(db, now);
  settlePeopleKeys(db);
};

const insertDefaultMatrix = (db: Db, now: () => Date): void => {
  const m = defaultMatrix();
  db.insert(riskMatrices)
    .values({ version: 1, ...m, createdAt: now().toISOString() })
    .onConflictDoNothing()
    .run();
};
