import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '../../electron/handlers';
import { detectFormat } from '../../electron/services/monitoring/parsers';
import { ingestGenericCsvFile } from '../../electron/services/monitoring/streamCsv';
import { seriesOf } from '../../db/queries/monitoring';
import type { MonitoringPreview, Result, ReviewRow } from '../../shared/contract';
import { emptyRisks, type Assessment } from '../../shared/assessment';
import { emptyModelInput } from '../../shared/model';
import { defaultRules, monitoringFormats, type Finding, type MonitoringFormat } from '../../shared/monitoring';
import { tempDir } from '../helpers/temp';
import { describeEngines, portfolio } from '../helpers/engines';
import { as } from '../helpers/people';

const FIXTURES = join(import.meta.dirname, '../fixtures/monitoring');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

const ok = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
type Ingested = MonitoringPreview & { importId: number; findingsCount: number };

const setup = async (): Promise<HandlerContext> => {
  const { ctx } = await portfolio(() => new Date('2026-06-01T10:00:00Z'));
  // The fixtures are real exports from 2014 to 2025: read as if current (stale data has its own test).
  await as(ctx, 'Lea Lead', 'review_lead');
  ok(await dispatch(ctx, 'monitoring.saveStaleDays', { days: 36500 }));
  await as(ctx, 'Rita Officer', 'risk_officer');
  ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0001', name: 'Loan default', purpose: 'PD', businessUnit: 'Retail', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' }));
  return ctx;
};
const ingest = async (ctx: HandlerContext, fileName: string, content = fixture(fileName)): Promise<Ingested> => ok<Ingested>(await dispatch(ctx, 'monitoring.ingest', { ref: 'MDL-0001', fileName, content }));
const counts = async (ctx: HandlerContext): Promise<Record<string, number>> => {
  const out: Record<string, number> = {};
  for (const t of ['monitoring_imports', 'metric_points', 'findings', 'review_triggers', 'audit_log']) out[t] = (await ctx.db.q.value<number>(`select count(*) from ${t}`))!;
  return out;
};

