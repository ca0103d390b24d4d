import { categoryLabels, type RiskCategory } from '../../shared/assessment';
import type { EvidenceFile } from '../../shared/monitoring';
import { acceptanceStatusOf, type RiskAcceptance, type TreatmentAction } from '../../shared/treatments';
import { whereClause, type Db } from '../client';
import { riskAcceptances, treatmentActions } from '../schema';

const ACTION_SQL = `select t.id, m.ref as "modelRef", m.name as "modelName", t.assessment_id as "assessmentId", a.version as "assessmentVersion", t.category, t.title, t.owner,
  t.due_date as "dueDate", t.status, t.note, t.evidence, t.finished_at as "finishedAt", t.finished_by as "finishedBy", t.created_at as "createdAt", t.updated_at as "updatedAt"
  from treatment_actions t join models m on m.id = t.model_id join assessments a on a.id = t.assessment_id`;

/** SQLite hands JSON columns back as text, PostgreSQL as values. */
const shapedAction = (t: TreatmentAction): TreatmentAction => (typeof t.evidence === 'string' ? { ...t, evidence: JSON.parse(t.evidence) as EvidenceFile[] } : t);

export type ActionQuery = { modelId?: number | undefined; owner?: string | undefined; open?: boolean | undefined; id?: number | undefined };
export const listActions = async (db: Db, q: ActionQuery): Promise<TreatmentAction[]> => {
  const w = whereClause();
  if (q.id !== undefined) w.add('t.id = ?', q.id);
  if (q.modelId !== undefined) w.add('t.model_id = ?', q.modelId);
  if (q.owner) w.add('lower(t.owner) = lower(?)', q.owner);
  if (q.open) w.add("t.status in ('planned', 'in_progress')");
  return (await db.q.all<TreatmentAction>(`${ACTION_SQL} ${w.text()} order by m.ref, t.category, t.id`, w.params)).map(shapedAction);
};
export const getAction = async (db: Db, id: number): Promise<TreatmentAction | undefined> => (await listActions(db, { id }))[0];

export const insertAction = async (db: Db, a: { modelId: number; assessmentId: number; category: RiskCategory; title: string; owner: string; dueDate: string | null }, at: string): Promise<number> =>
  (await db.insert(treatmentActions).values({ ...a, status: 'planned', note: '', evidence: [], createdAt: at, updatedAt: at }).returning({ id: treatmentActions.id }).get()).id;

export const updateAction = async (db: Db, id: number, a: Pick<TreatmentAction, 'title' | 'owner' | 'dueDate' | 'status' | 'note' | 'evidence' | 'finishedAt' | 'finishedBy'>, at: string): Promise<void> => {
  await db.q.run('update treatment_actions set title = ?, owner = ?, due_date = ?, status = ?, note = ?, evidence = ?, finished_at = ?, finished_by = ?, updated_at = ? where id = ?', [a.title, a.owner, a.dueDate, a.status, a.note, JSON.stringify(a.evidence), a.finishedAt, a.finishedBy, at, id]);
};

// An acceptance is current while its assessment is its model's current (approved) one.
const ACCEPTANCE_SQL = `select r.id, m.ref as "modelRef", m.name as "modelName", r.assessment_id as "assessmentId", a.version as "assessmentVersion", a.assessor, r.category, r.band,
  r.justification, r.accepted_by as "acceptedBy", r.accepted_os as "acceptedOs", r.accepted_at as "acceptedAt", r.expires_on as "expiresOn",
  case when m.current_assessment_id = r.assessment_id then 1 else 0 end as "current"
  from risk_acceptances r join models m on m.id = r.model_id join assessments a on a.id = r.assessment_id`;

export type AcceptanceQuery = { modelId?: number | undefined; assessmentId?: number | undefined; currentOnly?: boolean | undefined };
export const listAcceptances = async (db: Db, q: AcceptanceQuery, today: string): Promise<RiskAcceptance[]> => {
  const w = whereClause();
  if (q.modelId !== undefined) w.add('r.model_id = ?', q.modelId);
  if (q.assessmentId !== undefined) w.add('r.assessment_id = ?', q.assessmentId);
  if (q.currentOnly) w.add("m.current_assessment_id = r.assessment_id and m.status <> 'retired'");
  const rows = await db.q.all<Omit<RiskAcceptance, 'status'> & { current: number }>(`${ACCEPTANCE_SQL} ${w.text()} order by r.expires_on, r.id`, w.params);
  return rows.map(({ current, ...r }) => ({ ...r, status: acceptanceStatusOf({ expiresOn: r.expiresOn, current: Number(current) === 1 }, today) }));
};

export const insertAcceptance = async (
  db: Db,
  a: { modelId: number; assessmentId: number; category: RiskCategory; band: string; justification: string; acceptedBy: string; acceptedById: number | null; acceptedOs: string | null; acceptedAt: string; expiresOn: string },
): Promise<number> => (await db.insert(riskAcceptances).values(a).returning({ id: riskAcceptances.id }).get()).id;

/** Current acceptances expired on `today`: each brings its model's review forward until a reassessment is approved. */
export const expiredAcceptances = async (db: Db, today: string, modelId?: number): Promise<Map<number, { date: string; reason: string }[]>> => {
  const rows = (await db.q.rows(
    `select r.model_id, r.category, r.expires_on from risk_acceptances r join models m on m.id = r.model_id and m.current_assessment_id = r.assessment_id where r.expires_on < ?${modelId === undefined ? '' : ' and r.model_id = ?'} order by r.expires_on, r.id`,
    modelId === undefined ? [today] : [today, modelId],
  )) as [number, string, string][];
  const byModel = new Map<number, { date: string; reason: string }[]>();
  for (const [m, category, expires] of rows) {
    const t = { date: expires, reason: `acceptance of the risk “${categoryLabels[category as RiskCategory]}” expired on ${expires}` };
    const list = byModel.get(m);
    if (list) list.push(t);
    else byModel.set(m, [t]);
  }
  return byModel;
};
