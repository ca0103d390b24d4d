import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Host = { url: string; origin: string; token: string; dbPath: string; call: (method: string, input: unknown) => Promise<unknown> };

/**
 * Starts the browser host on a free port with a fresh database for one test: the built host
 * (bin/mrd-web.mjs, as `npm run web` runs it), not the TypeScript sources through tsx, which took
 * seconds to start and, on a busy machine, most of a test's time.
 */
export const startHost = async (dir: string, db?: string): Promise<{ host: Host; child: ChildProcess }> => {
  // A file of the test's own, or the team database (a postgres:// URL) named.
  const dbPath = db ?? join(dir, 'mrd.db');
  const child = spawn(process.execPath, ['bin/mrd-web.mjs', '--db', dbPath, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
    // What the host says on stderr is part of a failing test's story.
    process.stderr.write(`[browser host] ${c.toString()}`);
  });
  const url = await new Promise<string>((ok, ko) => {
    let out = '';
    const timer = setTimeout(() => ko(new Error(`browser host did not start: ${stderr}`)), 30_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.on('exit', (code) => ko(new Error(`browser host exited with ${code}: ${stderr}`)));
  });
  const origin = new URL(url).origin;
  const token = url.split('#token=')[1] ?? '';
  const call = async (method: string, input: unknown): Promise<unknown> => {
    const res = await fetch(`${origin}/api/invoke/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
    const body = (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
    return body.value;
  };
  return { host: { url, origin, token, dbPath, call }, child };
};

export const test = base.extend<{ host: Host; demo: Host }>({
  // Playwright reads a fixture's dependencies from its destructuring; this one has none.
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'mrd-e2e-'));
    const { host, child } = await startHost(dir);
    await use(host);
    child.kill('SIGTERM');
    await new Promise((ok) => child.once('exit', ok));
    rmSync(dir, { recursive: true, force: true });
  },
  /** A host whose user went through first run and chose the demo portfolio. */
  demo: async ({ host }, use) => {
    await host.call('profile.save', { name: 'Rita Officer', role: 'risk_officer' });
    await host.call('portfolio.start', { choice: 'demo' });
    await use(host);
  },
});

type Person = { id: number; name: string; role: string };

/**
 * Makes `name` the person at this browser host's keyboard, as Settings › Profile does: an
 * existing person is switched to, a new one added (a new review lead confirmed by an existing
 * one), another role granted with a lead's confirmation. All share the host's OS account.
 */
export const actAs = async (host: Host, name: string, role: 'risk_officer' | 'review_lead' | 'auditor'): Promise<Person> => {
  const people = (await host.call('people.list', {})) as Person[];
  const lead = people.find((p) => p.role === 'review_lead' && p.name !== name);
  const confirm = lead ? { confirmedBy: lead.id } : {};
  const here = people.find((p) => p.name === name);
  if (!here) return (await host.call('profile.create', { name, role, ...(role === 'review_lead' ? confirm : {}) })) as Person;
  await host.call('profile.switch', { personId: here.id });
  return here.role === role ? here : ((await host.call('profile.save', { name, role, ...confirm })) as Person);
};

/** A review lead switches on "shared computer": the people of these tests share one OS account. */
export const allowSharedComputer = async (host: Host): Promise<void> => {
  const policy = (await host.call('reviews.policy', {})) as Record<string, unknown>;
  await host.call('reviews.savePolicy', { policy: { ...policy, sharedComputer: true } });
};

/** Registers a production model through the API, for tests that start from one. */
export const createModel = (host: Host, ref: string, name: string): Promise<unknown> =>
  host.call('models.create', {
    ref, name, version: '1.0.0', description: '', purpose: `${name}.`, intendedUse: '', restrictions: '',
    businessUnit: 'Retail Banking', owner: 'Ana Martin', developers: ['Ben Okafor'], validator: 'Cleo Diaz', status: 'production', tier: 2,
    exposure: 'customer-facing', usageVolume: 'high', sourcing: 'in-house', vendorName: '', dataSources: [], validatedEnv: {}, productionEnv: {},
    aiActClass: 'high', maintainers: 2, documentationUrl: '', tags: [],
  });

export const openApp = async (page: Page, host: Host): Promise<void> => {
  await page.goto(host.url);
  // My work is the landing screen; these tests start from the inventory.
  await expect(page.getByRole('heading', { name: 'My work' })).toBeVisible();
  await page.goto(`${host.origin}/#/inventory`);
  await expect(page.getByRole('heading', { name: 'Inventory' })).toBeVisible();
};

export { expect };
