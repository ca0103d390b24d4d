import { z } from 'zod';
import { acceptanceInputSchema, actionCreateSchema, actionFilterSchema, actionUpdateSchema, type RiskAcceptance, type TreatmentAction } from './treatments';
import type { AppErrorData } from './errors';
import { columnMappingSchema, findingStatuses, ingestInputSchema, monitoringFormats, rulesSchema, type ColumnMapping, type Finding, type FindingDraft, type MetricPoint, type MonitoringFormat, type Rule } from './monitoring';
import { findingCreateSchema, findingFieldsSchema, findingFilterSchema, findingRemediationSchema } from './findings';
import { reviewPolicySchema, type ReviewPolicy, type ScheduleStatus } from './schedule';
import { remapRules, risksInputSchema, type Assessment, type AssessmentSummary, type Editor, type RemapRule } from './assessment';
import type { RemapChange } from './remap';
import { matrixDefinitionSchema, type Band, type RiskMatrix } from './matrix';
import type { HeatGrid } from './heatmap';
import { modelInputSchema, modelRefSchema, type Model, type ModelListRow, type ModelOverview } from './model';
import { profileSchema, type IdentityInfo, type Profile } from './profile';
import type { Person } from './people';
import { reportRequestSchema, type ReportRegisterRow } from './reports';
import { backupNameSchema, type BackupInfo, type RecoveryStatus } from './backups';
import { connectionTestSchema, teamConnectionSchema, type ConnectionState, type ConnectionTest, type SavedConnection } from './connection';

/**
 * The one API contract. Each method: its zod input schema and (as a phantom) its output type.
 * The handler table `satisfies Handlers`, every host validates with these schemas, and the
 * renderer client derives its types from here.
 */
const method =
  <Output>() =>
  <Input extends z.ZodType>(input: Input) => ({ input, output: undefined as unknown as Output });

const none = z.object({}).strict();
export const MAX_CSV_CHARS = 20_000_000;
const csvText = z.string().max(MAX_CSV_CHARS, `the file is larger than ${MAX_CSV_CHARS / 1_000_000} million characters`);
export type WorkAssessment = { id: number; ref: string; modelName: string; version: number; status: 'draft' | 'submitted' | 'rejected'; assessor: string | null; at: string; comment: string };
export type WorkReview = { ref: string; name: string; due: string | null; plannedDate: string | null; status: string };
export type MyWork = {
  /** Submissions a review lead may decide (never their own), oldest first. */
  awaitingDecision: WorkAssessment[];
  /** My drafts, and my submissions sent back (rejected) to rework. */
  rework: WorkAssessment[];
  /** Reviews planned with me as reviewer, by date. */
  reviews: WorkReview[];
  /** Findings I own that are not closed, the overdue first. */
  findings: Finding[];
  /** Treatment actions I own that are not finished, by due date. */
  actions: TreatmentAction[];
  /** Acceptances I gave or whose assessment I assessed: expired (until reassessed) or expiring within 60 days. */
  acceptances: RiskAcceptance[];
  count: number;
};
export type PortfolioWork = { awaitingDecision: string[]; inProgress: string[]; actionsOverdue: string[]; acceptancesExpired: string[]; acceptancesExpiring: string[] };
export type CsvFile = { filename: string; csv: string; rows: number };
export type ImportPreviewResult = {
  rows: number;
  valid: number;
  errors: { line: number; message: string }[];
  sample: { ref: string; name: string; status: string; businessUnit: string }[];
};
const id = z.number({ message: 'id must be a number' }).int().positive();

export type AuditRow = {
  seq: number;
  at: string;
  actor: string;
  /** The person's id; null for the app's own actors and for entries from before people had ids. */
  actorId: number | null;
  /** The operating-system account; null for entries from before it was recorded. */
  osUser: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: string | null;
  after: string | null;
  hash: string;
};
/**
 * Models per matrix cell (by the cell of their worst risk in the current approved assessment),
 * each on the grid of the matrix version its assessment used: the grid in force first, then any
 * older version that still holds ratings (see shared/heatmap.ts).
 */
export type HeatMap = {
  basis: 'residual' | 'inherent';
  grids: HeatGrid[];
  byBand: { band: Band; count: number }[];
  unassessed: number;
};

export type ReviewRow = {
  ref: string;
  name: string;
  businessUnit: string;
  owner: string;
  tier: number;
  modelStatus: string;
  band: Band | null;
  approvedAt: string | null;
  due: string | null;
  status: ScheduleStatus;
  reason: string;
  reviewer: string | null;
  plannedDate: string | null;
  openTriggers: number;
};

