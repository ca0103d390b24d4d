/**
 * Where the desktop app's portfolio lives, as a person fills it in (Settings › Database, and the
 * first run): this computer's file, or a team database. The URL is built here, the one place, so
 * the form, the test and the saved setting cannot disagree; the password is never part of it.
 */
import { z } from 'zod';

const path = z.string().trim().max(1000).refine((p) => p === '' || p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), { message: 'give the full path of the file' });

export const teamConnectionFields = z
  .object({
    /** A host name or address, or the folder of a unix socket (starting with /). */
    host: z.string().trim().min(1, { message: 'give the server: a host name, an address, or a socket folder' }).max(255).regex(/^[^\s@?#]*$/, { message: 'a host has no spaces, @, ? or #' }),
    port: z.number().int().min(1, { message: 'a port is from 1 to 65535' }).max(65535, { message: 'a port is from 1 to 65535' }),
    database: z.string().trim().min(1, { message: 'give the database name' }).max(63, { message: 'a PostgreSQL name has at most 63 characters' }),
    user: z.string().trim().min(1, { message: 'give the login' }).max(63, { message: 'a PostgreSQL name has at most 63 characters' }),
    /** The CA certificate that signed the server's (verify-full); empty: the system's CAs. */
    caFile: path.default(''),
    /** A client certificate and its key, when the server takes certificates instead of a password. */
    certFile: path.default(''),
    keyFile: path.default(''),
  })
  .strict();
const certWithKey = (c: { certFile: string; keyFile: string }): boolean => !c.certFile === !c.keyFile;
const certWithKeyMessage = { message: 'a client certificate needs its key file too', path: ['keyFile'] };
export const teamConnectionSchema = teamConnectionFields.refine(certWithKey, certWithKeyMessage);
/** What Test connection sends: the connection and, if typed, the password (kept nowhere by the test). */
export const connectionTestSchema = teamConnectionFields.extend({ password: z.string().max(1000).optional() }).refine(certWithKey, certWithKeyMessage);
export type TeamConnection = z.infer<typeof teamConnectionSchema>;

const LOCAL = new Set(['localhost', '127.0.0.1', '::1']);
/** This computer: a socket folder or a loopback address (where a plain connection is allowed). */
export const isLocalHost = (host: string): boolean => host.startsWith('/') || LOCAL.has(host.toLowerCase());

/** The postgres:// URL of a connection: verify-full to any other computer, with its files. */
export const connectionUrl = (c: TeamConnection): string => {
  const params = new URLSearchParams();
  const socket = c.host.startsWith('/');
  if (socket) params.set('host', c.host);
  if (!isLocalHost(c.host)) params.set('sslmode', 'verify-full');
  if (c.caFile) params.set('sslrootcert', c.caFile);
  if (c.certFile) params.set('sslcert', c.certFile);
  if (c.keyFile) params.set('sslkey', c.keyFile);
  if (socket) params.set('port', String(c.port));
  const host = socket ? '' : `${c.host.includes(':') ? `[${c.host}]` : c.host}:${c.port}`;
  const query = params.toString();
  return `postgres://${encodeURIComponent(c.user)}@${host}/${encodeURIComponent(c.database)}${query ? `?${query}` : ''}`;
};

/** What the desktop app opens at its start: its file, or a team database (the password kept apart). */
export type SavedConnection = { mode: 'file' } | { mode: 'team'; connection: TeamConnection };

export type ConnectionState = {
  engine: 'sqlite' | 'postgres';
  /** The file, or the URL without a password. */
  where: string;
  /** The PostgreSQL login (session_user) on a team database. */
  login: string | null;
  /** This host can keep a connection for its next start (the desktop app, with Electron's safeStorage). */
  canSave: boolean;
  saved: SavedConnection | null;
  /** A password is kept (encrypted) for the saved team database. */
  passwordKept: boolean;
};

export type ConnectionTest = { ok: boolean; message: string; serverVersion: string | null; schemaVersion: number | null; login: string | null };
