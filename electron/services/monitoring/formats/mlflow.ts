import type { MetricPoint } from '../../../../shared/monitoring';
import { importError } from '../limits';
import { num, parseLooseJson, readCsv, readCsvRows, reading, toIso, type Parsed } from './common';

/** mlflow-export-import `run.json`: `mlflow.metrics.<name>[] = {value, timestamp (ms), step}`. */
export const parseMlflowRun = (text: string, file: string): Parsed => {
  const doc = parseLooseJson(text, file) as { mlflow?: { info?: { run_id?: string }; metrics?: Record<string, { value?: unknown; timestamp?: unknown; step?: unknown }[]> } };
  const metrics = doc.mlflow?.metrics;
  if (!metrics || typeof metrics !== 'object') throw importError(file, 'key mlflow.metrics', 'no metrics: not an mlflow-export-import run');
  const points: MetricPoint[] = [];
  for (const [name, history] of Object.entries(metrics)) {
    if (!Array.isArray(history)) throw importError(file, `key mlflow.metrics.${name}`, 'a metric history is a list');
    history.forEach((h, k) => {
      const ts = toIso(h.timestamp);
      const value = reading(h.value);
      if (!ts || Number.isNaN(value.value)) throw importError(file, `key mlflow.metrics.${name}[${k}]`, 'each entry needs a numeric value and a timestamp');
      points.push({ ts, metric: name, feature: null, ...value, lower: null, upper: null, alert: null });
    });
  }
  return { points, notes: [`run ${doc.mlflow?.info?.run_id ?? '?'}`] };
};

/** `mlflow experiments csv`: one run per row, `metrics.<k>` columns, in no fixed order. */
export const parseMlflowExperimentsCsv = (text: string, file: string): Parsed => {
  const rows = readCsv(text, file);
  const header = rows[0] ? Object.keys(rows[0]) : [];
  if (!header.includes('run_id')) throw importError(file, 'line 1', 'no run_id column: not an `mlflow experiments csv` export');
  const metricCols = header.filter((h) => h.startsWith('metrics.'));
  const points: MetricPoint[] = [];
  rows.forEach((r, i) => {
    const ts = toIso(r.end_time) ?? toIso(r.start_time);
    if (!ts) throw importError(file, `line ${i + 2}`, 'the run has neither end_time nor start_time');
    for (const c of metricCols) {
      const value = reading(r[c]);
      if (Number.isNaN(value.value)) throw importError(file, `line ${i + 2}`, `${c} "${r[c] ?? ''}" is not a number`);
      if (value.value !== null || value.special) points.push({ ts, metric: c.slice('metrics.'.length), feature: r.run_id ?? null, ...value, lower: null, upper: null, alert: null });
    }
  });
  return { points, notes: [`${rows.length} runs`] };
};

/** The columns MLflow's UI writes before a run's parameters, metrics and tags (runInfosToCsv). */
export const MLFLOW_UI_COLUMNS = ['Start Time', 'Duration', 'Run ID', 'Name', 'Source Type', 'Source Name', 'User', 'Status'] as const;

/**
 * MLflow's UI "Download CSV" of the runs table: the eight run columns, then parameters, metrics
 * and tags under their bare names. The file does not say which is which, so a column is read as
 * a metric when every value in it is a number (a numeric parameter such as `alpha` is then read
 * too, and the preview says so). Each value is a point at its run's start time, the run id as
 * its feature. The start time is written in the browser's local time without a zone: read as UTC.
 */
export const parseMlflowUiCsv = (text: string, file: string): Parsed => {
  const [head, ...rows] = readCsvRows(text, file, ',');
  if (!head || MLFLOW_UI_COLUMNS.some((c, i) => head[i]?.trim() !== c)) throw importError(file, 'line 1', `not MLflow's runs table: it starts with the columns ${MLFLOW_UI_COLUMNS.join(', ')}`);
  const extra = head.slice(MLFLOW_UI_COLUMNS.length).map((c) => c.trim());
  const numeric = extra.map((_, k) => rows.every((r) => { const v = num(r[k + MLFLOW_UI_COLUMNS.length]); return v === null || !Number.isNaN(v); }) && rows.some((r) => (r[k + MLFLOW_UI_COLUMNS.length] ?? '').trim() !== ''));
  const points: MetricPoint[] = [];
  rows.forEach((r, i) => {
    const ts = toIso(r[0]);
    if (!ts) throw importError(file, `line ${i + 2}`, `Start Time "${r[0] ?? ''}" is not a date`);
    extra.forEach((name, k) => {
      if (!numeric[k]) return;
      const value = reading(r[k + MLFLOW_UI_COLUMNS.length]);
      if (value.value !== null || value.special) points.push({ ts, metric: name, feature: r[2]?.trim() || null, ...value, lower: null, upper: null, alert: null });
    });
  });
  const read = extra.filter((_, k) => numeric[k]);
  const skipped = extra.filter((_, k) => !numeric[k]);
  return {
    points,
    notes: [
      `${rows.length} runs; ${read.length} numeric columns read as metrics (${read.join(', ') || 'none'})`,
      ...(skipped.length ? [`${skipped.length} text columns left out (parameters or tags): ${skipped.join(', ')}`] : []),
      "MLflow's runs table does not mark parameters: a numeric parameter is read as a metric too",
      'start times are local times without a zone; read as UTC',
    ],
  };
};
