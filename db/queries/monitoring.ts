import type { Finding, FindingDraft, MetricPoint } from '../../shared/monitoring';
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../client';
import { copyPointsIn, pointCopy } from '../pg/copyPoints';
import { whereClause } from '../client';
import { blockBuilder, type PointAdd } from '../pointBlocks';
import { findings, monitoringImports } from '../schema';

export const importBySha = (db: Db, modelId: number, sha: string): Promise<{ id: number; at: string; fileName: string } | undefined> =>
  db.q.get('select id, at, file_name as "fileName" from monitoring_imports where model_id = ? and sha256 = ?', [modelId, sha]);

export const insertImport = async (db: Db, v: typeof monitoringImports.$inferInsert): Promise<number> => (await db.insert(monitoringImports).values(v).returning({ id: monitoringImports.id }).get()).id;

/**
 * Writes one import's points on SQLite, a block (db/pointBlocks.ts) to a statement as each fills,
 * the last on `flush()`. Callers run it inside the import's transaction. A team database takes
 * the blocks through COPY instead (db/pg/copyPoints.ts).
 */
export const pointWriter = (lite: BetterSqlite3.Database, importId: number): { add: PointAdd; block: (seq: number, points: number, data: Uint8Array[]) => void; flush: () => void } => {
  const insert = lite.prepare('insert into metric_point_blocks (import_id, seq, points, data) values (?, ?, ?, ?)');
  const block = (seq: number, points: number, data: string | Uint8Array[]): void => void insert.run(importId, seq, points, typeof data === 'string' ? data : Buffer.concat(data).toString('utf8'));
  return { ...blockBuilder(block), block };
};

/**
 * Where a streamed import's blocks go, on either engine: `block` takes a block made elsewhere
 * (db/pointBlocks.ts blockAssembler), `drain` lets the COPY stream send what it holds
 * (PostgreSQL; nothing on SQLite), `finish` ends it.
 */
export type PointSink = { block: (seq: number, points: number, data: Uint8Array[], backslash: boolean) => void; drain: () => Promise<void>; finish: () => Promise<void> };
export const pointSink = (db: Db, importId: number): PointSink => {
  if (db.engine === 'postgres') {
    const copy = pointCopy(db, importId);
    return { block: copy.block, drain: copy.drain, finish: async () => void (await copy.finish()) };
  }
  const w = pointWriter(db.lite!, importId);
  return { block: w.block, drain: () => Promise.resolve(), finish: () => Promise.resolve(w.flush()) };
};

/** A parsed file's points, inside the import's transaction: SQLite's inserts, PostgreSQL's COPY. */
export const insertPoints = async (db: Db, importId: number, points: MetricPoint[]): Promise<void> => {
  if (db.engine === 'postgres') {
    await copyPointsIn(db, importId, points);
    return;
  }
  const w = pointWriter(db.lite!, importId);
  for (const p of points) w.add(p.ts, p.metric, p.feature, p.value, p.lower, p.upper, p.alert, p.special ?? null, p.reference ?? false);
  w.flush();
};

export const insertFindings = async (db: Db, modelId: number, importId: number, drafts: FindingDraft[], at: string): Promise<void> => {
  for (const d of drafts) await db.insert(findings).values({ ...d, modelId, importId, status: 'open', createdAt: at, updatedAt: at }).run();
};

/** A finding entered by hand: no import, its window the day it was recorded. */
export const insertManualFinding = async (
  db: Db,
  f: { modelId: number; kind: Finding['kind']; category: Finding['category']; title: string; severity: Finding['severity']; probability: number; description: string; owner: string; dueDate: string | null; actionPlan: string },
  at: string,
): Promise<number> =>
  (await db
    .insert(findings)
    .values({ modelId: f.modelId, importId: null, kind: f.kind, category: f.category, ruleId: '', label: f.title, metric: '', feature: null, severity: f.severity, probability: f.probability, windowFrom: at, windowTo: at, worstValue: null, breaches: 0, status: 'open', createdAt: at, updatedAt: at, description: f.description, owner: f.owner, dueDate: f.dueDate, actionPlan: f.actionPlan })
    .returning({ id: findings.id })
    .get()).id;

// A finding made before the register (migration 0011) has no updated_at: its version is its creation.
const FINDING_SQL = `select f.id, m.ref as "modelRef", f.category, f.rule_id as "ruleId", f.label, f.metric, f.feature, f.severity, f.probability,
  f.window_from as "windowFrom", f.window_to as "windowTo", f.worst_value as "worstValue", f.breaches, f.status, f.import_id as "importId",
  i.file_name as "fileName", f.created_at as "createdAt", f.kind, f.description, f.owner, f.due_date as "dueDate", f.action_plan as "actionPlan",
  f.remediation, f.closed_at as "closedAt", f.closed_by as "closedBy", f.closure, f.evidence,
  case when f.updated_at = '' then f.created_at else f.updated_at end as "updatedAt"
  from findings f join models m on m.id = f.model_id left join monitoring_imports i on i.id = f.import_id`;

/** SQLite hands JSON columns back as text, PostgreSQL as values. */
const shaped = (f: Finding): Finding => (typeof f.evidence === 'string' ? { ...f, evidence: JSON.parse(f.evidence) as Finding['evidence'] } : f);

