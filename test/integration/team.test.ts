import Database from 'better-sqlite3';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { runWebHost } from '../../electron/hosts/web';
import { createRuntime } from '../../electron/runtime';
import { clientSchemaVersion, defaultPgMigrationsFolder } from '../../db/pg/admin';
import { startCluster, type Cluster } from '../helpers/pgCluster';
import { as } from '../helpers/people';
import { dispatch } from '../../electron/handlers';
import { inTransaction } from '../../db/client';
import { appendAudit } from '../../db/audit';
import { updateModel } from '../../db/queries/models';
import { emptyModelInput, type Model, type ModelInput, type ModelListRow } from '../../shared/model';
import { tempDir, tempRuntime } from '../helpers/temp';

let cluster: Cluster;
let n = 0;
beforeAll(async () => {
  cluster = await startCluster();
}, 120_000);
afterAll(() => cluster?.stop());
/** The schema version this checkout's migrations make. */
const V = clientSchemaVersion(defaultPgMigrationsFolder());

/** A fresh, empty database in the test's own cluster. */
const freshDb = (): string => {
  const name = `team_${++n}`;
  cluster.psql(`create database ${name}`);
  return name;
};
const mrd = async (args: string[], layout = {}): Promise<{ code: number; out: string[]; err: string[] }> => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, layout);
  return { code, out, err };
};

/** SQLite's type affinity and PostgreSQL's type, as one family. */
const family = (t: string): string => ({ integer: 'integer', boolean: 'integer', text: 'text', json: 'text', 'double precision': 'real', real: 'real' })[t.toLowerCase()] ?? t;

