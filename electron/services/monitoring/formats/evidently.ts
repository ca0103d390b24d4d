import type { MetricPoint } from '../../../../shared/monitoring';
import { importError } from '../limits';
import { num, parseLooseJson, reading, str, toIso, type Parsed } from './common';

const P_VALUE_TESTS = /^(ks|chisquare|z|fisher_exact|g_test|t_test|mannw|cramer_von_mises|anderson|epps_singleton|ks_2samp)$/i;

const isPValue = (method: string): boolean => P_VALUE_TESTS.test(method) || /p_?value/i.test(method);

/** p-value tests drift when the score is at or under the threshold, distances when at or over it. */
export const driftDecision = (score: number | null, method: string | null, threshold: number | null): boolean | null => {
  // Without the method the direction is unknown; the report's own dataset-level count decides then.
  if (score === null || method === null) return null;
  const isP = isPValue(method);
  const t = threshold ?? (isP ? 0.05 : 0.1);
  return isP ? score <= t : score >= t;
};

/** A drift threshold is a lower bound for a p-value (drift under it) and an upper one for a distance. */
const driftBounds = (method: string | null, threshold: number | null): Pick<MetricPoint, 'lower' | 'upper'> =>
  threshold === null ? { lower: null, upper: null } : method && isPValue(method) ? { lower: threshold, upper: null } : { lower: null, upper: threshold };

const argsOf = (id: string): Record<string, string> =>
  Object.fromEntries([...id.matchAll(/(\w+)=([^,)]+)/g)].map((m) => [m[1]!, m[2]!.trim()]));

type EvMetric = { metric_id?: string; metric_name?: string; metric?: string; value?: unknown; result?: Record<string, unknown>; config?: Record<string, unknown> };

const QUALITY: Record<string, string> = { Accuracy: 'accuracy', Precision: 'precision', Recall: 'recall', F1Score: 'f1', RocAuc: 'roc_auc' };
/** Config keys that are not parameters telling two series apart. */
const NOT_PARAMS = new Set(['type', 'column', 'tests', 'metric_id', 'id', 'mean_tests', 'std_tests', 'count_tests', 'share_tests']);

/**
 * The series name of a v0.6+ metric: its name and every scalar parameter except the column
 * (which becomes the feature), sorted, so `ColumnCount(column_type=num)` and `(column_type=cat)`
 * stay two series and `QuantileValue(quantile=0.25)` is told from `(quantile=0.75)`.
 */
const seriesName = (name: string, args: Record<string, string>): string => {
  const params = Object.entries(args).filter(([k, v]) => !NOT_PARAMS.has(k) && v !== '' && v !== 'null' && v !== 'None').sort(([a], [b]) => a.localeCompare(b));
  return params.length ? `${name}(${params.map(([k, v]) => `${k}=${v}`).join(',')})` : name;
};

/** Every numeric leaf of an object value, as `:field` or `:field:key` suffixes (`{count, share}`, `{counts: {a: 1}}`). */
const leaves = (value: unknown, prefix = '', depth = 0): [string, unknown][] => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [[prefix, value]];
  if (depth > 3) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, `${prefix}:${k}`, depth + 1));
};

