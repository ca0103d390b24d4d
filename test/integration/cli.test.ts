import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../shared/model';
import { mrd, mrdOk } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const FIXTURE = join(import.meta.dirname, '../fixtures/monitoring/nannyml_cbpe_flat.csv');

describe('mrd command line', () => {
  it('seeds a demo portfolio and lists it as JSON with every inventory field', async () => {
    const db = join(tempDir(), 'x.db');
    expect(await mrd('--db', db, 'seed-demo', '--models', '200')).toMatchObject({ code: 0, err: [] });
    const models = JSON.parse(await mrdOk('--db', db, 'models', 'list', '--json')) as Model[];
    expect(models).toHaveLength(200);
    for (const key of ['ref', 'name', 'version', 'purpose', 'businessUnit', 'owner', 'developers', 'validator', 'status', 'tier', 'exposure', 'usageVolume', 'sourcing', 'dataSources', 'validatedEnv', 'productionEnv', 'aiActClass', 'maintainers', 'documentationUrl', 'tags', 'createdAt', 'updatedAt', 'retiredAt', 'rating']) {
      expect(models[0]).toHaveProperty(key);
    }
    const table = await mrdOk('--db', db, 'models', 'list');
    expect(table.split('\n')).toHaveLength(201);
    expect(table.split('\n')[0]).toMatch(/^REF\s+NAME\s+VERSION\s+STATUS.*RATING$/);
  });

  it('verifies the audit chain, and names the first broken entry after tampering', async () => {
    const db = join(tempDir(), 'x.db');
    await mrdOk('--db', db, 'seed-demo', '--models', '20');
    for (const name of ['Ana One', 'Ben Two', 'Cleo Three']) await mrdOk('--db', db, 'profile', 'set', '--name', name, '--role', 'risk_officer');
    const good = await mrd('--db', db, 'audit', 'verify');
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/^Audit chain intact up to #\d+ \(\d+ entries\); no head anchored outside the database yet/);
    const raw = new Database(db);
    raw.prepare("update audit_log set actor = 'Mallory' where seq = 2").run();
    const bad = await mrd('--db', db, 'audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.err).toEqual([expect.stringMatching(/^mrd: Audit chain broken at entry 2: entry 2 was altered/) as string]);
    raw.prepare('delete from audit_log where seq = 3').run();
    raw.close();
    expect((await mrd('--db', db, 'audit', 'verify')).err[0]).toMatch(/^mrd: Audit chain broken at entry 2/);
  });

  it('ingests a monitoring export in a worker, as the app does, and lists its findings; failures are one line and non-zero', async () => {
    const db = join(tempDir(), 'x.db');
    await mrdOk('--db', db, 'seed-demo', '--models', '5');
    await mrdOk('--db', db, 'profile', 'set', '--name', 'Rita Officer', '--role', 'risk_officer');
    expect(await mrdOk('--db', db, 'findings', 'list')).toBe('No findings.');
    const ok = await mrd('--db', db, 'ingest', '--model', 'MDL-0001', FIXTURE);
    expect(ok).toMatchObject({ code: 0, err: [] });
    // 2019 data on a 2026 portfolio: history, not a current finding.
    expect(ok.out).toMatch(/^Imported nannyml_cbpe_flat\.csv \(nannyml, detected 90 %\) into MDL-0001: 150 values, 15 metrics, 2018-11-30 to 2019-08-29, 0 findings \(stale data: the latest value is \d+ days old, more than 90; imported as history\)$/);
    const again = await mrd('--db', db, 'ingest', '--model', 'MDL-0001', FIXTURE);
    expect(again.code).toBe(1);
    expect(again.err).toEqual([expect.stringContaining('was already imported for MDL-0001') as string]);
    expect((await mrd('--db', db, 'ingest', FIXTURE)).err[0]).toBe('mrd: ingest needs --model REF (the model the export belongs to)');
    expect((await mrd('--db', db, 'ingest', '--model', 'MDL-0001', '--format', 'excel', FIXTURE)).code).toBe(2);
    expect((await mrd('--db', db, 'ingest', '--model', 'MDL-0001', join(tempDir(), 'nope.csv'))).err[0]).toMatch(/^mrd: cannot read .*nope\.csv: no such file$/);
    // Current data raises findings: the demo's clock is today's date.
    const fresh = join(tempDir(), 'fresh.csv');
    writeFileSync(fresh, `timestamp,metric,value,lower\n${new Date(Date.now() - 86_400_000).toISOString()},accuracy,0.81,0.9\n`);
    expect(await mrdOk('--db', db, 'ingest', '--model', 'MDL-0001', fresh)).toMatch(/, 2 findings$/);
    const table = (await mrdOk('--db', db, 'findings', 'list')).split('\n');
    expect(table[0]).toMatch(/^ID\s+REF\s+KIND\s+SEVERITY\s+FINDING\s+WINDOW\s+OWNER\s+DUE\s+REMEDIATION\s+FILE$/);
    expect(table).toHaveLength(3);
    const list = JSON.parse(await mrdOk('--db', db, 'findings', 'list', '--json')) as { ref: string; category: string; status: string; file: string }[];
    expect(list.map((f) => `${f.ref} ${f.category} ${f.status} ${f.file}`).sort()).toEqual([
      'MDL-0001 bad_prediction open fresh.csv',
      'MDL-0001 degradation open fresh.csv',
    ]);
  });

  it('applies the same role checks as the app: an auditor cannot ingest, nobody without a profile can', async () => {
    const db = join(tempDir(), 'x.db');
    await mrdOk('--db', db, 'seed-demo', '--models', '3');
    const anonymous = await mrd('--db', db, 'ingest', '--model', 'MDL-0001', FIXTURE);
    expect(anonymous).toMatchObject({ code: 1, err: ['mrd: Set up your profile before you import monitoring exports'] });
    await mrdOk('--db', db, 'profile', 'set', '--name', 'Ada Auditor', '--role', 'auditor');
    expect(await mrdOk('--db', db, 'profile', 'show')).toMatch(/^Ada Auditor \(Auditor, profile #\d+\) — Local profiles on one computer: names are self-declared/);
    const auditor = await mrd('--db', db, 'ingest', '--model', 'MDL-0001', FIXTURE);
    expect(auditor).toMatchObject({ code: 1, err: ['mrd: An auditor cannot import monitoring exports'] });
    expect(await mrdOk('--db', db, 'findings', 'list')).toBe('No findings.');
  });

  it('is deterministic for a given seed', async () => {
    const a = join(tempDir(), 'a.db');
    const b = join(tempDir(), 'b.db');
    await mrdOk('--db', a, 'seed-demo', '--models', '50', '--seed', '9');
    await mrdOk('--db', b, 'seed-demo', '--models', '50', '--seed', '9');
    const strip = (s: string): unknown => (JSON.parse(s) as Model[]).map(({ id: _id, ...m }) => m);
    expect(strip(await mrdOk('--db', a, 'models', 'list', '--json'))).toEqual(strip(await mrdOk('--db', b, 'models', 'list', '--json')));
  });

  it.each([
    [['--db', 'DB', 'seed-demo', '--models', 'abc'], 2, '--models must be a whole number from 1 to 20000, got "abc"'],
    [['--db', 'DB', 'seed-demo', '--models', '0'], 2, '--models must be a whole number'],
    [['--db', 'DB', 'models', 'lst'], 2, 'unknown command "models lst"'],
    [['--db', 'DB', 'models', 'list', '--colour'], 2, "Unknown option '--colour'"],
    [['models', 'list'], 2, '--db FILE is required'],
    [['--db', 'DB'], 2, 'no command given'],
    [['--db', 'DB', 'models', 'list', '--seed', '3'], 2, '--seed does not belong to models list (it belongs to seed-demo)'],
    [['--db', 'DB', 'audit', 'verify', '--json'], 2, '--json does not belong to audit verify (it belongs to models list, reviews due, findings list, team list)'],
    [['--db', 'DB', 'models', 'list', 'extra'], 2, 'models list takes no argument, got "extra"'],
    [['--db', 'DB', 'report', 'model', '--out', 'x.pdf'], 2, 'report model needs exactly one REF'],
    [['--db', 'DB', 'backup'], 2, 'backup needs --out FILE'],
  ])('%j exits %i with one clear line on stderr', async (argv, code, message) => {
    const db = join(tempDir(), 'x.db');
    const r = await mrd(...argv.map((a) => (a === 'DB' ? db : a)));
    expect(r.code).toBe(code);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain(message);
    expect(r.err[0]).toMatch(/^mrd: /);
    expect(r.out).toBe('');
  });

  it('fails with exit 1 when the command itself fails, and changes nothing', async () => {
    const db = join(tempDir(), 'x.db');
    await mrdOk('--db', db, 'seed-demo', '--models', '5');
    const again = await mrd('--db', db, 'seed-demo', '--models', '5');
    expect(again.code).toBe(1);
    expect(again.err).toEqual(['mrd: The database already holds 5 models; seed-demo needs an empty inventory']);
    expect(JSON.parse(await mrdOk('--db', db, 'models', 'list', '--json'))).toHaveLength(5);
  });

  it('a read command on a database that is not there says so, and creates nothing', async () => {
    const db = join(tempDir(), 'missing.db');
    expect(await mrd('--db', db, 'models', 'list')).toMatchObject({ code: 1, err: [`mrd: No database at ${db}`] });
    expect(spawnSync('ls', [join(db, '..')], { encoding: 'utf8' }).stdout.trim()).toBe('');
  });

  it('runs as the installed bin, from the build, with real exit codes', () => {
    const db = join(tempDir(), 'x.db');
    const ok = spawnSync(process.execPath, ['bin/mrd.mjs', '--db', db, 'seed-demo', '--models', '3'], { encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Seeded 3 demo models');
    const listed = spawnSync(process.execPath, ['bin/mrd.mjs', '--db', db, 'models', 'list', '--json'], { encoding: 'utf8' });
    expect(JSON.parse(listed.stdout)).toHaveLength(3);
    const bad = spawnSync(process.execPath, ['bin/mrd.mjs', '--db', db, 'frobnicate'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const help = spawnSync(process.execPath, ['bin/mrd.mjs', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: mrd --db FILE <command> [options]');
  });
});
