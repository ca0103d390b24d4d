import { backupsDirOf, dailyDue, latestVerifiedBackup, makeBackup } from '../db/backup';
import { open, type Opened, type OpenOptions, type OpenReport } from '../db/open';
import { corruptError, quarantine, type Problem } from '../db/safety';
import pkg from '../package.json' with { type: 'json' };
import type { HostEvent } from '../shared/contract';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isPostgresUrl, redactUrl } from '../shared/database';
import { AppError, isAppError, type AppErrorData } from '../shared/errors';
import type { HandlerContext, HostKind } from './handlers/context';
import { currentOsUser } from '../db/anchors';
import { registerHolder } from '../db/holders';
import { createJobRunner, type JobRunner } from './services/jobs/runner';
import type { ConnectionStore } from './connectionStore';
import { createStaging, type Staging } from './services/staging';
import { defaultFontDirs, type FontDirs } from './services/reports/fontDirs';

/** How another process is named when it holds the database: "the browser host (pid 4242, …)". */
const HOST_NAMES: Record<HostKind, string> = { desktop: 'the desktop app', browser: 'the browser host', cli: 'mrd' };

export type Runtime = { ctx: HandlerContext; report: OpenReport; close: () => void };

export type RuntimeOptions = OpenOptions & {
  /** A team database's password (from --password-stdin or the desktop app's safe storage); else the URL's, PGPASSWORD or ~/.pgpass. */
  password?: string | undefined;
  /** Where the PostgreSQL migrations are (bundled hosts pass it). */
  pgMigrationsFolder?: string | undefined;
  /** On a team database: LISTEN for others' changes (default true; the CLI, which shows nothing, does not). */
  listen?: boolean;
  /** A team database's query timeout (db/pg/open.ts); the default suits people, tests shorten it. */
  queryTimeoutMs?: number | undefined;
  /** The desktop app's kept choice of database (Settings › Database). */
  connectionStore?: ConnectionStore | undefined;
  emit?: (e: HostEvent) => void;
  now?: () => Date;
  workerEntry?: string;
  fonts?: FontDirs;
  /** The daily backup on use: in a worker (app hosts), right away (CLI), or not at all (tests, bench). */
  dailyBackup?: 'job' | 'sync' | 'off';
  host?: HostKind;
  /** The operating-system account; read from the OS when left out. */
  osUser?: string;
  /** Keep a job worker started and waiting (the app's hosts), so a small preview starts at once. */
  warmWorker?: boolean;
  /** With warmWorker: how long a report's workers are kept for the next report (the job runner's REPORT_KEEP_MS by default). */
  reportKeepMs?: number;
};


/**
 * Opens the database after its checks. A file set that fails them is moved aside untouched
 * (`corrupt-<time>/`) and the error names the problem, where the files went and the latest
 * verified backup: every host shows that and offers the restore.
 */
export const recoveryMarker = (dbPath: string): string => `${dbPath}.recovery.json`;

const openChecked = async (dbPath: string, options: RuntimeOptions, now: () => Date): Promise<Opened> => {
  // Moved aside at an earlier start and not yet restored: stay in recovery, do not create a new file.
  if (dbPath !== ':memory:' && existsSync(recoveryMarker(dbPath))) {
    const saved = JSON.parse(readFileSync(recoveryMarker(dbPath), 'utf8')) as AppErrorData;
    throw new AppError('db_corrupt', saved.message, saved.details);
  }
  try {
    return await open(dbPath, options);
  } catch (e) {
    if (!isAppError(e) || e.code !== 'db_corrupt' || dbPath === ':memory:') throw e;
    // A reader moves nothing: the folder may be read-only, and the files are left for a writer to recover.
    if (options.readonly) throw new AppError('db_corrupt', `${e.message}. Nothing was written to it; open it in the app, or run mrd restore FILE, to set it aside and restore a backup`, e.details);
    const problem = { kind: (e.details?.kind as Problem['kind'] | undefined) ?? 'damaged', message: e.message };
    const movedTo = quarantine(dbPath, now());
    const error = corruptError(dbPath, problem, movedTo, latestVerifiedBackup(options.backupsDir ?? backupsDirOf(dbPath), options.nativeBinding)?.file ?? null);
    writeFileSync(recoveryMarker(dbPath), JSON.stringify(error.toJSON(), null, 2));
    throw error;
  }
};

