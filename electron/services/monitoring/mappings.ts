import { appendAudit } from '../../../db/audit';
import type { Db } from '../../../db/client';
import { getSetting, putSetting } from '../../../db/queries/settings';
import { headerSignature, type ColumnMapping } from '../../../shared/monitoring';
import type { Actor } from '../../../shared/people';

export const MAPPINGS_KEY = 'monitoring.mappings';

/** A mapping used for a CSV is remembered for files with the same columns: the next one is recognised. */
export const rememberMapping = async (db: Db, actor: Actor, now: Date, columns: string[], mapping: ColumnMapping | null): Promise<void> => {
  if (!mapping) return;
  const saved = (await getSetting<Record<string, ColumnMapping>>(db, MAPPINGS_KEY)) ?? {};
  const signature = headerSignature(columns);
  if (JSON.stringify(saved[signature]) === JSON.stringify(mapping)) return;
  const after = { ...saved, [signature]: mapping };
  await putSetting(db, MAPPINGS_KEY, after, now.toISOString());
  await appendAudit(db, { actor, action: 'settings', entity: 'settings', entityId: MAPPINGS_KEY, before: saved, after, at: now });
};