type MatrixRef = { version: number; name: string; probability: number; impact: number };
export type StartPlan = {
  /** The approved assessment copied forward (null: the first assessment starts blank). */
  copiedFrom: { version: number; matrix: MatrixRef } | null;
  matrix: MatrixRef;
  /** True when the copied levels must be mapped onto the matrix in force by a rule the user confirms. */
  needsRule: boolean;
  options: { rule: RemapRule; label: string; description: string; changes: RemapChange[]; marked: number }[];
};

export type MonitoringPreview = {
  format: MonitoringFormat;
  confidence: number;
  detected: boolean;
  sha256: string;
  bytes: number;
  rows: number;
  metrics: string[];
  features: string[];
  timeFrom: string | null;
  timeTo: string | null;
  findings: FindingDraft[];
  notes: string[];
  /** The column mapping used (mapped CSVs), and the file's CSV columns, for the mapping step. */
  mapping: ColumnMapping | null;
  columns: string[];
  /** The same file (by SHA-256) already imported for the model the preview is for. */
  duplicateOf?: { importId: number; at: string; fileName: string } | null;
  /** The latest value is older than the policy's age: history, not a current finding. */
  stale?: { latest: string; days: number; limitDays: number } | null;
};

/** A long-running piece of work done in a worker thread: progress, cancel, then a result or an error. */
export type JobState = {
  id: string;
  kind: JobTask['kind'] | 'watch.scan' | 'backup';
  state: 'running' | 'done' | 'failed' | 'cancelled';
  phase: string;
  done: number;
  total: number;
  result: unknown;
  error: AppErrorData | null;
  startedAt: string;
  endedAt: string | null;
};

const stagedId = z.string().regex(/^[a-f0-9]{32}$/, 'not a staged file id');
const optionalFormat = z.enum(monitoringFormats).optional();

export const jobTaskSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('monitoring.preview'), fileId: stagedId, ref: modelRefSchema.optional(), format: optionalFormat, mapping: columnMappingSchema.optional() }).strict(),
  z.object({ kind: z.literal('monitoring.ingest'), fileId: stagedId, ref: modelRefSchema, format: optionalFormat, mapping: columnMappingSchema.optional() }).strict(),
  z.object({ kind: z.literal('report'), request: reportRequestSchema }).strict(),
]);
export type JobTask = z.output<typeof jobTaskSchema>;

/** Files are sent in chunks of at most this many bytes (base64 on the wire). */
export const FILE_CHUNK_BYTES = 1024 * 1024;

export type WatchLogRow = { id: number; at: string; fileName: string; modelRef: string | null; status: 'imported' | 'failed'; message: string };

/** An anchored head as verification reports it: which anchor, which entry, when, made by what. */
export type AnchorRef = { anchor: number; entry: number; at: string; what: string };

/** Does the current chain still extend the head a report says it was built on? */
export type ReportHeadCheck = {
  fileName: string;
  sha256: string;
  /** The head printed in (and carried by) the file; null when the file carries none. */
  builtOn: { seq: number; hash: string } | null;
  ok: boolean;
  reason: string | null;
  /** The register's record of the file: who generated it and when (not printed on its pages). */
  registered: ReportRegisterRow[];
};

/**
 * What verify proves, said honestly: the chain is intact up to its head, and extends every head
 * anchored outside the database (at reports, backups and restores) except those a recorded
 * restore went back past; entries after the last anchor rest on the database alone.
 */
export type AuditVerification = {
  ok: boolean;
  count: number;
  head: string;
  headSeq: number;
  /** The first broken entry of the chain itself, and why. */
  brokenAt: number | null;
  reason: string | null;
  anchors: { count: number; last: AnchorRef | null; broken: (AnchorRef & { reason: string }) | null; rewound: (AnchorRef & { by: string })[]; fileProblem: string | null };
  against: ReportHeadCheck | null;
  /** One sentence: what holds, up to where, and what is vouched for by what. */
  summary: string;
};

export type AppInfo = {
  version: string;
  schemaVersion: number;
  dbPath: string;
  profile: Profile | null;
  identity: IdentityInfo;
  modelCount: number;
  /** True until the user picked an empty portfolio or the demo one. */
  firstRun: boolean;
};

export const maxDemoModels = 20_000;

/**
 * A path on this computer. Only the command line may pass one (it acts for the user at the
 * terminal); from the app's windows a path is refused, so a page can never name a file to write.
 */
