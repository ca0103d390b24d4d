import { insertTrigger } from '../../db/queries/reviews';
import type { Db } from '../../db/client';
import { describeDiff, diffEnvironments, isEmptyDiff } from '../../shared/environment';
import type { Model } from '../../shared/model';

export type TriggerKind = 'new_version' | 'change_of_use' | 'exposure' | 'tier' | 'environment' | 'monitoring';
export type Trigger = { kind: TriggerKind; reason: string };

/** Changes to a model that call for an early review (PRODUCT.md, "Reassessment schedule"). */
export const detectTriggers = (before: Model, after: Model): Trigger[] => {
  const out: Trigger[] = [];
  if (before.version !== after.version) out.push({ kind: 'new_version', reason: `new version ${after.version} (was ${before.version})` });
  const use = (['purpose', 'intendedUse', 'restrictions'] as const).filter((k) => before[k].trim() !== after[k].trim());
  if (use.length) out.push({ kind: 'change_of_use', reason: `change of use: ${use.map((k) => (k === 'intendedUse' ? 'intended use' : k)).join(', ')} edited` });
  if (before.exposure !== after.exposure) out.push({ kind: 'exposure', reason: `exposure ${before.exposure} → ${after.exposure}` });
  if (before.tier !== after.tier) out.push({ kind: 'tier', reason: `materiality tier ${before.tier} → ${after.tier}` });
  const diffAfter = diffEnvironments(after.validatedEnv, after.productionEnv);
  const envChanged = JSON.stringify(before.productionEnv) !== JSON.stringify(after.productionEnv) || JSON.stringify(before.validatedEnv) !== JSON.stringify(after.validatedEnv);
  if (envChanged && Object.keys(after.productionEnv).length > 0 && !isEmptyDiff(diffAfter)) {
    out.push({ kind: 'environment', reason: `production environment differs from the validated one: ${describeDiff(diffAfter).join('; ')}` });
  }
  return out;
};

/**
 * Records a trigger for a model, in the caller's transaction. This is also the hook the
 * monitoring import calls when a finding opens (kind `monitoring`).
 */
export const recordTrigger = async (db: Db, modelId: number, trigger: Trigger, at: Date): Promise<void> => {
  await insertTrigger(db, { modelId, kind: trigger.kind, reason: trigger.reason.slice(0, 1000), date: at.toISOString().slice(0, 10), at: at.toISOString() });
};
