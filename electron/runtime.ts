import { backupsDirOf, dailyDue, latestVerifiedBackup, makeBackup } from '../db/backup';
import { open, type Opened, type OpenOptions, type OpenReport } from '../db/open';
import { corruptError, quarantine, type Problem } from '../db/safety';
import pkg from '../package.json' with { type: 'json' };
import type { HostEvent } from '../shared/contract';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { AppError, isAppError, type AppErrorData } from '../shared/errors';
import type { HandlerContext, HostKind } from './handlers/context';
import { currentOsUser } from '../db/anchors';
import { registerHolder } from '../db/holders';
import { createJobRunner } from './services/jobs/runner';
import { createStaging } from './services/staging';
import { defaultFontDirs, type FontDirs } from './services/reports/fontDirs';

/** How another process is named when it holds the database: "the browser host (pid 4242, …)". */
const HOST_NAMES: Record<HostKind, string> = { desktop: 'the desktop app', browser: 'the browser host', cli: 'mrd' };

export type Runtime = { ctx: HandlerContext; report: OpenReport; close: () => void };

export type RuntimeOptions = OpenOptions & {
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
};


/**
 * Opens the database after its checks. A file set that fails them is moved aside untouched
 * (`corrupt-<time>/`) and the error names the problem, where the files went and the latest
 * verified backup: every host shows that and offers the restore.
 */
export const recoveryMarker = (dbPath: string): string => `${dbPath}.recovery.json`;

const openChecked = (dbPath: string, options: RuntimeOptions, now: () => Date): Opened => {
  // Moved aside at an earlier start and not yet restored: stay in recovery, do not create a new file.
  if (dbPath !== ':memory:' && existsSync(recoveryMarker(dbPath))) {
    const saved = JSON.parse(readFileSync(recoveryMarker(dbPath), 'utf8')) as AppErrorData;
    throw new AppError('db_corrupt', saved.message, saved.details);
  }
  try {
    return open(dbPath, options);
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

/** Opens the database and builds the handler context; each host makes exactly one. */
export const createRuntime = (dbPath: string, options: RuntimeOptions = {}): Runtime => {
  const now = options.now ?? (() => new Date());
  let opened = openChecked(dbPath, options, now);
  const staging = createStaging();
  const jobs = createJobRunner({
    dbPath,
    now,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.workerEntry ? { workerEntry: options.workerEntry } : {}),
    warm: options.warmWorker ?? false,
  });
  const backupsDir = options.backupsDir ?? backupsDirOf(dbPath);
  const unregister = registerHolder(dbPath, HOST_NAMES[options.host ?? 'desktop']);
  const ctx: HandlerContext = {
    host: options.host ?? 'desktop',
    osUser: options.osUser ?? currentOsUser(),
    db: opened.db,
    dbPath,
    backupsDir,
    appVersion: pkg.version,
    schemaVersion: opened.report.schemaVersion,
    now,
    emit: options.emit ?? (() => undefined),
    jobs,
    staging,
    fonts: options.fonts ?? defaultFontDirs(),
    /** Closes the connection, runs `between` (file work: restore), opens again with the checks. */
    reopen: (between) => {
      opened.close();
      try {
        between();
      } finally {
        opened = openChecked(dbPath, options, now);
        ctx.db = opened.db;
      }
    },
  };
  if (dbPath !== ':memory:' && options.dailyBackup && options.dailyBackup !== 'off' && dailyDue(backupsDir, now())) {
    if (options.dailyBackup === 'sync') makeBackup(opened.db.$client, dbPath, 'daily', now(), backupsDir);
    else jobs.start({ kind: 'backup', reason: 'daily', dbPath, dir: backupsDir, now: now() });
  }
  return {
    ctx,
    report: opened.report,
    close: () => {
      void jobs.close();
      staging.close();
      opened.close();
      unregister();
    },
  };
};
