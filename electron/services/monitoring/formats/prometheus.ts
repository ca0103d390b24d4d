import type { MetricPoint } from '../../../../shared/monitoring';
import { importError } from '../limits';
import { parseLooseJson, reading, toIso, type Parsed } from './common';

type PromSeries = { metric?: Record<string, string>; values?: [number, string][]; value?: [number, string] };

/**
 * A `query_range` (matrix) or instant (vector) answer, with its `{status, data}` envelope or as
 * the bare `result` array some scripts save. Values are strings: "NaN" is a missing value,
 * "+Inf" / "-Inf" are kept as flagged non-finite points.
 */
export const parsePrometheus = (text: string, file: string): Parsed => {
  const doc = parseLooseJson(text, file) as { status?: string; data?: { resultType?: string; result?: PromSeries[] } } | PromSeries[];
  const bare = Array.isArray(doc);
  if (!bare && doc.status && doc.status !== 'success') throw importError(file, 'key status', `Prometheus answered "${doc.status}", not success`);
  const result = bare ? doc : doc.data?.result;
  const at = bare ? '' : 'data.result';
  if (!Array.isArray(result)) throw importError(file, 'key data.result', 'no result array: not a Prometheus query answer');
  const points: MetricPoint[] = [];
  let infinite = 0;
  result.forEach((s, k) => {
    const { __name__: name, ...labels } = s.metric ?? {};
    const feature = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([a, b]) => `${a}=${b}`).join(',') || null;
    const values = s.values ?? (s.value ? [s.value] : []);
    values.forEach((pair, j) => {
      const where = `key ${at}[${k}].values[${j}]`.replace('key [', 'key $[');
      if (!Array.isArray(pair) || pair.length !== 2) throw importError(file, where, 'each value is [time, "value"]');
      const value = reading(pair[1]);
      const ts = toIso(pair[0]);
      if (!ts || Number.isNaN(value.value)) throw importError(file, where, `"${String(pair[1])}" at ${String(pair[0])} is not a number at a time`);
      if (value.special) infinite += 1;
      points.push({ ts, metric: name ?? 'value', feature, ...value, lower: null, upper: null, alert: null });
    });
  });
  return { points, notes: [`${result.length} series${bare ? ' (a bare result array)' : ''}`, ...(infinite ? [`${infinite} infinite values kept as ±∞`] : [])] };
};
