/**
 * Settings › Database: which database this app works on, a test of a team database before it is
 * used, and (the desktop app) the choice kept for the next start. A failed test is an answer, not
 * an error: it names what went wrong (unreachable, the password, TLS, no schema, the version).
 */
import { connectionError, versionMismatch } from '../../db/pg/admin';
import { probeTeam, teamPool } from '../../db/pg/open';
import { connectionUrl, type ConnectionState, type ConnectionTest } from '../../shared/connection';
import type { ParsedInputOf } from '../../shared/contract';
import { AppError, isAppError } from '../../shared/errors';
import type { HandlerContext } from './context';

export const connectionHandlers = {
  'connection.current': (ctx: HandlerContext): ConnectionState => ({
    engine: ctx.db.engine,
    where: ctx.dbPath,
    login: ctx.login ?? null,
    canSave: ctx.connectionStore !== undefined,
    saved: ctx.connectionStore?.load() ?? null,
    passwordKept: ctx.connectionStore?.passwordKept() ?? false,
  }),

  'connection.test': async (ctx: HandlerContext, input: ParsedInputOf<'connection.test'>): Promise<ConnectionTest> => {
    const { password, ...connection } = input;
    const url = connectionUrl(connection);
    const fail = (message: string): ConnectionTest => ({ ok: false, message, serverVersion: null, schemaVersion: null, login: null });
    let pool;
    try {
      pool = teamPool({ url, password: password || ctx.connectionStore?.password() }, { max: 1, queryTimeoutMs: 10_000 });
    } catch (e) {
      if (isAppError(e)) return fail(e.message);
      throw e;
    }
    try {
      const { state, login, serverVersion } = await probeTeam(url, pool);
      const base = { serverVersion, schemaVersion: state.ours ? state.serverVersion : null, login };
      if (!state.ours) return { ...base, ok: false, message: `Connected as ${login} to PostgreSQL ${serverVersion}, but the database holds no Model Risk Desk schema yet: an administrator runs mrd --db URL team init` };
      const mismatch = versionMismatch(state);
      if (mismatch) return { ...base, ok: false, message: `Connected as ${login} to PostgreSQL ${serverVersion}, but ${mismatch}` };
      return { ...base, ok: true, message: `Connected as ${login} to PostgreSQL ${serverVersion}; schema version ${state.serverVersion}, as this Model Risk Desk (${state.clientVersion})` };
    } catch (e) {
      if (isAppError(e)) return fail(e.message);
      return fail(connectionError(url, e).message);
    } finally {
      await pool.end();
    }
  },

  /**
   * The desktop app's choice for its next start; the password, if given, encrypted with
   * safeStorage. A choice of this computer's account (like the window's size), not a change to a
   * portfolio: no profile needed (the first run may choose before anyone is set up), no audit entry.
   */
  'connection.save': (ctx: HandlerContext, input: ParsedInputOf<'connection.save'>) => {
    if (!ctx.connectionStore) throw new AppError('forbidden', 'Only the desktop app keeps a database choice; the browser host and mrd take --db (or MRD_DATABASE_URL) and the password from PGPASSWORD, ~/.pgpass or --password-stdin');
    if (input.mode === 'file') ctx.connectionStore.save({ mode: 'file' });
    else ctx.connectionStore.save({ mode: 'team', connection: input.connection }, input.password);
    return { saved: ctx.connectionStore.load(), passwordKept: ctx.connectionStore.passwordKept(), restartNeeded: true as const };
  },
};