export type FindingQuery = { modelId?: number | undefined; status?: string | undefined; remediation?: string | undefined; kind?: string | undefined; owner?: string | undefined; overdueOn?: string | undefined };
export const listFindings = async (db: Db, q: FindingQuery): Promise<Finding[]> => {
  const w = whereClause();
  if (q.modelId !== undefined) w.add('f.model_id = ?', q.modelId);
  if (q.status) w.add('f.status = ?', q.status);
  if (q.remediation) w.add('f.remediation = ?', q.remediation);
  if (q.kind) w.add('f.kind = ?', q.kind);
  if (q.owner) w.add('lower(f.owner) = lower(?)', q.owner);
  if (q.overdueOn) w.add("f.remediation <> 'closed' and f.due_date is not null and f.due_date < ?", q.overdueOn);
  return (await db.q.all<Finding>(`${FINDING_SQL} ${w.text()} order by f.created_at desc, f.id desc`, w.params)).map(shaped);
};

/** Findings past their due date and not closed on `today`, as what brings each model's review forward. */
export const overdueFindings = async (db: Db, today: string, modelId?: number): Promise<Map<number, { date: string; reason: string }[]>> => {
  const rows = (await db.q.rows(
    `select model_id, id, label, due_date from findings where remediation <> 'closed' and due_date is not null and due_date < ?${modelId === undefined ? '' : ' and model_id = ?'} order by due_date, id`,
    modelId === undefined ? [today] : [today, modelId],
  )) as [number, number, string, string][];
  const byModel = new Map<number, { date: string; reason: string }[]>();
  for (const [m, id, label, due] of rows) {
    const t = { date: due, reason: `finding #${id} “${label}” overdue since ${due}` };
    const list = byModel.get(m);
    if (list) list.push(t);
    else byModel.set(m, [t]);
  }
  return byModel;
};

export const getFinding = async (db: Db, id: number): Promise<Finding | undefined> => {
  const f = await db.q.get<Finding>(`${FINDING_SQL} where f.id = ?`, [id]);
  return f ? shaped(f) : undefined;
};

export const updateFindingFields = async (db: Db, id: number, f: Pick<Finding, 'severity' | 'description' | 'owner' | 'dueDate' | 'actionPlan'>, at: string): Promise<void> => {
  await db.q.run('update findings set severity = ?, description = ?, owner = ?, due_date = ?, action_plan = ?, updated_at = ? where id = ?', [f.severity, f.description, f.owner, f.dueDate, f.actionPlan, at, id]);
};

export const setRemediation = async (db: Db, id: number, r: Pick<Finding, 'remediation' | 'closedAt' | 'closedBy' | 'closure' | 'evidence'>, at: string): Promise<void> => {
  await db.q.run('update findings set remediation = ?, closed_at = ?, closed_by = ?, closure = ?, evidence = ?, updated_at = ? where id = ?', [r.remediation, r.closedAt, r.closedBy, r.closure, JSON.stringify(r.evidence), at, id]);
};

export const setFindingStatus = async (db: Db, id: number, status: string, assessmentId: number | null): Promise<void> => {
  await db.q.run('update findings set status = ?, assessment_id = ? where id = ?', [status, assessmentId, id]);
};

export type ImportRow = { id: number; format: string; fileName: string; sha256: string; bytes: number; rows: number; timeFrom: string | null; timeTo: string | null; importedBy: string; at: string };
export const listImports = (db: Db, modelId: number): Promise<ImportRow[]> =>
  db.q.all<ImportRow>('select id, format, file_name as "fileName", sha256, bytes, rows, time_from as "timeFrom", time_to as "timeTo", imported_by as "importedBy", at from monitoring_imports where model_id = ? order by at desc, id desc', [modelId]);

/** The columns a stored point is read back with (as named, and from `metric_points p`), and the row it comes back as. */
const POINT_COLUMNS = ['ts', 'metric', 'feature', 'value', 'lower', 'upper', 'alert', 'special', 'reference'];
export const POINT_COLUMN_LIST = POINT_COLUMNS.join(', ');
export const POINT_SELECT = POINT_COLUMNS.map((c) => `p.${c}`).join(', ');
export type PointRow = Omit<MetricPoint, 'alert' | 'reference'> & { alert: number | null; reference: number | null };
export const pointFromRow = ({ reference, special, ...p }: PointRow): MetricPoint => ({ ...p, alert: p.alert === null ? null : p.alert === 1, ...(special ? { special } : {}), ...(reference ? { reference: true } : {}) });

export const seriesOf = async (db: Db, modelId: number): Promise<MetricPoint[]> =>
  (await db.q.all<PointRow>(`select ${POINT_SELECT} from metric_points p join monitoring_imports i on i.id = p.import_id where i.model_id = ? order by p.metric, p.feature nulls first, p.ts limit 200000`, [modelId])).map(pointFromRow);

/** An approved assessment took the model's open and acknowledged findings as its evidence. */
export const linkFindings = (db: Db, modelId: number, assessmentId: number): Promise<number> =>
  db.q.run("update findings set status = 'linked', assessment_id = ? where model_id = ? and status in ('open', 'acknowledged')", [assessmentId, modelId]);
