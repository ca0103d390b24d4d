/**
 * A large generic CSV is read in parts, some by the parse helper thread (streamCsv.ts,
 * parseWorker.ts), on both engines: the blocks stored, the import's summary and its findings are
 * byte for byte those of the same file read in this thread alone; a bad line read by the helper
 * is named by its true line, and nothing is imported.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { dispatch } from '../../electron/handlers';
import { defaultEntry } from '../../electron/services/jobs/runner';
import { ingestGenericCsvFile } from '../../electron/services/monitoring/streamCsv';
import { emptyModelInput } from '../../shared/model';
import { defaultRules } from '../../shared/monitoring';
import { describeEngines, portfolio } from '../helpers/engines';
import { as } from '../helpers/people';
import { ok } from '../helpers/result';
import { tempDir } from '../helpers/temp';

/** About 9.4 MiB (the helper starts from 8 MiB): plain rows, breaches of the default rules, and rows only the text reader takes. */
const bigCsv = (rows: number, bad?: number): string => {
  const start = Date.parse('2026-06-01T00:00:00Z');
  const lines = ['timestamp,metric,value,feature,lower,upper,alert'];
  for (let i = 0; i < rows; i++) {
    const ts = new Date(start + i * 1000).toISOString();
    const k = i % 7;
    if (i === bad) lines.push(`${ts},accuracy,n/a,,0.85,,false`);
    else if (k === 0) lines.push(`${ts},accuracy,${(0.8 + (i % 97) / 1000).toFixed(4)},,0.85,,false`);
    else if (k === 1) lines.push(`${ts},drift:psi,${((i % 31) / 100).toFixed(2)},f${i % 13},,,${i % 50 === 1 ? 'true' : 'false'}`);
    else if (k === 2) lines.push(`${Math.floor((start + i * 1000) / 1000)},latency_ms,${20 + (i % 40)},,,,`);
    else if (k === 3) lines.push(`"${ts}","точность","0.9${i % 10}","é\\x",,,"FALSE"`);
    else if (k === 4) lines.push(`${ts},up,${i % 100 === 4 ? '0.9' : '1'},,,,0`);
    else if (k === 5) lines.push(`${ts},error_rate,${i % 3 === 0 ? 'nan' : '1e-3'},,,, `);
    else lines.push(`${ts.replace('.000Z', 'Z')},drift:psi,-0.0,f${i % 5},,0.2,1`);
  }
  return `${lines.join('\n')}\n`;
};

describeEngines('a large CSV read in parts', () => {
  it('gives, read partly by the helper thread, the blocks, summary and findings of one reading; a bad line is named and nothing is imported', async () => {
    const { ctx } = await portfolio();
    const actor = await as(ctx, 'Rita Officer', 'risk_officer');
    for (const ref of ['MDL-0001', 'MDL-0002', 'MDL-0003']) {
      ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref, name: `Parts ${ref}`, purpose: 'Scores parts', businessUnit: 'Cards', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' }));
    }
    const file = join(tempDir(), 'big.csv');
    writeFileSync(file, bigCsv(200_000));
    const req = { path: file, actor: { name: actor.name, id: actor.id, os: 'tester' }, now: new Date('2026-06-10T00:00:00Z'), rules: defaultRules() };
    let split: [number, number] = [0, 0];
    const helped = await ingestGenericCsvFile(ctx.db, { ...req, ref: 'MDL-0001', workerEntry: defaultEntry() }, { parts: (h, m) => (split = [h, m]) });
    const alone = await ingestGenericCsvFile(ctx.db, { ...req, ref: 'MDL-0002' });
    expect(split[0], 'parts read by the helper').toBeGreaterThan(10);
    const { importId: a, ...summary } = helped;
    const { importId: b, ...same } = alone;
    expect(summary).toEqual(same);
    expect(summary.rows).toBe(200_000);
    expect(summary.findings.map((f) => f.ruleId).sort()).toEqual(['feature-drift', 'quality-low', 'quality-low', 'uptime-low']);
    const blocks = (id: number | null): Promise<unknown[]> => ctx.db.q.all('select seq, points, data from metric_point_blocks where import_id = ? order by seq', [id]);
    const stored = await blocks(a);
    expect(stored).toHaveLength(200);
    expect(stored).toEqual(await blocks(b));
    const points = await ctx.db.q.all<{ ts: string; metric: string; feature: string | null; value: number | null; alert: boolean | number | null }>('select ts, metric, feature, value, alert from metric_points where import_id = ?', [a]);
    expect(points).toHaveLength(200_000);
    expect(points.filter((p) => p.metric === 'точность' && p.feature === 'é\\x')).toHaveLength(Array.from({ length: 200_000 }, (_, i) => i % 7 === 3).filter(Boolean).length);

    // The bad value is far into the file, in a part the helper reads first.
    const imports = (await ctx.db.q.all('select id from monitoring_imports', [])).length;
    writeFileSync(file, bigCsv(200_000, 190_000));
    await expect(ingestGenericCsvFile(ctx.db, { ...req, ref: 'MDL-0003', workerEntry: defaultEntry() })).rejects.toThrow('big.csv (line 190002): value "n/a" is not a number');
    expect(await ctx.db.q.all('select id from monitoring_imports', [])).toHaveLength(imports);
  });
});
