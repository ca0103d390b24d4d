/**
 * A generic CSV streamed in parts (streamCsv.ts: most lines read from their bytes, the rest as
 * text) stores, on both engines, the points, summary and findings that the whole-file generic
 * reader (formats/generic.ts, csv-parse) gives for the same file, across many parts and blocks;
 * a bad line far into the file is named by its line, and nothing is imported.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { dispatch } from '../../electron/handlers';
import { ingestExport } from '../../electron/services/monitoring/ingest';
import { ingestGenericCsvFile } from '../../electron/services/monitoring/streamCsv';
import { emptyModelInput } from '../../shared/model';
import { defaultRules } from '../../shared/monitoring';
import { describeEngines, portfolio } from '../helpers/engines';
import { as } from '../helpers/people';
import { ok } from '../helpers/result';
import { tempDir } from '../helpers/temp';

/** Plain rows, breaches of the default rules, and rows only the text reader takes. */
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

describeEngines('a CSV streamed in parts', () => {
  it('stores the points, summary and findings the whole-file reader gives; a bad line is named and nothing is imported', async () => {
    const { ctx } = await portfolio();
    const actor = await as(ctx, 'Rita Officer', 'risk_officer');
    for (const ref of ['MDL-0001', 'MDL-0002', 'MDL-0003']) {
      ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref, name: `Parts ${ref}`, purpose: 'Scores parts', businessUnit: 'Cards', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' }));
    }
    const file = join(tempDir(), 'big.csv');
    const ROWS = 30_000; // about 1.4 MB: some twenty parts, thirty blocks
    writeFileSync(file, bigCsv(ROWS));
    const req = { actor: { name: actor.name, id: actor.id, os: 'tester' }, now: new Date('2026-06-10T00:00:00Z'), rules: defaultRules() };
    const streamed = await ingestGenericCsvFile(ctx.db, { ...req, path: file, ref: 'MDL-0001' });
    const whole = await ingestExport(ctx.db, { ...req, ref: 'MDL-0002', fileName: 'big.csv', content: readFileSync(file), format: 'generic-csv' });
    expect(streamed.rows).toBe(ROWS);
    expect(streamed.findings.map((f) => f.ruleId).sort()).toEqual(['feature-drift', 'quality-low', 'quality-low', 'uptime-low']);
    for (const key of ['rows', 'metrics', 'features', 'timeFrom', 'timeTo', 'findings', 'sha256'] as const) expect(streamed[key], key).toEqual(whole[key]);
    const points = async (id: number | null): Promise<string[]> =>
      (await ctx.db.q.all<Record<string, unknown>>('select ts, metric, feature, value, lower, upper, alert, special from metric_points where import_id = ?', [id])).map((p) => JSON.stringify({ ...p, alert: p.alert === null ? null : Boolean(p.alert) })).sort();
    const stored = await points(streamed.importId);
    expect(stored).toHaveLength(ROWS);
    expect(stored).toEqual(await points(whole.importId));
    expect(stored.filter((p) => p.includes('"metric":"точность","feature":"é\\\\x"'))).toHaveLength(Array.from({ length: ROWS }, (_, i) => i % 7 === 3).filter(Boolean).length);

    const imports = (await ctx.db.q.all('select id from monitoring_imports', [])).length;
    writeFileSync(file, bigCsv(ROWS, 29_000));
    await expect(ingestGenericCsvFile(ctx.db, { ...req, path: file, ref: 'MDL-0003' })).rejects.toThrow('big.csv (line 29002): value "n/a" is not a number');
    expect(await ctx.db.q.all('select id from monitoring_imports', [])).toHaveLength(imports);
  });
});
