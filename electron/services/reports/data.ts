import { verifyAudit } from '../../../db/audit';
import { inSnapshot, type Db } from '../../../db/client';
import { allAssessments } from '../../../db/queries/assessments';
import { listModels } from '../../../db/queries/models';
import { allMatrices } from '../../../db/queries/settings';
import { listFindings, pointFromRow, POINT_COLUMN_LIST, POINT_SELECT, type PointRow } from '../../../db/queries/monitoring';
import { listAcceptances } from '../../../db/queries/treatments';
import { acceptanceStatusOf, type RiskAcceptance, type TreatmentAction } from '../../../shared/treatments';
import { isOverdue } from '../../../shared/findings';
import { categoryLabels, type Assessment, type AssessmentStatus } from '../../../shared/assessment';
import { AppError } from '../../../shared/errors';
import type { RiskMatrix } from '../../../shared/matrix';
import type { Model } from '../../../shared/model';
import { defaultRules, rulesSchema, type Finding, type FindingStatus, type MetricPoint, type Rule } from '../../../shared/monitoring';
import { dayOf, defaultPolicy, reviewPolicySchema, scheduleOf, type ReviewPolicy, type Schedule } from '../../../shared/schedule';
import type { ReportRequest } from '../../../shared/reports';
import { groupBy } from '../../../shared/group';
import { LOCAL_IDENTITY_STATEMENT, VERIFIED_IDENTITY_STATEMENT } from '../../../shared/profile';

export type ReportModel = {
  model: Model;
  /** Assessments as they stood at the as-of time (status then, not now), oldest first. */
  assessments: Assessment[];
  current: Assessment | null;
  schedule: Schedule;
  findings: Finding[];
  /** Treatment actions planned by then, as the latest entry by then left each. */
  actions: TreatmentAction[];
  /** Acceptances given by then, with their status on the as-of day (superseded once a later approval). */
  acceptances: RiskAcceptance[];
  series: MetricPoint[];
  imports: { fileName: string; format: string; rows: number; sha256: string; at: string; importedBy: string }[];
};

export type AuditLine = { seq: number; at: string; actor: string; action: string; entity: string; entityId: string; hash: string };

export type ReportData = {
  request: ReportRequest;
  /** The instant the data is taken at: the end of the as-of day, UTC. */
  asOfEnd: string;
  /** The matrix in force at the as-of time, and the day it took effect (null: from the start, the default). */
  matrix: RiskMatrix;
  matrixSince: string | null;
  /** Every matrix version an assessment in the report was scored on, by version. */
  matrices: Record<number, RiskMatrix>;
  policy: ReviewPolicy;
  rules: Rule[];
  models: ReportModel[];
  chain: { ok: boolean; count: number; head: string; headSeq: number; reason: string | null };
  audit: AuditLine[];
  auditTotal: number;
  /** How the people named in it were identified (printed on the cover). */
  identity: string;
  /**
   * A team database: each assessor and approver is printed with the PostgreSQL login that acted,
   * but for the database's owner (`owner`), whose login says nothing of who (it loads portfolios).
   */
  logins: { owner: string } | null;
};

const AUDIT_LINES_MAX = 2000;

/** Latest `after` snapshot of a settings key at or before the as-of time, parsed by `schema`. */
const settingAsOf = async <T>(db: Db, key: string, asOfEnd: string, parse: (v: unknown) => T | null, fallback: T): Promise<T> => {
  const row = await db.q.value<string>("select after from audit_log where entity = 'settings' and entity_id = ? and at <= ? order by seq desc limit 1", [key, asOfEnd]);
  return (row ? parse(JSON.parse(row)) : null) ?? fallback;
};

/** A model's series in a report: its first points in (metric, feature, time) order, at most this many. */
export const SERIES_CAP = 20_000;
/** Models per query when the monitoring of those in scope is read: the queries stay few and their placeholders well under SQLite's limit. */
const MODELS_PER_QUERY = 500;

/**
 * The monitoring imported by the end of the as-of day for the given models, by model id: each
 * model's points taken by then (its first SERIES_CAP in metric, feature, time order, the cap
 * applied in the query by a window over the model) and its imports, two queries per
 * `perQuery` models (MODELS_PER_QUERY) rather than two per model.
 */
