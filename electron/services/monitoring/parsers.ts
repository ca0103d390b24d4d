import { parse } from 'csv-parse/sync';
import type { ColumnMapping, MetricPoint, MonitoringFormat } from '../../../shared/monitoring';
import { importError, LIMITS } from './limits';

export type Parsed = { points: MetricPoint[]; notes: string[] };

// --- shared helpers -------------------------------------------------------------------------

/** A scalar as text; objects and arrays are not values here. */
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : v > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
  const s = str(v).trim();
  if (/^nan$/i.test(s)) return null;
  if (/^\+?inf(inity)?$/i.test(s)) return Number.MAX_VALUE;
  if (/^-inf(inity)?$/i.test(s)) return -Number.MAX_VALUE;
  const n = Number(s);
  return Number.isFinite(n) ? n : Number.NaN;
};

const bool = (v: unknown): boolean | null => {
  const s = str(v).trim().toLowerCase();
  return s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : null;
};

/** ISO dates, `YYYY-MM-DD HH:MM:SS(.ffffff)`, or epoch seconds / milliseconds, as ISO UTC. */
export const toIso = (v: unknown): string | null => {
  const s = str(v).trim();
  if (!s) return null;
  if (/^\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return new Date(n > 1e11 ? n : n * 1000).toISOString();
  }
  const iso = s.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1');
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

/** V8 names a position in some messages and quotes the text around the error in others. */
const errorLine = (text: string, message: string): number => {
  const at = /position (\d+)/.exec(message);
  if (at) return text.slice(0, Number(at[1])).split('\n').length;
  const quoted = /"(?:\.\.\.)?(.*?)(?:\.\.\.)?" is not valid JSON/s.exec(message)?.[1]?.replace(/\\"/g, '"');
  const index = quoted ? text.indexOf(quoted) : -1;
  return index < 0 ? 1 : text.slice(0, index + Math.floor(quoted!.length / 2)).split('\n').length;
};

/**
 * JSON as Python writes it: bare NaN, Infinity and -Infinity become the strings "NaN", …, which
 * the value readers understand. Syntax errors name the line; too deep a nesting is refused.
 */
export const parseLooseJson = (text: string, file: string): unknown => {
  const clean = text.replace(/"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)/g, (m, token: string | undefined) => (token ? `"${token}"` : m));
  let value: unknown;
  try {
    value = JSON.parse(clean);
  } catch (e) {
    const line = errorLine(clean, (e as Error).message);
    throw importError(file, `line ${line}`, `not valid JSON: ${(e as Error).message.replace(/ in JSON at position \d+.*$/, '').replace(/, "[\s\S]*" is not valid JSON$/, '')}`);
  }
  const stack: [unknown, number, string][] = [[value, 0, '$']];
  while (stack.length) {
    const [v, depth, path] = stack.pop()!;
    if (depth > LIMITS.jsonDepth) throw importError(file, `key ${path}`, `JSON nested deeper than ${LIMITS.jsonDepth} levels`);
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        // JSON.parse keeps these as plain keys, but code that merges objects could be tricked into
        // changing prototypes; no monitoring export has them, so they are refused.
        if (k === '__proto__' || k === 'constructor' || k === 'prototype') throw importError(file, `key ${path}.${k}`, `the key "${k}" is not allowed in an export`);
        stack.push([x, depth + 1, `${path}.${k}`]);
      }
    }
  }
  return value;
};

/** Lines are already bounded by previewExport (checkLineLengths) before any CSV reader runs. */
const readCsv = (text: string, file: string): Record<string, string>[] => {
  try {
    return parse(text, { columns: (h: string[]) => h.map((c) => c.trim()), bom: true, skip_empty_lines: true, relax_column_count: false });
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw importError(file, line ? `line ${line}` : '', `not a readable CSV: ${(e as Error).message}`);
  }
};

// --- generic long CSV -----------------------------------------------------------------------

/** `timestamp, metric, value[, feature, lower, upper, alert]`, one observation per row. */
export const parseGenericCsv = (text: string, file: string): Parsed => {
  const rows = readCsv(text, file);
  const header = rows[0] ? Object.keys(rows[0]).map((h) => h.toLowerCase()) : [];
  for (const need of ['timestamp', 'metric', 'value']) if (rows.length && !header.includes(need)) throw importError(file, 'line 1', `missing column "${need}" (a generic CSV has timestamp, metric, value)`);
  const points = rows.map((raw, i): MetricPoint => {
    const r = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
    const line = `line ${i + 2}`;
    const ts = toIso(r.timestamp);
    if (!ts) throw importError(file, line, `timestamp "${r.timestamp}" is not a date or an epoch time`);
    if (!r.metric?.trim()) throw importError(file, line, 'metric is empty');
    const value = num(r.value);
    if (Number.isNaN(value)) throw importError(file, line, `value "${r.value}" is not a number`);
    const lower = num(r.lower);
    const upper = num(r.upper);
    if (Number.isNaN(lower) || Number.isNaN(upper)) throw importError(file, line, 'lower and upper must be numbers or empty');
    return { ts, metric: r.metric.trim(), feature: r.feature?.trim() || null, value, lower, upper, alert: r.alert === undefined ? null : bool(r.alert) };
  });
  return { points, notes: [] };
};

// --- NannyML --------------------------------------------------------------------------------

const NANNY_METHODS = ['kolmogorov_smirnov', 'jensen_shannon', 'chi2', 'wasserstein', 'hellinger', 'l_infinity'];

/** `Result.to_df(multilevel=False)`: univariate drift `<column>_<method>_<field>`, or CBPE / realized `<metric>_<field>`. */
export const parseNannyml = (text: string, file: string): Parsed => {
  const rows = readCsv(text, file);
  const header = rows[0] ? Object.keys(rows[0]) : [];
  if (!header.includes('chunk_key')) throw importError(file, 'line 1', 'not a NannyML result table (no chunk_key column)');
  const prefixes = header.filter((h) => h.endsWith('_value')).map((h) => h.slice(0, -'_value'.length));
  const points: MetricPoint[] = [];
  rows.forEach((r, i) => {
    const ts = toIso(r.chunk_end_date) ?? toIso(r.chunk_start_date);
    if (!ts) throw importError(file, `line ${i + 2}`, 'chunk_end_date is not a date');
    for (const p of prefixes) {
      const method = NANNY_METHODS.find((m) => p.endsWith(`_${m}`));
      const value = num(r[`${p}_value`]);
      const lower = num(r[`${p}_lower_threshold`]);
      const upper = num(r[`${p}_upper_threshold`]);
      if ([value, lower, upper].some((x) => Number.isNaN(x))) throw importError(file, `line ${i + 2}`, `column ${p}_value or its thresholds are not numbers`);
      points.push({
        ts,
        metric: method ?? p,
        feature: method ? p.slice(0, -method.length - 1) : null,
        value,
        lower,
        upper,
        alert: bool(r[`${p}_alert`]),
      });
    }
  });
  return { points, notes: [`${rows.length} chunks, ${prefixes.length} series`] };
};

// --- Prometheus -----------------------------------------------------------------------------

type PromSeries = { metric?: Record<string, string>; values?: [number, string][]; value?: [number, string] };

/** A `query_range` (matrix) or instant (vector) answer; values are strings, "NaN" and "+Inf" included. */
export const parsePrometheus = (text: string, file: string): Parsed => {
  const doc = parseLooseJson(text, file) as { status?: string; data?: { resultType?: string; result?: PromSeries[] } };
  if (doc.status && doc.status !== 'success') throw importError(file, 'key status', `Prometheus answered "${doc.status}", not success`);
  const result = doc.data?.result;
  if (!Array.isArray(result)) throw importError(file, 'key data.result', 'no result array: not a Prometheus query answer');
  const points: MetricPoint[] = [];
  result.forEach((s, k) => {
    const { __name__: name, ...labels } = s.metric ?? {};
    const feature = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([a, b]) => `${a}=${b}`).join(',') || null;
    const values = s.values ?? (s.value ? [s.value] : []);
    values.forEach((pair, j) => {
      if (!Array.isArray(pair) || pair.length !== 2) throw importError(file, `key data.result[${k}].values[${j}]`, 'each value is [time, "value"]');
      const value = num(pair[1]);
      const ts = toIso(pair[0]);
      if (!ts || Number.isNaN(value)) throw importError(file, `key data.result[${k}].values[${j}]`, `"${String(pair[1])}" at ${String(pair[0])} is not a number at a time`);
      points.push({ ts, metric: name ?? 'value', feature, value, lower: null, upper: null, alert: null });
    });
  });
  return { points, notes: [`${result.length} series`] };
};

