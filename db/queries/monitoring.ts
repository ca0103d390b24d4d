import type { Finding, FindingDraft, MetricPoint } from '../../shared/monitoring';
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../client';
import { copyPointsIn, copySink } from '../pg/copyPoints';
import { onTxFailure, txClient } from '../client';
import { findings, monitoringImports } from '../schema';

export const importBySha = (db: Db, modelId: number, sha: string): Promise<{ id: number; at: string; fileName: string } | undefined> =>
  db.q.get('select id, at, file_name as "fileName" from monitoring_imports where model_id = ? and sha256 = ?', [modelId, sha]);

export const insertImport = async (db: Db, v: typeof monitoringImports.$inferInsert): Promise<number> => (await db.insert(monitoringImports).values(v).returning({ id: monitoringImports.id }).get()).id;

const POINT_COLUMNS = 'insert into metric_points (import_id, ts, metric, feature, value, lower, upper, alert, special, reference) values ';
const BATCH = 50;
/** Values bound per row: every column but the import id, which is bound once per statement. */
const PER_ROW = 9;

/**
 * Writes one import's points on SQLite: rows go out 50 to a statement (the import id bound once
 * per statement), the tail one by one on `flush()`. Callers run it inside the import's
 * transaction. A team database takes points through COPY instead (db/pg/copyPoints.ts).
 */
export type PointAdd = (ts: string, metric: string, feature: string | null, value: number | null, lower: number | null, upper: number | null, alert: boolean | null, special?: 'inf' | '-inf' | null, reference?: boolean) => void;

export const pointWriter = (lite: BetterSqlite3.Database, importId: number): { add: PointAdd; flush: () => void } => {
  const many = lite.prepare(POINT_COLUMNS + Array(BATCH).fill('(@importId, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', '));
  const named = { importId };
  const batch: unknown[] = [];
  return {
    add: (ts, metric, feature, value, lower, upper, alert, special = null, reference = false) => {
      batch.push(ts, metric, feature, value, lower, upper, alert === null ? null : alert ? 1 : 0, special, reference ? 1 : null);
      if (batch.length === BATCH * PER_ROW) {
        many.run(batch, named);
        batch.length = 0;
      }
    },
    flush: () => {
      if (batch.length === 0) return;
      const one = lite.prepare(`${POINT_COLUMNS}(@importId, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (let i = 0; i < batch.length; i += PER_ROW) one.run(batch.slice(i, i + PER_ROW), named);
      batch.length = 0;
    },
  };
};

/**
 * Where a streamed import's points go, on either engine: `add` takes a row at once, `drain` lets
 * the COPY stream send what it holds (PostgreSQL; nothing on SQLite), `finish` writes the rest.
 * `readBytes`: how much of the file to read between drains. SQLite writes as it reads, so large
 * reads; COPY's rows reach the server only while the reader yields, so small ones (one read's
 * rows fit the socket's buffer, and the server never waits for the reader).
 */
export type PointSink = { add: PointAdd; drain: () => Promise<void>; finish: () => Promise<void>; readBytes: number };
export const pointSink = (db: Db, importId: number): PointSink => {
  if (db.engine === 'postgres') {
    const sink = copySink(txClient(db), (abort) => onTxFailure(db, abort), importId);
    return {
      add: (ts, metric, feature, value, lower, upper, alert, special = null, reference = false) => sink.add({ importId, ts, metric, feature, value, lower, upper, alert, special, reference: reference ? true : null }),
      drain: sink.drain,
      finish: async () => void (await sink.finish()),
      readBytes: 64 * 1024,
    };
  }
  const w = pointWriter(db.lite!, importId);
  return { add: w.add, drain: () => Promise.resolve(), finish: () => Promise.resolve(w.flush()), readBytes: 4 * 1024 * 1024 };
};

/** A parsed file's points, inside the import's transaction: SQLite's batched inserts, PostgreSQL's COPY. */
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
  for (const d of drafts) await db.insert(findings).values({ ...d, modelId, importId, status: 'open', createdAt: at }).run();
};

const FINDING_SQL = `select f.id, m.ref as "modelRef", f.category, f.rule_id as "ruleId", f.label, f.metric, f.feature, f.severity, f.probability,
  f.window_from as "windowFrom", f.window_to as "windowTo", f.worst_value as "worstValue", f.breaches, f.status, f.import_id as "importId",
  i.file_name as "fileName", f.created_at as "createdAt" from findings f join models m on m.id = f.model_id join monitoring_imports i on i.id = f.import_id`;

export const listFindings = (db: Db, q: { modelId?: number | undefined; status?: string | undefined }): Promise<Finding[]> => {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.modelId !== undefined) {
    where.push('f.model_id = ?');
    params.push(q.modelId);
  }
  if (q.status) {
    where.push('f.status = ?');
    params.push(q.status);
  }
  return db.q.all<Finding>(`${FINDING_SQL} ${where.length ? `where ${where.join(' and ')}` : ''} order by f.created_at desc, f.id desc`, params);
};

export const getFinding = (db: Db, id: number): Promise<Finding | undefined> => db.q.get<Finding>(`${FINDING_SQL} where f.id = ?`, [id]);

export const setFindingStatus = async (db: Db, id: number, status: string, assessmentId: number | null): Promise<void> => {
  await db.q.run('update findings set status = ?, assessment_id = ? where id = ?', [status, assessmentId, id]);
};

export type ImportRow = { id: number; format: string; fileName: string; sha256: string; bytes: number; rows: number; timeFrom: string | null; timeTo: string | null; importedBy: string; at: string };
export const listImports = (db: Db, modelId: number): Promise<ImportRow[]> =>
  db.q.all<ImportRow>('select id, format, file_name as "fileName", sha256, bytes, rows, time_from as "timeFrom", time_to as "timeTo", imported_by as "importedBy", at from monitoring_imports where model_id = ? order by at desc, id desc', [modelId]);

/** The columns a stored point is read back with, and the row it comes back as. */
export const POINT_SELECT = 'p.ts, p.metric, p.feature, p.value, p.lower, p.upper, p.alert, p.special, p.reference';
export type PointRow = Omit<MetricPoint, 'alert' | 'reference'> & { alert: number | null; reference: number | null };
export const pointFromRow = ({ reference, special, ...p }: PointRow): MetricPoint => ({ ...p, alert: p.alert === null ? null : p.alert === 1, ...(special ? { special } : {}), ...(reference ? { reference: true } : {}) });

export const seriesOf = async (db: Db, modelId: number): Promise<MetricPoint[]> =>
  (await db.q.all<PointRow>(`select ${POINT_SELECT} from metric_points p join monitoring_imports i on i.id = p.import_id where i.model_id = ? order by p.metric, p.feature nulls first, p.ts limit 200000`, [modelId])).map(pointFromRow);

/** An approved assessment took the model's open and acknowledged findings as its evidence. */
export const linkFindings = (db: Db, modelId: number, assessmentId: number): Promise<number> =>
  db.q.run("update findings set status = 'linked', assessment_id = ? where model_id = ? and status in ('open', 'acknowledged')", [assessmentId, modelId]);
