import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '../../electron/handlers';
import { detectFormat } from '../../electron/services/monitoring/parsers';
import { previewExport } from '../../electron/services/monitoring/ingest';
import { ingestGenericCsvFile } from '../../electron/services/monitoring/streamCsv';
import { seriesOf } from '../../db/queries/monitoring';
import type { MonitoringPreview, Result } from '../../shared/contract';
import { emptyModelInput } from '../../shared/model';
import { defaultRules, type MetricPoint } from '../../shared/monitoring';
import { tempDir, tempRuntime } from '../helpers/temp';
import { as } from '../helpers/people';

const FIXTURES = join(import.meta.dirname, '../fixtures/monitoring');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const AT = new Date('2026-11-30T12:00:00Z');
/** Read as if current: these fixtures date from 2014 to 2026 (stale data has its own test below). */
const AS_CURRENT = 36500;
const preview = (name: string, content = fixture(name)) => previewExport(name, Buffer.from(content), defaultRules(), AT, undefined, undefined, {}, AS_CURRENT);
const find = (points: MetricPoint[], metric: string, feature: string | null = null): MetricPoint[] => points.filter((p) => p.metric === metric && p.feature === feature);
const keys = (points: MetricPoint[]): string[] => points.map((p) => `${p.ts}|${p.metric}|${p.feature ?? ''}`);

const ok = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const setup = async (): Promise<HandlerContext> => {
  const { ctx } = await tempRuntime(undefined, () => AT);
  await as(ctx, 'Lea Lead', 'review_lead');
  ok(await dispatch(ctx, 'monitoring.saveStaleDays', { days: AS_CURRENT }));
  await as(ctx, 'Rita Officer', 'risk_officer');
  ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0001', name: 'Loan default', purpose: 'PD', businessUnit: 'Retail', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' }));
  return ctx;
};

describe('Evidently', () => {
  it('v0.7.16+: every value is a point, told apart by its parameters and column; object values give one point per field', () => {
    const p = preview('evidently_v0716_dataset_summary.json');
    expect(p.format).toBe('evidently');
    for (const t of ['num', 'cat', 'text', 'datetime']) expect(find(p.points, `ColumnCount(column_type=${t})`)).toHaveLength(1);
    expect(find(p.points, 'ColumnCount')[0]?.value).toBe(15);
    expect(['0.25', '0.5', '0.75'].map((q) => find(p.points, `QuantileValue(quantile=${q})`, 'age')[0]?.value)).toEqual([28, 37, 48]);
    expect(find(p.points, 'MissingValueCount:count', 'workclass')[0]?.value).toBe(1836);
    expect(find(p.points, 'MissingValueCount:share', 'workclass')[0]?.value).toBeCloseTo(0.0564, 4);
    expect(find(p.points, 'DatasetMissingValueCount:count')[0]?.value).toBe(4262);
    expect(find(p.points, 'UniqueValueCount:counts:Male', 'sex')[0]?.value).toBe(21790);
    expect(find(p.points, 'UniqueValueCount:shares:Female', 'sex')[0]?.value).toBeCloseTo(0.3308, 4);
    // Every metric in the file gave at least one point: nothing is counted and then dropped.
    expect(p.notes.filter((n) => n.includes('not used') || n.includes('no numeric'))).toEqual([]);
    expect(new Set(keys(p.points)).size).toBe(p.points.length);
    expect(find(p.points, 'drift:wasserstein', 'age')[0]).toMatchObject({ value: 0.18, upper: 0.1, alert: true });
  });

  it('0.4.x: the drifted share and count once, not twice; per-column drift keeps its stattest_threshold', () => {
    const p = preview('evidently_v04_data_drift_preset.json');
    expect(find(p.points, 'drifted_columns_share')).toHaveLength(1);
    expect(find(p.points, 'drifted_columns_count')).toHaveLength(1);
    expect(new Set(keys(p.points)).size).toBe(p.points.length);
    expect(find(p.points, 'drift:Wasserstein distance (normed)', 'distance')[0]).toMatchObject({ upper: 0.1, lower: null, alert: true });
    expect(find(p.points, 'drift:K-S p_value', 'hour')[0]).toMatchObject({ lower: 0.05, upper: null, alert: true });
    expect(p.points[0]?.ts).toBe('2024-07-28T10:15:42.118Z');
    expect(p.notes).toContain('2 values the report gives twice kept once');
  });
});

