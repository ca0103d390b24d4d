import type { MetricPoint } from '../../../../shared/monitoring';
import { importError } from '../limits';
import { bool, num, readCsv, reading, toIso, type Parsed } from './common';

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
    const value = reading(r.value);
    if (Number.isNaN(value.value)) throw importError(file, line, `value "${r.value}" is not a number`);
    const lower = num(r.lower);
    const upper = num(r.upper);
    if (Number.isNaN(lower) || Number.isNaN(upper)) throw importError(file, line, 'lower and upper must be numbers or empty');
    return { ts, metric: r.metric.trim(), feature: r.feature?.trim() || null, ...value, lower, upper, alert: r.alert === undefined ? null : bool(r.alert) };
  });
  return { points, notes: [] };
};
