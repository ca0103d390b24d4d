import type { Db } from '../../../db/client';
import { inTransaction, liteOf } from '../../../db/client';
import type { ColumnMapping, Rule } from '../../../shared/monitoring';
import type { Actor } from '../../../shared/people';
import { rememberMapping } from '../monitoring/mappings';
import { scanWatchFolder } from '../monitoring/watch';
import { makeBackup, type BackupReason } from '../../../db/backup';
import type { PrepareReports, ReportJob } from '../reports/generate';
import { processFile, type FileRequest } from '../monitoring/ingest';
import type { Hooks } from '../monitoring/streamCsv';

/** What a worker is asked to do: everything resolved on the main thread (who, when, which rules). */
export type WorkerTask =
  | { kind: 'monitoring.preview'; file: FileRequest }
  | { kind: 'monitoring.ingest'; file: FileRequest }
  | { kind: 'watch.scan'; folder: string; actor: Actor; now: Date; rules: Rule[]; staleDays?: number; savedMappings: Record<string, ColumnMapping> }
  | ({ kind: 'report' } & ReportJob)
  | ({ kind: 'report.prepare' } & PrepareReports)
  | { kind: 'backup'; reason: BackupReason; dbPath: string; dir: string; now: Date };

/** A task the host starts as a job (with its state, progress and cancel); the rest are the runner's own. */
export type StartedTask = Exclude<WorkerTask, { kind: 'report.prepare' }>;

/**
 * Runs one task on a connection of its own. Plain functions of (db, task, hooks): the worker
 * thread calls them, and tests call them directly too.
 */
export const runTask = async (db: Db, task: WorkerTask, hooks: Hooks): Promise<unknown> => {
  // Reports render asynchronously (pdfmake); the worker awaits whatever comes back.
  switch (task.kind) {
    case 'monitoring.preview':
      return await processFile(db, task.file, false, hooks);
    case 'monitoring.ingest':
      return await inTransaction(db, async () => {
        const result = await processFile(db, task.file, true, hooks);
        await rememberMapping(db, task.file.actor, task.file.now, result.columns, result.mapping);
        return result;
      });
    case 'report':
      // Loaded for a report only: pdfmake, pdfkit and the fonts' decoders set themselves up as
      // they load (a tenth of a second), which an import or a backup need not wait for.
      return (await import('../reports/generate')).generateReport(db, task, hooks);
    case 'report.prepare':
      return (await import('../reports/generate')).prepareReports(db, task);
    case 'backup':
      return makeBackup(liteOf(db, 'A backup into the backups folder'), task.dbPath, task.reason, task.now, task.dir);
    case 'watch.scan':
      return await scanWatchFolder(db, task.folder, { actor: task.actor, now: () => task.now, rules: task.rules, staleDays: task.staleDays, savedMappings: task.savedMappings });
  }
};
