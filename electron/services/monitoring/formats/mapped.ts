import type { ColumnMapping, MetricPoint } from '../../../../shared/monitoring';
import { importError } from '../limits';
import { bool, csvHeader, num, readCsvRows, reading, toIso, type Parsed } from './common';

/**
 * Any CSV, through a column mapping: a time column (or, for a table without one such as a
 * Grafana table panel, the time the user gives), and a metric/value pair or value columns.
 */
export const parseMappedCsv = (text: string, file: string, mapping: ColumnMapping): Parsed => {
  const [rawHead, ...rows] = readCsvRows(text, file);
  const header = rawHead?.map((c) => c.trim()) ?? csvHeader(text);
  for (const col of [mapping.timestamp, mapping.metric, mapping.value, mapping.feature, mapping.lower, mapping.upper, mapping.alert, ...mapping.valueColumns]) {
    if (col !== null && !header.includes(col)) throw importError(file, 'line 1', `the mapping names column "${col}", which this file does not have`);
  }
  const fixed = mapping.timestamp === null ? toIso(mapping.fixedTime ?? '') : null;
  if (mapping.timestamp === null && !fixed) throw importError(file, '', 'the file has no time column: give the time its values were measured');
  const index = new Map(header.map((h, i) => [h, i]));
  const points: MetricPoint[] = [];
  rows.forEach((cells, i) => {
    const r = (col: string): string | undefined => cells[index.get(col)!];
    const line = `line ${i + 2}`;
    const ts = mapping.timestamp === null ? fixed : toIso(r(mapping.timestamp));
    if (!ts) throw importError(file, line, `${mapping.timestamp} "${r(mapping.timestamp!) ?? ''}" is not a date or an epoch time`);
    const bound = (col: string | null): number | null => {
      if (col === null) return null;
      const v = num(r(col));
      if (Number.isNaN(v)) throw importError(file, line, `${col} "${r(col) ?? ''}" is not a number`);
      return v;
    };
    const observed = (col: string): Pick<MetricPoint, 'value' | 'special'> => {
      const v = reading(r(col));
      if (Number.isNaN(v.value)) throw importError(file, line, `${col} "${r(col) ?? ''}" is not a number`);
      return v;
    };
    const base = { ts, feature: mapping.feature ? r(mapping.feature)?.trim() || null : null, lower: bound(mapping.lower), upper: bound(mapping.upper), alert: mapping.alert ? bool(r(mapping.alert)) : null };
    if (mapping.metric !== null && mapping.value !== null) {
      const metric = r(mapping.metric)?.trim();
      if (!metric) throw importError(file, line, `${mapping.metric} is empty`);
      points.push({ ...base, metric, ...observed(mapping.value) });
    }
    for (const col of mapping.valueColumns) points.push({ ...base, metric: col, ...observed(col) });
  });
  return { points, notes: mapping.timestamp === null ? [`no time column: every value at ${fixed}`] : [] };
};
