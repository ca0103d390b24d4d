import { appendAudit } from '../../db/audit';
import { checkWith, listBackups, makeBackup, restoreBackup } from '../../db/backup';
import { join } from 'node:path';
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { APPROVERS, actorOf, profileOf, requireRole, type HandlerContext } from './context';

const notInRecovery = (): never => {
  throw new AppError('conflict', 'The database passed its checks: there is nothing to recover (restore a backup from Settings › Backups instead)');
};

export const backupHandlers = {
  'backups.list': (ctx: HandlerContext) => ({ dir: ctx.backupsDir, backups: listBackups(ctx.backupsDir) }),

  /** A consistent, checked copy now; logged in the audit trail. */
  'backups.create': (ctx: HandlerContext) => {
    if (!profileOf(ctx)) throw new AppError('forbidden', 'Set up your profile before you back up');
    const info = makeBackup(ctx.db.$client, ctx.dbPath, 'manual', ctx.now(), ctx.backupsDir);
    appendAudit(ctx.db, { actor: actorOf(ctx), action: 'backup', entity: 'database', entityId: info.name, after: info, at: ctx.now() });
    return info;
  },

  /**
   * Replaces the database with a backup: a safety backup of the current state first, the current
   * files moved aside (never deleted), the copy checked and put in place, then reopened. The
   * restore itself is recorded in the restored database's audit trail.
   */
  'backups.restore': (ctx: HandlerContext, input: ParsedInputOf<'backups.restore'>) => {
    const actor = requireRole(ctx, APPROVERS, 'restore a backup').name;
    if (ctx.jobs.runningAny()) throw new AppError('conflict', 'An import, report or backup is still running; wait for it to end, then restore');
    const file = join(ctx.backupsDir, input.name);
    if (!listBackups(ctx.backupsDir).some((b) => b.name === input.name)) throw new AppError('not_found', `No backup ${input.name} in ${ctx.backupsDir}`);
    // Checked through the open connection before it closes (the restore itself runs with none).
    const check = checkWith(ctx.db.$client, file);
    const safety = makeBackup(ctx.db.$client, ctx.dbPath, 'before-restore', ctx.now(), ctx.backupsDir);
    let replacedMovedTo: string | null = null;
    ctx.reopen(() => {
      replacedMovedTo = restoreBackup(ctx.dbPath, file, ctx.now(), () => check).replacedMovedTo;
    });
    appendAudit(ctx.db, { actor, action: 'restore', entity: 'database', entityId: input.name, after: { restoredFrom: input.name, safetyBackup: safety.name, replacedMovedTo }, at: ctx.now() });
    return { restored: input.name, safetyBackup: safety.name, replacedMovedTo };
  },

  // In normal operation there is no recovery to do; the hosts answer these themselves when the
  // database failed its checks at start (see electron/holder.ts).
  'recovery.status': () => null,
  'recovery.restore': () => notInRecovery(),
  'recovery.startEmpty': () => notInRecovery(),
};