export const monitoringOf = async (db: Db, ids: number[], asOfEnd: string, perQuery = MODELS_PER_QUERY): Promise<{ series: Map<number, MetricPoint[]>; imports: Map<number, ReportModel['imports']> }> => {
  const series = new Map<number, MetricPoint[]>();
  const imports = new Map<number, ReportModel['imports']>();
  // Each batch holds models of its own: its groups are added whole.
  for (let k = 0; k < ids.length; k += perQuery) {
    const batch = ids.slice(k, k + perQuery);
    const marks = batch.map(() => '?').join(', ');
    const points = await db.q.all<PointRow & { modelId: number }>(
      `select "modelId", ${POINT_COLUMN_LIST} from (select i.model_id as "modelId", ${POINT_SELECT}, row_number() over (partition by i.model_id order by p.metric, p.feature nulls first, p.ts) as n from metric_points p join monitoring_imports i on i.id = p.import_id where i.model_id in (${marks}) and i.at <= ? and p.ts <= ?) s where n <= ${SERIES_CAP} order by "modelId", n`,
      [...batch, asOfEnd, asOfEnd],
    );
    for (const [id, rows] of groupBy(points, (p) => p.modelId)) series.set(id, rows.map(({ modelId: _, ...row }) => pointFromRow(row)));
    const made = await db.q.all<ReportModel['imports'][number] & { modelId: number }>(`select model_id as "modelId", file_name as "fileName", format, rows, sha256, at, imported_by as "importedBy" from monitoring_imports where model_id in (${marks}) and at <= ? order by model_id, at, id`, [...batch, asOfEnd]);
    for (const [id, rows] of groupBy(made, (r) => r.modelId)) imports.set(id, rows.map(({ modelId: _, ...row }) => row));
  }
  return { series, imports };
};

const statusAsOf = (a: Assessment, asOfEnd: string): AssessmentStatus =>
  a.decidedAt && a.decidedAt <= asOfEnd ? a.status : a.submittedAt && a.submittedAt <= asOfEnd ? 'submitted' : 'draft';

/**
 * Everything a report shows, read as the portfolio stood at the end of the as-of day: model fields
 * from the audit snapshots, assessments with the status they had then, the matrix, policy and
 * rules in force then, findings and monitoring imported by then. Nothing from today's rows
 * leaks into an earlier as-of.
 */
export const collectReport = async (db: Db, request: ReportRequest, onModel?: (done: number, total: number) => void): Promise<ReportData> =>
  // One snapshot for every read: a change committed meanwhile by someone else is in none of them or all.
  await inSnapshot(db, () => readReport(db, request, onModel));

