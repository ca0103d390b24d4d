/**
 * Where a portfolio lives: a SQLite file, or a team database named by a postgres:// URL. Light on
 * purpose (no driver): the hosts and `mrd --help` tell the two apart before loading anything.
 */
export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db);

/** A URL as it may be printed: the password, if any, replaced. */
export const redactUrl = (url: string): string => url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');

const LOCAL_HOSTS = new Set(['', 'localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * The transport rule for a team database: encrypted and verified (`sslmode=verify-full`,
 * checking the server's certificate and name against the CA given with `sslrootcert`, or the
 * system's) to any other computer; a plain connection only to this one (a unix socket or
 * localhost). Null when the URL may be used, else the one-line reason, naming the fix.
 */
export const transportProblem = (url: string, env: Record<string, string | undefined> = {}): string | null => {
  // Read by hand: WHATWG URL refuses libpq's socket form (postgres://user@/db?host=/run/postgresql).
  const m = /^postgres(?:ql)?:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(url);
  if (!m) return `${redactUrl(url)} is not a valid postgres:// URL`;
  const params = new URLSearchParams(url.split('?')[1]?.split('#')[0] ?? '');
  const host = (params.get('host') ?? (m[1] ? decodeURIComponent(m[1]) : env.PGHOST) ?? '').toLowerCase();
  if (host.startsWith('/') || LOCAL_HOSTS.has(host)) return null;
  const mode = params.get('sslmode') ?? env.PGSSLMODE ?? '';
  if (mode === 'verify-full') return null;
  return `${redactUrl(url)}: a connection to another computer (${host}) must be encrypted and its server verified: add ?sslmode=verify-full&sslrootcert=/path/to/ca.crt to the URL (${mode ? `sslmode=${mode} does not verify the server's name` : 'no sslmode was given'}); a plain connection is allowed only to this computer (localhost or a unix socket)`;
};

/**
 * `--password-stdin`: the password is the first line of standard input (never an argument,
 * where `ps` would show it). The one rule for `mrd` and the browser host; an empty line is refused.
 */
export const passwordLine = (stdin: string): string => {
  const line = stdin.split(/\r?\n/)[0] ?? '';
  if (!line) throw new Error('--password-stdin: standard input held no password');
  return line;
};
