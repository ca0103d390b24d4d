import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { holdersDirOf } from '../../db/holders';
import { dispatch } from '../../electron/handlers';
import { createRuntime } from '../../electron/runtime';
import { emptyModelInput } from '../../shared/model';
import { mrd, mrdOk } from '../helpers/cli';
import { as } from '../helpers/people';
import { tempDir } from '../helpers/temp';

/** Starts a child and resolves once it printed `marker` (a line on stdout). */
const started = (child: ChildProcess, marker: RegExp): Promise<string> =>
  new Promise((ok, ko) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = marker.exec(out);
      if (m) ok(m[1] ?? m[0]);
    });
    child.once('exit', (code) => ko(new Error(`child exited with ${code}: ${err}`)));
  });
const stopped = (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<unknown> => {
  const exited = new Promise((ok) => child.once('exit', ok));
  child.kill(signal);
  return exited;
};

const prepared = async (): Promise<{ dir: string; db: string; backup: string }> => {
  const dir = tempDir();
  const db = join(dir, 'mrd.db');
  await mrdOk('--db', db, 'seed-demo', '--models', '3');
  await mrdOk('--db', db, 'profile', 'set', '--name', 'Lea Lead', '--role', 'review_lead');
  const backup = join(dir, 'copy.db');
  await mrdOk('--db', db, 'backup', '--out', backup);
  return { dir, db, backup };
};

describe('a second process on the same database', () => {
  it('mrd restore is refused while the browser host has the database open, naming it; nothing the host writes is lost', async () => {
    const { db, backup } = await prepared();
    const host = spawn(process.execPath, ['--import', 'tsx', 'electron/hosts/web.ts', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await started(host, /Open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/);
    try {
      const refused = await mrd('--db', db, 'restore', backup);
      expect(refused.code).toBe(1);
      expect(refused.err[0]).toMatch(new RegExp(`^mrd: The database is open in the browser host \\(pid ${host.pid}, since \\d\\d:\\d\\d:\\d\\d UTC\\): close it there first`));
      const call = (method: string, input: unknown): Promise<Response> => fetch(`${new URL(url).origin}/api/invoke/${method}`, { method: 'POST', headers: { authorization: `Bearer ${url.split('#token=')[1]}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
      const created = await call('models.create', { ...emptyModelInput(), ref: 'MDL-0777', name: 'After the refused restore', purpose: 'p', businessUnit: 'b', owner: 'o', developers: ['d'] });
      expect(created.status).toBe(200);
    } finally {
      await stopped(host);
    }
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare("select count(*) from models where ref = 'MDL-0777'").pluck().get()).toBe(1);
    raw.close();
    // Once the host has closed, the restore goes ahead.
    expect(readdirSync(holdersDirOf(db))).toEqual([]);
    await mrdOk('--db', db, 'restore', backup);
  }, 60_000);

  it('a holder that was killed is not taken for a live one', async () => {
    const { db, backup } = await prepared();
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/lock-child.ts', db], { stdio: ['pipe', 'pipe', 'pipe'] });
    await started(child, /LOCKED/);
    expect(readdirSync(holdersDirOf(db))).toContain(`${child.pid}.json`);
    await stopped(child, 'SIGKILL');
    expect(existsSync(join(holdersDirOf(db), `${child.pid}.json`))).toBe(true);
    await mrdOk('--db', db, 'restore', backup);
    expect(existsSync(join(holdersDirOf(db), `${child.pid}.json`))).toBe(false);
  }, 60_000);

  it('a write that waits out another writer\'s lock says the database is busy and who holds it, and changes nothing', async () => {
    const { db } = await prepared();
    const runtime = await createRuntime(db, { busyTimeoutMs: 300 });
    await as(runtime.ctx, 'Rita Officer', 'risk_officer');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/lock-child.ts', db], { stdio: ['pipe', 'pipe', 'pipe'] });
    await started(child, /LOCKED/);
    const r = await dispatch(runtime.ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0888', name: 'Blocked', purpose: 'p', businessUnit: 'b', owner: 'o', developers: ['d'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'busy', message: expect.stringMatching(new RegExp(`^The database is busy: another process is writing to it \\(mrd \\(pid ${child.pid}, since .*\\)\\)\\. Nothing was changed`)) as string } });
    child.stdin.end();
    await new Promise((ok) => child.once('exit', ok));
    expect(runtime.ctx.db.lite!.prepare("select count(*) from models where ref = 'MDL-0888'").pluck().get()).toBe(0);
    runtime.close();
  }, 60_000);
});
