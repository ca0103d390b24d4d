import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../../db/audit';
import { open } from '../../db/open';
import { tempDir } from '../helpers/temp';

const KILLS = 50;
const PARALLEL = 2;

type Acks = { models: Set<string>; submitted: Set<number>; approved: Set<number>; imports: Map<string, number> };

/** Starts the writer, lets it run for a random while, SIGKILLs it; returns what it acknowledged. */
const runAndKill = (db: string, seed: number, acks: Acks, delayMs: number): Promise<void> =>
  new Promise((ok, ko) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/crash-child.ts', db, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (!timer && out.includes('READY\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (code, signal) => {
      for (const line of out.split('\n')) {
        const [tag, kind, key, rows] = line.split(' ');
        if (tag !== 'ACK') continue;
        if (kind === 'model') acks.models.add(key!);
        else if (kind === 'submitted') acks.submitted.add(Number(key));
        else if (kind === 'approved') acks.approved.add(Number(key));
        else if (kind === 'import') acks.imports.set(key!, Number(rows));
      }
      if (signal === 'SIGKILL') ok();
      else ko(new Error(`the writer stopped by itself (code ${code}): ${err.slice(0, 500)}`));
    });
  });

/** After each kill: the checks SQLite offers, every acknowledged write, no partial import, the chain. */
const verify = async (db: string, acks: Acks): Promise<void> => {
  const raw = new Database(db);
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(raw.pragma('foreign_key_check')).toEqual([]);
  for (const ref of acks.models) expect(raw.prepare('select count(*) from models where ref = ?').pluck().get(ref)).toBe(1);
  for (const id of acks.submitted) expect(['submitted', 'approved']).toContain(raw.prepare('select status from assessments where id = ?').pluck().get(id));
  for (const id of acks.approved) expect(raw.prepare('select status from assessments where id = ?').pluck().get(id)).toBe('approved');
  for (const [sha, rows] of acks.imports) expect(raw.prepare('select rows from monitoring_imports where sha256 = ?').pluck().get(sha)).toBe(rows);
  const partial = raw.prepare('select i.id from monitoring_imports i where i.rows != (select count(*) from metric_points p where p.import_id = i.id)').all();
  expect(partial).toEqual([]);
  // An approved assessment is always the model's current one with its rating copied (same transaction).
  expect(raw.prepare("select count(*) from assessments a join models m on m.id = a.model_id where a.status = 'approved' and a.version = (select max(version) from assessments x where x.model_id = a.model_id and x.status = 'approved') and (m.current_assessment_id is not a.id or m.rating is null)").pluck().get()).toBe(0);
  raw.close();
  const opened = await open(db);
  expect(await verifyAudit(opened.db)).toMatchObject({ ok: true });
  opened.close();
};

describe(`crash safety: ${KILLS} SIGKILLs at random points while importing, approving and writing`, () => {
  it('after every kill: integrity_check and foreign_key_check pass, every acknowledged write is there, no import is partial, the audit chain verifies', async () => {
    const lanes = Array.from({ length: PARALLEL }, (_, lane) => ({ db: join(tempDir(), `lane-${lane}.db`), acks: { models: new Set<string>(), submitted: new Set<number>(), approved: new Set<number>(), imports: new Map<string, number>() } }));
    let kills = 0;
    let rnd = 7;
    const nextDelay = (): number => {
      rnd = (rnd * 48271) % 2147483647;
      return 40 + (rnd % 700);
    };
    await Promise.all(
      lanes.map(async (lane, l) => {
        for (let k = 0; k < KILLS / PARALLEL; k++) {
          await runAndKill(lane.db, 1000 * l + k + 1, lane.acks, nextDelay());
          kills += 1;
          await verify(lane.db, lane.acks);
        }
      }),
    );
    expect(kills).toBe(KILLS);
    // The kills landed while real work was going on.
    const totals = lanes.reduce((t, l) => ({ models: t.models + l.acks.models.size, approved: t.approved + l.acks.approved.size, imports: t.imports + l.acks.imports.size }), { models: 0, approved: 0, imports: 0 });
    expect(totals.models).toBeGreaterThan(KILLS);
    expect(totals.approved).toBeGreaterThan(10);
    expect(totals.imports).toBeGreaterThan(10);
  }, 300_000);
});
