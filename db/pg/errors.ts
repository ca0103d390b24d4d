/**
 * A team database that went away, in words a person can act on. No driver import: the handler
 * table maps any error through this, on either engine.
 */
import { AppError } from '../../shared/errors';

const LOST_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOENT', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);
const LOST_MESSAGES = /Connection terminated|connection timeout|Query read timeout|terminating connection|the database system is (shutting down|starting up|in recovery mode)|Client has encountered a connection error/i;

/** The typed error for a lost or unanswered connection, or null when `e` is something else. */
export const lostConnection = (e: unknown): AppError | null => {
  const err = e as { code?: unknown; message?: unknown; cause?: unknown };
  const code = typeof err?.code === 'string' ? err.code : '';
  const message = typeof err?.message === 'string' ? err.message : '';
  if (!LOST_CODES.has(code) && !LOST_MESSAGES.test(message)) return err?.cause ? lostConnection(err.cause) : null;
  const why = /timeout/i.test(message) ? 'the server stopped answering' : code === '57P01' || /terminating|shutting down/i.test(message) ? 'the server was shut down' : 'the server cannot be reached';
  return new AppError(
    'unavailable',
    `The connection to the team database was lost (${why}). Model Risk Desk reconnects by itself when the server is back; then try again. A change lost while it was being saved is either wholly saved or not at all: look before repeating it`,
    { lost: true, code: code || null },
  );
};

/**
 * A refusal by the team database's own rules (db/migrations-pg/0004: four eyes, frozen
 * approvals, the append-only trail, the directory) or its privileges ("permission denied for
 * table …"): SQLSTATE 42501, shown as the database worded it. Null for anything else.
 */
export const refusedByDatabase = (e: unknown): AppError | null => {
  const err = e as { code?: unknown; message?: unknown; cause?: unknown };
  if (err?.code !== '42501' || typeof err.message !== 'string') return err?.cause ? refusedByDatabase(err.cause) : null;
  const message = err.message.replace(/^permission denied for (table|sequence|schema|function) (\S+)$/, (_m, kind: string, name: string) => `the team database refuses this login any change to the ${kind} ${name} (permission denied): its role does not allow it`);
  return new AppError('forbidden', `The team database refused: ${message}`, { byDatabase: true });
};

/** Either typed error, or null: what every entry point maps a database failure through. */
export const databaseError = (e: unknown): AppError | null => lostConnection(e) ?? refusedByDatabase(e);
