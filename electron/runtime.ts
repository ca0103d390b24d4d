import { open, type OpenOptions, type OpenReport } from '../db/open';
import pkg from '../package.json' with { type: 'json' };
import type { HostEvent } from '../shared/contract';
import type { HandlerContext } from './handlers/context';

export type Runtime = { ctx: HandlerContext; report: OpenReport; close: () => void };

/** Opens the database and builds the handler context; each host makes exactly one. */
export const createRuntime = (
  dbPath: string,
  options: OpenOptions & { emit?: (e: HostEvent) => void; now?: () => Date } = {},
): Runtime => {
  const opened = open(dbPath, options);
  return {
    ctx: {
      db: opened.db,
      dbPath,
      appVersion: pkg.version,
      schemaVersion: opened.report.schemaVersion,
      now: options.now ?? (() => new Date()),
      emit: options.emit ?? (() => undefined),
    },
    report: opened.report,
    close: opened.close,
  };
};