describe('team database administration (a PostgreSQL cluster of the test\'s own)', () => {
  it('team init makes the schema the SQLite file has: the same tables, columns, nullability, type families, indexes and foreign keys', async () => {
    const db = freshDb();
    const r = await mrd(['--db', cluster.url(db), 'team', 'init']);
    expect(r).toMatchObject({ code: 0, err: [] });
    expect(r.out[0]).toMatch(new RegExp(`^Created the Model Risk Desk schema \\(version ${V}\\) in postgres://postgres@/team_\\d+`));

    const { ctx } = await tempRuntime();
    const lite = ctx.db.lite!;
    const liteTables = (lite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name").pluck().all() as string[]);
    const pgTables = cluster.psql("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1", db).trim().split('\n');
    expect(pgTables).toEqual(liteTables);
    // The views (metric_points: one row per point of the blocks), with the same columns in the same order.
    const liteViews = lite.prepare("select name from sqlite_master where type = 'view' order by name").pluck().all() as string[];
    expect(cluster.psql("select table_name from information_schema.views where table_schema = 'public' order by 1", db).trim().split('\n')).toEqual(liteViews);
    expect(liteViews).toEqual(['metric_points']);
    for (const view of liteViews) {
      const pgCols = cluster.psql(`select column_name from information_schema.columns where table_schema = 'public' and table_name = '${view}' order by ordinal_position`, db).trim().split('\n');
      expect(pgCols, view).toEqual((lite.pragma(`table_info(${view})`) as { name: string }[]).map((c) => c.name));
    }
    for (const table of liteTables) {
      const liteCols = (lite.prepare(`pragma table_info(${table})`).all() as { name: string; type: string; notnull: number; pk: number }[]).map((c) => `${c.name} ${family(c.type)} ${c.notnull || c.pk ? 'not null' : 'null'}`);
      const pgCols = cluster.psql(`select column_name || ' ' || data_type || ' ' || case when is_nullable = 'NO' then 'not null' else 'null' end from information_schema.columns where table_schema = 'public' and table_name = '${table}' order by ordinal_position`, db).trim().split('\n').map((l) => { const [name, ...rest] = l.split(' '); const nul = rest.slice(-2).join(' ') === 'not null' ? 'not null' : 'null'; const type = rest.slice(0, nul === 'not null' ? -2 : -1).join(' '); return `${name} ${family(type)} ${nul}`; });
      // By name: SQLite appends the columns later migrations add, PostgreSQL has them in schema order.
      expect(pgCols.sort(), table).toEqual(liteCols.sort());
      const liteIdx = (lite.prepare(`select name from sqlite_master where type = 'index' and tbl_name = ? and name not like 'sqlite_autoindex%' order by name`).pluck().all(table) as string[]);
      const pgIdx = cluster.psql(`select indexname from pg_indexes where schemaname = 'public' and tablename = '${table}' and indexname not like '%_pkey' order by 1`, db).trim().split('\n').filter(Boolean);
      expect(pgIdx, table).toEqual(liteIdx);
      const liteFk = (lite.prepare(`pragma foreign_key_list(${table})`).all() as { table: string; from: string; to: string }[]).map((f) => `${f.from}->${f.table}.${f.to}`).sort();
      const pgFk = cluster.psql(`select kcu.column_name || '->' || ccu.table_name || '.' || ccu.column_name from information_schema.table_constraints tc join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name where tc.constraint_type = 'FOREIGN KEY' and tc.table_name = '${table}' order by 1`, db).trim().split('\n').filter(Boolean);
      expect(pgFk.sort(), table).toEqual(liteFk);
    }
    // Whoever writes (a COPY, an insert, an update, a delete through psql), the rule holds. Each change comes with its audit entry (the database requires one).
    const audited = (change: string): string => `${change}; insert into audit_log (seq, at, actor, action, entity, entity_id, prev_hash, hash) values (0, '', 'psql', 'create', 'test', 'x', '', '')`;
    cluster.psql(audited("insert into models (ref, name, version, business_unit, owner, developers, status, tier, exposure, usage_volume, sourcing, data_sources, validated_env, production_env, env_status, ai_act_class, maintainers, tags, created_at, updated_at) values ('MDL-1', 'x', '1', 'BU', 'o', '[]', 'production', 1, 'internal', 'low', 'in-house', '[]', '{}', '{}', 'matches', 'minimal', 1, '[]', 'now', 'now')"), db);
    cluster.psql(audited("insert into monitoring_imports (id, model_id, format, file_name, sha256, bytes, rows, imported_by, at) values (7, 1, 'evidently', 'a.json', 'ab', 1, 1, 'x', 'now')"), db);
    cluster.psql(audited(`insert into metric_point_blocks (import_id, seq, points, data) values (7, 0, 2, '[["2026-01-01","psi",null,0.5],["2026-01-02","psi","age",null,null,null,true,"inf"]]')`), db);
    expect(() => cluster.psql("insert into metric_point_blocks (import_id, seq, points, data) select 7, 1, 1, '[]' union all select 8, 0, 1, '[]'", db)).toThrow(/violates foreign key constraint "metric_point_blocks_import_id_monitoring_imports_id_fk"[\s\S]*Key \(import_id\)=\(8\) is not present/);
    expect(() => cluster.psql('update metric_point_blocks set import_id = 9', db)).toThrow(/Key \(import_id\)=\(9\) is not present/);
    expect(() => cluster.psql('delete from monitoring_imports where id = 7', db)).toThrow(/Key \(id\)=\(7\) is still referenced from table "metric_point_blocks"/);
    expect(() => cluster.psql('update monitoring_imports set id = 70', db)).toThrow(/is still referenced/);
    // A block's second point in the same import is refused too; the view gives the points back, typed as the table had them, and takes no writes.
    expect(() => cluster.psql(audited("insert into metric_point_blocks (import_id, seq, points, data) values (7, 0, 1, '[]')"), db)).toThrow(/metric_point_blocks_import_seq/);
    expect(cluster.psql('select import_id, ts, metric, feature, value, alert, special, pg_typeof(value), pg_typeof(alert) from metric_points order by ts', db).trim()).toBe('7|2026-01-01|psi||0.5|||double precision|boolean\n7|2026-01-02|psi|age||t|inf|double precision|boolean');
    expect(() => cluster.psql("insert into metric_points (import_id, ts, metric) values (7, '2026-01-03', 'psi')", db)).toThrow(/cannot insert into view "metric_points"/);
    // Blocks are compressed with lz4 (pg 0011) where the server was built with it, as Debian's is.
    const lz4 = cluster.psql("select 'lz4' = any (enumvals) from pg_settings where name = 'default_toast_compression'", db).trim() === 't';
    expect(cluster.psql("select attcompression from pg_attribute where attrelid = 'metric_point_blocks'::regclass and attname = 'data'", db).trim()).toBe(lz4 ? 'l' : '');
    // The default matrix is there, as a new SQLite file has it; the checks hold on both engines.
    expect(cluster.psql('select version, name from risk_matrices', db).trim()).toBe(`1|${(lite.prepare('select name from risk_matrices where version = 1').pluck().get() as string)}`);
    expect(() => cluster.psql("insert into models (ref, name, version, business_unit, owner, developers, status, tier, exposure, usage_volume, sourcing, data_sources, validated_env, production_env, env_status, ai_act_class, maintainers, tags, created_at, updated_at) values ('MDL-1', 'x', '1', 'BU', 'o', '[]', 'production', 4, 'internal', 'low', 'in-house', '[]', '{}', '{}', 'matches', 'minimal', 1, '[]', 'now', 'now')", db)).toThrow(/models_tier/);
  });

  it('team init refuses a database that already has the schema, or anything else', async () => {
    const db = freshDb();
    expect((await mrd(['--db', cluster.url(db), 'team', 'init'])).code).toBe(0);
    const again = await mrd(['--db', cluster.url(db), 'team', 'init']);
    expect(again.code).toBe(1);
    expect(again.err[0]).toMatch(new RegExp(`already holds a Model Risk Desk schema \\(version ${V}\\); use team status or team migrate$`));
    const other = freshDb();
    cluster.psql('create table invoices (id int); create table customers (id int)', other);
    const refused = await mrd(['--db', cluster.url(other), 'team', 'init']);
    expect(refused.err[0]).toMatch(/is not empty: it holds 2 tables \(public\.customers, public\.invoices\); team init needs an empty database$/);
    expect(cluster.psql("select count(*) from information_schema.tables where table_schema = 'public'", other).trim()).toBe('2');
  });

  it('team status says which side must be upgraded; team migrate dumps first, and never runs backwards', async () => {
    const db = freshDb();
    const url = cluster.url(db);
    await mrd(['--db', url, 'team', 'init']);
    expect(await mrd(['--db', url, 'team', 'status'])).toMatchObject({ code: 0, out: [expect.stringMatching(new RegExp(`schema version ${V}; this Model Risk Desk: version ${V} — in step$`)) as string] });

    // A newer client: its migrations folder has one more migration.
    const newer = join(tempDir(), 'migrations-pg');
    cpSync(defaultPgMigrationsFolder(), newer, { recursive: true });
    writeFileSync(join(newer, '0009_next.sql'), 'ALTER TABLE "models" ADD COLUMN "next_field" text;');
    const journal = JSON.parse(readFileSync(join(newer, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[] };
    const last = journal.entries.at(-1)!;
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '0009_next' });
    writeFileSync(join(newer, 'meta', '_journal.json'), JSON.stringify(journal));
    const layout = { pgMigrationsFolder: newer };
    const behind = await mrd(['--db', url, 'team', 'status'], layout);
    expect(behind.code).toBe(1);
    expect(behind.out[0]).toContain(`older than this Model Risk Desk (version ${V + 1}): an administrator runs mrd --db URL team migrate`);
    // The old client, meanwhile, is told to upgrade once the server is ahead.
    const dump = join(tempDir(), 'before.dump');
    const migrated = await mrd(['--db', url, 'team', 'migrate', '--out', dump], layout);
    expect(migrated).toMatchObject({ code: 0, out: [expect.stringContaining(`from schema version ${V} to ${V + 1}; dump taken first: ${dump}`) as string] });
    expect(existsSync(dump)).toBe(true);
    expect(cluster.psql("select count(*) from information_schema.columns where table_name = 'models' and column_name = 'next_field'", db).trim()).toBe('1');
    const ahead = await mrd(['--db', url, 'team', 'status']);
    expect(ahead.out[0]).toContain(`newer than this Model Risk Desk (version ${V}): upgrade Model Risk Desk on this computer`);
    expect((await mrd(['--db', url, 'team', 'migrate'])).err[0]).toContain('newer than this Model Risk Desk');
  });

  it('team migrate moves a team database\'s points into blocks (pg 0010): every point as it was, in its order, read through the view', async () => {
    const db = freshDb();
    const url = cluster.url(db);
    // The schema before blocks: this checkout's migrations up to 0009.
    const older = join(tempDir(), 'migrations-pg');
    cpSync(defaultPgMigrationsFolder(), older, { recursive: true });
    const journalFile = join(older, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === '0010_point_blocks'));
    writeFileSync(journalFile, JSON.stringify(journal));
    expect((await mrd(['--db', url, 'team', 'init'], { pgMigrationsFolder: older })).code).toBe(0);
    const audited = (change: string): string => `${change}; insert into audit_log (seq, at, actor, action, entity, entity_id, prev_hash, hash) values (0, '', 'psql', 'create', 'test', 'x', '', '')`;
    cluster.psql(audited("insert into models (ref, name, version, business_unit, owner, developers, status, tier, exposure, usage_volume, sourcing, data_sources, validated_env, production_env, env_status, ai_act_class, maintainers, tags, created_at, updated_at) values ('MDL-1', 'x', '1', 'BU', 'o', '[]', 'production', 1, 'internal', 'low', 'in-house', '[]', '{}', '{}', 'matches', 'minimal', 1, '[]', 'now', 'now')"), db);
    cluster.psql(audited("insert into monitoring_imports (id, model_id, format, file_name, sha256, bytes, rows, imported_by, at) values (7, 1, 'generic-csv', 'a.csv', 'ab', 1, 1, 'x', 'now'), (8, 1, 'generic-csv', 'b.csv', 'cd', 1, 1, 'x', 'now')"), db);
    // 2,300 points of import 7 (three blocks), written out of time order, and one of import 8.
    cluster.psql(audited(`insert into metric_points (import_id, ts, metric, feature, value, lower, upper, alert, special, reference)
      select 7, to_char(timestamp '2026-01-01' + ((i * 7919) % 2300) * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        case when i % 2 = 1 then 'psi' else E'lat"en\\\\cy\\n' end, case when i % 3 = 0 then E'f\\t' || i || ' é 中' end,
        case when i % 5 <> 0 then i / 7.0 - 100 end, case when i % 4 = 0 then 0.1 end, case when i % 6 = 0 then 1e300 end,
        case i % 3 when 0 then true when 1 then false end, case i when 7 then 'inf' when 8 then '-inf' end, case when i % 10 = 0 then true end
      from generate_series(0, 2299) i; insert into metric_points (import_id, ts, metric, value) values (8, '2026-02-01T00:00:00.000Z', 'accuracy', 0.91)`), db);
    const cols = 'import_id, ts, metric, feature, value, lower, upper, alert, special, reference';
    const before = cluster.psql(`select ${cols} from metric_points order by ctid`, db);
    const migrated = await mrd(['--db', url, 'team', 'migrate', '--out', join(tempDir(), 'before.dump')]);
    expect(migrated.err).toEqual([]);
    expect(migrated.out[0]).toContain(`to ${V}; dump taken first`);
    expect(cluster.psql('select import_id, seq, points from metric_point_blocks order by import_id, seq', db).trim()).toBe('7|0|1000\n7|1|1000\n7|2|300\n8|0|1');
    expect(cluster.psql(`select ${cols} from metric_points`, db)).toBe(before);
    expect(cluster.psql("select count(*), count(*) filter (where metric like E'%\\n') from metric_points", db).trim()).toBe('2301|1150');
  });

  it('says what is wrong with a connection: unreachable, no database, no schema, no encryption to another computer', async () => {
    const gone = await mrd(['--db', `postgres://postgres@/x?host=${encodeURIComponent(join(tempDir(), 'nowhere'))}&port=1`, 'team', 'status']);
    expect(gone).toMatchObject({ code: 1 });
    expect(gone.err[0]).toMatch(/the server is not reachable/);
    expect((await mrd(['--db', cluster.url('no_such_db'), 'team', 'status'])).err[0]).toMatch(/the database does not exist$/);
    expect((await mrd(['--db', cluster.url(freshDb()), 'models', 'list'])).err[0]).toMatch(/holds no Model Risk Desk schema yet: an administrator runs mrd --db URL team init$/);
    // Another computer: encrypted and verified, or refused before a byte is sent (no server answers at db.example.com here).
    const plain = await mrd(['--db', 'postgres://someone@db.example.com/mrd', 'models', 'list']);
    expect(plain.err[0]).toMatch(/a connection to another computer \(db\.example\.com\) must be encrypted and its server verified: add \?sslmode=verify-full&sslrootcert=/);
    expect((await mrd(['--db', 'postgres://someone@db.example.com/mrd?sslmode=require', 'team', 'status'])).err[0]).toContain('sslmode=require does not verify the server\'s name');
    // The browser host never takes a URL for a file name, and holds it to the same rule.
    await expect(runWebHost(['--db', 'postgres://someone@db.example.com/mrd', '--port', '0'])).rejects.toThrow(/must be encrypted and its server verified/);
    expect((await mrd(['--db', cluster.url(freshDb()), 'restore', 'x.db'])).err[0]).toMatch(/^mrd: restore puts a file in place of a database file; a team database is restored by its administrator with pg_restore/);
    const file = join(tempDir(), 'solo.db');
    new Database(file).close();
    expect((await mrd(['--db', file, 'team', 'init'])).err[0]).toBe('mrd: team init works on a team database: --db postgres://user@host:5432/database (or MRD_DATABASE_URL)');
  });

  it('team import moves a one-computer portfolio, whole history included, into an empty team database; backup takes it back out as a SQLite file the app opens, the same', async () => {
    const dir = tempDir();
    const solo = join(dir, 'solo.db');
    expect((await mrd(['--db', solo, 'seed-demo', '--models', '8'])).code).toBe(0);
    await mrd(['--db', solo, 'profile', 'set', '--name', 'Rita Officer', '--role', 'risk_officer']);
    const csv = join(dir, 'quality.csv');
    writeFileSync(csv, `timestamp,metric,value,lower\n${new Date(Date.now() - 86_400_000).toISOString()},accuracy,0.81,0.9\n${new Date(Date.now() - 2 * 86_400_000).toISOString()},accuracy,true,0.9\n`.replace(',true,', ',0.95,'));
    expect((await mrd(['--db', solo, 'ingest', '--model', 'MDL-0001', csv])).code).toBe(0);
    // Points with what only some exports have: ±Inf, reference chunks, a tab and a backslash in a name.
    const FIX = join(import.meta.dirname, '../fixtures/monitoring');
    expect((await mrd(['--db', solo, 'ingest', '--model', 'MDL-0002', join(FIX, 'prometheus_histogram_bucket_inf.json')])).code).toBe(0);
    expect((await mrd(['--db', solo, 'ingest', '--model', 'MDL-0002', join(FIX, 'nannyml_univariate_drift_3row.csv')])).code).toBe(0);
    const odd = join(dir, 'odd.csv');
    writeFileSync(odd, 'timestamp,metric,value,feature\n2026-11-01T00:00:00Z,"lat\tency\\p99",1.5,"a\\b"\n');
    expect((await mrd(['--db', solo, 'ingest', '--model', 'MDL-0004', odd])).code).toBe(0);
    const dbName = freshDb();
    const url = cluster.url(dbName);
    await mrd(['--db', url, 'team', 'init']);
    const moved = await mrd(['--db', url, 'team', 'import', solo]);
    expect(moved.err).toEqual([]);
    expect(moved.out[0]).toMatch(/^Imported .*solo\.db into postgres:\/\/postgres@\/team_\d+.*: 8 models, \d+ assessments, \d+ monitoring values, \d+ audit entries; the chain verified on arrival, head [0-9a-f]{16}…$/);
    const soloDb = new Database(solo, { readonly: true });
    const soloHead = soloDb.prepare('select hash from audit_log order by seq desc limit 1').pluck().get() as string;
    const soloAudit = soloDb.prepare('select count(*) from audit_log').pluck().get() as number;
    soloDb.close();
    expect(cluster.psql('select hash from audit_log order by seq desc limit 1', url.match(/\/(team_\d+)/)![1]).trim()).toBe(soloHead);
    // A second import, into a database that now holds a portfolio, is refused.
    expect((await mrd(['--db', url, 'team', 'import', solo])).err[0]).toMatch(/already holds a portfolio .*; team import needs an empty team database$/);
    // Every point arrived as it was, through COPY: specials, reference flags, escaped characters.
    const sameRows = (q: string): void => {
      const soloRows = (new Database(solo, { readonly: true }).prepare(q.replace(/::text/g, '')).raw().all() as (string | number | null)[][]).map((r) => r.map((v) => (v === null ? '' : String(v))).join('|'));
      const teamRows = cluster.psql(q, dbName).trim().split('\n').filter(Boolean);
      expect(teamRows).toEqual(soloRows);
    };
    sameRows("select special, count(*) from metric_points where special is not null group by special order by special");
    sameRows("select count(*) from metric_points where reference");
    expect(cluster.psql("select metric || '|' || feature from metric_points where metric like 'lat%'", dbName).trim()).toBe('lat\tency\\p99|a\\b');

    // Out again, as one snapshot: the app opens the copy, and it lists what the solo file lists.
    const snapshot = join(dir, 'snapshot.db');
    const out = await mrd(['--db', url, 'backup', '--out', snapshot]);
    expect(out.err).toEqual([]);
    expect(out.out[0]).toMatch(new RegExp(`^Backed up .* to .*snapshot\\.db: 8 models, ${soloAudit} audit entries \\(one snapshot; integrity_check ok, the chain verified at head ${soloHead.slice(0, 16)}…\\)$`));
    const list = async (db: string): Promise<string> => (await mrd(['--db', db, 'models', 'list', '--json'])).out.join('\n');
    expect(await list(snapshot)).toBe(await list(solo));
    const findings = async (db: string): Promise<string> => (await mrd(['--db', db, 'findings', 'list', '--json'])).out.join('\n');
    expect(await findings(snapshot)).toBe(await findings(solo));
    expect((await mrd(['--db', snapshot, 'audit', 'verify'])).out[0]).toMatch(new RegExp(`^Audit chain intact up to #${soloAudit}`));
    expect((await mrd(['--db', url, 'backup', '--out', snapshot])).err[0]).toMatch(/already exists; choose a new file for the copy$/);
  });

  it('team import takes a portfolio larger than one statement can bind (PostgreSQL binds at most 65,535 values)', async () => {
    const solo = join(tempDir(), 'big.db');
    expect((await mrd(['--db', solo, 'seed-demo', '--models', '2000'])).code).toBe(0);
    const url = cluster.url(freshDb());
    await mrd(['--db', url, 'team', 'init']);
    const moved = await mrd(['--db', url, 'team', 'import', solo]);
    expect(moved.err).toEqual([]);
    expect(moved.out[0]).toMatch(/: 2000 models, /);
  }, 120_000);

  it('team import refuses a file whose audit chain is broken, and imports nothing', async () => {
    const dir = tempDir();
    const solo = join(dir, 'solo.db');
    await mrd(['--db', solo, 'seed-demo', '--models', '3']);
    const raw = new Database(solo);
    raw.prepare('delete from audit_log where seq = 2').run();
    raw.close();
    const name = freshDb();
    const url = cluster.url(name);
    await mrd(['--db', url, 'team', 'init']);
    const refused = await mrd(['--db', url, 'team', 'import', solo]);
    expect(refused.err[0]).toMatch(/its audit chain is broken at entry 3 \(entry 2 is missing \(next is 3\)\); nothing was imported$/);
    expect(cluster.psql('select (select count(*) from models) + (select count(*) from audit_log)', name).trim()).toBe('0');
  });

  it('a password login: asked for when missing, refused when wrong, taken from standard input with --password-stdin (never from the command line)', async () => {
    const name = freshDb();
    cluster.psql("create role rita login password 'correct horse'");
    cluster.psql(`grant all on database ${name} to rita; alter database ${name} owner to rita`);
    cluster.hbaFirst('local all rita scram-sha-256');
    const url = cluster.url(name, 'rita');
    const stdin = (text: string) => ({ readStdin: () => Promise.resolve(text) });
    const withIo = async (args: string[], extra: object): Promise<{ code: number; out: string[]; err: string[] }> => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, { out: (x) => out.push(x), err: (x) => err.push(x), ...extra });
      return { code, out, err };
    };
    const none = await mrd(['--db', url, 'team', 'status']);
    expect(none.err[0]).toMatch(/: a password is needed: give it with --password-stdin, PGPASSWORD or ~\/\.pgpass$/);
    expect((await withIo(['--db', url, '--password-stdin', 'team', 'status'], stdin('wrong\n'))).err[0]).toMatch(/: the password was refused$/);
    const good = await withIo(['--db', url, '--password-stdin', 'team', 'init'], stdin('correct horse\n'));
    expect(good).toMatchObject({ code: 0, err: [] });
    expect(good.out[0]).not.toContain('correct horse');
    expect((await withIo(['--db', url, '--password-stdin', 'team', 'status'], stdin(''))).err[0]).toBe('mrd: --password-stdin: standard input held no password');
  });

  it('a server that accepts the connection but never answers is given up after 10 s, saying so', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const { port } = silent.address() as { port: number };
    try {
      const r = await mrd(['--db', `postgres://someone@127.0.0.1:${port}/mrd`, 'team', 'status']);
      expect(r.code).toBe(1);
      expect(r.err[0]).toMatch(/the server did not answer within 10 s \(a firewall, a wrong port, or the server is overloaded\)$/);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('closing a runtime on a team database gives back every connection it held, the listening one too (a closed app, CLI or bench leaves no session behind)', async () => {
    const db = freshDb();
    expect((await mrd(['--db', cluster.url(db), 'team', 'init'])).code).toBe(0);
    const runtime = await createRuntime(cluster.url(db));
    const sessions = (): string => cluster.psql(`select count(*) from pg_stat_activity where datname = '${db}'`).trim();
    expect(Number(sessions())).toBeGreaterThan(0);
    expect(cluster.psql(`select count(*) from pg_stat_activity where datname = '${db}' and query like 'LISTEN mrd_changes%'`).trim()).toBe('1');
    runtime.close();
    await expect.poll(sessions, { timeout: 10_000 }).toBe('0');
  });

  it('the inventory misses no change whatever order transactions commit in (an older transaction committing after a newer one is read)', async () => {
    const url = cluster.url(freshDb());
    expect((await mrd(['--db', url, 'team', 'init'])).code).toBe(0);
    const [a, b] = [await createRuntime(url, { listen: false }), await createRuntime(url, { listen: false })];
    try {
      const rita = await as(a.ctx, 'Rita Officer', 'risk_officer');
      const input = (ref: string, version = '1.0.0'): ModelInput => ({ ...emptyModelInput(), ref, name: `Model ${ref}`, purpose: 'Ranks customers by churn risk.', version, businessUnit: 'Retail', owner: 'Ann Owner', developers: ['Ben Okafor'], validator: 'Val Idator', status: 'development' });
      for (const ref of ['MDL-0100', 'MDL-0101']) expect(await dispatch(a.ctx, 'models.create', input(ref))).toMatchObject({ ok: true });
      const list = async (): Promise<string[]> => {
        const r = await dispatch(a.ctx, 'models.list', {});
        if (!r.ok) throw new Error(r.error.message);
        return (r.value as ModelListRow[]).map((m) => `${m.ref} ${m.version}`);
      };
      expect(await list()).toEqual(['MDL-0100 1.0.0', 'MDL-0101 1.0.0']);
      // b writes first (its transaction has the older id) and holds its transaction open…
      let wrote!: () => void;
      let release!: () => void;
      const written = new Promise<void>((r) => (wrote = r));
      const gate = new Promise<void>((r) => (release = r));
      const slow = inTransaction(b.ctx.db, async () => {
        await updateModel(b.ctx.db, 'MDL-0100', { version: '3.0.0', updatedAt: new Date().toISOString() });
        wrote();
        await gate;
        await appendAudit(b.ctx.db, { actor: { name: rita.name, id: rita.id, os: 'rita' }, action: 'update', entity: 'model', entityId: 'MDL-0100', at: new Date() });
      });
      await written;
      // …while a newer transaction changes the other model and commits: the inventory shows it.
      const m = await dispatch(a.ctx, 'models.get', { ref: 'MDL-0101' });
      if (!m.ok) throw new Error(m.error.message);
      expect((await dispatch(a.ctx, 'models.update', { ref: 'MDL-0101', expectedUpdatedAt: (m.value as Model).updatedAt, fields: input('MDL-0101', '2.0.0') })).ok).toBe(true);
      expect(await list()).toEqual(['MDL-0100 1.0.0', 'MDL-0101 2.0.0']);
      // The older one commits last, and is read all the same.
      release();
      await slow;
      expect(await list()).toEqual(['MDL-0100 3.0.0', 'MDL-0101 2.0.0']);
    } finally {
      a.close();
      b.close();
    }
  });
});