describe('Prometheus', () => {
  it('+Inf and -Inf are flagged non-finite points, never 1.797e308; NaN is a missing value; rules take +Inf as an upper breach', () => {
    const p = preview('prometheus_histogram_bucket_inf.json');
    const p99 = find(p.points, 'model_latency_seconds', 'job=scoring,quantile=0.99');
    expect(p99.map((x) => [x.value, x.special ?? null])).toEqual([[0.42, null], [null, 'inf'], [null, null], [0.47, null]]);
    expect(find(p.points, 'model_latency_seconds', 'job=scoring,quantile=0.5')[1]).toMatchObject({ value: null, special: '-inf' });
    expect(p.points.every((x) => x.value === null || Math.abs(x.value) < 1e300)).toBe(true);
    const rules = [{ id: 'latency', label: 'Latency above 1 s', metric: '^model_latency_seconds$', condition: 'above' as const, threshold: 1, categories: ['unavailability' as const], probability: 3 }];
    const withRule = previewExport('p.json', Buffer.from(fixture('prometheus_histogram_bucket_inf.json')), rules, AT, undefined, undefined, {}, AS_CURRENT);
    expect(withRule.findings).toHaveLength(1);
    expect(withRule.findings[0]).toMatchObject({ breaches: 1, windowFrom: '2024-11-01T01:00:00.000Z' });
  });

  it('stores an infinity as flagged, and reads it back as such', async () => {
    const ctx = await setup();
    ok(await dispatch(ctx, 'monitoring.ingest', { ref: 'MDL-0001', fileName: 'inf.json', content: fixture('prometheus_histogram_bucket_inf.json') }));
    const model = ctx.db.lite!.prepare("select id from models where ref = 'MDL-0001'").pluck().get() as number;
    const stored = (await seriesOf(ctx.db, model)).filter((x) => x.special);
    expect(stored.map((x) => [x.special, x.value]).sort()).toEqual([['-inf', null], ['inf', null]]);
    expect(ctx.db.lite!.prepare('select max(abs(value)) from metric_points').pluck().get()).toBeLessThan(1e300);
  });

  it('reads a result array saved without the {status, data} envelope', () => {
    expect(detectFormat('r.json', fixture('prometheus_bare_result.json'))).toMatchObject({ format: 'prometheus', layout: 'bare result array' });
    const p = preview('prometheus_bare_result.json');
    expect(p.rows).toBe(4);
    expect(p.findings.map((f) => f.ruleId)).toEqual(['uptime-low']);
  });
});