// --- Evidently ------------------------------------------------------------------------------

const P_VALUE_TESTS = /^(ks|chisquare|z|fisher_exact|g_test|t_test|mannw|cramer_von_mises|anderson|epps_singleton|ks_2samp)$/i;

/** p-value tests drift when the score is at or under the threshold, distances when at or over it. */
export const driftDecision = (score: number | null, method: string | null, threshold: number | null): boolean | null => {
  // Without the method the direction is unknown; the report's own dataset-level count decides then.
  if (score === null || method === null) return null;
  const isP = P_VALUE_TESTS.test(method) || /p_?value/i.test(method);
  const t = threshold ?? (isP ? 0.05 : 0.1);
  return isP ? score <= t : score >= t;
};

const argsOf = (id: string): Record<string, string> =>
  Object.fromEntries([...id.matchAll(/(\w+)=([^,)]+)/g)].map((m) => [m[1]!, m[2]!.trim()]));

type EvMetric = { metric_id?: string; metric_name?: string; metric?: string; value?: unknown; result?: Record<string, unknown>; config?: Record<string, unknown> };

/** Legacy 0.4.x (`metric`/`result`), v0.6–v0.7.15 (`metric_id`/`value`) and v0.7.16+ (`metric_name`/`config`). */
export const parseEvidently = (text: string, file: string, at: string): Parsed => {
  const doc = parseLooseJson(text, file) as { metrics?: EvMetric[]; tests?: { name?: string; status?: string }[]; timestamp?: string };
  if (!Array.isArray(doc.metrics)) throw importError(file, 'key metrics', 'no metrics array: not an Evidently report');
  const ts = toIso(doc.timestamp) ?? at;
  const points: MetricPoint[] = [];
  const add = (metric: string, value: number | null, feature: string | null = null, alert: boolean | null = null, upper: number | null = null): void => {
    points.push({ ts, metric, feature, value, lower: null, upper, alert });
  };
  const notes: string[] = [];
  doc.metrics.forEach((m, k) => {
    const key = `key metrics[${k}]`;
    if (m.metric && m.result) {
      // Legacy: `drift_share` is the configured threshold; the measured share is share_of_drifted_columns.
      const r = m.result;
      if (m.metric === 'DatasetDriftMetric' || m.metric === 'DataDriftTable') {
        add('drifted_columns_share', num(r.share_of_drifted_columns));
        add('drifted_columns_count', num(r.number_of_drifted_columns));
        const byColumn = (r.drift_by_columns ?? {}) as Record<string, { drift_score?: unknown; drift_detected?: unknown; stattest_name?: string }>;
        for (const [col, c] of Object.entries(byColumn)) add(`drift:${c.stattest_name ?? 'score'}`, num(c.drift_score), col, c.drift_detected === undefined ? null : Boolean(c.drift_detected));
      } else if (m.metric === 'ColumnDriftMetric') {
        const score = num(r.drift_score);
        const detected = r.drift_detected === undefined ? driftDecision(score, str(r.stattest_name) || null, num(r.stattest_threshold)) : Boolean(r.drift_detected);
        add(`drift:${str(r.stattest_name) || 'score'}`, score, str(r.column_name) || null, detected, num(r.stattest_threshold));
      } else if (m.metric === 'ClassificationQualityMetric') {
        const current = (r.current ?? {}) as Record<string, unknown>;
        for (const q of ['accuracy', 'precision', 'recall', 'f1', 'roc_auc']) if (q in current) add(q, num(current[q]));
      } else notes.push(`${m.metric}: not used`);
      return;
    }
    const id = m.metric_name ?? m.metric_id;
    if (!id) throw importError(file, key, 'a metric has neither metric_id, metric_name nor metric');
    const name = id.split('(')[0]!;
    const args = { ...argsOf(id), ...Object.fromEntries(Object.entries(m.config ?? {}).map(([a, b]) => [a, String(b)])) };
    const value = m.value;
    if (name === 'DriftedColumnsCount') {
      const v = (value ?? {}) as { count?: unknown; share?: unknown };
      add('drifted_columns_share', num(v.share));
      add('drifted_columns_count', num(v.count));
    } else if (name === 'ValueDrift') {
      const score = num(value);
      if (Number.isNaN(score)) throw importError(file, `${key}.value`, 'ValueDrift value is not a number');
      const method = args.method ?? null;
      add(`drift:${method ?? 'score'}`, score, args.column ?? null, driftDecision(score, method, num(args.threshold)), num(args.threshold));
    } else if (['Accuracy', 'Precision', 'Recall', 'F1Score', 'RocAuc'].includes(name)) {
      const v = typeof value === 'object' && value !== null ? (value as { mean?: unknown }).mean : value;
      add({ Accuracy: 'accuracy', Precision: 'precision', Recall: 'recall', F1Score: 'f1', RocAuc: 'roc_auc' }[name]!, num(v));
    } else if (typeof value === 'number' || value === null) {
      add(name, num(value), args.column ?? null);
    } else notes.push(`${name}: not used`);
  });
  for (const t of doc.tests ?? []) if (t.name) add(`test:${t.name}`, t.status === 'SUCCESS' ? 1 : 0, null, t.status ? t.status !== 'SUCCESS' : null);
  return { points: points.filter((p) => !Number.isNaN(p.value)), notes };
};