export const localPathSchema = z.string().trim().min(1, 'the path is empty').max(4096, 'the path is longer than 4096 characters');
const restoreSourceSchema = z.union([z.object({ name: backupNameSchema }).strict(), z.object({ file: localPathSchema }).strict()], { message: 'name a backup (name) or, from the command line, a file (file)' });

export const contract = {
  'app.info': method<AppInfo>()(none),
  /** Creates the first profile, or renames the current one / changes its role (a role change needs a review lead's confirmation). */
  'profile.save': method<Profile>()(profileSchema),
  /** A new local profile on this computer (another person at the same desk), which becomes the current one. */
  'profile.create': method<Profile>()(profileSchema),
  /** Another existing person takes the keyboard. */
  'profile.switch': method<Profile>()(z.object({ personId: id }).strict()),
  'people.list': method<Person[]>()(none),
  /** For each model: the next review date and status, its findings not closed, the assessment in progress (the inventory's extra columns). */
  'models.overview': method<ModelOverview[]>()(none),
  /** The dashboard's portfolio versions of My work's lists: the models concerned, by what waits. */
  'work.portfolio': method<PortfolioWork>()(none),
  /** My work: what waits for the person at the keyboard (decisions, rework, reviews, findings), each row a link to it. */
  'work.mine': method<MyWork>()(none),
  'portfolio.start': method<{ created: number }>()(
    z
      .object({
        choice: z.enum(['empty', 'demo'], { message: 'choice must be empty or demo' }),
        models: z.number().int().min(1).max(maxDemoModels).optional(),
        seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
      })
      .strict(),
  ),
  'matrix.current': method<RiskMatrix>()(none),
  'matrix.versions': method<{ version: number; name: string; createdAt: string; assessments: number }[]>()(none),
  'matrix.save': method<RiskMatrix>()(z.object({ definition: matrixDefinitionSchema }).strict()),
  'models.list': method<ModelListRow[]>()(
    z.object({ includeRetired: z.boolean().optional() }).strict(),
  ),
  /** Every inventory field of every model, with its rating (the command line's `models list --json`). */
  'models.all': method<(Model & { rating: Band | null })[]>()(none),
  'models.get': method<Model>()(z.object({ ref: modelRefSchema }).strict()),
  'models.nextRef': method<{ ref: string }>()(none),
  'models.create': method<Model>()(modelInputSchema),
  'models.update': method<Model>()(
    z
      .object({
        ref: modelRefSchema,
        /** Optimistic lock: the update is refused if the model changed since this stamp. */
        expectedUpdatedAt: z.string().min(1),
        fields: modelInputSchema,
      })
      .strict(),
  ),
  'models.retire': method<Model>()(
    z
      .object({
        ref: modelRefSchema,
        reason: z.string().trim().min(3, 'say why the model is retired (at least 3 characters)').max(500),
      })
      .strict(),
  ),
  'assessments.list': method<AssessmentSummary[]>()(z.object({ ref: modelRefSchema }).strict()),
  'assessments.get': method<{ assessment: Assessment; matrix: RiskMatrix }>()(z.object({ id: id }).strict()),
  /**
   * Who else has the assessment open for editing (a team database; on this computer, no one).
   * `open`: this screen is editing it (noted, renewed every 30 s) or has closed (forgotten).
   */
  'assessments.editing': method<Editor[]>()(z.object({ id: id, open: z.boolean() }).strict()),
  /**
   * What starting a reassessment would copy, and, when the matrix changed since the copied
   * assessment, each rule's mapping of its levels onto the matrix in force (to show and confirm).
   */
  'assessments.planStart': method<StartPlan>()(z.object({ ref: modelRefSchema }).strict()),
  /** A new version; `remap` (the rule the user confirmed) is needed when the copied assessment used another matrix. */
  'assessments.start': method<Assessment>()(z.object({ ref: modelRefSchema, remap: z.enum(remapRules, { message: 'remap must be scale or band' }).optional() }).strict()),
  'assessments.save': method<Assessment>()(z.object({ id, expectedUpdatedAt: z.string().min(1), risks: risksInputSchema }).strict()),
  /** `unchangedReason`: required when the scores are those of the version it was copied from ("reviewed, nothing changed"). */
  'assessments.submit': method<Assessment>()(z.object({ id, expectedUpdatedAt: z.string().min(1), unchangedReason: z.string().trim().max(2000, 'the reason is at most 2000 characters').optional() }).strict()),
  /** `expectedUpdatedAt`: the version the lead read; if it changed since, the decision is refused, saying who changed what. */
  /** `acceptances`: one for each risk treated by accept (justification, expiry), given by the approving lead. */
  'assessments.approve': method<Assessment>()(z.object({ id, comment: z.string().trim().max(2000).optional(), expectedUpdatedAt: z.string().min(1).optional(), acceptances: z.array(acceptanceInputSchema).max(4, "at most one acceptance per risk").optional() }).strict()),
  'assessments.reject': method<Assessment>()(
    z.object({ id, comment: z.string().trim().min(3, 'say why the assessment is rejected (at least 3 characters)').max(2000), expectedUpdatedAt: z.string().min(1).optional() }).strict(),
  ),
  'audit.list': method<{ entries: AuditRow[]; total: number }>()(
    z
      .object({
        limit: z.number().int().min(1).max(1000).optional(),
        offset: z.number().int().min(0).optional(),
        action: z.string().max(40).optional(),
        entity: z.string().max(40).optional(),
        search: z.string().max(200).optional(),
      })
      .strict(),
  ),
  'audit.verify': method<AuditVerification>()(z.object({ against: stagedId.optional() }).strict()),
  'portfolio.heatmap': method<HeatMap>()(z.object({ basis: z.enum(['residual', 'inherent'], { message: 'basis must be residual or inherent' }) }).strict()),
  'register.exportInventory': method<CsvFile>()(none),
  'register.exportAssessments': method<CsvFile>()(none),
  'register.previewImport': method<ImportPreviewResult>()(z.object({ csv: csvText }).strict()),
  'register.importInventory': method<{ created: number }>()(z.object({ csv: csvText }).strict()),
  'reviews.policy': method<ReviewPolicy>()(none),
  'reviews.savePolicy': method<ReviewPolicy>()(z.object({ policy: reviewPolicySchema }).strict()),
  'reviews.list': method<ReviewRow[]>()(z.object({ withinDays: z.number().int().min(0).max(3660).optional() }).strict()),
  'reviews.assign': method<ReviewRow>()(
    z
      .object({
        ref: modelRefSchema,
        reviewer: z.string().trim().min(2, 'name the reviewer (at least 2 characters)').max(120),
        plannedDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'planned date must be a date (YYYY-MM-DD)').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'planned date is not a real calendar date'),
      })
      .strict(),
  ),
  'reviews.get': method<ReviewRow>()(z.object({ ref: modelRefSchema }).strict()),
  'reviews.triggers': method<{ kind: string; reason: string; date: string; open: boolean }[]>()(z.object({ ref: modelRefSchema }).strict()),
  'reviews.exportIcs': method<{ filename: string; ics: string; events: number }>()(none),
  'reviews.exportCsv': method<CsvFile>()(none),
  'monitoring.preview': method<MonitoringPreview>()(ingestInputSchema.omit({ ref: true })),
  'monitoring.ingest': method<MonitoringPreview & { importId: number; findingsCount: number }>()(ingestInputSchema),
  'monitoring.imports': method<{ id: number; format: string; fileName: string; sha256: string; bytes: number; rows: number; timeFrom: string | null; timeTo: string | null; importedBy: string; at: string }[]>()(z.object({ ref: modelRefSchema }).strict()),
  'monitoring.series': method<MetricPoint[]>()(z.object({ ref: modelRefSchema }).strict()),
  'monitoring.rules': method<Rule[]>()(none),
  'monitoring.saveRules': method<Rule[]>()(z.object({ rules: rulesSchema }).strict()),
  'monitoring.staleDays': method<number>()(none),
  'monitoring.saveStaleDays': method<number>()(z.object({ days: z.number().int('the age is a whole number of days').min(1, 'the age is at least 1 day').max(36500, 'the age is at most 36500 days') }).strict()),
  'monitoring.watchFolder': method<{ folder: string | null; log: WatchLogRow[] }>()(none),
  'monitoring.setWatchFolder': method<{ folder: string | null; log: WatchLogRow[] }>()(z.object({ folder: z.string().trim().min(1).max(1000).nullable() }).strict()),
  /** The findings register, filtered; each finding says whether it is overdue today. */
  'findings.list': method<Finding[]>()(findingFilterSchema.extend({ ref: modelRefSchema.optional(), status: z.enum(findingStatuses).optional() })),
  /** A finding entered by hand (a validation issue, a limitation, an incident), audited. */
  'findings.create': method<Finding>()(findingCreateSchema.extend({ ref: modelRefSchema })),
  /** Severity, description, owner, due date and action plan of any finding not closed, on the version read. */
  'findings.update': method<Finding>()(z.object({ id, expectedUpdatedAt: z.string(), fields: findingFieldsSchema }).strict()),
  /** open → in remediation → closed; closing needs a justification and may attach evidence files (staged with files.begin). */
  'findings.setRemediation': method<Finding>()(findingRemediationSchema),
  'findings.exportCsv': method<CsvFile>()(findingFilterSchema.extend({ ref: modelRefSchema.optional() })),
  'actions.list': method<TreatmentAction[]>()(actionFilterSchema),
  'actions.create': method<TreatmentAction>()(actionCreateSchema),
  'actions.update': method<TreatmentAction>()(actionUpdateSchema),
  'acceptances.list': method<RiskAcceptance[]>()(z.object({ ref: z.string().min(1).optional(), status: z.enum(['active', 'expiring', 'expired', 'superseded']).optional() }).strict()),
  'findings.setStatus': method<Finding>()(z.object({ id, status: z.enum(['open', 'acknowledged']) }).strict()),
  'files.begin': method<{ id: string }>()(z.object({ fileName: z.string().trim().min(1).max(260), bytes: z.number().int().nonnegative() }).strict()),
  'files.append': method<{ received: number }>()(z.object({ id: stagedId, offset: z.number().int().nonnegative(), data: z.string().max(Math.ceil(FILE_CHUNK_BYTES / 3) * 4, 'a chunk is at most 1 MiB').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'data must be base64') }).strict()),
  'files.discard': method<{ discarded: boolean }>()(z.object({ id: stagedId }).strict()),
  'reports.list': method<ReportRegisterRow[]>()(none),
  /** Is this file an unaltered registered report, and does the audit chain still extend the head it was built on? */
  'reports.verify': method<{ sha256: string; fileName: string; matches: ReportRegisterRow[]; chain: ReportHeadCheck }>()(z.object({ fileId: stagedId }).strict()),
  'backups.list': method<{ dir: string; backups: BackupInfo[] }>()(none),
  /** A checked copy into the backups folder, or (command line only) to the path `out`. */
  'backups.create': method<BackupInfo>()(z.object({ out: localPathSchema.optional() }).strict()),
  'backups.restore': method<{ restored: string; safetyBackup: string; replacedMovedTo: string | null }>()(restoreSourceSchema),
  'recovery.status': method<RecoveryStatus | null>()(none),
  'recovery.restore': method<{ restored: string }>()(restoreSourceSchema),
  'recovery.startEmpty': method<{ started: true }>()(none),
  /** Which database this app works on, and (desktop) what opens at the next start. */
  'connection.current': method<ConnectionState>()(none),
  /** Connects to a team database and answers what it found: who, which server, which schema version, or what went wrong. */
  'connection.test': method<ConnectionTest>()(connectionTestSchema),
  /** The desktop app's database for its next start; the password encrypted by the operating system (safeStorage). */
  'connection.save': method<{ saved: SavedConnection | null; passwordKept: boolean; restartNeeded: true }>()(
    z.discriminatedUnion('mode', [z.object({ mode: z.literal('file') }).strict(), z.object({ mode: z.literal('team'), connection: teamConnectionSchema, password: z.string().max(1000).optional() }).strict()]),
  ),
  'jobs.start': method<JobState>()(z.object({ task: jobTaskSchema }).strict()),
  'jobs.get': method<JobState>()(z.object({ id: z.string().uuid() }).strict()),
  'jobs.cancel': method<JobState>()(z.object({ id: z.string().uuid() }).strict()),
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type InputOf<M extends Method> = z.input<Contract[M]['input']>;
export type ParsedInputOf<M extends Method> = z.output<Contract[M]['input']>;
export type OutputOf<M extends Method> = Contract[M]['output'];

export const isMethod = (name: unknown): name is Method =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** Host → renderer events: progress of long work, and commands from native menus. */
export type HostEvent =
  | { kind: 'progress'; task: string; done: number; total: number; label?: string }
  /** On a team database: someone's change was committed (its audit entry: who, what, which). */
  | { kind: 'changed'; seq: number; actor: string; login: string; action: string; entity: string; entityId: string; at: string }
  /** On a team database: someone began or stopped editing an assessment (ask assessments.editing who). */
  | { kind: 'presence'; assessmentId: number; login: string; open: boolean }
  | { kind: 'command'; command: AppCommand };

export const appCommands = ['new-model', 'focus-search', 'go-work', 'go-dashboard', 'go-inventory', 'go-reviews', 'go-findings', 'go-audit', 'go-reports', 'go-settings', 'toggle-theme', 'save'] as const;
export type AppCommand = (typeof appCommands)[number];