/** The handler context on an opened database, with its job runner (workers open `target` themselves) and staging. */
const contextOf = (target: string, opened: Opened, options: RuntimeOptions, now: () => Date, where: Pick<HandlerContext, 'dbPath' | 'backupsDir' | 'reopen'> & { login?: string; loginOwnsDatabase?: boolean }): { ctx: HandlerContext; jobs: JobRunner; staging: Staging } => {
  const staging = createStaging();
  const jobs = createJobRunner({
    dbPath: target,
    now,
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.workerEntry ? { workerEntry: options.workerEntry } : {}),
    warm: options.warmWorker ?? false,
    ...(options.reportKeepMs !== undefined ? { reportKeepMs: options.reportKeepMs } : {}),
  });
  const ctx: HandlerContext = {
    host: options.host ?? 'desktop',
    osUser: options.osUser ?? currentOsUser(),
    db: opened.db,
    appVersion: pkg.version,
    schemaVersion: opened.report.schemaVersion,
    now,
    emit: options.emit ?? (() => undefined),
    jobs,
    staging,
    fonts: options.fonts ?? defaultFontDirs(),
    ...(options.connectionStore ? { connectionStore: options.connectionStore } : {}),
    ...where,
  };
  // The app's hosts get the report workers ready for a big portfolio while the person starts working.
  if (options.warmWorker) void jobs.prepareReports({ kind: 'report.prepare', fonts: ctx.fonts, workerEntry: jobs.entry, asOf: now().toISOString().slice(0, 10) });
  return { ctx, jobs, staging };
};

/** A runtime's close: its workers, staged files, then the connection (and the holder record). */
const closer = (jobs: JobRunner, staging: Staging, ...then: (() => void)[]) => (): void => {
  void jobs.close();
  staging.close();
  for (const f of then) f();
};

/** Opens the database and builds the handler context; each host makes exactly one. */
/** A team database: the pool, its checks (schema version), who the server says we are. */
const openTeamDb = async (url: string, options: RuntimeOptions): Promise<Opened & { login: string; owner: boolean }> => {
  const { openTeam } = await import('../db/pg/open');
  const t0 = performance.now();
  const team = await openTeam({ url, password: options.password }, { readOnly: options.readonly ?? false, ...(options.queryTimeoutMs ? { queryTimeoutMs: options.queryTimeoutMs } : {}), ...(options.pgMigrationsFolder ? { pgMigrationsFolder: options.pgMigrationsFolder } : {}) });
  return { db: team.db, login: team.login, owner: team.owner, report: { migrated: 0, backup: null, schemaVersion: team.schemaVersion, checkMs: performance.now() - t0 }, close: () => void team.close() };
};

export const createRuntime = async (dbPath: string, options: RuntimeOptions = {}): Promise<Runtime> => {
  const now = options.now ?? (() => new Date());
  if (isPostgresUrl(dbPath)) return createTeamRuntime(dbPath, options, now);
  let opened = await openChecked(dbPath, options, now);
  const backupsDir = options.backupsDir ?? backupsDirOf(dbPath);
  const unregister = registerHolder(dbPath, HOST_NAMES[options.host ?? 'desktop']);
  const { ctx, jobs, staging } = contextOf(dbPath, opened, options, now, {
    dbPath,
    backupsDir,
    /** Closes the connection, runs `between` (file work: restore), opens again with the checks. */
    reopen: async (between) => {
      opened.close();
      try {
        between();
      } finally {
        opened = await openChecked(dbPath, options, now);
        ctx.db = opened.db;
      }
    },
  });
  if (dbPath !== ':memory:' && options.dailyBackup && options.dailyBackup !== 'off' && dailyDue(backupsDir, now())) {
    if (options.dailyBackup === 'sync') makeBackup(opened.db.lite!, dbPath, 'daily', now(), backupsDir);
    else jobs.start({ kind: 'backup', reason: 'daily', dbPath, dir: backupsDir, now: now() });
  }
  return { ctx, report: opened.report, close: closer(jobs, staging, () => opened.close(), unregister) };
};

/**
 * The same context on a team database: the handlers, jobs and staging as on a file; no holder
 * file, anchors, daily file backup or restore (the server has its own: pg_dump, PITR), and the
 * URL shown without its password.
 */
const createTeamRuntime = async (url: string, options: RuntimeOptions, now: () => Date): Promise<Runtime> => {
  const opened = await openTeamDb(url, options);
  const { ctx, jobs, staging } = contextOf(url, opened, options, now, {
    login: opened.login,
    loginOwnsDatabase: opened.owner,
    dbPath: redactUrl(url),
    backupsDir: '',
    reopen: () => Promise.reject(new AppError('unavailable', "A team database is restored by its administrator with PostgreSQL's own tools (pg_restore), not from the app")),
  });
  // Others' committed work reaches this host's screens (the renderer refreshes what is open).
  const { listenChanges } = await import('../db/pg/listen');
  const listener = options.listen === false ? null : listenChanges(
        { url, password: options.password },
        (c) => ctx.emit({ kind: 'changed', ...c }),
        (p) => ctx.emit({ kind: 'presence', assessmentId: p.assessmentId, login: p.login, open: p.open }),
      );
  await listener?.ready;
  return { ctx, report: opened.report, close: closer(jobs, staging, () => void listener?.stop(), () => opened.close()) };
};
