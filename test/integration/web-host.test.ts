import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../electron/hosts/web';
import { contract, type Method } from '../../shared/contract';
import { tempDir } from '../helpers/temp';

let host: WebHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

const start = async (): Promise<WebHost> => {
  const dir = tempDir();
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>MRD</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  host = await startWebHost({ dbPath: join(dir, 'mrd.db'), rendererDir: renderer });
  return host;
};

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };
/** Raw HTTP, so the Host header and paths go out exactly as written. */
const send = (h: WebHost, path: string, opts: { method?: string; body?: string; token?: string | null; hostHeader?: string } = {}): Promise<Reply> =>
  new Promise((ok, ko) => {
    const headers: Record<string, string> = { host: opts.hostHeader ?? `127.0.0.1:${h.port}`, 'content-type': 'application/json' };
    const token = opts.token === undefined ? h.token : opts.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const req = request({ host: '127.0.0.1', port: h.port, path, method: opts.method ?? 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', ko);
    req.end(opts.body);
  });
const json = (r: Reply): { ok: boolean; value?: unknown; error?: { code: string; message: string } } => JSON.parse(r.body) as never;

describe('browser host', () => {
  it('listens on 127.0.0.1 and prints a URL carrying the per-run token', async () => {
    const h = await start();
    expect(h.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${h.port}/#token=[A-Za-z0-9_-]{32}$`));
  });

  it('refuses API calls without the token, or with a wrong one', async () => {
    const h = await start();
    for (const token of [null, '', 'wrong', `${h.token}x`]) {
      const r = await send(h, '/api/invoke/models.list', { body: '{}', token });
      expect(r.status).toBe(401);
      expect(json(r)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect((await send(h, `/api/events`, { method: 'GET', token: null })).status).toBe(401);
  });

  it('answers with the token, through the same handler table', async () => {
    const h = await start();
    const r = await send(h, '/api/invoke/models.list', { body: '{}' });
    expect(r.status).toBe(200);
    expect(json(r)).toEqual({ ok: true, value: [] });
  });

  it('rejects invalid input for every method with the typed error', async () => {
    const h = await start();
    for (const method of Object.keys(contract) as Method[]) {
      const r = await send(h, `/api/invoke/${method}`, { body: JSON.stringify({ __bogus: 1 }) });
      expect(r.status, method).toBe(400);
      expect(json(r).error?.code).toBe('invalid_input');
    }
    const created = await send(h, '/api/invoke/models.create', { body: JSON.stringify({ ref: 'bad ref' }) });
    expect(json(created).error?.message).toMatch(/^Invalid input for models\.create: ref: /);
    expect(json(await send(h, '/api/invoke/models.list', { body: '{"broken' })).error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('not valid JSON') as string });
    const unknown = await send(h, '/api/invoke/models.dropAll', { body: '{}' });
    expect(unknown.status).toBe(404);
    expect(json(unknown).error?.code).toBe('unknown_method');
  });

  it('streams host events to a client holding the token', async () => {
    const h = await start();
    const res = await fetch(`http://127.0.0.1:${h.port}/api/events?token=${h.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain(': connected');
    await reader.cancel();
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const h = await start();
    const r = await send(h, '/api/invoke/models.list', { body: '{}', hostHeader: `evil.example:${h.port}` });
    expect(r.status).toBe(403);
  });

  it('serves the renderer with the CSP and never a file outside it', async () => {
    const h = await start();
    const index = await send(h, '/', { method: 'GET', token: null });
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>MRD</title>');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    const js = await send(h, '/assets/app.js', { method: 'GET', token: null });
    expect(js.headers['content-type']).toMatch(/javascript/);
    for (const path of ['/../secret.txt', '/..%2Fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2F..%2Fsecret.txt']) {
      const r = await send(h, path, { method: 'GET', token: null });
      expect(r.body, path).not.toContain('do not serve');
    }
  });
});
