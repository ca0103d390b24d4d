import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli';
import { dispatch } from '../../electron/handlers';
import { createRuntime } from '../../electron/runtime';
import type { Model } from '../../shared/model';
import { tempDir } from '../helpers/temp';

const mrd = (...argv: string[]): { code: number; out: string; err: string[] } => {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  if (typeof code !== 'number') throw new Error('use mrdAsync for report');
  return { code, out: out.join('\n'), err };
};

describe('mrd command line', () => {
  it('seeds a demo portfolio and lists it as JSON with every inventory field', () => {
    const db = join(tempDir(), 'x.db');
    expect(mrd('--db', db, 'seed-demo', '--models', '200')).toMatchObject({ code: 0, err: [] });
    const listed = mrd('--db', db, 'models', 'list', '--json');
    expect(listed.code).toBe(0);
    const models = JSON.parse(listed.out) as Model[];
    expect(models).toHaveLength(200);
    for (const key of ['ref', 'name', 'version', 'purpose', 'businessUnit', 'owner', 'developers', 'validator', 'status', 'tier', 'exposure', 'usageVolume', 'sourcing', 'dataSources', 'validatedEnv', 'productionEnv', 'aiActClass', 'maintainers', 'documentationUrl', 'tags', 'createdAt', 'updatedAt', 'retiredAt', 'rating']) {
      expect(models[0]).toHaveProperty(key);
    }
    const table = mrd('--db', db, 'models', 'list');
    expect(table.out.split('\n')).toHaveLength(201);
    expect(table.out.split('\n')[0]).toMatch(/^REF\s+NAME\s+VERSION\s+STATUS.*RATING$/);
  });

  it('verifies the audit chain, and names the first broken entry after tampering', () => {
    const db = join(tempDir(), 'x.db');
    mrd('--db', db, 'seed-demo', '--models', '20');
    const rt = createRuntime(db);
    for (const name of ['Ana One', 'Ben Two', 'Cleo Three']) expect(dispatch(rt.ctx, 'profile.save', { name, role: 'risk_officer' }).ok).toBe(true);
    rt.close();
    const good = mrd('--db', db, 'audit', 'verify');
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/^Audit chain intact: \d+ entries, head [0-9a-f]{64}$/);
    const raw = new Database(db);
    const n = (raw.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
    expect(n).toBeGreaterThan(2);
    raw.prepare("update audit_log set actor = 'Mallory' where seq = 2").run();
    const bad = mrd('--db', db, 'audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.err).toEqual([expect.stringMatching(/^mrd: audit chain broken at entry 2: entry 2 was altered/) as string]);
    raw.prepare('delete from audit_log where seq = 3').run();
    raw.close();
    expect(mrd('--db', db, 'audit', 'verify').err[0]).toMatch(/^mrd: audit chain broken at entry 2/);
  });

  it('ingests a monitoring export and lists its findings; failures are one line and non-zero', () => {
    const db = join(tempDir(), 'x.db');
    const fixture = join(import.meta.dirname, '../fixtures/monitoring/nannyml_cbpe_flat.csv');
    mrd('--db', db, 'seed-demo', '--models', '5');
    expect(mrd('--db', db, 'findings', 'list').out).toBe('No findings.');
    const ok = mrd('--db', db, 'ingest', '--model', 'MDL-0001', fixture);
    expect(ok).toMatchObject({ code: 0, err: [] });
    expect(ok.out).toBe('Imported nannyml_cbpe_flat.csv (nannyml, detected 95 %) into MDL-0001: 30 values, 3 metrics, 2018-11-30 to 2019-08-29, 2 findings');
    const again = mrd('--db', db, 'ingest', '--model', 'MDL-0001', fixture);
    expect(again.code).toBe(1);
    expect(again.err).toHaveLength(1);
    expect(mrd('--db', db, 'ingest', fixture).err[0]).toBe('mrd: ingest needs --model REF (the model the export belongs to)');
    expect(mrd('--db', db, 'ingest', '--model', 'MDL-0001', '--format', 'excel', fixture).code).toBe(2);
    const table = mrd('--db', db, 'findings', 'list').out.split('\n');
    expect(table[0]).toMatch(/^REF\s+CATEGORY\s+SEVERITY\s+METRIC\s+WINDOW\s+STATUS\s+FILE$/);
    expect(table).toHaveLength(3);
    expect(mrd('--db', db, 'audit', 'verify', '--json').err[0]).toBe('mrd: --json belongs to models list, reviews due and findings list, not audit verify');
    const list = JSON.parse(mrd('--db', db, 'findings', 'list', '--json').out) as { ref: string; category: string; status: string; file: string }[];
    expect(list.map((f) => `${f.ref} ${f.category} ${f.status} ${f.file}`).sort()).toEqual([
      'MDL-0001 bad_prediction open nannyml_cbpe_flat.csv',
      'MDL-0001 degradation open nannyml_cbpe_flat.csv',
    ]);
  });

  it('is deterministic for a given seed', () => {
    const a = join(tempDir(), 'a.db');
    const b = join(tempDir(), 'b.db');
    mrd('--db', a, 'seed-demo', '--models', '50', '--seed', '9');
    mrd('--db', b, 'seed-demo', '--models', '50', '--seed', '9');
    const strip = (s: string): unknown => (JSON.parse(s) as Model[]).map(({ id: _id, ...m }) => m);
    expect(strip(mrd('--db', a, 'models', 'list', '--json').out)).toEqual(strip(mrd('--db', b, 'models', 'list', '--json').out));
  });

  it.each([
    [['--db', 'DB', 'seed-demo', '--models', 'abc'], 2, '--models must be a whole number from 1 to 20000, got "abc"'],
    [['--db', 'DB', 'seed-demo', '--models', '0'], 2, '--models must be a whole number'],
    [['--db', 'DB', 'models', 'lst'], 2, 'unknown command "models lst"'],
    [['--db', 'DB', 'models', 'list', '--colour'], 2, "Unknown option '--colour'"],
    [['models', 'list'], 2, '--db FILE is required'],
    [['--db', 'DB'], 2, 'no command given'],
    [['--db', 'DB', 'models', 'list', '--seed', '3'], 2, '--models and --seed belong to seed-demo'],
  ])('%j exits %i with one clear line on stderr', (argv, code, message) => {
    const db = join(tempDir(), 'x.db');
    const r = mrd(...argv.map((a) => (a === 'DB' ? db : a)));
    expect(r.code).toBe(code);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain(message);
    expect(r.err[0]).toMatch(/^mrd: /);
    expect(r.out).toBe('');
  });

  it('fails with exit 1 when the command itself fails, and changes nothing', () => {
    const db = join(tempDir(), 'x.db');
    mrd('--db', db, 'seed-demo', '--models', '5');
    const again = mrd('--db', db, 'seed-demo', '--models', '5');
    expect(again.code).toBe(1);
    expect(again.err).toEqual(['mrd: The database already holds 5 models; seed-demo needs an empty inventory']);
    expect(JSON.parse(mrd('--db', db, 'models', 'list', '--json').out)).toHaveLength(5);
  });

  it('runs as the installed bin with real exit codes', () => {
    const db = join(tempDir(), 'x.db');
    const ok = spawnSync(process.execPath, ['bin/mrd.mjs', '--db', db, 'seed-demo', '--models', '3'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Seeded 3 demo models');
    const bad = spawnSync(process.execPath, ['bin/mrd.mjs', '--db', db, 'frobnicate'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
