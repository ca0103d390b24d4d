/**
 * What the bench measures the same way on either engine: medians of repeated runs, and the
 * figures of a host on a database through its entry points (createHolder, then dispatch as IPC
 * and HTTP call it). bench/run.ts uses them on the SQLite file, bench/team.ts on the team database.
 */
import { spawnSync } from 'node:child_process';
import { createHolder } from '../electron/holder';
import { modelInputOf, type Model, type ModelListRow } from '../shared/model';

import { median, round } from './stats';

export { median, percentile, round } from './stats';

export type Timing = { median: number; min: number; max: number };
export const time = async (runs: number, fn: () => unknown): Promise<Timing> => {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return { median: round(median(xs)), min: round(Math.min(...xs)), max: round(Math.max(...xs)) };
};

/** A host starting on `target` (checks, schema version), the inventory (and its JSON), the review plan and the heat map. */
export const hostFigures = async (target: string): Promise<{ openMs: Timing; inventoryMs: Timing; inventoryAfterChangeMs: Timing; inventoryWithJsonMs: Timing; reviewPlanMs: Timing; heatMapMs: Timing }> => {
  const openMs = await time(15, async () => (await createHolder(target, { host: 'desktop' })).close());
  const holder = await createHolder(target, { host: 'desktop' });
  try {
    const call = async (method: string, input: unknown): Promise<unknown> => {
      const r = await holder.dispatch(method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
      return r.value;
    };
    // The inventory reads only the rows changed since its last read (db/queries/models.ts):
    // timed as a screen returning to it finds it (unchanged) and right after an audited edit of
    // one of its models, the first read of all (whole) left out. The demo's review lead at the keyboard.
    const lead = ((await call('people.list', {})) as { id: number; role: string }[]).find((p) => p.role === 'review_lead');
    if (lead) await call('profile.switch', { personId: lead.id });
    const edited = ((await call('models.list', {})) as ModelListRow[]).find((m) => m.status !== 'retired')!.ref;
    const afterChange: number[] = [];
    for (let i = 0; i < 16; i++) {
      const model = (await call('models.get', { ref: edited })) as Model;
      await call('models.update', { ref: edited, expectedUpdatedAt: model.updatedAt, fields: { ...modelInputOf(model), maintainers: (model.maintainers % 9) + 1 } });
      const t = performance.now();
      await call('models.list', {});
      if (i > 0) afterChange.push(performance.now() - t);
    }
    return {
      openMs,
      inventoryAfterChangeMs: { median: round(median(afterChange)), min: round(Math.min(...afterChange)), max: round(Math.max(...afterChange)) },
      inventoryMs: await time(30, () => call('models.list', {})),
      inventoryWithJsonMs: await time(10, async () => JSON.stringify(await call('models.list', {}))),
      reviewPlanMs: await time(10, () => call('reviews.list', {})),
      heatMapMs: await time(10, () => call('portfolio.heatmap', { basis: 'residual' })),
    };
  } finally {
    holder.close();
  }
};

/**
 * A bench script in a process of its own (its peak memory is its own), its last line of output
 * read as JSON; a failure is a figure too: how it ended (exit code, signal, time limit) and the
 * last lines it wrote, never a silent gap. Stopped after `limitMinutes` so a bench always ends.
 */
export const runScript = (script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}, limitMinutes = 15): unknown => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: limitMinutes * 60_000, maxBuffer: 64 * 1024 * 1024 });
  const last = run.stdout?.trim().split('\n').at(-1);
  if (run.status === 0 && last) {
    try {
      return JSON.parse(last) as unknown;
    } catch {
      /* reported below */
    }
  }
  const code = run.error && 'code' in run.error ? run.error.code : undefined;
  const how = code === 'ETIMEDOUT' ? `stopped after the ${limitMinutes}-minute limit` : run.error ? run.error.message : run.signal ? `killed by ${run.signal}` : `exit code ${run.status}`;
  const tail = (run.stderr ?? '').trim().split('\n').slice(-3).join(' ') || last || '(no output)';
  return { error: `${script} ${args.join(' ')} failed (${how}): ${tail}`.replace(/\s+/g, ' ') };
};
