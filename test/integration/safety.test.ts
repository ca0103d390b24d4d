import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBackups } from '../../db/backup';
import { runCli } from '../../electron/cli/main';
import { dispatch } from '../../electron/handlers';
import { createHolder } from '../../electron/holder';
import { createRuntime } from '../../electron/runtime';
import { seedDemo } from '../../electron/handlers/demo';
import type { BackupInfo, RecoveryStatus } from '../../shared/backups';
import type { Result } from '../../shared/contract';
import { tempDir } from '../helpers/temp';
import { as } from '../helpers/people';

const ok = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');
const models = async (db: string): Promise<number> => {
  const r = await createRuntime(db);
  try {
    return r.ctx.db.lite!.prepare('select count(*) from models').pluck().get() as number;
  } finally {
    r.close();
  }
};

/** A database with 20 models, a manual backup, then 5 more models written after the backup. */
const prepared = async (): Promise<{ dir: string; db: string; backup: BackupInfo }> => {
  const dir = tempDir();
  const db = join(dir, 'mrd.db');
  const r = await createRuntime(db);
  await seedDemo(r.ctx, { models: 20, seed: 5 });
  await as(r.ctx, 'Lea Lead', 'review_lead');
  const backup = ok<BackupInfo>(await dispatch(r.ctx, 'backups.create', {}));
  r.ctx.db.lite!.exec("update models set name = name || ' (after backup)'");
  r.close();
  return { dir, db, backup };
};

const damage: Record<string, (db: string) => void> = {
  truncated: (db) => truncateSync(db, statSync(db).size - 4096),
  'garbage header': (db) => {
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.from('this is no database at all'), 0, 16, 0);
    closeSync(fd);
  },
  'damaged page': (db) => {
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * 4);
    closeSync(fd);
  },
  'missing WAL partner': (db) => writeFileSync(`${db}-shm`, Buffer.alloc(32768)),
};

