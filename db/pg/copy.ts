/**
 * Whole portfolios between the engines: a one-computer SQLite file into an empty team database
 * (`team import`), and the team database into a new SQLite file (`backup --out` of a team
 * database: an auditor's offline copy, opened by the app like any other). Every table is copied
 * row for row in foreign-key order, through both engines' drizzle schemas (one derived from the
 * other), inside one transaction on the PostgreSQL side (a REPEATABLE READ snapshot when
 * reading); the audit chain is verified before and after, and the copy must end at the same
 * head with the same number of rows in every table.
 */
import Database from 'better-sqlite3';
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import { drizzle as pgDrizzle } from 'drizzle-orm/node-postgres';
import { drizzle as liteDrizzle } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { inTransaction } from '../client';
import { AppError } from '../../shared/errors';
import { verifyEntries, type AuditEntry } from '../audit';
import { defaultMigrationsFolder, open } from '../open';
import * as lite from '../schema';
import { pgOf } from '../schema-pg';
import type pg from 'pg';
import { copyBlocks, type BlockRow } from './copyPoints';
import { connect, redactUrl, schemaState, urlOf, versionMismatch, type Target } from './admin';

/** Parents before children: the order rows can be inserted in. */
export const TABLE_ORDER: SQLiteTable[] = [lite.riskMatrices, lite.people, lite.settings, lite.models, lite.assessments, lite.reviewPlans, lite.reviewTriggers, lite.monitoringImports, lite.metricPointBlocks, lite.findings, lite.treatmentActions, lite.riskAcceptances, lite.watchLog, lite.reports, lite.auditLog];

/** Rows per insert: PostgreSQL binds at most 65,535 parameters to one statement. */
const batchOf = (t: SQLiteTable): number => Math.max(1, Math.floor(60_000 / Object.keys(getTableColumns(t)).length));

type Counts = Record<string, number>;
export type CopyResult = { tables: Counts; auditEntries: number; head: string };

/** Rows in every table, and the points the blocks hold (`metric_points`). */
const POINTS = 'select coalesce(sum(points), 0) as n from metric_point_blocks';
const liteCounts = (db: Database.Database): Counts => ({
  ...Object.fromEntries(TABLE_ORDER.map((t) => [getTableName(t), (db.prepare(`select count(*) from ${getTableName(t)}`).pluck().get() as number)])),
  metric_points: db.prepare(POINTS).pluck().get() as number,
});

const auditOrder = 'select seq, at, actor, actor_id as "actorId", os_user as "osUser", action, entity, entity_id as "entityId", before, after, prev_hash as "prevHash", hash from audit_log order by seq';

/** `team import solo.db`: a one-computer portfolio into an empty, initialised team database, verified on arrival. */
export const importSolo = async (target: Target, file: string, migrationsFolder = defaultMigrationsFolder(), pgFolder?: string): Promise<CopyResult> => {
  if (!existsSync(file)) throw new AppError('not_found', `No database at ${file}`);
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const applied = (source.prepare("select count(*) from sqlite_master where name = '__drizzle_migrations'").pluck().get() as number) ? (source.prepare('select count(*) from __drizzle_migrations').pluck().get() as number) : 0;
    const carried = readMigrationFiles({ migrationsFolder }).length;
    if (applied !== carried) throw new AppError('conflict', `${file} is at schema version ${applied}, this Model Risk Desk at ${carried}: open it once with this version (which migrates it), then import it`);
    const before = verifyEntries(source.prepare(auditOrder).iterate() as IterableIterator<AuditEntry>);
    if (!before.ok) throw new AppError('conflict', `${file}: its audit chain is broken at entry ${before.brokenAt} (${before.reason}); nothing was imported`);
    const from = liteDrizzle({ client: source });
    const url = urlOf(target);
    const client = await connect(target);
    try {
      const state = await schemaState(client, pgFolder);
      if (!state.ours) throw new AppError('conflict', `${redactUrl(url)} holds no Model Risk Desk schema; run team init first`);
      const mismatch = versionMismatch(state);
      if (mismatch) throw new AppError('conflict', mismatch);
      const held = Number((await client.query<{ n: string }>('select (select count(*) from models) + (select count(*) from audit_log) + (select count(*) from people) as n')).rows[0]!.n);
      if (held > 0) throw new AppError('conflict', `${redactUrl(url)} already holds a portfolio (${held} models, people or audit entries); team import needs an empty team database`);
      const to = pgDrizzle({ client });
      await client.query('begin');
      try {
        await client.query('delete from risk_matrices');
        for (const t of TABLE_ORDER) {
          const target = pgOf(t);
          if (t === lite.metricPointBlocks) {
            // Straight from SQLite's cursor into COPY: constant memory whatever the number of points.
            await copyBlocks(client, source.prepare('select import_id as importId, seq, points, data from metric_point_blocks order by import_id, seq').iterate() as IterableIterator<BlockRow>);
          } else {
            const rows = from.select().from(t).all();
            const batch = batchOf(t);
            for (let i = 0; i < rows.length; i += batch) await to.insert(target).values(rows.slice(i, i + batch));
          }
          // Identity columns continue after the highest id copied.
          if ('id' in target && getTableName(t) !== 'audit_log') await client.query(`select setval(pg_get_serial_sequence('${getTableName(t)}', 'id'), coalesce((select max(id) from ${getTableName(t)}), 0) + 1, false)`);
        }
        const after = await verifyTeam(client);
        const counts = await teamCounts(client);
        const expected = liteCounts(source);
        const differs = Object.keys(expected).filter((k) => expected[k] !== counts[k]);
        if (!after.ok || after.head !== before.head || differs.length) throw new AppError('internal', `the copy did not arrive whole (${!after.ok ? `audit chain broken at ${after.brokenAt}` : after.head !== before.head ? 'another audit head' : `rows differ in ${differs.join(', ')}`}); nothing was imported`);
        await client.query('commit');
        // As after any bulk load: the planner's statistics, and the visibility map that lets
        // counts and index-only scans skip the tables' pages. Left to autovacuum, this ran in the
        // first minutes of the team's work instead, and slowed everyone's calls while it did.
        await client.query('vacuum (analyze)');
        return { tables: counts, auditEntries: after.count, head: after.head };
      } catch (e) {
        await client.query('rollback');
        throw e;
      }
    } finally {
      await client.end();
    }
  } finally {
    source.close();
  }
};