describeEngines('monitoring fixtures import with the metrics and findings a person expects', () => {
  it('Evidently v0.6–v0.7.15 drift report: the dataset-level count says nothing drifted, so no finding', async () => {
    const ctx = await setup();
    const r = await ingest(ctx, 'evidently_v06_v07early_drift.json');
    expect(r).toMatchObject({ format: 'evidently', detected: true, rows: 7, findingsCount: 0 });
    expect(r.metrics).toEqual(['drift:score', 'drifted_columns_count', 'drifted_columns_share']);
    expect(r.features).toEqual(['Content', 'Label', 'avg_word_len', 'num_characters', 'num_words']);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('Prometheus query_range: the node target was down, an unavailability finding', async () => {
    const ctx = await setup();
    const r = await ingest(ctx, 'prometheus_query_range_matrix.json');
    expect(r).toMatchObject({ format: 'prometheus', rows: 6, metrics: ['up'], timeFrom: '2015-07-01T20:10:30.781Z', timeTo: '2015-07-01T20:11:00.781Z' });
    const [f] = ok<Finding[]>(await dispatch(ctx, 'findings.list', { ref: 'MDL-0001' }));
    expect(f).toMatchObject({ category: 'unavailability', ruleId: 'uptime-low', feature: 'instance=localhost:9091,job=node', breaches: 2, worstValue: 0, status: 'open', severity: 'medium', fileName: 'prometheus_query_range_matrix.json', windowFrom: '2015-07-01T20:10:30.781Z', windowTo: '2015-07-01T20:10:45.781Z' });
  });

  it('NannyML univariate drift: the two alerting chunks make one degradation finding', async () => {
    const ctx = await setup();
    const r = await ingest(ctx, 'nannyml_univariate_drift_flat.csv');
    expect(r).toMatchObject({ format: 'nannyml', rows: 20, metrics: ['jensen_shannon', 'kolmogorov_smirnov'], features: ['debt_to_income_ratio'] });
    const fs = ok<Finding[]>(await dispatch(ctx, 'findings.list', { ref: 'MDL-0001' }));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ category: 'degradation', ruleId: 'feature-drift', breaches: 2, feature: 'debt_to_income_ratio', probability: 3 });
  });

  it('NannyML CBPE: estimated performance below its lower threshold, degradation and bad-prediction findings', async () => {
    const ctx = await setup();
    const r = await ingest(ctx, 'nannyml_cbpe_flat.csv');
    expect(r.metrics.filter((m) => !m.includes(':'))).toEqual(['accuracy', 'f1', 'roc_auc']);
    // The estimate's confidence band, sampling error and realized value are kept as series of their own.
    expect(r.metrics).toEqual(expect.arrayContaining(['roc_auc:upper_confidence_boundary', 'roc_auc:lower_confidence_boundary', 'roc_auc:sampling_error']));
    const fs = ok<Finding[]>(await dispatch(ctx, 'findings.list', { ref: 'MDL-0001' }));
    expect(fs.map((f) => f.category).sort()).toEqual(['bad_prediction', 'degradation']);
    expect(fs[0]).toMatchObject({ ruleId: 'quality-low', severity: 'high', probability: 4 });
    expect(fs[0]!.breaches).toBeGreaterThanOrEqual(5);
    expect(fs[0]!.worstValue).toBeLessThan(0.963317);
  });

  it('mlflow-export-import run: metric history imported, no rule applies', async () => {
    const ctx = await setup();
    const r = await ingest(ctx, 'mlflow_export_import_run.json');
    expect(r).toMatchObject({ format: 'mlflow-run', rows: 3, metrics: ['mae', 'r2', 'rmse'], findingsCount: 0 });
  });

  it('files that are not monitoring exports are refused with a clear message', async () => {
    const ctx = await setup();
    const card = await dispatch(ctx, 'monitoring.ingest', { ref: 'MDL-0001', fileName: 'model_card_toolkit_full.json', content: fixture('model_card_toolkit_full.json') });
    expect(card).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'model_card_toolkit_full.json: the format could not be recognised; choose it by hand (evidently, nannyml, prometheus, grafana-csv, mlflow-run, mlflow-csv, mlflow-ui-csv, sagemaker, whylogs, deepchecks, generic-csv)' } });
    // A registered-model export looks like MLflow but holds no run metrics: refused at the key that is missing.
    const registry = await dispatch(ctx, 'monitoring.ingest', { ref: 'MDL-0001', fileName: 'mlflow_export_import_model.json', content: fixture('mlflow_export_import_model.json') });
    expect(registry).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'mlflow_export_import_model.json (key mlflow.metrics): no metrics: not an mlflow-export-import run' } });
    expect((await counts(ctx)).monitoring_imports).toBe(0);
  });
});