describe('corruption at start: never written to, kept aside, the latest verified backup offered', () => {
  for (const [name, harm] of Object.entries(damage)) {
    it(`${name}: refused with a clear message, the file set moved aside byte for byte, restore brings the backup back`, async () => {
      const { dir, db, backup } = await prepared();
      harm(db);
      const before = Object.fromEntries(['', '-wal', '-shm'].filter((s) => existsSync(`${db}${s}`)).map((s) => [s, sha(`${db}${s}`)]));
      let message = '';
      try {
        await createRuntime(db);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/Nothing was written to it: the files were moved to .*corrupt-\d{8}T\d{6}Z\. The latest verified backup is .*-manual\.db; restore it\./);
      const aside = readdirSync(dir).find((f) => f.startsWith('corrupt-'))!;
      for (const [suffix, hash] of Object.entries(before)) expect(sha(join(dir, aside, `mrd.db${suffix}`))).toBe(hash);
      expect(existsSync(db)).toBe(false);

      // The app hosts answer in recovery mode: every call gets db_corrupt, recovery.status explains.
      const holder = await createHolder(db);
      expect(await holder.dispatch('models.list', {})).toMatchObject({ ok: false, error: { code: 'db_corrupt' } });
      const status = ok<RecoveryStatus>(await holder.dispatch('recovery.status', {}));
      expect(status.movedTo).toContain(aside);
      expect(status.backups.map((b) => [b.name, b.verified])).toEqual([[backup.name, true]]);
      expect(existsSync(db)).toBe(false); // a restart stays in recovery instead of creating an empty file
      expect(await holder.dispatch('recovery.restore', { name: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      ok(await holder.dispatch('recovery.restore', { name: backup.name }));
      const names = ok<{ name: string }[]>(await holder.dispatch('models.list', {}));
      expect(names).toHaveLength(20);
      expect(names.some((m) => m.name.includes('(after backup)'))).toBe(false);
      holder.close();
    });
  }

  it('a killed process (WAL and SHM left behind) is not corruption: it opens with every committed write', async () => {
    const { db } = await prepared();
    // Simulate the files a SIGKILL leaves: copy the set while a writer holds it open.
    const r = await createRuntime(db);
    r.ctx.db.lite!.exec("insert into settings (key, value, updated_at) values ('crash.marker', '1', 'now')");
    const copy = join(tempDir(), 'mrd.db');
    for (const s of ['', '-wal', '-shm']) if (existsSync(`${db}${s}`)) writeFileSync(`${copy}${s}`, readFileSync(`${db}${s}`));
    r.close();
    const again = await createRuntime(copy);
    expect(again.ctx.db.lite!.prepare("select value from settings where key = 'crash.marker'").pluck().get()).toBe('1');
    again.close();
  });
});

describe('backups', () => {
  it('daily on use with retention, consistent and checked; restore from Settings keeps a safety copy and moves the current files aside', async () => {
    const { dir, db, backup } = await prepared();
    // Daily backups: one per day of use, the oldest pruned beyond 14.
    for (let day = 1; day <= 16; day++) (await createRuntime(db, { dailyBackup: 'sync', now: () => new Date(`2026-10-${String(day).padStart(2, '0')}T09:00:00Z`) })).close();
    (await createRuntime(db, { dailyBackup: 'sync', now: () => new Date('2026-10-16T18:00:00Z') })).close(); // same day: no second one
    const all = listBackups(join(dir, 'backups'));
    expect(all.filter((b) => b.reason === 'daily')).toHaveLength(14);
    expect(all.filter((b) => b.reason === 'daily').at(-1)?.at).toBe('2026-10-03T09:00:00.000Z');
    expect(all.some((b) => b.name === backup.name)).toBe(true); // manual backups are never pruned
    expect(readdirSync(join(dir, 'backups')).some((f) => f.endsWith('.tmp'))).toBe(false);

    const r = await createRuntime(db);
    await as(r.ctx, 'Rita Officer', 'risk_officer');
    expect(await dispatch(r.ctx, 'backups.restore', { name: backup.name })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await as(r.ctx, 'Lea Lead', 'review_lead');
    expect(await dispatch(r.ctx, 'backups.restore', { name: 'mrd-20200101T000000Z-manual.db' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // A damaged backup is refused before anything is moved.
    const broken = ok<BackupInfo>(await dispatch(r.ctx, 'backups.create', {}));
    damage['damaged page']!(broken.file);
    expect(await dispatch(r.ctx, 'backups.restore', { name: broken.name })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining(`${broken.name} failed its integrity check`) as string } });
    expect((r.ctx.db.lite!.prepare("select count(*) from models where name like '%(after backup)'").pluck().get() as number)).toBe(20);
    const restored = ok<{ safetyBackup: string; replacedMovedTo: string }>(await dispatch(r.ctx, 'backups.restore', { name: backup.name }));
    expect(restored.safetyBackup).toMatch(/-before-restore\.db$/);
    expect(existsSync(join(restored.replacedMovedTo, 'mrd.db'))).toBe(true);
    expect((r.ctx.db.lite!.prepare("select count(*) from models where name like '%(after backup)'").pluck().get() as number)).toBe(0);
    expect(r.ctx.db.lite!.prepare("select action from audit_log order by seq desc limit 1").pluck().get()).toBe('restore');
    r.close();
  });

  it('mrd backup --out and mrd restore FILE; a corrupt database is refused by the CLI in one line', async () => {
    const { dir, db } = await prepared();
    const lines: string[] = [];
    const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s) };
    const copy = join(dir, 'copy.db');
    expect(await runCli(['--db', db, 'backup', '--out', copy], io)).toBe(0);
    expect(lines.at(-1)).toMatch(/^Backed up .* to .*copy\.db \(\d+ bytes, integrity_check ok\)$/);
    damage['garbage header']!(db);
    expect(await runCli(['--db', db, 'models', 'list'], io)).toBe(1);
    // A read command moves nothing (its folder may be read-only): it says what is wrong and what to do.
    expect(lines.at(-1)).toMatch(/^mrd: mrd\.db does not start with an SQLite header: .* Nothing was written to it; open it in the app, or run mrd restore FILE/);
    expect(await runCli(['--db', db, 'models', 'list'], io)).toBe(1);
    expect(readdirSync(dir).filter((f) => f.startsWith('corrupt-'))).toEqual([]);
    expect(await runCli(['--db', db, 'restore', copy], io)).toBe(0);
    expect(lines.at(-1)).toMatch(/^Restored .* from .*copy\.db$/);
    expect(await models(db)).toBe(20);
    expect(await runCli(['--db', db, 'restore', join(dir, 'nope.db')], io)).toBe(1);
    expect(lines.at(-1)).toBe(`mrd: No file ${join(dir, 'nope.db')} to restore`);
    expect(await runCli(['--db', db, 'backup'], io)).toBe(2);
  });
});