export const teamCounts = async (client: pg.Client): Promise<Counts> => {
  const out: Counts = {};
  for (const t of TABLE_ORDER) out[getTableName(t)] = Number((await client.query<{ n: string }>(`select count(*) as n from ${getTableName(t)}`)).rows[0]!.n);
  out.metric_points = Number((await client.query<{ n: string }>(POINTS)).rows[0]!.n);
  return out;
};

/** The team database's audit chain, verified as the SQLite one is (the same hash of the same fields). */
export const verifyTeam = async (client: pg.Client) => {
  const rows = (await client.query<AuditEntry>(auditOrder)).rows;
  return verifyEntries(rows);
};


/**
 * `mrd --db postgres://… backup --out snapshot.db`: the team portfolio as one consistent SQLite
 * file (read in one REPEATABLE READ snapshot), which the app opens like any other: checked
 * (integrity_check, the audit chain at the same head, the same rows in every table) before it is
 * renamed into place; a file already at `out` is never overwritten.
 */
export const snapshotToSqlite = async (target: Target, out: string, migrationsFolder = defaultMigrationsFolder(), pgFolder?: string): Promise<CopyResult> => {
  if (existsSync(out)) throw new AppError('conflict', `${out} already exists; choose a new file for the copy`);
  const partial = `${out}.partial-${process.pid}`;
  const url = urlOf(target);
  const client = await connect(target);
  try {
    const state = await schemaState(client, pgFolder);
    if (!state.ours) throw new AppError('conflict', `${redactUrl(url)} holds no Model Risk Desk schema`);
    const mismatch = versionMismatch(state);
    if (mismatch) throw new AppError('conflict', mismatch);
    const opened = await open(partial, { migrationsFolder });
    try {
      const to = opened.db;
      const lite = to.lite!;
      lite.prepare('delete from risk_matrices').run();
      const from = pgDrizzle({ client });
      await client.query('begin isolation level repeatable read read only');
      let counts: Counts;
      let chain: ReturnType<typeof verifyEntries>;
      try {
        for (const t of TABLE_ORDER) {
          const name = getTableName(t);
          const source = pgOf(t);
          // A block holds up to a thousand points: a few to a statement.
          const batch = name === 'metric_point_blocks' ? 20 : 500;
          const write = async (rows: Record<string, unknown>[]): Promise<void> => await inTransaction(to, async () => {
            for (let i = 0; i < rows.length; i += batch) await to.insert(t).values(rows.slice(i, i + batch)).run();
          });
          if (name === 'metric_point_blocks') {
            // Import by import, so memory holds one import's points at a time.
            const ids = (await client.query<{ id: number }>('select id from monitoring_imports order by id')).rows;
            for (const { id } of ids) await write((await from.select().from(source).where(sql`import_id = ${id}`)));
          } else await write((await from.select().from(source)));
        }
        counts = await teamCounts(client);
        chain = await verifyTeam(client);
      } finally {
        await client.query('commit');
      }
      const copied = verifyEntries(lite.prepare(auditOrder).iterate() as IterableIterator<AuditEntry>);
      const got = liteCounts(lite);
      const differs = Object.keys(counts).filter((k) => counts[k] !== got[k]);
      if (lite.pragma('integrity_check', { simple: true }) !== 'ok' || !copied.ok || (chain.ok && copied.head !== chain.head) || differs.length) throw new AppError('internal', `the copy is not whole (${differs.length ? `rows differ in ${differs.join(', ')}` : 'audit chain or integrity check'}); ${out} was not written`);
      opened.close();
      renameSync(partial, out);
      return { tables: got, auditEntries: copied.count, head: copied.head };
    } catch (e) {
      opened.close();
      for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
      throw e;
    }
  } finally {
    await client.end();
  }
};
