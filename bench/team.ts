/**
 * The team database's figures, beside the SQLite ones (bench/run.ts runs this with the 10,000-model
 * file it seeded): a throwaway PostgreSQL cluster of its own (as the tests start one), the file
 * moved in with `team import`, then through the same entry points as on SQLite: a host starting
 * (createHolder: connect, schema version check), the inventory and the review plan through
 * dispatch, the 1,000,000-row import and the 1,000-model report in their own processes, and 20
 * simulated people, each on a connection of their own, doing a day's mix of reads and writes at
 * once. Prints JSON.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { dispatch } from '../electron/handlers';
import { hostFigures, median, percentile as pct, round, runScript } from './figures';
import { createRuntime } from '../electron/runtime';
import { importSolo } from '../db/pg/copy';
import { pgBinDir, teamInit } from '../db/pg/admin';
import { startCluster } from '../test/helpers/pgCluster';

const file = process.argv[2];
if (!file) throw new Error('usage: tsx bench/team.ts SEEDED.db');
const value = <T>(r: Awaited<ReturnType<typeof dispatch>>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

const cluster = await startCluster();
try {
  const fresh = async (name: string): Promise<string> => {
    cluster.psql(`create database ${name}`);
    await teamInit(cluster.url(name), new Date());
    return cluster.url(name);
  };
  const url = await fresh('bench');
  const i0 = performance.now();
  const imported = await importSolo(url, file);
  const teamImportMs = performance.now() - i0;

  const { openMs, inventoryMs, inventoryAfterChangeMs, reviewPlanMs: reviewsMs, heatMapMs: heatmapMs } = await hostFigures(url);

  // Twenty people at once, each in a process of their own (their own app) on a connection of
  // their own, each acting every 150–450 ms (bench/team-user.ts): mostly reading (a model page, the inventory, the review plan, findings, the audit
  // log), some writing (a model edited; an assessment started, saved and submitted).
  const USERS = 20;
  const SECONDS = Number(process.env.BENCH_TEAM_SECONDS ?? 20);
  // Each says 'ready' once started; all are told to begin together.
  let ready = 0;
  const people: ChildProcess[] = [];
  const begin = (): void => {
    if ((ready += 1) === USERS) for (const p of people) p.stdin!.end('go\n');
  };
  const runs = await Promise.all(
    Array.from({ length: USERS }, (_, u) =>
      new Promise<{ durations: Record<string, number[]>; errors: string[] }>((ok, ko) => {
        const p = spawn(process.execPath, ['--import', 'tsx', 'bench/team-user.ts', url, String(u), String(SECONDS)], { stdio: ['pipe', 'pipe', 'pipe'] });
        people.push(p);
        let out = '';
        let err = '';
        let said = false;
        p.stdout.on('data', (d: Buffer) => {
          out += String(d);
          if (!said && out.startsWith('ready\n')) {
            said = true;
            begin();
          }
        });
        p.stderr.on('data', (d: Buffer) => (err += String(d)));
        p.on('exit', (code) => {
          // One that fails before it is ready must not keep the others waiting.
          if (!said) for (const q of people) q.kill();
          if (code === 0) ok(JSON.parse(out.trim().split('\n').at(-1)!) as { durations: Record<string, number[]>; errors: string[] });
          else ko(new Error(`user ${u}: ${err.trim().split('\n').slice(-3).join(' ') || `exit ${code}`}`));
        });
      }),
    ),
  );
  const durations: Record<string, number[]> = {};
  for (const r of runs) for (const [m, xs] of Object.entries(r.durations)) (durations[m] ??= []).push(...xs);
  const errors = runs.flatMap((r) => r.errors);
  const all = Object.values(durations).flat();
  const byMethod = Object.fromEntries(Object.entries(durations).map(([m, xs]) => [m, { calls: xs.length, p50: round(median(xs)), p95: round(pct(xs, 95)) }]));
  const verify = await createRuntime(url);
  const chain = value<{ ok: boolean; count: number }>(await dispatch(verify.ctx, 'audit.verify', {}));
  verify.close();

  const env = { ...process.env, BENCH_PSQL: join(pgBinDir(['psql']) ?? '', 'psql') };
  // Each in a fresh database, after a checkpoint: the writes of the parts before (the team import,
  // twenty people's day) are on disk first, so they do not land in the time of the next part.
  const child = (script: string, db: string): unknown => {
    cluster.psql('checkpoint');
    return runScript(script, [], { ...env, BENCH_DB_URL: db });
  };
  const ingest = child('bench/ingest.ts', await fresh('bench_ingest'));
  const report = child('bench/report.ts', await fresh('bench_report'));

  console.log(
    JSON.stringify({
      server: cluster.psql('show server_version').trim(),
      teamImport: { ms: Math.round(teamImportMs), models: imported.tables.models, auditEntries: imported.auditEntries },
      openDatabaseMs: { ...openMs, target: 500 },
      inventoryHandlerMs: { ...inventoryMs, target: 50 },
      inventoryAfterChangeMs: { ...inventoryAfterChangeMs, target: 50 },
      reviewPlanMs: reviewsMs,
      heatMapMs: heatmapMs,
      simulatedUsers: { users: USERS, connections: USERS, seconds: SECONDS, calls: all.length, p50: round(median(all)), p95: round(pct(all, 95)), targetP95: 100, errors: errors.length, firstErrors: errors.slice(0, 3), chainAfter: chain, byMethod },
      ingestGenericCsv: ingest,
      portfolioReport: report,
    }),
  );
} finally {
  cluster.stop();
}
