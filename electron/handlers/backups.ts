import { appendAudit } from '../../db/audit';
import { backupTo, checkWith, listBackups, makeBackup, restoreBackup } from '../../db/backup';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { liteOf } from '../../db/client';
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { APPROVERS, actorOf, profileOf, requireCommandLine, requireRole, type HandlerContext } from './context';
import { recordRestore, refuseWhileHeld } from '../services/restore';

const notInRecovery = (): never => {
  throw new AppError('conflict', 'The database passed its checks: there is nothing to recover (restore a backup from Settings › Backups instead)');
};

type RestoreSource = ParsedInputOf<'backups.restore'>;

/**
 * The file a restore reads: a backup of the backups folder by name, or (command line only) any
 * file by path. Named backups must be listed there, so a name can never reach outside the folder.
 */
export const restoreSourceFile = (ctx: Pick<HandlerContext, 'host' | 'backupsDir'>, source: RestoreSource): { file: string; label: string } => {
  if ('file' in source) {
    requireCommandLine(ctx as HandlerContext, 'restore from a file outside the backups folder');
    if (!existsSync(resolve(source.file))) throw new AppError('not_found', `No file ${source.file} to restore`);
    return { file: resolve(source.file), label: source.file };
  }
  if (!listBackups(ctx.backupsDir).some((b) => b.name === source.name)) throw new AppError('not_found', `No backup ${source.name} in ${ctx.backupsDir}`);
  return { file: join(ctx.backupsDir, source.name), label: source.name };
};

export const backupHandlers = {
  // A team database keeps no backups folder: its copies are the server's (pg_dump) or mrd backup --out.
  'backups.list': (ctx: HandlerContext) => ({ dir: ctx.backupsDir, backups: ctx.db.lite ? listBackups(ctx.backupsDir) : [] }),

  /** A consistent, checked copy now (into the backups folder, or the command line's `out`); logged in the audit trail. */
  'backups.create': async (ctx: HandlerContext, input: ParsedInputOf<'backups.create'>) => {
    if (!(await profileOf(ctx))) throw new AppError('forbidden', 'Set up your profile before you back up');
    if (input.out !== undefined) requireCommandLine(ctx, 'write a backup to a chosen path');
    const lite = liteOf(ctx.db, 'This backup');
    const info = input.out !== undefined ? backupTo(lite, resolve(input.out)) : makeBackup(lite, ctx.dbPath, 'manual', ctx.now(), ctx.backupsDir);
    await appendAudit(ctx.db, { actor: await actorOf(ctx), action: 'backup', entity: 'database', entityId: info.name, after: info, at: ctx.now() });
    return info;
  },

  /**
   * Replaces the database with a backup: a safety backup of the current state first, the current
   * files moved aside (never deleted), the copy checked and put in place, then reopened. The
   * restore itself is recorded in the restored database's audit trail.
   */
  'backups.restore': async (ctx: HandlerContext, input: ParsedInputOf<'backups.restore'>) => {
    const actor = await requireRole(ctx, APPROVERS, 'restore a backup');
    if (ctx.jobs.runningAny()) throw new AppError('conflict', 'An import, report or backup is still running; wait for it to end, then restore');
    refuseWhileHeld(ctx.dbPath);
    const { file, label } = restoreSourceFile(ctx, input);
    // The report workers' preparation reads the file being replaced: it is ended (it writes nothing).
    await ctx.jobs.stopPreparing();
    // Checked through the open connection before it closes (the restore itself runs with none).
    const lite = liteOf(ctx.db, 'Restoring a backup');
    const check = checkWith(lite, file);
    if (check !== 'ok') throw new AppError('invalid_input', `${label} failed its integrity check (${check}); it was not restored`);
    const safety = makeBackup(lite, ctx.dbPath, 'before-restore', ctx.now(), ctx.backupsDir);
    let replacedMovedTo: string | null = null;
    await ctx.reopen(() => {
      replacedMovedTo = restoreBackup(ctx.dbPath, file, ctx.now(), () => check).replacedMovedTo;
    });
    await recordRestore(ctx.db, ctx.dbPath, actor, ctx.now(), { restoredFrom: label, safetyBackup: safety.name, replacedMovedTo });
    return { restored: label, safetyBackup: safety.name, replacedMovedTo };
  },

  // In normal operation there is no recovery to do; the hosts answer these themselves when the
  // database failed its checks at start (see electron/holder.ts).
  'recovery.status': () => null,
  'recovery.restore': () => notInRecovery(),
  'recovery.startEmpty': () => notInRecovery(),
};
