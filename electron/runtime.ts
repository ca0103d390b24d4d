import { open, type OpenOptions, type OpenReport } from '../db/open';
import pkg from '../package.json' with { type: 'json' };
import type { HostEvent } from '../shared/contract';
import type { HandlerContext } from './handlers/context';
import { createJobRunner } from './services/jobs/runner';
import { createStaging } from './services/staging';
import { defaultFontDirs, type FontDirs } from './services/reports/render';

export type Runtime = { ctx: HandlerContext; report: OpenReport; close: () => void };

export type RuntimeOptions = OpenOptions & { emit?: (e: HostEvent) => void; now?: () => Date; workerEntry?: string; fonts?: FontDirs };

/** Opens the database and builds the handler context; each host makes exactly one. */
export const createRuntime = (
  dbPath: string,
  options: RuntimeOptions = {},
): Runtime => {
  const opened = open(dbPath, options);
  const now = options.now ?? (() => new Date());
  const staging = createStaging();
  const jobs = createJobRunner({
    dbPath,
    now,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.workerEntry ? { workerEntry: options.workerEntry } : {}),
  });
  return {
    ctx: {
      db: opened.db,
      dbPath,
      appVersion: pkg.version,
      schemaVersion: opened.report.schemaVersion,
      now,
      emit: options.emit ?? (() => undefined),
      jobs,
      staging,
      fonts: options.fonts ?? defaultFontDirs(),
    },
    report: opened.report,
    close: () => {
      void jobs.close();
      staging.close();
      opened.close();
    },
  };
};
