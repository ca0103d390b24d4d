/**
 * Points stored in blocks (db/pointBlocks.ts) come back through the view `metric_points` as they
 * went in, on both engines (SQLite's inserts, PostgreSQL's COPY): any text (quotes, backslashes,
 * tabs and control characters, any script), any finite double to the bit, nulls, booleans,
 * specials and reference flags, across block boundaries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendAudit } from '../../db/audit';
import { inTransaction } from '../../db/client';
import { BLOCK, pointJson } from '../../db/pointBlocks';
import { insertImport, insertPoints, seriesOf } from '../../db/queries/monitoring';
import { dispatch } from '../../electron/handlers';
import { emptyModelInput, type Model } from '../../shared/model';
import type { MetricPoint } from '../../shared/monitoring';
import { describeEngines, portfolio } from '../helpers/engines';
import { as } from '../helpers/people';
import { ok } from '../helpers/result';

// Any text PostgreSQL can hold (it has no NUL character).
const text = fc.string({ unit: 'grapheme', maxLength: 12 }).map((t) => t.replace(/\0/g, ''));
const num = fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)), { nil: null });
const point: fc.Arbitrary<MetricPoint> = fc.record({
  ts: text,
  metric: text,
  feature: fc.option(text, { nil: null }),
  value: num,
  lower: num,
  upper: num,
  alert: fc.option(fc.boolean(), { nil: null }),
  special: fc.constantFrom<MetricPoint['special']>(undefined, 'inf', '-inf'),
  reference: fc.constantFrom<MetricPoint['reference']>(undefined, true),
}, { requiredKeys: ['ts', 'metric', 'feature', 'value', 'lower', 'upper', 'alert'] });

describe('metric points as JSON', () => {
  it('writes a point as a JSON array, its trailing nulls left out', () => {
    expect(pointJson('2026-01-01T00:00:00.000Z', 'psi', null, 0.25, null, null, false)).toBe('["2026-01-01T00:00:00.000Z","psi",null,0.25,null,null,false]');
    expect(pointJson('t', 'a"b\\c\n', 'é\t中', null, -1e-300, 1e300, null, 'inf', true)).toBe(`["t",${JSON.stringify('a"b\\c\n')},${JSON.stringify('é\t中')},null,-1e-300,1e+300,null,"inf",true]`);
    expect(JSON.parse(pointJson('t', 'm', null, null, null, null, true, null, true))).toEqual(['t', 'm', null, null, null, null, true, null, true]);
  });

});

describeEngines('metric points in blocks', () => {
  it('gives back through the view exactly the points written, whatever they hold, in blocks of a thousand (property)', async () => {
    const { ctx } = await portfolio();
    const db = ctx.db;
    const actor = await as(ctx, 'Rita Officer', 'risk_officer');
    const model = ok<Model>(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0001', name: 'Blocks', purpose: 'Scores blocks', businessUnit: 'Cards', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' }));
    let sha = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(point, { maxLength: 40 }), fc.integer({ min: 0, max: 2 }), async (some, extraBlocks) => {
        // Now and then enough points to fill whole blocks and start another; each point's time
        // leads with its place, so the points read back can be put in order on either engine.
        const all = [...some, ...Array.from({ length: extraBlocks * BLOCK }, (_, i): MetricPoint => ({ ts: `t${i}`, metric: 'm', feature: null, value: i, lower: null, upper: null, alert: null }))];
        const points = all.map((p, i) => ({ ...p, ts: `${String(i).padStart(5, '0')}|${p.ts}` }));
        const id = await inTransaction(db, async () => {
          const importId = await insertImport(db, { modelId: model.id, format: 'generic-csv', fileName: 'p.csv', sha256: String(++sha), bytes: 1, rows: points.length, timeFrom: null, timeTo: null, importedBy: 'test', at: '2026-01-01T00:00:00.000Z' });
          await insertPoints(db, importId, points);
          await appendAudit(db, { actor: { name: actor.name, id: actor.id, os: 'test' }, action: 'import', entity: 'monitoring', entityId: 'MDL-0001', after: { importId }, at: new Date() });
          return importId;
        });
        const back = await db.q.all<Record<string, unknown>>('select ts, metric, feature, value, lower, upper, alert, special, reference from metric_points where import_id = ? order by ts', [id]);
        expect(back).toEqual(points.map((p) => ({ ts: p.ts, metric: p.metric, feature: p.feature, value: p.value, lower: p.lower, upper: p.upper, alert: p.alert === null ? null : p.alert ? 1 : 0, special: p.special ?? null, reference: p.reference ? 1 : null })));
        const blocks = await db.q.all<{ points: number }>('select points from metric_point_blocks where import_id = ? order by seq', [id]);
        expect(blocks.map((b) => b.points)).toEqual([...Array<number>(Math.floor(points.length / BLOCK)).fill(BLOCK), ...(points.length % BLOCK ? [points.length % BLOCK] : [])]);
      }),
      { numRuns: 40 },
    );
    // A model's series reads them as points, as charts and reports do.
    expect((await seriesOf(db, model.id)).length).toBe(await db.q.value<number>('select count(*) from metric_points'));
  });
});