/** Legacy 0.4.x (`metric`/`result`), v0.6–v0.7.15 (`metric_id`/`value`) and v0.7.16+ (`metric_name`/`config`). */
export const parseEvidently = (text: string, file: string, at: string): Parsed => {
  const doc = parseLooseJson(text, file) as { metrics?: EvMetric[]; tests?: { name?: string; status?: string }[]; timestamp?: string };
  if (!Array.isArray(doc.metrics)) throw importError(file, 'key metrics', 'no metrics array: not an Evidently report');
  const ts = toIso(doc.timestamp) ?? at;
  // One point per (series, feature): 0.4.x writes the drifted share and count in both
  // DatasetDriftMetric and DataDriftTable, and a column's drift in DataDriftTable and ColumnDriftMetric.
  const byKey = new Map<string, MetricPoint>();
  let duplicates = 0;
  const add = (metric: string, value: unknown, feature: string | null = null, alert: boolean | null = null, bounds: Pick<MetricPoint, 'lower' | 'upper'> = { lower: null, upper: null }): void => {
    const v = reading(value);
    if (Number.isNaN(v.value)) return;
    const key = `${metric}\u0000${feature ?? ''}`;
    const before = byKey.get(key);
    if (before) {
      duplicates += 1;
      // The copy that carries more (a threshold, an alert) is kept.
      if ((before.lower ?? before.upper) !== null || (before.alert !== null && alert === null)) return;
    }
    byKey.set(key, { ts, metric, feature, ...v, ...bounds, alert });
  };
  const notes: string[] = [];
  doc.metrics.forEach((m, k) => {
    const key = `key metrics[${k}]`;
    if (m.metric && m.result) {
      // Legacy: `drift_share` is the configured threshold; the measured share is share_of_drifted_columns.
      const r = m.result;
      if (m.metric === 'DatasetDriftMetric' || m.metric === 'DataDriftTable') {
        add('drifted_columns_share', r.share_of_drifted_columns, null, r.dataset_drift === undefined ? null : Boolean(r.dataset_drift), { lower: null, upper: num(r.drift_share) });
        add('drifted_columns_count', r.number_of_drifted_columns);
        const byColumn = (r.drift_by_columns ?? {}) as Record<string, { drift_score?: unknown; drift_detected?: unknown; stattest_name?: string; stattest_threshold?: unknown }>;
        for (const [col, c] of Object.entries(byColumn)) {
          const method = c.stattest_name ?? null;
          add(`drift:${method ?? 'score'}`, c.drift_score, col, c.drift_detected === undefined ? null : Boolean(c.drift_detected), driftBounds(method, num(c.stattest_threshold)));
        }
      } else if (m.metric === 'ColumnDriftMetric') {
        const score = num(r.drift_score);
        const method = str(r.stattest_name) || null;
        const threshold = num(r.stattest_threshold);
        const detected = r.drift_detected === undefined ? driftDecision(score, method, threshold) : Boolean(r.drift_detected);
        add(`drift:${method ?? 'score'}`, r.drift_score, str(r.column_name) || null, detected, driftBounds(method, threshold));
      } else if (m.metric === 'ClassificationQualityMetric') {
        const current = (r.current ?? {}) as Record<string, unknown>;
        for (const q of ['accuracy', 'precision', 'recall', 'f1', 'roc_auc']) if (q in current) add(q, current[q]);
      } else notes.push(`${m.metric}: not used`);
      return;
    }
    const id = m.metric_name ?? m.metric_id;
    if (!id) throw importError(file, key, 'a metric has neither metric_id, metric_name nor metric');
    const name = id.split('(')[0]!.trim();
    const config = Object.fromEntries(Object.entries(m.config ?? {}).filter(([, b]) => b === null || ['string', 'number', 'boolean'].includes(typeof b)).map(([a, b]) => [a, String(b)]));
    const args = { ...argsOf(id), ...config };
    const column = args.column ?? null;
    const value = m.value;
    if (name === 'DriftedColumnsCount') {
      const v = (value ?? {}) as { count?: unknown; share?: unknown };
      add('drifted_columns_share', v.share, null, null, { lower: null, upper: num(args.drift_share) });
      add('drifted_columns_count', v.count);
    } else if (name === 'ValueDrift') {
      const score = num(value);
      if (Number.isNaN(score)) throw importError(file, `${key}.value`, 'ValueDrift value is not a number');
      const method = args.method ?? null;
      const threshold = num(args.threshold);
      // Python's float('inf') as a distance is as far as drift goes; as a p-value it cannot be.
      const infinite = reading(value).special;
      const detected = infinite && method ? (infinite === 'inf') !== isPValue(method) : driftDecision(score, method, threshold);
      add(`drift:${method ?? 'score'}`, value, column, detected, driftBounds(method, threshold));
    } else if (name in QUALITY) {
      const v = typeof value === 'object' && value !== null ? (value as { mean?: unknown }).mean : value;
      add(QUALITY[name]!, v);
    } else {
      const series = seriesName(name, args);
      const fields = leaves(value);
      const used = fields.filter(([, v]) => v === null || typeof v === 'number' || (typeof v === 'string' && !Number.isNaN(num(v))));
      for (const [suffix, v] of used) add(`${series}${suffix}`, v, column);
      if (used.length === 0) notes.push(`${series}: no numeric value`);
    }
  });
  for (const t of doc.tests ?? []) if (t.name) add(`test:${t.name}`, t.status === 'SUCCESS' ? 1 : 0, null, t.status ? t.status !== 'SUCCESS' : null);
  if (duplicates) notes.push(`${duplicates} values the report gives twice kept once`);
  return { points: [...byKey.values()], notes };
};
