import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '../../electron/handlers';
import type { CsvFile, ImportPreviewResult, Result } from '../../shared/contract';
import { modelInputOf, type Model, type ModelListRow } from '../../shared/model';
import { describeEngines, portfolio } from '../helpers/engines';
import { as } from '../helpers/people';

const ok = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const officer = async (ctx: HandlerContext): Promise<void> => void await as(ctx, 'Rita Officer', 'risk_officer');
const strip = ({ id: _i, createdAt: _c, updatedAt: _u, retiredAt: _r, retirementReason: _rr, ...m }: Model) => m;

describeEngines('the register: CSV export and import', () => {
  it('exports the inventory with ratings and re-imports it into an empty database unchanged', async () => {
    const a = (await portfolio()).ctx;
    await officer(a);
    ok(await dispatch(a, 'portfolio.start', { choice: 'demo', models: 60 }));
    // MDL-0001 of seed 42 is active; give it a description a spreadsheet would run.
    const m1 = ok<Model>(await dispatch(a, 'models.get', { ref: 'MDL-0001' }));
    expect(m1.status).not.toBe('retired');
    ok(await dispatch(a, 'models.update', { ref: m1.ref, expectedUpdatedAt: m1.updatedAt, fields: { ...modelInputOf(m1), description: '=HYPERLINK("http://evil.example","click")' } }));
    const file = ok<CsvFile>(await dispatch(a, 'register.exportInventory', {}));
    expect(file.filename).toMatch(/^model-inventory-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parse<Record<string, string>>(file.csv, { columns: true, bom: true });
    expect(rows).toHaveLength(60);
    expect(rows.find((r) => r.ref === 'MDL-0001')?.description).toBe('\'=HYPERLINK("http://evil.example","click")');
    const listed = ok<ModelListRow[]>(await dispatch(a, 'models.list', {}));
    for (const r of rows) expect(r.rating).toBe(listed.find((m) => m.ref === r.ref)?.rating?.name ?? 'unassessed');

    // Into a fresh database: the active models come back as they were (retired ones cannot be imported as such).
    const b = (await portfolio()).ctx;
    await officer(b);
    const active = file.csv.split('\r\n').filter((line, k) => k === 0 || !/,retired,/.test(line)).join('\r\n');
    const preview = ok<ImportPreviewResult>(await dispatch(b, 'register.previewImport', { csv: active }));
    expect(preview.errors).toEqual([]);
    const created = ok<{ created: number }>(await dispatch(b, 'register.importInventory', { csv: active })).created;
    expect(created).toBe(preview.valid);
    for (const ref of ['MDL-0001', ...preview.sample.map((s) => s.ref)]) {
      const before = ok<Model>(await dispatch(a, 'models.get', { ref }));
      expect(strip(ok<Model>(await dispatch(b, 'models.get', { ref })))).toEqual(strip(before));
    }
  });

  it('names every bad row by line and imports nothing when one row is wrong', async () => {
    const { ctx } = await portfolio();
    await officer(ctx);
    const csv = [
      'ref,name,version,status,business_unit,owner,developers,validator,purpose',
      'MDL-0001,Churn,1.0,development,Retail,Ana,Ben,,Churn risk',
      'MDL-0002,Fraud,1.0,production,Cards,Ana,"Ben, Cleo",Ben,Fraud',
      'bad ref,X,1.0,proposed,Ops,Ana,Ben,,x',
      'MDL-0001,Again,1.0,proposed,Ops,Ana,Ben,,x',
      'MDL-0005,Old,1.0,retired,Ops,Ana,Ben,Cleo,x',
    ].join('\n');
    const preview = ok<ImportPreviewResult>(await dispatch(ctx, 'register.previewImport', { csv }));
    expect(preview).toMatchObject({ rows: 5, valid: 1 });
    expect(preview.errors).toEqual([
      { line: 3, message: 'validator: validator must differ from the developers' },
      { line: 4, message: 'ref: reference must look like MDL-0042 (capitals, a hyphen, digits)' },
      { line: 5, message: 'ref: MDL-0001 repeats line 2' },
      { line: 6, message: expect.stringMatching(/^status: /) as string },
    ]);
    const r = await dispatch(ctx, 'register.importInventory', { csv });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Line 3: validator: validator must differ from the developers (and 3 more rows with errors); nothing was imported' } });
    expect(ok<unknown[]>(await dispatch(ctx, 'models.list', {}))).toHaveLength(0);
  });

  it('refuses files that are not CSV or lack required columns', async () => {
    const { ctx } = await portfolio();
    await officer(ctx);
    expect(ok<ImportPreviewResult>(await dispatch(ctx, 'register.previewImport', { csv: 'ref,name\nMDL-0001,"unterminated' })).errors[0]?.message).toMatch(/^not a readable CSV/);
    expect(ok<ImportPreviewResult>(await dispatch(ctx, 'register.previewImport', { csv: 'ref,name\nMDL-0001,A\n' })).errors).toEqual([{ line: 1, message: 'missing columns: version, status, business_unit, owner, developers, purpose' }]);
    expect(ok<ImportPreviewResult>(await dispatch(ctx, 'register.previewImport', { csv: '' })).errors).toEqual([{ line: 1, message: 'the file has no model rows' }]);
  });

  it('exports every assessment, one row per risk', async () => {
    const { ctx } = await portfolio();
    await officer(ctx);
    ok(await dispatch(ctx, 'portfolio.start', { choice: 'demo', models: 30 }));
    const file = ok<CsvFile>(await dispatch(ctx, 'register.exportAssessments', {}));
    const rows = parse<Record<string, string>>(file.csv, { columns: true });
    const count = (await ctx.db.q.value('select count(*) from assessments')) as number;
    expect(rows).toHaveLength(count * 4);
    expect(rows[0]).toMatchObject({ category: 'unavailability' });
    expect(new Set(rows.map((r) => r.status))).toContain('approved');
  });
});
