import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { entryHash, GENESIS_HASH, verifyAudit } from '../../db/audit';
import { defaultMigrationsFolder, open } from '../../db/open';
import { seriesOf } from '../../db/queries/monitoring';
import { demoPortfolio } from '../../electron/services/demo';
import { seedDemo } from '../../electron/handlers/demo';
import { createRuntime } from '../../electron/runtime';
import { insertModels } from '../../db/queries/models';
import { AppError } from '../../shared/errors';
import { environmentStatus } from '../../shared/model';
import { tempDir } from '../helpers/temp';

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const count = (db: Database.Database, table: string): number => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
const codeOf = async (fn: () => unknown): Promise<string> => {
  try {
    await fn();
  } catch (e) {
    return e instanceof AppError ? e.code : `not an AppError: ${String(e)}`;
  }
  return 'no error';
};

/** A copy of the real migrations plus one more, written the way drizzle-kit rebuilds a table. */
const withExtraMigration = (sql: string): string => {
  const dir = join(tempDir(), 'migrations');
  cpSync(defaultMigrationsFolder(), dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number; when: number; tag: string; breakpoints: boolean; version: string }[] };
  const last = journal.entries.at(-1)!;
  const tag = `${String(last.idx + 1).padStart(4, '0')}_test_rebuild`;
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag });
  writeFileSync(journalFile, JSON.stringify(journal));
  writeFileSync(join(dir, `${tag}.sql`), sql);
  return dir;
};

/** A folder holding only the first `count` real migrations: the database as an older release left it. */
const firstMigrations = (count: number): string => {
  const dir = join(tempDir(), 'migrations');
  cpSync(defaultMigrationsFolder(), dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
};

/** Inserts rows with only the columns the (older) models table has, the way that release wrote them. */
const insertIntoOldSchema = (db: Database.Database, rows: Record<string, unknown>[]): void => {
  const columns = new Set((db.pragma('table_info(models)') as { name: string }[]).map((c) => c.name));
  for (const row of rows) {
    const entries = Object.entries(row)
      .map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v !== null && typeof v === 'object' ? JSON.stringify(v) : v] as const)
      .filter(([k]) => columns.has(k));
    db.prepare(`insert into models (${entries.map(([k]) => k).join(', ')}) values (${entries.map(() => '?').join(', ')})`).run(...entries.map(([, v]) => v));
  }
};

const tableCounts = (db: Database.Database): Record<string, number> =>
  Object.fromEntries(
    (db.prepare("select name from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%' and name <> '__drizzle_migrations'").pluck().all() as string[]).map((t) => [t, count(db, t)]),
  );

/** A file at migration `upTo` with two demo models and one monitoring import each; the points are the test's to write. */
const withTwoImports = async (name: string, upTo: number) => {
  const file = join(tempDir(), name);
  const old = await open(file, { migrationsFolder: firstMigrations(upTo) });
  const raw = old.db.lite!;
  insertIntoOldSchema(raw, demoPortfolio(2, 1).map((m) => ({ ...m, envStatus: environmentStatus(m.validatedEnv, m.productionEnv) })));
  const [a, b] = raw.prepare('select id from models order by id').pluck().all() as [number, number];
  const imp = (model: number, sha256: string): number =>
    Number(raw.prepare("insert into monitoring_imports (model_id, format, file_name, sha256, bytes, rows, imported_by, at) values (?, 'generic-csv', 'f.csv', ?, 10, 2, 'seed', '2026-01-01T00:00:00.000Z')").run(model, sha256).lastInsertRowid);
  return { file, old, raw, a, b, ia: imp(a, 'a'.repeat(64)), ib: imp(b, 'b'.repeat(64)) };
};