describe('Grafana', () => {
  it('reads "Download for Excel": a BOM, a sep=; line, then the panel', () => {
    expect(detectFormat('g.csv', fixture('grafana_download_for_excel.csv'))).toMatchObject({ format: 'grafana-csv' });
    const p = preview('grafana_download_for_excel.csv');
    expect(p.metrics).toEqual(['accuracy', 'error_rate']);
    expect(find(p.points, 'error_rate').map((x) => x.value)).toEqual([0.004, 0.015, 0.002]);
    expect(find(p.points, 'accuracy')[2]?.value).toBeNull();
    expect(p.findings.map((f) => f.ruleId)).toEqual(['error-rate-high']);
  });

  it('reads the long Series;Time;Value layout, with undefined as a missing value', () => {
    const p = preview('grafana_long_series_time_value.csv');
    expect(p.format).toBe('grafana-csv');
    expect(find(p.points, 'accuracy').map((x) => x.value)).toEqual([0.91, null]);
    expect(find(p.points, 'latency_p99').map((x) => x.value)).toEqual([412, null]);
  });

  it('a table panel without a time column imports through a mapping that gives the time', async () => {
    const table = 'Model,accuracy,recall\nscoring,0.91,0.83\n';
    expect(() => preview('table.csv', table)).toThrow(/could not be recognised/);
    const mapping = { timestamp: null, fixedTime: '2026-11-29T00:00:00Z', metric: null, value: null, valueColumns: ['accuracy', 'recall'], feature: 'Model', lower: null, upper: null, alert: null };
    const p = previewExport('table.csv', Buffer.from(table), defaultRules(), AT, undefined, mapping);
    expect(p.points.map((x) => [x.ts, x.metric, x.feature, x.value])).toEqual([['2026-11-29T00:00:00.000Z', 'accuracy', 'scoring', 0.91], ['2026-11-29T00:00:00.000Z', 'recall', 'scoring', 0.83]]);
    const ctx = await setup();
    expect(await dispatch(ctx, 'monitoring.preview', { fileName: 't.csv', content: table, mapping: { ...mapping, fixedTime: null } })).toMatchObject({ ok: false, error: { message: expect.stringContaining('give the time the values were measured') as string } });
  });
});

describe('MLflow UI runs table', () => {
  it('one point per run and numeric column at its start time; text columns left out and named; `mlflow experiments csv` still its own format', () => {
    expect(detectFormat('runs.csv', fixture('mlflow_ui_runs.csv'))).toMatchObject({ format: 'mlflow-ui-csv' });
    const p = preview('mlflow_ui_runs.csv');
    expect(p.metrics).toEqual(['alpha', 'l1_ratio', 'mae', 'r2', 'rmse']);
    expect(find(p.points, 'rmse', '6c7e8b1a2f3d4e5f9a0b1c2d3e4f5a6b')[0]).toMatchObject({ ts: '2026-10-30T14:03:22.000Z', value: 0.7931 });
    expect(find(p.points, 'rmse', '8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b')).toEqual([]);
    expect(p.notes.join(' ')).toContain('mlflow.source.git.commit');
    expect(detectFormat('x.csv', 'run_id,experiment_id,start_time,metrics.rmse\n')).toMatchObject({ format: 'mlflow-csv' });
  });
});

describe('ragged CSV', () => {
  const ragged = 'timestamp,metric,value\n2026-05-01T00:00:00Z,accuracy,0.9\n2026-05-02T00:00:00Z,accuracy\n2026-05-03T00:00:00Z,accuracy,0.8,1,2,3\n';
  it('the whole-file reader refuses a row with too few or too many columns, naming the line', () => {
    expect(() => previewExport('r.csv', Buffer.from(ragged), defaultRules(), AT, 'generic-csv')).toThrow('r.csv (line 3): this row has 2 columns');
    expect(() => previewExport('r.csv', Buffer.from(ragged.replace('accuracy\n', 'accuracy,0.85\n')), defaultRules(), AT, 'generic-csv')).toThrow('r.csv (line 4): this row has 6 columns');
    const nanny = fixture('nannyml_realized_performance_2row.csv').replace('0.961024,', '');
    expect(() => preview('n.csv', nanny)).toThrow(/\(line 6\): this row has 11 columns/);
  });
  it('the streaming reader refuses them too, and writes nothing', async () => {
    const ctx = await setup();
    const file = join(tempDir(), 'ragged.csv');
    const req = { ref: 'MDL-0001', path: file, actor: { name: 'x', id: null, os: 'tester' }, now: AT, rules: defaultRules() };
    writeFileSync(file, ragged);
    await expect(ingestGenericCsvFile(ctx.db, req)).rejects.toThrow('ragged.csv (line 3): this row has 2 columns where the header has 3');
    writeFileSync(file, ragged.replace('accuracy\n', 'accuracy,0.85\n'));
    await expect(ingestGenericCsvFile(ctx.db, req)).rejects.toThrow('ragged.csv (line 4): this row has 6 columns where the header has 3');
    writeFileSync(file, 'timestamp,metric,value\n2026-05-01T00:00:00Z,"acc, top",0.9,7\n');
    await expect(ingestGenericCsvFile(ctx.db, req)).rejects.toThrow('ragged.csv (line 2): this row has 4 columns');
    expect(ctx.db.lite!.prepare('select count(*) from metric_points').pluck().get()).toBe(0);
  });
});

