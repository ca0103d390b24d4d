import type { MetricPoint } from '../../../../shared/monitoring';
import { importError } from '../limits';
import { num, parseLooseJson, reading, str, toIso, type Parsed } from './common';

type Violation = { feature_name?: unknown; constraint_check_type?: unknown; description?: unknown; metric_name?: unknown };
type Stats = {
  dataset?: { item_count?: unknown; evaluation_time?: unknown };
  features?: { name?: unknown; inferred_type?: unknown; numerical_statistics?: Record<string, unknown>; string_statistics?: Record<string, unknown> }[];
  [metrics: string]: unknown;
};

/** SageMaker's model-quality names, as the rules name them. */
const QUALITY: Record<string, string> = { accuracy: 'accuracy', recall: 'recall', precision: 'precision', f1: 'f1', f0_5: 'f0_5', f2: 'f2', auc: 'roc_auc', au_prc: 'pr_auc', mae: 'mae', mse: 'mse', rmse: 'rmse', r2: 'r2' };

/**
 * SageMaker Model Monitor `constraint_violations.json` (data quality, model quality, bias and
 * explainability monitors): `{violations: [{feature_name | metric_name, constraint_check_type,
 * description}]}`. The file has no time: the points are at the import (or the time the user gives).
 * A `baseline_drift_check` is a drift alert (`drift:baseline_drift_check`), every other check a
 * `violation:<check>` alert on its feature or metric.
 */
const violations = (doc: { violations: Violation[] }, file: string, at: string): Parsed => {
  const points: MetricPoint[] = doc.violations.map((v, k) => {
    const check = str(v.constraint_check_type).trim();
    if (!check) throw importError(file, `key violations[${k}]`, 'a violation has no constraint_check_type');
    const feature = str(v.feature_name).trim() || str(v.metric_name).trim() || null;
    return { ts: at, metric: check === 'baseline_drift_check' ? `drift:${check}` : `violation:${check}`, feature, value: 1, lower: null, upper: null, alert: true };
  });
  return { points, notes: [`${points.length} constraint violations`, 'constraint_violations.json has no time: the points are at the import time'] };
};

/** Every numeric field of a statistics block (`common.num_present`, `mean`, …), distributions left out. */
const statFields = (s: Record<string, unknown>): [string, unknown][] =>
  Object.entries(s).flatMap(([k, v]): [string, unknown][] => {
    if (k === 'distribution') return [];
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return k === 'common' ? statFields(v as Record<string, unknown>) : [];
    return typeof v === 'number' || v === null ? [[k, v]] : [];
  });

/**
 * SageMaker `statistics.json`: data quality (`dataset.item_count`, `features[]` with numerical or
 * string statistics) or model quality (`binary_classification_metrics`, `multiclass_…`,
 * `regression_metrics`, each metric `{value, standard_deviation}`), at `dataset.evaluation_time`
 * when the file has one.
 */
const statistics = (doc: Stats, file: string, at: string): Parsed => {
  const ts = toIso(doc.dataset?.evaluation_time) ?? at;
  const points: MetricPoint[] = [];
  const push = (metric: string, value: unknown, feature: string | null): void => {
    const v = reading(value);
    if (!Number.isNaN(v.value)) points.push({ ts, metric, feature, ...v, lower: null, upper: null, alert: null });
  };
  if (doc.dataset?.item_count !== undefined) push('item_count', doc.dataset.item_count, null);
  (doc.features ?? []).forEach((f, k) => {
    const name = str(f.name).trim();
    if (!name) throw importError(file, `key features[${k}]`, 'a feature has no name');
    const stats = f.numerical_statistics ?? f.string_statistics ?? {};
    for (const [field, v] of statFields(stats)) push(field, v, name);
  });
  for (const [block, metrics] of Object.entries(doc)) {
    if (!/_metrics$/.test(block) || metrics === null || typeof metrics !== 'object') continue;
    for (const [name, m] of Object.entries(metrics as Record<string, unknown>)) {
      if (m === null || typeof m !== 'object' || !('value' in m)) continue;
      const metric = QUALITY[name] ?? name;
      push(metric, (m).value, null);
      const sd = num((m as { standard_deviation?: unknown }).standard_deviation);
      if (sd !== null && !Number.isNaN(sd)) push(`${metric}:standard_deviation`, sd, null);
    }
  }
  return { points, notes: [`${doc.features?.length ?? 0} features`, ...(ts === at ? ['statistics.json has no evaluation_time: the points are at the import time'] : [])] };
};

export const parseSagemaker = (text: string, file: string, at: string): Parsed => {
  const doc = parseLooseJson(text, file) as Record<string, unknown>;
  if (Array.isArray(doc.violations)) return violations(doc as { violations: Violation[] }, file, at);
  if (Array.isArray(doc.features) || Object.keys(doc).some((k) => /_metrics$/.test(k))) return statistics(doc, file, at);
  throw importError(file, '', 'not a SageMaker Model Monitor file: neither violations (constraint_violations.json) nor features or *_metrics (statistics.json)');
};

/** Recognises the two files by their top-level keys. */
export const looksLikeSagemaker = (head: string): boolean =>
  /^\s*\{\s*"violations"\s*:\s*\[/.test(head) || (/"version"\s*:/.test(head) && /"dataset"\s*:\s*\{/.test(head) && /"(features|binary_classification_metrics|multiclass_classification_metrics|regression_metrics)"\s*:/.test(head));
