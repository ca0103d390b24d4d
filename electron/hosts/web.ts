import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { HostEvent, Result } from '../../shared/contract';
import { AppError, toErrorData } from '../../shared/errors';
import { scanConfiguredFolder } from '../handlers/monitoring';
import { startWatcher } from '../services/monitoring/watch';
import { defaultDbPath } from '../paths';
import { isPostgresUrl, passwordLine, redactUrl } from '../../shared/database';
import { createHolder } from '../holder';
import type { RuntimeOptions } from '../runtime';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY, MIME, resolveAppFile } from '../security';

export const MAX_BODY_BYTES = 8 * 1024 * 1024;

export type WebHostOptions = { dbPath: string; port?: number; rendererDir?: string; token?: string; password?: string; layout?: Pick<RuntimeOptions, 'migrationsFolder' | 'workerEntry' | 'fonts' | 'pgMigrationsFolder'> };
export type WebHost = { url: string; port: number; token: string; close: () => Promise<void> };

const defaultRendererDir = (): string => fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

const sameToken = (given: string, token: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

const send = (res: ServerResponse, status: number, body: unknown): void => {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(json);
};

const fail = (res: ServerResponse, status: number, error: AppError): void => send(res, status, { ok: false, error: error.toJSON() } satisfies Result<never>);

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((ok, ko) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        ko(new AppError('invalid_input', `Request body is larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', ko);
  });

/**
 * The browser host: the built renderer and the same handler table over HTTP on 127.0.0.1.
 * API calls need the per-run token (Authorization: Bearer); the Host header is checked so a
 * web page elsewhere cannot reach the API through DNS rebinding.
 */
export const startWebHost = async (opts: WebHostOptions): Promise<WebHost> => {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const rendererDir = resolve(opts.rendererDir ?? defaultRendererDir());
  const listeners = new Set<ServerResponse>();
  const emit = (e: HostEvent): void => {
    for (const res of listeners) res.write(`data: ${JSON.stringify(e)}\n\n`);
  };
  const holder = await createHolder(opts.dbPath, { ...opts.layout, ...(opts.password !== undefined ? { password: opts.password } : {}), emit, dailyBackup: 'job', host: 'browser', warmWorker: true });
  const stopWatching = startWatcher(async () => {
    const ctx = holder.ctx();
    if (ctx) await scanConfiguredFolder(ctx);
  });
  let port = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: toErrorData(e) });
      else res.end();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return fail(res, 403, new AppError('forbidden', `Host ${host} is not allowed`));
    const url = new URL(req.url ?? '/', `http://${host}`);

    if (url.pathname.startsWith('/api/')) {
      const auth = req.headers.authorization ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice(7) : (url.searchParams.get('token') ?? '');
      if (!sameToken(given, token)) return fail(res, 401, new AppError('unauthorized', 'Missing or wrong access token for this browser host'));

      if (url.pathname === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        listeners.add(res);
        req.on('close', () => listeners.delete(res));
        return;
      }
      const match = /^\/api\/invoke\/([A-Za-z0-9_.-]{1,80})$/.exec(url.pathname);
      if (!match || req.method !== 'POST') return fail(res, 404, new AppError('unknown_method', `No API route ${req.method ?? ''} ${url.pathname}`));
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body.trim() === '' ? {} : (JSON.parse(body) as unknown);
      } catch (e) {
        return fail(res, 400, e instanceof AppError ? e : new AppError('invalid_input', `Request body is not valid JSON: ${(e as Error).message}`));
      }
      const result = await holder.dispatch(match[1], input);
      return send(res, result.ok ? 200 : statusOf(result.error.code), result);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, new AppError('invalid_input', 'Only GET serves files'));
    const file = resolveAppFile(`${APP_SCHEME}://${APP_HOST}${url.pathname}`, rendererDir);
    if (!file) return fail(res, 404, new AppError('not_found', `No file ${url.pathname}`));
    const served = await readFile(file).then(
      (body) => ({ body, type: MIME[extname(file)] ?? 'application/octet-stream' }),
      () => readFile(resolve(rendererDir, 'index.html')).then((body) => ({ body, type: MIME['.html']! })),
    );
    res.writeHead(200, {
      'content-type': served.type,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : served.body);
  };

  await new Promise<void>((ok, ko) => {
    server.once('error', ko);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((ok) => {
        stopWatching();
        for (const res of listeners) res.end();
        server.close(() => {
          holder.close();
          ok();
        });
        server.closeAllConnections();
      }),
  };
};

const statusOf = (code: string): number =>
  ({ invalid_input: 400, unknown_method: 404, not_found: 404, conflict: 409, forbidden: 403, unauthorized: 401, busy: 503, unavailable: 503 })[code] ?? 500;

/** The first line of standard input: a team database's password. */
const readPasswordLine = async (): Promise<string> => {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return passwordLine(text);
};

/** `npm run web [-- --port N --db FILE|postgres://… [--password-stdin] --renderer DIR]`: bin/mrd-web.mjs runs the built copy of this with its layout. */
export const runWebHost = async (argv: string[], layout: WebHostOptions['layout'] & { rendererDir?: string } = {}): Promise<void> => {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, db: { type: 'string' }, renderer: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, got ${values.port}`);
  // A team database's URL is never taken for a file name; its password comes from standard input,
  // PGPASSWORD or ~/.pgpass, never from the command line.
  const team = values.db !== undefined && isPostgresUrl(values.db);
  if (values['password-stdin'] && !team) throw new Error('--password-stdin is for a team database (--db postgres://…)');
  const password = values['password-stdin'] ? await readPasswordLine() : undefined;
  const dbPath = team ? values.db! : resolve(values.db ?? defaultDbPath());
  const { rendererDir, ...runtime } = layout;
  const renderer = values.renderer ?? rendererDir;
  const host = await startWebHost({ dbPath, port, layout: runtime, ...(password !== undefined ? { password } : {}), ...(renderer ? { rendererDir: renderer } : {}) });
  console.log(`Model Risk Desk (browser host) — database ${team ? redactUrl(dbPath) : dbPath}`);
  console.log(`Open ${host.url}`);
  const stop = (): void => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runWebHost(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`mrd web: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
