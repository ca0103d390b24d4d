/**
 * The monitoring a report shows, read for many models at once (reports/data.ts monitoringOf, a
 * window keeping each model's first SERIES_CAP points), on both engines: the same points, in the
 * same order, as reading each model alone with a LIMIT; nothing imported or measured after the
 * as-of day; the cap per model, whatever the models share a query with.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { dispatch } from '../../electron/handlers';
import { collectReport, monitoringOf, SERIES_CAP } from '../../electron/services/reports/data';
import { ingestGenericCsvFile } from '../../electron/services/monitoring/streamCsv';
import { POINT_SELECT, pointFromRow, type PointRow } from '../../db/queries/monitoring';
import { emptyModelInput } from '../../shared/model';
import { defaultRules } from '../../shared/monitoring';
import { describeEngines, portfolio } from '../helpers/engines';
import { as } from '../helpers/people';
import { ok } from '../helpers/result';
import { tempDir } from '../helpers/temp';

const csv = (rows: string[]): string => `timestamp,metric,value,feature,lower,upper,alert\n${rows.join('\n')}\n`;
const at = (i: number): string => new Date(Date.parse('2026-06-01T00:00:00Z') + i * 10_000).toISOString();

describeEngines('the monitoring in a report', () => {
  it('is, for each model, its first points by metric, feature and time, up to the cap, imported and measured by the as-of day', async () => {
    // The models are made before the monitoring and the as-of day.
    const { ctx } = await portfolio(() => new Date('2026-05-01T00:00:00Z'));
    const actor = await as(ctx, 'Rita Officer', 'risk_officer');
    const refs = ['MDL-0001', 'MDL-0002', 'MDL-0003', 'MDL-0004'];
    for (const ref of refs) ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref, name: `Series ${ref}`, purpose: 'Scores', businessUnit: 'Cards', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' }));
    const dir = tempDir();
    const importAt = async (ref: string, name: string, rows: string[], now: string): Promise<void> => {
      writeFileSync(join(dir, name), csv(rows));
      await ingestGenericCsvFile(ctx.db, { actor: { name: actor.name, id: actor.id, os: 'tester' }, now: new Date(now), rules: defaultRules(), path: join(dir, name), ref });
    };
    // MDL-0001: more points than the cap, the two metrics interleaved in the file, features on one,
    // and a point measured after the as-of day.
    const big: string[] = [];
    for (let i = 0; i < SERIES_CAP + 10; i++) big.push(i % 2 ? `${at(i)},latency_ms,${20 + (i % 9)},,,,` : `${at(i)},accuracy,0.9${i % 10},${i % 4 === 0 ? 'f1' : ''},0.85,,false`);
    big.push(`2026-07-01T00:00:00.000Z,accuracy,0.5,,0.85,,false`);
    await importAt('MDL-0001', 'big.csv', big, '2026-06-10T00:00:00Z');
    // MDL-0002: one import by the as-of day, one after it.
    await importAt('MDL-0002', 'before.csv', [`${at(2)},up,1,,,,`, `${at(1)},up,0.99,,,,`, `${at(3)},error_rate,0.001,,,,`], '2026-06-10T00:00:00Z');
    await importAt('MDL-0002', 'after.csv', [`${at(4)},up,0.5,,,,`], '2026-06-25T00:00:00Z');
    // MDL-0003: only an import after the as-of day; MDL-0004: none.
    await importAt('MDL-0003', 'later.csv', [`${at(5)},up,1,,,,`], '2026-06-25T00:00:00Z');

    const asOf = '2026-06-20';
    const asOfEnd = `${asOf}T23:59:59.999Z`;
    const data = await collectReport(ctx.db, { kind: 'portfolio', asOf, scope: {} });
    const byRef = new Map(data.models.map((m) => [m.model.ref, m]));
    // Each model read alone, as a LIMIT query: what the report must show.
    const alone = async (id: number): Promise<unknown[]> =>
      (await ctx.db.q.all<PointRow>(`select ${POINT_SELECT} from metric_points p join monitoring_imports i on i.id = p.import_id where i.model_id = ? and i.at <= ? and p.ts <= ? order by p.metric, p.feature nulls first, p.ts limit ${SERIES_CAP}`, [id, asOfEnd, asOfEnd])).map(pointFromRow);
    for (const ref of refs) expect(byRef.get(ref)!.series, ref).toEqual(await alone(byRef.get(ref)!.model.id));

    const first = byRef.get('MDL-0001')!.series;
    expect(first).toHaveLength(SERIES_CAP);
    expect(first.filter((p) => p.metric === 'accuracy')).toHaveLength((SERIES_CAP + 10) / 2);
    expect(first.at(-1)).toMatchObject({ metric: 'latency_ms', ts: at(SERIES_CAP - 11) });
    expect(first.some((p) => p.ts > asOfEnd)).toBe(false);
    expect(byRef.get('MDL-0002')!.series.map((p) => [p.metric, p.ts, p.value])).toEqual([
      ['error_rate', at(3), 0.001],
      ['up', at(1), 0.99],
      ['up', at(2), 1],
    ]);
    expect(byRef.get('MDL-0002')!.imports.map((i) => i.fileName)).toEqual(['before.csv']);
    expect(byRef.get('MDL-0003')!).toMatchObject({ series: [], imports: [] });
    expect(byRef.get('MDL-0004')!).toMatchObject({ series: [], imports: [] });

    // Read two models per query, or one, or all at once: the same.
    const ids = data.models.map((m) => m.model.id);
    const together = await monitoringOf(ctx.db, ids, asOfEnd);
    for (const perQuery of [1, 2, 3]) expect(await monitoringOf(ctx.db, ids, asOfEnd, perQuery), `${perQuery} per query`).toEqual(together);
    expect(together.series.get(byRef.get('MDL-0001')!.model.id)).toEqual(first);
  });
});