// --- Grafana --------------------------------------------------------------------------------

/** `45 ms` → 45, `99.5%` → 0.995 (percentages as fractions, the scale the rules use), `1,5` stays invalid. */
const valueWithUnit = (raw: string): number | null => {
  const s = raw.trim();
  if (s === '' || /^(nan|null|n\/a|-)$/i.test(s)) return null;
  const m = /^([-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*(%|[a-zA-Zµ/]+)?$/i.exec(s);
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  return m[2] === '%' ? n / 100 : n;
};

/** Grafana "Inspect › Data › Download CSV": a Time column and one column per series. */
export const parseGrafanaCsv = (text: string, file: string): Parsed => {
  const body = text.replace(/^\uFEFF/, '');
  const header = body.split(/\r?\n/)[0] ?? '';
  const delimiter = (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
  let rows: string[][];
  try {
    rows = parse(body, { delimiter, skip_empty_lines: true, relax_column_count: false });
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw importError(file, line ? `line ${line}` : '', `not a readable CSV: ${(e as Error).message}`);
  }
  const [head, ...data] = rows;
  if (!head || !/^time$/i.test(head[0]?.trim() ?? '')) throw importError(file, 'line 1', 'the first column must be Time (a Grafana panel export)');
  const points: MetricPoint[] = [];
  data.forEach((r, i) => {
    const ts = toIso(r[0]);
    if (!ts) throw importError(file, `line ${i + 2}`, `time "${r[0] ?? ''}" is not a date or epoch milliseconds`);
    for (let c = 1; c < head.length; c++) {
      const value = valueWithUnit(r[c] ?? '');
      if (Number.isNaN(value)) throw importError(file, `line ${i + 2}`, `"${r[c] ?? ''}" in column "${head[c]}" is not a number`);
      points.push({ ts, metric: head[c]!.trim(), feature: null, value, lower: null, upper: null, alert: null });
    }
  });
  return { points, notes: [`${head.length - 1} series, delimiter "${delimiter}"`] };
};

// --- MLflow -------------------------------------------------------------------------------

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
      const value = num(h.value);
      if (!ts || Number.isNaN(value)) throw importError(file, `key mlflow.metrics.${name}[${k}]`, 'each entry needs a numeric value and a timestamp');
      points.push({ ts, metric: name, feature: null, value, lower: null, upper: null, alert: null });
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
      const value = num(r[c]);
      if (Number.isNaN(value)) throw importError(file, `line ${i + 2}`, `${c} "${r[c] ?? ''}" is not a number`);
      if (value !== null) points.push({ ts, metric: c.slice('metrics.'.length), feature: r.run_id ?? null, value, lower: null, upper: null, alert: null });
    }
  });
  return { points, notes: [`${rows.length} runs`] };
};