describe('SageMaker Model Monitor, whylogs, Deepchecks', () => {
  it('constraint_violations.json: each violation an alert on its feature, drift as drift', () => {
    const p = preview('sagemaker_constraint_violations.json');
    expect(p.format).toBe('sagemaker');
    expect(p.points.map((x) => [x.metric, x.feature, x.alert])).toEqual([['drift:baseline_drift_check', 'trip_distance', true], ['violation:completeness_check', 'fare_amount', true], ['violation:data_type_check', 'payment_type', true]]);
    expect(p.findings.map((f) => f.ruleId)).toEqual(['feature-drift']);
    expect(p.points[0]?.ts).toBe(AT.toISOString());
  });
  it('statistics.json, data quality and model quality', () => {
    const d = preview('sagemaker_data_quality_statistics.json');
    expect(find(d.points, 'num_missing', 'trip_distance')[0]?.value).toBe(10);
    expect(find(d.points, 'distinct_count', 'payment_type')[0]?.value).toBe(4);
    expect(find(d.points, 'item_count')[0]?.value).toBe(2000);
    const m = preview('sagemaker_model_quality_statistics.json');
    expect(find(m.points, 'roc_auc')[0]).toMatchObject({ ts: '2026-11-20T04:00:00.000Z', value: 0.9134 });
    expect(find(m.points, 'accuracy:standard_deviation')[0]?.value).toBe(0.0042);
  });
  it('whylogs profile summaries, CSV and JSON: one point per column and metric, text cells named', () => {
    const c = preview('whylogs_profile_summary.csv');
    expect(c.format).toBe('whylogs');
    expect(find(c.points, 'counts/null', 'workclass')[0]?.value).toBe(1836);
    expect(find(c.points, 'distribution/mean', 'workclass')).toEqual([]);
    expect(c.notes.join(' ')).toContain('type');
    const j = preview('whylogs_profile_summary.json');
    expect(j.format).toBe('whylogs');
    expect(find(j.points, 'distribution/stddev', 'age')[0]?.value).toBeCloseTo(13.64, 2);
    expect(j.notes.join(' ')).toContain('frequent_items/frequent_strings');
  });
  it('Deepchecks suite result: conditions as pass/fail points, values per feature, a failed check named', () => {
    const p = preview('deepchecks_suite_result.json');
    expect(p.format).toBe('deepchecks');
    expect(find(p.points, 'check:Feature Drift', 'categorical drift score < 0.2 and numerical drift score < 0.2')[0]).toMatchObject({ value: 0, alert: true });
    expect(find(p.points, 'check:Label Drift', 'Label drift score < 0.15')[0]).toMatchObject({ value: 1, alert: false });
    expect(find(p.points, 'Feature Drift:Drift score', 'education')[0]?.value).toBe(0.2391);
    expect(find(p.points, 'Label Drift:Drift score')[0]?.value).toBe(0.0118);
    expect(p.notes.join(' ')).toContain('Date Train Test Leakage Duplicates: the check failed to run');
  });
});