const readReport = async (db: Db, request: ReportRequest, onModel?: (done: number, total: number) => void): Promise<ReportData> => {
  const asOfEnd = `${request.asOf}T23:59:59.999Z`;
  const snapshots = new Map<string, Model>();
  for (const r of await db.q.all<{ ref: string; after: string }>("select entity_id as ref, after from audit_log where entity = 'model' and at <= ? and after is not null order by seq", [asOfEnd])) {
    const { reviewTriggers: _t, ...m } = JSON.parse(r.after) as Model & { reviewTriggers?: unknown };
    snapshots.set(r.ref, m);
  }
  const scope = request.scope;
  let models = (await listModels(db))
    .filter((m) => m.createdAt <= asOfEnd)
    .map((m) => snapshots.get(m.ref) ?? m)
    .filter((m) => (request.kind === 'model' ? m.ref === request.ref : true))
    .filter((m) => (!scope.businessUnit || m.businessUnit === scope.businessUnit) && (!scope.status || m.status === scope.status) && (!scope.tag || m.tags.includes(scope.tag)));
  if (request.kind === 'model' && models.length === 0) {
    throw new AppError('not_found', (await listModels(db)).some((m) => m.ref === request.ref) ? `${request.ref} did not exist yet on ${request.asOf}` : `No model with reference ${request.ref}`);
  }
  models = models.sort((a, b) => a.ref.localeCompare(b.ref));
  const refs = new Set(models.map((m) => m.ref));

  // The version in force then: the latest saved by then. Version 1, the default every database
  // starts with, is in force from the start, even when the database (and so its row) is younger
  // than the history it holds (a demo, an import).
  const all = await allMatrices(db);
  const inForce = [...all.values()].filter((m) => m.version === 1 || m.createdAt <= asOfEnd).sort((a, b) => b.version - a.version)[0]!;
  const riskMatrix: RiskMatrix = inForce;
  const matrixSince = inForce.version === 1 ? null : inForce.createdAt;
  const policy = await settingAsOf(db, 'review.policy', asOfEnd, (v) => reviewPolicySchema.safeParse(v).data ?? null, defaultPolicy());
  const rules = await settingAsOf(db, 'monitoring.rules', asOfEnd, (v) => rulesSchema.safeParse(v).data ?? null, defaultRules());

  const byModel = groupBy(
    (await allAssessments(db))
      .filter((a) => refs.has(a.modelRef) && a.createdAt <= asOfEnd)
      .map((a): Assessment => ({ ...a, status: statusAsOf(a, asOfEnd) })),
    (a) => a.modelRef,
  );

  // Findings: made by then, with the status they had then (acknowledgements are audited; links happen at approval).
  // The status is read from each entry's JSON here: SQLite's json_extract and PostgreSQL's ->> differ, and these entries are few.
  const findingEntries = await db.q.rows("select entity_id, after from audit_log where entity = 'finding' and at <= ? and after is not null order by seq", [asOfEnd]);
  const acknowledged = new Set(findingEntries.filter(([, after]) => (JSON.parse(after as string) as { status?: string }).status === 'acknowledged').map(([id]) => Number(id)));
  const linkedAt = new Map((await db.q.rows('select f.id, a.decided_at from findings f join assessments a on a.id = f.assessment_id')) as [number, string | null][]);
  const statusThen = (f: Finding): FindingStatus => {
    const linked = linkedAt.get(f.id);
    return linked && linked <= asOfEnd ? 'linked' : acknowledged.has(f.id) ? 'acknowledged' : 'open';
  };
  // The register's own fields (owner, due date, remediation, closure, evidence) as the latest
  // entry by then left them: every change to a finding is audited with the whole finding after it.
  const registerThen = new Map<number, Partial<Finding>>();
  for (const [id, after] of findingEntries) registerThen.set(Number(id), JSON.parse(after as string) as Partial<Finding>);
  const asThen = (f: Finding): Finding => {
    const then = registerThen.get(f.id);
    if (!then || then.remediation === undefined) return { ...f, remediation: 'open', closedAt: null, closedBy: null, closure: '', evidence: [] };
    return { ...f, severity: then.severity ?? f.severity, owner: then.owner ?? f.owner, dueDate: then.dueDate ?? null, actionPlan: then.actionPlan ?? f.actionPlan, remediation: then.remediation, closedAt: then.closedAt ?? null, closedBy: then.closedBy ?? null, closure: then.closure ?? '', evidence: then.evidence ?? [] };
  };
  const findingsByRef = groupBy(
    (await listFindings(db, {}))
      .filter((f) => refs.has(f.modelRef) && f.createdAt <= asOfEnd)
      .map((f) => ({ ...asThen(f), status: statusThen(f) })),
    (f) => f.modelRef,
  );

  // Treatment actions as the latest audit entry by then left them (each change is audited with the whole action after it).
  const actionThen = new Map<number, TreatmentAction>();
  for (const [id, after] of await db.q.rows("select entity_id, after from audit_log where entity = 'action' and at <= ? and after is not null order by seq", [asOfEnd])) actionThen.set(Number(id), JSON.parse(after as string) as TreatmentAction);
  const actionsByRef = groupBy([...actionThen.values()].filter((a) => refs.has(a.modelRef)).sort((a, b) => a.category.localeCompare(b.category) || a.id - b.id), (a) => a.modelRef);
  const acceptancesByRef = groupBy((await listAcceptances(db, {}, request.asOf)).filter((a) => refs.has(a.modelRef) && a.acceptedAt <= asOfEnd), (a) => a.modelRef);

  const triggers = await db.q.all<{ ref: string; date: string; reason: string; at: string }>('select m.ref, t.date, t.reason, t.at from review_triggers t join models m on m.id = t.model_id where t.at <= ? order by t.date, t.id', [asOfEnd]);
  const triggersByRef = groupBy(triggers, (t) => t.ref);
  const { series: seriesById, imports: importsById } = await monitoringOf(db, models.map((m) => m.id), asOfEnd);
  const today = request.asOf;

  const out: ReportModel[] = [];
  for (const [i, model] of models.entries()) {
    onModel?.(i + 1, models.length);
    const history = byModel.get(model.ref) ?? [];
    const current = [...history].reverse().find((a) => a.status === 'approved') ?? null;
    const approvedAt = current?.decidedAt ?? null;
    const found = findingsByRef.get(model.ref) ?? [];
    // The acceptances of the assessment current then: as the app does, an expired one (like an overdue finding) brings the review forward.
    const acceptances = (acceptancesByRef.get(model.ref) ?? []).map((a) => ({ ...a, status: acceptanceStatusOf({ expiresOn: a.expiresOn, current: current?.id === a.assessmentId }, today) }));
    const triggers = [
      ...(triggersByRef.get(model.ref) ?? []).filter((t) => !approvedAt || t.at > approvedAt),
      ...found.filter((f) => isOverdue(f, today)).map((f) => ({ date: f.dueDate!, reason: `finding #${f.id} “${f.label}” overdue since ${f.dueDate}` })),
      ...acceptances.filter((a) => a.status === 'expired').map((a) => ({ date: a.expiresOn, reason: `acceptance of the risk “${categoryLabels[a.category]}” expired on ${a.expiresOn}` })),
    ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const schedule = scheduleOf({ status: model.status, tier: model.tier, approvedAt, residual: current?.overallResidual ?? null, inherent: current?.overallInherent ?? null, triggers }, policy, today);
    out.push({ model, assessments: history, current, schedule, findings: found, actions: actionsByRef.get(model.ref) ?? [], acceptances, series: seriesById.get(model.id) ?? [], imports: importsById.get(model.id) ?? [] });
  }

  // Findings are audited by their number: those of the models in scope belong in the extract.
  const inScopeFindings = new Set(out.flatMap((r) => r.findings.map((f) => String(f.id))));
  const inScopeActions = new Set(out.flatMap((r) => r.actions.map((a) => String(a.id))));
  const inScopeAcceptances = new Set(out.flatMap((r) => r.acceptances.map((a) => String(a.id))));
  // The audit extract: entries about the models in scope and the methodology, in the period,
  // without report registrations (so registering this report does not change the next one).
  const from = request.from ?? `${dayOf(new Date(Date.parse(asOfEnd) - 365 * 86_400_000).toISOString())}T00:00:00.000Z`;
  const lines = (await db.q.all<AuditLine>(`select seq, at, actor, action, entity, entity_id as "entityId", hash from audit_log where at <= ? and at >= ? and action != 'report' order by seq`, [asOfEnd, from]))
    .filter((l) => l.entity === 'settings' || l.entity === 'matrix' || l.entity === 'portfolio' || refs.has(l.entityId) || refs.has(l.entityId.split('#')[0] ?? '') || (l.entity === 'finding' && inScopeFindings.has(l.entityId)) || (l.entity === 'action' && inScopeActions.has(l.entityId)) || (l.entity === 'acceptance' && inScopeAcceptances.has(l.entityId)));
  const verified = await verifyAudit(db);
  const head = await db.q.get<{ seq: number; hash: string }>("select seq, hash from audit_log where at <= ? and action != 'report' order by seq desc limit 1", [asOfEnd]);
  const matrices: Record<number, RiskMatrix> = { [riskMatrix.version]: riskMatrix };
  for (const r of out) for (const a of r.assessments) matrices[a.matrixVersion] ??= all.get(a.matrixVersion)!;
  return {
    request,
    asOfEnd,
    matrix: riskMatrix,
    matrixSince,
    matrices,
    policy,
    rules,
    models: out,
    chain: { ok: verified.ok, count: verified.count, head: head?.hash ?? '0'.repeat(64), headSeq: head?.seq ?? 0, reason: verified.ok ? null : `broken at entry ${verified.brokenAt}: ${verified.reason}` },
    audit: lines.slice(-AUDIT_LINES_MAX),
    auditTotal: lines.length,
    // A team database's trail is written by the database (db/migrations-pg/0004): who is its login.
    logins: db.engine === 'postgres' ? { owner: (await db.q.value<string>("select pg_get_userbyid(relowner) from pg_class where oid = 'public.audit_log'::regclass")) ?? '' } : null,
    identity: db.engine === 'postgres' ? `${VERIFIED_IDENTITY_STATEMENT} Entries by the database's owner (loading or seeding the portfolio) name the owner's login.` : LOCAL_IDENTITY_STATEMENT,
  };
};