// --- any CSV, through a column mapping -------------------------------------------------------

export const csvHeader = (text: string): string[] => {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  try {
    const rows: string[][] = parse(first, { relax_column_count: true });
    return rows[0]?.map((c) => c.trim()) ?? [];
  } catch {
    return [];
  }
};

export const parseMappedCsv = (text: string, file: string, mapping: ColumnMapping): Parsed => {
  const rows = readCsv(text, file);
  const header = rows[0] ? Object.keys(rows[0]) : csvHeader(text);
  for (const col of [mapping.timestamp, mapping.metric, mapping.value, mapping.feature, mapping.lower, mapping.upper, mapping.alert, ...mapping.valueColumns]) {
    if (col !== null && !header.includes(col)) throw importError(file, 'line 1', `the mapping names column "${col}", which this file does not have`);
  }
  const points: MetricPoint[] = [];
  rows.forEach((r, i) => {
    const line = `line ${i + 2}`;
    const ts = toIso(r[mapping.timestamp]);
    if (!ts) throw importError(file, line, `${mapping.timestamp} "${r[mapping.timestamp] ?? ''}" is not a date or an epoch time`);
    const extra = (col: string | null): number | null => {
      if (col === null) return null;
      const v = num(r[col]);
      if (Number.isNaN(v)) throw importError(file, line, `${col} "${r[col] ?? ''}" is not a number`);
      return v;
    };
    const base = { ts, feature: mapping.feature ? r[mapping.feature]?.trim() || null : null, lower: extra(mapping.lower), upper: extra(mapping.upper), alert: mapping.alert ? bool(r[mapping.alert]) : null };
    if (mapping.metric !== null && mapping.value !== null) {
      const metric = r[mapping.metric]?.trim();
      if (!metric) throw importError(file, line, `${mapping.metric} is empty`);
      points.push({ ...base, metric, value: extra(mapping.value) });
    }
    for (const col of mapping.valueColumns) points.push({ ...base, metric: col, value: extra(col) });
  });
  return { points, notes: [] };
};