describeEngines('import rules', () => {
  it('refuses the same file twice, by hash, whatever its name', async () => {
    const ctx = await setup();
    await ingest(ctx, 'prometheus_query_range_matrix.json');
    const before = await counts(ctx);
    const again = await dispatch(ctx, 'monitoring.ingest', { ref: 'MDL-0001', fileName: 'renamed.json', content: fixture('prometheus_query_range_matrix.json') });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('was already imported for MDL-0001 on 2026-06-01 (as prometheus_query_range_matrix.json') as string } });
    expect(await counts(ctx)).toEqual(before);
  });

  it('a finding brings the review forward and is audited with the import', async () => {
    const ctx = await setup();
    await ingest(ctx, 'prometheus_query_range_matrix.json');
    const row = ok<ReviewRow>(await dispatch(ctx, 'reviews.get', { ref: 'MDL-0001' }));
    expect(row.openTriggers).toBe(1);
    expect((await ctx.db.q.value("select count(*) from audit_log where action = 'import' and entity = 'monitoring'"))).toBe(1);
  });

  it('an approved assessment takes the open findings as its evidence', async () => {
    const ctx = await setup();
    await ingest(ctx, 'nannyml_cbpe_flat.csv');
    const a = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
    const risks = emptyRisks().map((r) => ({ ...r, inherentProbability: 4, inherentImpact: 3, controls: 'retraining', residualProbability: 3, residualImpact: 3, treatment: 'mitigate' as const, rationale: 'CBPE drop investigated' }));
    const saved = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: a.id, expectedUpdatedAt: a.updatedAt, risks }));
    ok(await dispatch(ctx, 'assessments.submit', { id: saved.id, expectedUpdatedAt: saved.updatedAt }));
    expect(ok<Finding[]>(await dispatch(ctx, 'findings.list', { ref: 'MDL-0001', status: 'open' }))).toHaveLength(2);
    await as(ctx, 'Lea Lead', 'review_lead');
    ok(await dispatch(ctx, 'assessments.approve', { id: saved.id }));
    expect(ok<Finding[]>(await dispatch(ctx, 'findings.list', { ref: 'MDL-0001' })).map((f) => f.status)).toEqual(['linked', 'linked']);
    expect((await ctx.db.q.rows('select distinct assessment_id from findings')).map((r) => r[0])).toEqual([saved.id]);
  });

  it('names the line of a bad generic CSV row and writes nothing', async () => {
    const ctx = await setup();
    const before = await counts(ctx);
    const csv = 'timestamp,metric,value,feature,lower,upper,alert\n2026-05-01T00:00:00Z,accuracy,0.91,,0.9,,false\n2026-05-02T00:00:00Z,accuracy,ninety,,0.9,,false\n';
    expect(await dispatch(ctx, 'monitoring.ingest', { ref: 'MDL-0001', fileName: 'acc.csv', content: csv })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'acc.csv (line 3): value "ninety" is not a number' } });
    expect(await counts(ctx)).toEqual(before);
    const good = await ingest(ctx, 'acc.csv', csv.replace('ninety', '0.85'));
    expect(good).toMatchObject({ format: 'generic-csv', rows: 2, findingsCount: 2 });
  });

  it('refuses JSON that is broken or nested too deep, naming the line or key', async () => {
    const ctx = await setup();
    expect(await dispatch(ctx, 'monitoring.preview', { fileName: 'p.json', content: '{"status":"success","data":{"resultType":"matrix",\n"result": [}}', format: 'prometheus' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^p\.json \(line 2\): not valid JSON/) as string } });
    const deep = `{"metrics":[{"metric_id":"x","value":${'['.repeat(80)}1${']'.repeat(80)}}]}`;
    expect(await dispatch(ctx, 'monitoring.preview', { fileName: 'deep.json', content: deep, format: 'evidently' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('nested deeper than 64 levels') as string } });
  });

  it('reads Python JSON with bare NaN and Infinity', async () => {
    const ctx = await setup();
    const report = '{"metrics":[{"metric_id":"ValueDrift(column=age,method=psi,threshold=0.1)","value":NaN},{"metric_id":"ValueDrift(column=income,method=psi,threshold=0.1)","value":Infinity},{"metric_id":"DriftedColumnsCount(drift_share=0.5)","value":{"count":2,"share":0.5}}],"tests":[]}';
    const p = ok<MonitoringPreview>(await dispatch(ctx, 'monitoring.preview', { fileName: 'nan.json', content: report }));
    expect(p.rows).toBe(4);
    expect(p.findings.map((f) => f.ruleId).sort()).toEqual(['drift-share', 'feature-drift']);
  });

  it('only the typed import error ever comes out of any importer, and nothing is written (property)', async () => {
    const ctx = await setup();
    const formats: MonitoringFormat[] = [...monitoringFormats];
    const seeds = ['evidently_v06_v07early_drift.json', 'prometheus_query_range_matrix.json', 'nannyml_cbpe_flat.csv', 'mlflow_export_import_run.json', 'nannyml_univariate_drift_3row.csv', 'sagemaker_model_quality_statistics.json', 'deepchecks_suite_result.json', 'whylogs_profile_summary.csv', 'grafana_download_for_excel.csv'].map(fixture);
    const before = await counts(ctx);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...seeds),
        fc.nat(),
        fc.nat(),
        fc.string({ maxLength: 12 }),
        fc.option(fc.constantFrom(...formats), { nil: undefined }),
        async (seed, a, b, noise, format) => {
          const i = a % seed.length;
          const j = i + (b % 40);
          const mutated = seed.slice(0, i) + noise + seed.slice(j);
          const r = await dispatch(ctx, 'monitoring.preview', { fileName: 'm.x', content: mutated, ...(format ? { format } : {}) });
          if (!r.ok) expect(['invalid_input'], r.error.message).toContain(r.error.code);
        },
      ),
      { numRuns: 300 },
    );
    expect(await counts(ctx)).toEqual(before);
  });

  it('streams a generic CSV from disk with the same rules, naming the bad line and writing nothing', async () => {
    const ctx = await setup();
    const dir = tempDir();
    const good = join(dir, 'weekly.csv');
    writeFileSync(good, '\uFEFFtimestamp,metric,value,feature,lower,upper,alert\r\n2026-05-01T00:00:00Z,accuracy,0.91,,0.9,,false\r\n1746144000,accuracy,0.85,,0.9,,false\r\n"2026-05-03 00:00:00","drifted_columns_share",0.4,"a ""quoted"" set",,,\r\n');
    const r = await ingestGenericCsvFile(ctx.db, { ref: 'MDL-0001', path: good, actor: { name: 'Rita Officer', id: null, os: 'tester' }, now: ctx.now(), rules: defaultRules() });
    expect(r).toMatchObject({ rows: 3, metrics: ['accuracy', 'drifted_columns_share'], features: ['a "quoted" set'], timeFrom: '2025-05-02T00:00:00.000Z', timeTo: '2026-05-03T00:00:00.000Z' });
    const fs = ok<Finding[]>(await dispatch(ctx, 'findings.list', { ref: 'MDL-0001' }));
    expect(fs.map((f) => `${f.ruleId}/${f.category}`).sort()).toEqual(['drift-share/degradation', 'quality-low/bad_prediction', 'quality-low/degradation']);
    expect(fs.find((f) => f.ruleId === 'drift-share')?.feature).toBe('a "quoted" set');
    const before = await counts(ctx);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'timestamp,metric,value\n2026-05-01T00:00:00Z,accuracy,0.9\n2026-05-02T00:00:00Z,accuracy,n/a\n');
    await expect(ingestGenericCsvFile(ctx.db, { ref: 'MDL-0001', path: bad, actor: { name: 'x', id: null, os: 'tester' }, now: ctx.now(), rules: defaultRules() })).rejects.toThrow('bad.csv (line 3): value "n/a" is not a number');
    expect(await counts(ctx)).toEqual(before);
    await expect(ingestGenericCsvFile(ctx.db, { ref: 'MDL-0001', path: good, actor: { name: 'x', id: null, os: 'tester' }, now: ctx.now(), rules: defaultRules() })).rejects.toThrow(/already imported/);
  });

  it('streams every field as written: empty trailing fields, blanks around values, NaN, a trailing comma, a quoted comma; times as every reader writes them', async () => {
    const ctx = await setup();
    const file = join(tempDir(), 'fields.csv');
    writeFileSync(file, 'timestamp,metric,value,feature,lower,upper,alert\n 2026-05-01T00:00:00Z , psi , 0.3 , age , , 0.2 , TRUE \n2026-05-02T00:00:00Z,psi,NaN,"age, bucketed",,0.2,0\n2026-05-03T00:00:00Z,latency_ms,41,,,,\n2026-05-04T00:00:00Z,latency_ms,43,,,,\n');
    const r = await ingestGenericCsvFile(ctx.db, { ref: 'MDL-0001', path: file, actor: { name: 'Rita Officer', id: null, os: 'tester' }, now: ctx.now(), rules: defaultRules() });
    expect(r.rows).toBe(4);
    const model = (await ctx.db.q.value("select id from models where ref = 'MDL-0001'")) as number;
    expect(await seriesOf(ctx.db, model)).toEqual([
      { ts: '2026-05-03T00:00:00.000Z', metric: 'latency_ms', feature: null, value: 41, lower: null, upper: null, alert: null },
      { ts: '2026-05-04T00:00:00.000Z', metric: 'latency_ms', feature: null, value: 43, lower: null, upper: null, alert: null },
      { ts: '2026-05-01T00:00:00.000Z', metric: 'psi', feature: 'age', value: 0.3, lower: null, upper: 0.2, alert: true },
      { ts: '2026-05-02T00:00:00.000Z', metric: 'psi', feature: 'age, bucketed', value: null, lower: null, upper: 0.2, alert: false },
    ]);
  });

  it('reads Grafana panel CSVs: BOM, quoted headers with doubled quotes, CRLF, semicolons, epoch ms or formatted times, units', async () => {
    const ctx = await setup();
    const semicolons = '\uFEFF"Time";"availability {job=""api""}";"latency"\r\n1714557600000;99.9%;45 ms\r\n1714561200000;98.1%;52 ms\r\n';
    const p = ok<MonitoringPreview>(await dispatch(ctx, 'monitoring.preview', { fileName: 'panel.csv', content: semicolons }));
    expect(p).toMatchObject({ format: 'grafana-csv', rows: 4, timeFrom: '2024-05-01T10:00:00.000Z', metrics: ['availability {job="api"}', 'latency'] });
    const formatted = '"Time","error_rate"\n2024-05-01 10:00:00,0.5%\n2024-05-01 11:00:00,2.5%\n';
    const q = ok<MonitoringPreview>(await dispatch(ctx, 'monitoring.preview', { fileName: 'errors.csv', content: formatted }));
    expect(q.findings.map((f) => `${f.ruleId}:${f.breaches}:${f.worstValue}`)).toEqual(['error-rate-high:1:0.025']);
    expect(await dispatch(ctx, 'monitoring.preview', { fileName: 'bad.csv', content: '"Time","x"\n1714557600000,fast\n' })).toMatchObject({ ok: false, error: { message: 'bad.csv (line 2): "fast" in column "x" is not a number' } });
  });

  it('reads `mlflow experiments csv` with metric columns in any order', async () => {
    const ctx = await setup();
    const csv = 'status,run_id,metrics.accuracy,params.depth,end_time,metrics.rmse,experiment_id\nFINISHED,r1,0.91,4,2026-05-01 10:00:00,0.3,1\nFINISHED,r2,0.82,5,2026-05-08 10:00:00,,1\n';
    const p = ok<MonitoringPreview>(await dispatch(ctx, 'monitoring.preview', { fileName: 'runs.csv', content: csv }));
    expect(p).toMatchObject({ format: 'mlflow-csv', rows: 3, metrics: ['accuracy', 'rmse'], features: ['r1', 'r2'] });
  });

  it('rules are editable by review leads, validated, audited, and apply to the next import', async () => {
    const ctx = await setup();
    const rules = defaultRules().map((r) => (r.id === 'uptime-low' ? { ...r, threshold: 0.5 } : r));
    expect(await dispatch(ctx, 'monitoring.saveRules', { rules })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await as(ctx, 'Lea Lead', 'review_lead');
    expect(await dispatch(ctx, 'monitoring.saveRules', { rules: [{ ...rules[0]!, metric: '([' }] })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('valid regular expression') as string } });
    expect(await dispatch(ctx, 'monitoring.saveRules', { rules: [{ ...rules[0]!, threshold: null }] })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    ok(await dispatch(ctx, 'monitoring.saveRules', { rules }));
    expect(ok<typeof rules>(await dispatch(ctx, 'monitoring.rules', {})).find((r) => r.id === 'uptime-low')?.threshold).toBe(0.5);
    // up = 0 is still below 0.5: the node target still breaches; nothing else changed.
    const p = ok<MonitoringPreview>(await dispatch(ctx, 'monitoring.preview', { fileName: 'p.json', content: fixture('prometheus_query_range_matrix.json') }));
    expect(p.findings.map((f) => f.ruleId)).toEqual(['uptime-low']);
    ok(await dispatch(ctx, 'monitoring.saveRules', { rules: rules.map((r) => (r.id === 'uptime-low' ? { ...r, condition: 'below' as const, threshold: -1 } : r)) }));
    expect(ok<MonitoringPreview>(await dispatch(ctx, 'monitoring.preview', { fileName: 'p.json', content: fixture('prometheus_query_range_matrix.json') })).findings).toEqual([]);
    expect((await ctx.db.q.value("select count(*) from audit_log where entity_id = 'monitoring.rules'"))).toBe(2);
  });

  it('maps the columns of an unknown CSV, long or wide, and remembers the mapping for that source', async () => {
    const ctx = await setup();
    const wide = 'when;auc;latency_p95;segment\n2026-05-01;0.91;120;retail\n2026-05-08;0.88;130;retail\n'.replace(/;/g, ',');
    const unknown = await dispatch(ctx, 'monitoring.preview', { fileName: 'dash.csv', content: wide });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('or map its columns') as string, details: { columns: ['when', 'auc', 'latency_p95', 'segment'] } } });
    const mapping = { timestamp: 'when', metric: null, value: null, valueColumns: ['auc', 'latency_p95'], feature: 'segment', lower: null, upper: null, alert: null };
    expect(await dispatch(ctx, 'monitoring.preview', { fileName: 'dash.csv', content: wide, mapping: { ...mapping, timestamp: 'time' } })).toMatchObject({ ok: false, error: { message: 'dash.csv (line 1): the mapping names column "time", which this file does not have' } });
    const r = ok<Ingested>(await dispatch(ctx, 'monitoring.ingest', { ref: 'MDL-0001', fileName: 'dash.csv', content: wide, mapping }));
    expect(r).toMatchObject({ format: 'mapped-csv', rows: 4, metrics: ['auc', 'latency_p95'], features: ['retail'] });
    // The next file from the same source is recognised by its columns, mapping and all.
    const next = ok<MonitoringPreview>(await dispatch(ctx, 'monitoring.preview', { fileName: 'dash-2.csv', content: wide.replace('2026-05-08', '2026-05-15') }));
    expect(next).toMatchObject({ format: 'mapped-csv', detected: true, confidence: 0.85, mapping });
    const long = 'ts,name,reading\n1746057600,accuracy,0.93\n';
    const l = ok<MonitoringPreview>(await dispatch(ctx, 'monitoring.preview', { fileName: 'l.csv', content: long, mapping: { ...mapping, timestamp: 'ts', metric: 'name', value: 'reading', valueColumns: [], feature: null } }));
    expect(l).toMatchObject({ rows: 1, metrics: ['accuracy'], timeFrom: '2025-05-01T00:00:00.000Z' });
  });

  it('detects each format with a confidence', () => {
    expect(detectFormat('x.json', fixture('prometheus_query_range_matrix.json'))).toEqual({ format: 'prometheus', confidence: 0.95 });
    expect(detectFormat('x.csv', fixture('nannyml_cbpe_flat.csv'))).toEqual({ format: 'nannyml', confidence: 0.9, layout: 'flattened columns' });
    expect(detectFormat('x.json', fixture('evidently_v06_v07early_drift.json'))?.format).toBe('evidently');
    expect(detectFormat('x.csv', 'timestamp,metric,value\n')).toEqual({ format: 'generic-csv', confidence: 0.9 });
    expect(detectFormat('x.txt', 'hello')).toBeNull();
  });
});
