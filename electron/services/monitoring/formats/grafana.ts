import type { MetricPoint } from '../../../../shared/monitoring';
import { importError } from '../limits';
import { excelSep, infinityOf, readCsvRows, toIso, type Parsed } from './common';

/**
 * `45 ms` → 45, `99.5%` → 0.995 (percentages as fractions, the scale the rules use), `1,5` stays
 * invalid. Empty, NaN, null, n/a, `-` and `undefined` (older Grafana, a series without a value at
 * that time) are missing values; `+Inf`/`-Inf` are flagged non-finite.
 */
const grafanaValue = (raw: string): Pick<MetricPoint, 'value' | 'special'> => {
  const s = raw.trim();
  if (s === '' || /^(nan|null|n\/a|-|undefined)$/i.test(s)) return { value: null, special: null };
  const special = infinityOf(s);
  if (special) return { value: null, special };
  const m = /^([-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*(%|[a-zA-Zµ/]+)?$/i.exec(s);
  if (!m) return { value: Number.NaN, special: null };
  const n = Number(m[1]);
  return { value: m[2] === '%' ? n / 100 : n, special: null };
};

/** The header of a Grafana CSV, after a BOM and an Excel `sep=` line: wide (`Time, …`) or long (`Series, Time, Value`). */
export const grafanaLayout = (text: string): 'wide' | 'long' | null => {
  const first = (excelSep(text).body.split(/\r?\n/, 1)[0] ?? '').toLowerCase().split(/[;,]/).map((c) => c.trim().replace(/^"|"$/g, ''));
  if (first[0] === 'time') return 'wide';
  if (first.length === 3 && first[0] === 'series' && first[1] === 'time' && first[2] === 'value') return 'long';
  return null;
};

/**
 * Grafana "Inspect › Data › Download CSV" (a Time column and one column per series), its
 * "Download for Excel" variant (BOM, then `sep=;`), and the long `Series;Time;Value` layout
 * older Grafana writes.
 */
export const parseGrafanaCsv = (text: string, file: string): Parsed => {
  const { delimiter: sep } = excelSep(text);
  const offset = sep ? 1 : 0;
  const [head, ...data] = readCsvRows(text, file);
  const layout = grafanaLayout(text);
  if (!head || !layout) throw importError(file, `line ${1 + offset}`, 'the first column must be Time (a Grafana panel export), or the columns Series, Time, Value');
  const points: MetricPoint[] = [];
  const line = (i: number): string => `line ${i + 2 + offset}`;
  const value = (raw: string, i: number, column: string): Pick<MetricPoint, 'value' | 'special'> => {
    const v = grafanaValue(raw);
    if (Number.isNaN(v.value)) throw importError(file, line(i), `"${raw}" in column "${column}" is not a number`);
    return v;
  };
  if (layout === 'long') {
    data.forEach((r, i) => {
      const ts = toIso(r[1]);
      if (!ts) throw importError(file, line(i), `time "${r[1] ?? ''}" is not a date or epoch milliseconds`);
      const series = r[0]?.trim();
      if (!series) throw importError(file, line(i), 'the series name is empty');
      points.push({ ts, metric: series, feature: null, ...value(r[2] ?? '', i, 'Value'), lower: null, upper: null, alert: null });
    });
    return { points, notes: [`${new Set(points.map((p) => p.metric)).size} series (long layout)`] };
  }
  data.forEach((r, i) => {
    const ts = toIso(r[0]);
    if (!ts) throw importError(file, line(i), `time "${r[0] ?? ''}" is not a date or epoch milliseconds`);
    for (let c = 1; c < head.length; c++) points.push({ ts, metric: head[c]!.trim(), feature: null, ...value(r[c] ?? '', i, head[c]!), lower: null, upper: null, alert: null });
  });
  return { points, notes: [`${head.length - 1} series${sep ? `, "Download for Excel" (sep=${sep})` : ''}`] };
};
