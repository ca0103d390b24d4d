import type { Band } from '../../shared/matrix';
import { conflictTarget, type Db } from '../client';
import { bandOfJson } from './models';
import { reviewPlans, reviewTriggers } from '../schema';

export type ReviewInputRow = {
  modelId: number;
  ref: string;
  name: string;
  businessUnit: string;
  owner: string;
  tier: number;
  status: string;
  residual: Band | null;
  inherent: Band | null;
  approvedAt: string | null;
  reviewer: string | null;
  plannedDate: string | null;
};

/** Every model with what its schedule needs: current approval and bands, and the lead's plan. */
const INPUTS_SQL = `select m.id, m.ref, m.name, m.business_unit, m.owner, m.tier, m.status, m.rating, m.inherent_rating, a.decided_at, p.reviewer, p.planned_date
         from models m left join assessments a on a.id = m.current_assessment_id left join review_plans p on p.model_id = m.id`;

/** What every model's schedule is computed from, by reference; only the model `ref` when given. */
export const reviewInputs = async (db: Db, ref?: string): Promise<ReviewInputRow[]> =>
  (ref === undefined ? await db.q.rows(`${INPUTS_SQL} order by m.ref`) : await db.q.rows(`${INPUTS_SQL} where m.ref = ?`, [ref])).map((r) => ({
    modelId: r[0] as number,
    ref: r[1] as string,
    name: r[2] as string,
    businessUnit: r[3] as string,
    owner: r[4] as string,
    tier: r[5] as number,
    status: r[6] as string,
    residual: bandOfJson(r[7]),
    inherent: bandOfJson(r[8]),
    approvedAt: r[9] as string | null,
    reviewer: r[10] as string | null,
    plannedDate: r[11] as string | null,
  }));

export type TriggerRow = { modelId: number; kind: string; reason: string; date: string; at: string };

/**
 * Triggers newer than each model's current approval (all of them for a model never approved),
 * oldest first; only the model `modelId`'s when given.
 */
export const openTriggers = async (db: Db, modelId?: number): Promise<Map<number, TriggerRow[]>> => {
  const sql = `select t.model_id as "modelId", t.kind, t.reason, t.date, t.at from review_triggers t join models m on m.id = t.model_id
       left join assessments a on a.id = m.current_assessment_id where (a.decided_at is null or t.at > a.decided_at)${modelId === undefined ? '' : ' and t.model_id = ?'} order by t.date, t.id`;
  const rows = await db.q.all<TriggerRow>(sql, modelId === undefined ? [] : [modelId]);
  const byModel = new Map<number, TriggerRow[]>();
  for (const r of rows) {
    const list = byModel.get(r.modelId);
    if (list) list.push(r);
    else byModel.set(r.modelId, [r]);
  }
  return byModel;
};

export const triggersOf = (db: Db, modelId: number): Promise<TriggerRow[]> =>
  db.q.all<TriggerRow>('select model_id as "modelId", kind, reason, date, at from review_triggers where model_id = ? order by date desc, id desc', [modelId]);

export const insertTrigger = async (db: Db, t: typeof reviewTriggers.$inferInsert): Promise<void> => {
  await db.insert(reviewTriggers).values(t).run();
};

export const insertTriggers = async (db: Db, ts: (typeof reviewTriggers.$inferInsert)[]): Promise<void> => {
  for (let i = 0; i < ts.length; i += 500) await db.insert(reviewTriggers).values(ts.slice(i, i + 500)).run();
};

export const upsertPlan = async (db: Db, p: typeof reviewPlans.$inferInsert): Promise<void> => {
  await db.insert(reviewPlans).values(p).onConflictDoUpdate({ target: conflictTarget(reviewPlans.modelId), set: { reviewer: p.reviewer, plannedDate: p.plannedDate, updatedAt: p.updatedAt } }).run();
};


/** A plan is for one review: once a reassessment is approved, the next one is planned afresh. */
export const deletePlan = async (db: Db, modelId: number): Promise<void> => {
  await db.q.run('delete from review_plans where model_id = ?', [modelId]);
};
