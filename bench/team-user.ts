/**
 * One simulated person of bench/team.ts: their own process and runtime (their own app, their
 * own connection) on the team database, doing a day's mix of reads and writes for SECONDS. Each
 * call goes through dispatch, as IPC and HTTP call it, and is timed. Prints JSON.
 */
import { dispatch, type HandlerContext } from '../electron/handlers';
import { createRuntime } from '../electron/runtime';
import { emptyRisks, type Assessment } from '../shared/assessment';
import type { Model, ModelListRow } from '../shared/model';

const [url, index, seconds] = process.argv.slice(2);
const u = Number(index);
const runtime = await createRuntime(url!, { host: 'desktop', osUser: `desk-${u}` });
const { ctx } = runtime;
const durations: Record<string, number[]> = {};
const errors: string[] = [];
const timed = async (c: HandlerContext, method: string, input: unknown): Promise<unknown> => {
  const t = performance.now();
  const r = await dispatch(c, method, input);
  (durations[method] ??= []).push(Math.round((performance.now() - t) * 10) / 10);
  // Two people editing the same model at once: the second is told to reload, as designed.
  if (!r.ok && r.error.code !== 'conflict') errors.push(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.ok ? r.value : null;
};
const created = await dispatch(ctx, 'profile.create', { name: `Bench Officer ${u}`, role: 'risk_officer' });
if (!created.ok) throw new Error(created.error.message);
const list = await dispatch(ctx, 'models.list', {});
if (!list.ok) throw new Error(list.error.message);
const refs = (list.value as ModelListRow[]).filter((m) => m.status !== 'retired').map((m) => m.ref);
let seed = 7 + u * 7919;
const next = (n: number): number => (seed = (seed * 48271) % 2147483647) % n;
// Ready (started, connected, the inventory read once, as an app opening): the day starts when
// every person is, on the word of bench/team.ts, so no one is timed while others still start.
console.log('ready');
await new Promise<void>((go) => process.stdin.once('data', () => go()));
process.stdin.pause();
const until = performance.now() + Number(seconds ?? 20) * 1000;
// A person reads what came back before the next click: 150–450 ms here, far quicker than people
// are, so twenty of them keep the server and both cores busy.
const think = (): Promise<void> => new Promise((r) => setTimeout(r, 150 + next(300)));
while (performance.now() < until) {
  await think();
  const ref = refs[next(refs.length)]!;
  const roll = next(10);
  if (roll < 4) {
    await timed(ctx, 'models.get', { ref });
    await timed(ctx, 'assessments.list', { ref });
    await timed(ctx, 'findings.list', { ref });
  } else if (roll === 4) await timed(ctx, 'reviews.get', { ref });
  else if (roll === 5) await timed(ctx, 'models.list', {});
  else if (roll === 6) await timed(ctx, 'audit.list', { limit: 100 });
  else if (roll === 7) {
    const m = (await timed(ctx, 'models.get', { ref })) as Model | null;
    if (m) {
      const { id: _id, reviewTriggers: _t, createdAt: _c, updatedAt, retiredAt: _r, retirementReason: _rr, envStatus: _e, ...fields } = m as Model & { id?: number; reviewTriggers?: unknown };
      await timed(ctx, 'models.update', { ref, expectedUpdatedAt: updatedAt, fields: { ...fields, tags: [...new Set([...m.tags, `bench-${u}`])].slice(-5) } });
    }
  } else {
    const a = (await timed(ctx, 'assessments.start', { ref })) as Assessment | null;
    if (a && a.status === 'draft') {
      const risks = emptyRisks().map((r) => ({ ...r, inherentProbability: 3, inherentImpact: 4, controls: 'Monitoring', residualProbability: 2, residualImpact: 3, treatment: 'mitigate' as const, rationale: 'Bench' }));
      const saved = (await timed(ctx, 'assessments.save', { id: a.id, expectedUpdatedAt: a.updatedAt, risks })) as Assessment | null;
      if (saved) await timed(ctx, 'assessments.submit', { id: saved.id, expectedUpdatedAt: saved.updatedAt });
    }
  }
}
runtime.close();
console.log(JSON.stringify({ durations, errors }));
process.exit(0);