describe('open(path)', () => {
  it('applies every later migration to a seeded database of each earlier schema without losing a row', async () => {
    const total = readMigrationFiles({ migrationsFolder: defaultMigrationsFolder() }).length;
    for (let k = 1; k < total; k++) {
      const file = join(tempDir(), `from-${k}.db`);
      const old = await open(file, { migrationsFolder: firstMigrations(k) });
      // Only tables every schema has: the inventory and the audit log.
      insertIntoOldSchema(old.db.lite!, demoPortfolio(400, k).map((m) => ({ ...m, envStatus: environmentStatus(m.validatedEnv, m.productionEnv) })));
      // An audit entry as those releases wrote it: no person id, no OS account, hashed without them.
      const entry = { seq: 1, at: '2026-01-01T00:00:00.000Z', actor: 'seed', actorId: null, osUser: null, action: 'seed', entity: 'portfolio', entityId: 'demo', before: null, after: JSON.stringify({ k }), prevHash: GENESIS_HASH };
      old.db.lite!.prepare('insert into audit_log (seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(entry.seq, entry.at, entry.actor, entry.action, entry.entity, entry.entityId, entry.before, entry.after, entry.prevHash, entryHash(entry));
      if (k < 7) old.db.lite!.prepare("insert into settings (key, value, updated_at) values ('profile', ?, ?)").run(JSON.stringify({ name: 'Rita  Officer', role: 'risk_officer' }), entry.at);
      const before = tableCounts(old.db.lite!);
      old.close();
      const now = await open(file);
      expect(now.report.migrated).toBe(total - k);
      expect(now.report.backup).not.toBeNull();
      const after = tableCounts(now.db.lite!);
      for (const [table, n] of Object.entries(before)) expect(after[table], `${table} after migrating from ${k}`).toBe(n);
      expect((await verifyAudit(now.db)).ok).toBe(true);
      // The local profile of a release before people had ids becomes a person, with its name and role.
      if (k < 7) {
        const people = now.db.lite!.prepare('select id, name, name_key as nameKey, role from people').all() as { id: number; name: string; nameKey: string; role: string }[];
        expect(people).toEqual([{ id: 1, name: 'Rita  Officer', nameKey: 'rita officer', role: 'risk_officer' }]);
        expect(JSON.parse(now.db.lite!.prepare("select value from settings where key = 'profile'").pluck().get() as string)).toEqual({ personId: 1 });
      }
      now.close();
    }
  });

  it('keeps every monitoring point, and each point\'s model, when points move to the index by import (0006)', async () => {
    const { file, old, raw, a, b, ia, ib } = await withTwoImports('points.db', 6);
    const point = raw.prepare('insert into metric_points (import_id, model_id, ts, metric, feature, value, lower, upper, alert) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    point.run(ia, a, '2026-01-02T00:00:00.000Z', 'psi', 'age', 0.31, null, 0.2, 1);
    point.run(ia, a, '2026-01-01T00:00:00.000Z', 'psi', 'age', 0.05, null, 0.2, 0);
    point.run(ib, b, '2026-01-01T00:00:00.000Z', 'accuracy', null, 0.91, 0.85, null, null);
    old.close();

    const now = await open(file);
    expect(now.report.migrated).toBe(readMigrationFiles({ migrationsFolder: defaultMigrationsFolder() }).length - 6);
    const columns = (now.db.lite!.pragma('table_info(metric_points)') as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('model_id');
    expect(await seriesOf(now.db, a)).toEqual([
      { ts: '2026-01-01T00:00:00.000Z', metric: 'psi', feature: 'age', value: 0.05, lower: null, upper: 0.2, alert: false },
      { ts: '2026-01-02T00:00:00.000Z', metric: 'psi', feature: 'age', value: 0.31, lower: null, upper: 0.2, alert: true },
    ]);
    expect(await seriesOf(now.db, b)).toEqual([{ ts: '2026-01-01T00:00:00.000Z', metric: 'accuracy', feature: null, value: 0.91, lower: 0.85, upper: null, alert: null }]);
    now.close();
  });

  it('keeps every point as it was, in its order, when points move into blocks (0015): nulls, booleans, specials, reference flags, characters JSON escapes', async () => {
    const { file, old, raw, a, b, ia, ib } = await withTwoImports('blocks.db', 15);
    const point = raw.prepare('insert into metric_points (import_id, ts, metric, feature, value, lower, upper, alert, special, reference) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    // 2,300 points of one import (three blocks) written in an order that is not the time order, and one of another.
    for (let i = 0; i < 2300; i++) {
      const ts = new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % 2300) * 60_000).toISOString();
      point.run(ia, ts, i % 2 ? 'psi' : 'lat"en\\cy\n', i % 3 ? null : `f\t${i} é 中`, i % 5 ? i / 7 - 100 : null, i % 4 ? null : 0.1, i % 6 ? null : 1e300, i % 3 === 0 ? 1 : i % 3 === 1 ? 0 : null, i === 7 ? 'inf' : i === 8 ? '-inf' : null, i % 10 === 0 ? 1 : null);
    }
    point.run(ib, '2026-02-01T00:00:00.000Z', 'accuracy', null, 0.91, 0.85, null, null, null, null);
    const cols = 'import_id, ts, metric, feature, value, lower, upper, alert, special, reference';
    const before = raw.prepare(`select ${cols} from metric_points order by rowid`).raw().all();
    const seriesBefore = [await seriesOf(old.db, a), await seriesOf(old.db, b)];
    old.close();

    const now = await open(file);
    const lite = now.db.lite!;
    expect(lite.prepare('select import_id, seq, points from metric_point_blocks order by import_id, seq').raw().all()).toEqual([[ia, 0, 1000], [ia, 1, 1000], [ia, 2, 300], [ib, 0, 1]]);
    expect(lite.prepare(`select ${cols} from metric_points`).raw().all()).toEqual(before);
    expect([await seriesOf(now.db, a), await seriesOf(now.db, b)]).toEqual(seriesBefore);
    expect(seriesBefore[0]).toHaveLength(2300);
    now.close();
  });

  it('creates a database with WAL, FULL sync, foreign keys, busy timeout and the default matrix', async () => {
    const file = join(tempDir(), 'new.db');
    const { db, report, close } = await open(file);
    const p = (name: string): unknown => db.lite!.pragma(name, { simple: true });
    expect(p('journal_mode')).toBe('wal');
    expect(p('synchronous')).toBe(2);
    expect(p('foreign_keys')).toBe(1);
    expect(p('busy_timeout')).toBe(5000);
    const known = readMigrationFiles({ migrationsFolder: defaultMigrationsFolder() }).length;
    expect(known).toBeGreaterThanOrEqual(2);
    expect(report).toMatchObject({ migrated: known, backup: null, schemaVersion: known });
    expect(count(db.lite!, 'risk_matrices')).toBe(1);
    close();
    const again = await open(file);
    expect(again.report.migrated).toBe(0);
    expect(count(again.db.lite!, 'risk_matrices')).toBe(1);
    again.close();
  });

  it('refuses a file that is not a database, without writing to it', async () => {
    const file = join(tempDir(), 'garbage.db');
    writeFileSync(file, 'this is not a database '.repeat(500));
    const before = sha(file);
    expect(await codeOf(async () => await open(file))).toBe('db_corrupt');
    expect(sha(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a database whose pages are damaged, without writing to it', async () => {
    const file = join(tempDir(), 'damaged.db');
    const { db, close } = await open(file);
    await insertModels(db, demoPortfolio(2000, 1));
    db.lite!.pragma('wal_checkpoint(TRUNCATE)');
    db.lite!.pragma('journal_mode = DELETE');
    close();
    const bytes = readFileSync(file);
    // Overwrite the middle of the file (b-tree pages of the models table) with noise.
    for (let i = Math.floor(bytes.length / 2); i < Math.floor(bytes.length / 2) + 8192; i++) bytes[i] = (i * 7919) % 251;
    writeFileSync(file, bytes);
    const before = sha(file);
    expect(await codeOf(async () => await open(file))).toBe('db_corrupt');
    expect(sha(file)).toBe(before);
  });

  it('refuses a database written by a newer version of the app', async () => {
    const file = join(tempDir(), 'newer.db');
    (await open(file)).close();
    const raw = new Database(file);
    raw.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('future', Date.now() + 10 * 365 * 86_400_000);
    raw.close();
    const before = sha(file);
    expect(await codeOf(async () => await open(file))).toBe('db_too_new');
    expect(sha(file)).toBe(before);
  });

  it('backs up before migrating, and a table-rebuild migration loses no row even with cascading keys', async () => {
    const dir = tempDir();
    const file = join(dir, 'mrd.db');
    const seeded = await createRuntime(file, { now: () => new Date('2026-01-01T00:00:00Z') });
    await seedDemo(seeded.ctx, { models: 300, seed: 3 });
    seeded.close();
    const first = await open(file);
    // A child table with ON DELETE CASCADE: with foreign keys on, drizzle's drop-and-rename would empty it.
    first.db.lite!.exec(`create table model_notes (id integer primary key, model_id integer not null references models(id) on delete cascade, note text);
      insert into model_notes (model_id, note) select id, 'note ' || ref from models;`);
    const counts = { models: count(first.db.lite!, 'models'), notes: count(first.db.lite!, 'model_notes'), audit: count(first.db.lite!, 'audit_log') };
    const ddl = (first.db.lite!.prepare("select sql from sqlite_master where name = 'models'").get() as { sql: string }).sql;
    first.close();

    const rebuild = [
      ddl.replace(/^CREATE TABLE [`"]?models[`"]?/, 'CREATE TABLE `__new_models`'),
      'INSERT INTO `__new_models` SELECT * FROM `models`',
      'DROP TABLE `models`',
      'ALTER TABLE `__new_models` RENAME TO `models`',
      "ALTER TABLE `models` ADD `risk_owner` text DEFAULT '' NOT NULL",
    ];
    // Control: the same rebuild with foreign keys on really does cascade-delete the notes.
    const control = join(dir, 'control.db');
    cpSync(file, control);
    const raw = new Database(control);
    // Their plain (non-cascading) keys would stop the drop outright.
    raw.exec('delete from treatment_actions; delete from risk_acceptances; delete from findings; delete from metric_point_blocks; delete from monitoring_imports; delete from review_triggers; delete from review_plans; delete from assessments');
    raw.pragma('foreign_keys = ON');
    for (const stmt of rebuild) raw.exec(stmt);
    expect(count(raw, 'model_notes')).toBe(0);
    raw.close();

    const migrations = withExtraMigration(rebuild.join(';\n--> statement-breakpoint\n'));
    const second = await open(file, { migrationsFolder: migrations, now: () => new Date('2026-02-03T04:05:06Z') });
    expect(second.report.migrated).toBe(1);
    expect(second.report.backup).toBe(join(dir, 'backups', 'mrd-20260203T040506000Z-before-migration.db'));
    expect(count(second.db.lite!, 'models')).toBe(counts.models);
    expect(count(second.db.lite!, 'model_notes')).toBe(counts.notes);
    expect(count(second.db.lite!, 'audit_log')).toBe(counts.audit);
    expect((await verifyAudit(second.db)).ok).toBe(true);
    second.close();

    const backup = new Database(second.report.backup!, { readonly: true });
    expect(count(backup, 'models')).toBe(counts.models);
    expect(backup.pragma('quick_check', { simple: true })).toBe('ok');
    backup.close();
    expect(readdirSync(join(dir, 'backups'))).toHaveLength(1);
    const after = await open(file, { migrationsFolder: migrations });
    expect((after.db.lite!.prepare('select risk_owner from models limit 1').get() as { risk_owner: string }).risk_owner).toBe('');
    after.close();
  });
});
