import type { MetricPoint } from '../../../../shared/monitoring';
import { importError } from '../limits';
import { parseLooseJson, readCsvRows, reading, type Parsed } from './common';

/** whylogs summary columns are `<namespace>/<metric>` (counts/n, distribution/mean, cardinality/est, …). */
const METRIC_COLUMN = /^[a-z_]+\/[a-z0-9_/]+$/i;

const summarise = (table: Map<string, Map<string, unknown>>, at: string, others: string[]): Parsed => {
  const points: MetricPoint[] = [];
  const skipped = new Set<string>(others);
  for (const [metric, byColumn] of table) {
    for (const [column, raw] of byColumn) {
      if (raw === '' || raw === null || raw === undefined) continue;
      const v = reading(raw);
      if (Number.isNaN(v.value)) {
        skipped.add(metric);
        continue;
      }
      points.push({ ts: at, metric, feature: column, ...v, lower: null, upper: null, alert: null });
    }
  }
  return {
    points,
    notes: [
      `${new Set(points.map((p) => p.feature)).size} columns, ${new Set(points.map((p) => p.metric)).size} metrics`,
      ...(skipped.size ? [`not numbers, left out: ${[...skipped].sort().join(', ')}`] : []),
      'a profile summary has no time: the points are at the import time',
    ],
  };
};

/**
 * whylogs `profile_view.to_pandas()` written as CSV (`to_csv()`: a `column` index, then one
 * `<namespace>/<metric>` column per metric) or as JSON (`to_json()`, pandas' default orient:
 * `{"counts/n": {"age": 100, …}, …}`). One point per column and metric; text cells (types,
 * frequent items) are left out and named.
 */
export const parseWhylogs = (text: string, file: string, at: string): Parsed => {
  const table = new Map<string, Map<string, unknown>>();
  if (/^\s*\{/.test(text)) {
    const doc = parseLooseJson(text, file) as Record<string, unknown>;
    const others: string[] = [];
    for (const [metric, byColumn] of Object.entries(doc)) {
      if (!METRIC_COLUMN.test(metric)) {
        others.push(metric);
        continue;
      }
      if (byColumn === null || typeof byColumn !== 'object' || Array.isArray(byColumn)) throw importError(file, `key ${metric}`, 'each metric maps column names to values');
      table.set(metric, new Map(Object.entries(byColumn as Record<string, unknown>)));
    }
    if (table.size === 0) throw importError(file, '', 'no `<namespace>/<metric>` keys: not a whylogs profile summary');
    return summarise(table, at, others);
  }
  const [head, ...rows] = readCsvRows(text, file, ',');
  if (!head || head[0]?.trim() !== 'column') throw importError(file, 'line 1', 'the first column must be "column" (whylogs profile_view.to_pandas().to_csv())');
  const others = head.slice(1).map((h) => h.trim()).filter((h) => !METRIC_COLUMN.test(h));
  head.forEach((h, c) => {
    if (c === 0 || !METRIC_COLUMN.test(h.trim())) return;
    table.set(h.trim(), new Map(rows.map((r) => [r[0]!.trim(), r[c] ?? ''])));
  });
  return summarise(table, at, others);
};

export const looksLikeWhylogs = (head: string, firstLine: string): boolean =>
  /^"?column"?,/.test(firstLine) && /(^|,)"?counts\/n"?(,|$)/.test(firstLine) ? true : /^\s*\{\s*"(counts|distribution|cardinality|types|ints)\/[a-z_]+"\s*:/.test(head);
