import type { Db } from '../../../db/client';
import { getModel } from '../../../db/queries/models';
import { importBySha } from '../../../db/queries/monitoring';
import { AppError } from '../../../shared/errors';
import type { Model } from '../../../shared/model';

/** The model an export is imported for: it must exist and not be retired. */
export const importTarget = async (db: Db, ref: string): Promise<Model> => {
  const model = await getModel(db, ref);
  if (!model) throw new AppError('not_found', `No model with reference ${ref}`);
  if (model.status === 'retired') throw new AppError('conflict', `${ref} is retired; monitoring is no longer imported for it`);
  return model;
};

/** The same file (by SHA-256) imported twice for one model is refused, naming the first import. */
export const refuseReimport = async (db: Db, model: Model, sha256: string, fileName: string): Promise<void> => {
  const previous = await importBySha(db, model.id, sha256);
  if (previous) throw new AppError('conflict', `${fileName} was already imported for ${model.ref} on ${previous.at.slice(0, 10)} (as ${previous.fileName}, import #${previous.id}); nothing was imported again`);
};