// --- detection ------------------------------------------------------------------------------

/** Which importer fits, with a confidence from 0 to 1; the user may override it. */
export const detectFormat = (fileName: string, text: string): { format: MonitoringFormat; confidence: number } | null => {
  const head = text.slice(0, 4096);
  const firstLine = head.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  if (/^\s*[{[]/.test(head)) {
    if (/"resultType"\s*:/.test(head) && /"data"\s*:/.test(head)) return { format: 'prometheus', confidence: 0.95 };
    if (/"mlflow"\s*:/.test(text.slice(0, 65536)) && /"run_id"\s*:/.test(text.slice(0, 65536))) return { format: 'mlflow-run', confidence: 0.9 };
    if (/"metrics"\s*:/.test(head) && /"(metric_id|metric_name|metric)"\s*:/.test(text.slice(0, 65536))) return { format: 'evidently', confidence: /"metric_id"|"metric_name"|"result"/.test(head) ? 0.9 : 0.6 };
    return null;
  }
  if (/chunk_key/.test(firstLine)) return { format: 'nannyml', confidence: 0.95 };
  if (/^"?time"?\s*[,;]/i.test(firstLine)) return { format: 'grafana-csv', confidence: 0.8 };
  if (/(^|,)run_id(,|$)/.test(firstLine) && /(^|,)metrics\./.test(firstLine)) return { format: 'mlflow-csv', confidence: 0.9 };
  const cols = firstLine.toLowerCase().split(/[,;]/).map((c) => c.trim().replace(/^"|"$/g, ''));
  if (['timestamp', 'metric', 'value'].every((c) => cols.includes(c))) return { format: 'generic-csv', confidence: 0.9 };
  if (/\.csv$/i.test(fileName)) return null;
  return null;
};

export const parseExport = (format: MonitoringFormat, text: string, file: string, at: string, mapping?: ColumnMapping): Parsed => {
  switch (format) {
    case 'mapped-csv':
      if (!mapping) throw importError(file, '', 'a mapped CSV needs a column mapping: which column is the time, the metric and the value');
      return parseMappedCsv(text, file, mapping);
    case 'evidently':
      return parseEvidently(text, file, at);
    case 'nannyml':
      return parseNannyml(text, file);
    case 'prometheus':
      return parsePrometheus(text, file);
    case 'generic-csv':
      return parseGenericCsv(text, file);
    case 'mlflow-run':
      return parseMlflowRun(text, file);
    case 'grafana-csv':
      return parseGrafanaCsv(text, file);
    case 'mlflow-csv':
      return parseMlflowExperimentsCsv(text, file);
  }
};