describe('NannyML as NannyML writes it (to_df().to_csv())', () => {
  it('two header rows: realized performance with thresholds, alert and sampling error; reference chunks marked, never findings', () => {
    expect(detectFormat('n.csv', fixture('nannyml_realized_performance_2row.csv'))).toMatchObject({ format: 'nannyml', layout: '2 header rows' });
    const p = preview('nannyml_realized_performance_2row.csv');
    const auc = find(p.points, 'roc_auc');
    expect(auc).toHaveLength(5);
    expect(auc.filter((x) => x.reference)).toHaveLength(2);
    expect(auc[3]).toMatchObject({ ts: '2018-05-01T23:59:59.999Z', value: 0.961024, lower: 0.963326, upper: 0.977754, alert: true });
    expect(auc[4]).toMatchObject({ upper: null, lower: 0.963326 });
    expect(find(p.points, 'roc_auc:sampling_error')).toHaveLength(5);
    const quality = p.findings.find((f) => f.ruleId === 'quality-low');
    expect(quality).toMatchObject({ breaches: 2, windowFrom: '2018-05-01T23:59:59.999Z' });
    expect(p.notes).toContain('2 reference chunks kept as reference: drawn, never findings');
  });
  it('three header rows (univariate drift: column, method, field), pandas index column dropped', () => {
    expect(detectFormat('u.csv', fixture('nannyml_univariate_drift_3row.csv'))).toMatchObject({ format: 'nannyml', layout: '3 header rows' });
    const p = preview('nannyml_univariate_drift_3row.csv');
    expect(p.features).toEqual(['car_value', 'salary_range']);
    expect(p.metrics).toEqual(['chi2', 'hellinger', 'wasserstein']);
    expect(find(p.points, 'chi2', 'salary_range')[3]).toMatchObject({ value: 178.2241, upper: 4.1723, lower: null, alert: true });
    expect(p.findings.find((f) => f.ruleId === 'feature-drift')?.breaches).toBe(3);
  });
  it('the flattened layout still reads', () => {
    expect(preview('nannyml_univariate_drift_flat.csv').format).toBe('nannyml');
  });
  it('refuses a ranker table, saying what it is and what to export instead', () => {
    expect(() => preview('rank.csv', fixture('nannyml_alert_count_ranking.csv'))).toThrow(/alert-count ranking \(AlertCountRanker\).*export the calculator's result instead/);
    expect(() => preview('rank.csv', ',column_name,pearsonr_correlation,pearsonr_pvalue,has_drifted,rank\n0,car_value,0.98,0.0,True,1\n')).toThrow(/correlation ranking/);
  });
});

describe('detection keeps every fixture with its own format', () => {
  it.each([
    ['evidently_v06_v07early_drift.json', 'evidently'], ['evidently_v0716_dataset_summary.json', 'evidently'], ['evidently_v04_data_drift_preset.json', 'evidently'],
    ['prometheus_query_range_matrix.json', 'prometheus'], ['prometheus_histogram_bucket_inf.json', 'prometheus'], ['prometheus_bare_result.json', 'prometheus'],
    ['mlflow_export_import_run.json', 'mlflow-run'], ['mlflow_ui_runs.csv', 'mlflow-ui-csv'], ['nannyml_cbpe_flat.csv', 'nannyml'], ['nannyml_univariate_drift_flat.csv', 'nannyml'],
    ['nannyml_realized_performance_2row.csv', 'nannyml'], ['nannyml_univariate_drift_3row.csv', 'nannyml'], ['grafana_download_for_excel.csv', 'grafana-csv'], ['grafana_long_series_time_value.csv', 'grafana-csv'],
    ['sagemaker_constraint_violations.json', 'sagemaker'], ['sagemaker_data_quality_statistics.json', 'sagemaker'], ['sagemaker_model_quality_statistics.json', 'sagemaker'],
    ['whylogs_profile_summary.csv', 'whylogs'], ['whylogs_profile_summary.json', 'whylogs'], ['deepchecks_suite_result.json', 'deepchecks'],
  ])('%s is %s', (file, format) => {
    expect(detectFormat(file, fixture(file))?.format).toBe(format);
  });
  it('a model card is not a monitoring export', () => {
    expect(detectFormat('m.json', fixture('model_card_toolkit_full.json'))).toBeNull();
  });
  it('a preview says which format it took, and with what confidence', async () => {
    const ctx = await setup();
    const p = ok<MonitoringPreview>(await dispatch(ctx, 'monitoring.preview', { fileName: 'u.csv', content: fixture('nannyml_univariate_drift_3row.csv') }));
    expect(p).toMatchObject({ format: 'nannyml', detected: true, confidence: 0.95 });
  });
});

describe('stale data', () => {
  it('data whose latest value is older than the age (90 days by default) is labelled and raises no finding', () => {
    const old = previewExport('n.csv', Buffer.from(fixture('nannyml_univariate_drift_3row.csv')), defaultRules(), AT);
    expect(old.findings).toEqual([]);
    expect(old.stale).toMatchObject({ latest: '2018-05-01T23:59:59.999Z', limitDays: 90 });
    expect(old.notes.join(' ')).toMatch(/stale data: the latest value is from 2018-05-01, \d+ days ago \(more than 90\); imported as history, no findings/);
    const fresh = 'timestamp,metric,value\n2026-11-29T00:00:00Z,drifted_columns_share,0.6\n';
    expect(previewExport('f.csv', Buffer.from(fresh), defaultRules(), AT).findings.map((f) => f.ruleId)).toEqual(['drift-share']);
    expect(previewExport('f.csv', Buffer.from(fresh.replace('2026-11-29', '2026-08-01')), defaultRules(), AT).stale).toMatchObject({ days: 121 });
  });
  it('an import of stale data opens no finding and brings no review forward, streamed or not; the age is a review lead\'s setting, audited', async () => {
    const { ctx } = await tempRuntime(undefined, () => AT);
    await as(ctx, 'Rita Officer', 'risk_officer');
    ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0001', name: 'Loan default', purpose: 'PD', businessUnit: 'Retail', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' }));
    expect(await dispatch(ctx, 'monitoring.saveStaleDays', { days: 30 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const r = ok<MonitoringPreview & { findingsCount: number }>(await dispatch(ctx, 'monitoring.ingest', { ref: 'MDL-0001', fileName: 'n.csv', content: fixture('nannyml_univariate_drift_3row.csv') }));
    expect(r.findingsCount).toBe(0);
    const file = join(tempDir(), 'old.csv');
    writeFileSync(file, 'timestamp,metric,value\n2019-05-01T00:00:00Z,drifted_columns_share,0.9\n');
    const streamed = await ingestGenericCsvFile(ctx.db, { ref: 'MDL-0001', path: file, actor: { name: 'x', id: null, os: 'tester' }, now: AT, rules: defaultRules() });
    expect(streamed.findingsCount).toBe(0);
    expect(streamed.stale?.latest).toBe('2019-05-01T00:00:00.000Z');
    expect(ctx.db.lite!.prepare('select count(*) from review_triggers').pluck().get()).toBe(0);
    await as(ctx, 'Lea Lead', 'review_lead');
    expect(ok<number>(await dispatch(ctx, 'monitoring.saveStaleDays', { days: 400 }))).toBe(400);
    expect(ctx.db.lite!.prepare("select count(*) from audit_log where entity_id = 'monitoring.staleDays'").pluck().get()).toBe(1);
    expect(await dispatch(ctx, 'monitoring.saveStaleDays', { days: 0 })).toMatchObject({ ok: false, error: { message: expect.stringContaining('at least 1 day') as string } });
  });
  it('a preview for a model names the earlier import of the same file', async () => {
    const ctx = await setup();
    const content = fixture('grafana_download_for_excel.csv');
    ok(await dispatch(ctx, 'monitoring.ingest', { ref: 'MDL-0001', fileName: 'g.csv', content }));
    const begun = ok<{ id: string }>(await dispatch(ctx, 'files.begin', { fileName: 'again.csv', bytes: Buffer.byteLength(content) }));
    ok(await dispatch(ctx, 'files.append', { id: begun.id, offset: 0, data: Buffer.from(content).toString('base64') }));
    const job = ok<{ id: string }>(await dispatch(ctx, 'jobs.start', { task: { kind: 'monitoring.preview', fileId: begun.id, ref: 'MDL-0001' } }));
    const done = await ctx.jobs.wait(job.id);
    expect((done.result as MonitoringPreview).duplicateOf).toMatchObject({ fileName: 'g.csv' });
  });
});
