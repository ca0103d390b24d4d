import type { MetricPoint } from '../../../../shared/monitoring';
import { importError } from '../limits';
import { bool, num, readCsvRows, reading, toIso, type Parsed } from './common';

const NANNY_METHODS = ['kolmogorov_smirnov', 'jensen_shannon', 'chi2', 'wasserstein', 'hellinger', 'l_infinity'];
/** The fields NannyML gives a series besides its value; the thresholds and alert go on the point, the rest are series of their own. */
const BOUND_FIELDS = new Set(['value', 'upper_threshold', 'lower_threshold', 'alert']);
const EXTRA_FIELDS = ['sampling_error', 'upper_confidence_boundary', 'lower_confidence_boundary', 'realized'];

/** One series of a result table: how to find its cells in a row, and what to call it. */
type Series = { metric: string; feature: string | null; cell: (field: string) => number | undefined };

const RANKER_HINT =
  'export the calculator\'s result instead (for example univariate_calc.calculate(analysis).to_df().to_csv(…)), which has one row per chunk with its dates';

/** The alert-count and correlation rankers: tables without time, refused by what they are. */
const refuseRanker = (cells: string[], file: string): void => {
  const c = cells.map((x) => x.trim());
  if (c.includes('rank') && c.includes('column_name')) {
    const what = c.includes('number_of_alerts') ? 'the alert-count ranking (AlertCountRanker)' : c.some((x) => x.startsWith('pearsonr')) ? 'the correlation ranking (CorrelationRanker)' : 'a ranking of columns';
    throw importError(file, 'line 1', `this is ${what}, a table of columns without time, not a result over chunks; ${RANKER_HINT}`);
  }
};

/** A point's time is its chunk's end; reference chunks are kept, marked, and never raise findings. */
const pointsOf = (rows: string[][], series: Series[], chunk: (field: string) => number | undefined, file: string, firstDataLine: number): { points: MetricPoint[]; reference: number } => {
  const points: MetricPoint[] = [];
  let reference = 0;
  const endAt = chunk('end_date');
  const startAt = chunk('start_date');
  const periodAt = chunk('period');
  rows.forEach((r, i) => {
    const line = `line ${i + firstDataLine}`;
    const ts = toIso(endAt === undefined ? undefined : r[endAt]) ?? toIso(startAt === undefined ? undefined : r[startAt]);
    if (!ts) throw importError(file, line, 'the chunk has no end_date or start_date that is a date');
    const isReference = periodAt !== undefined && r[periodAt]?.trim() === 'reference';
    if (isReference) reference += 1;
    const mark = isReference ? { reference: true } : {};
    for (const s of series) {
      const at = (f: string): string | undefined => { const k = s.cell(f); return k === undefined ? undefined : r[k]; };
      const value = reading(at('value'));
      const lower = num(at('lower_threshold'));
      const upper = num(at('upper_threshold'));
      if ([value.value, lower, upper].some((x) => Number.isNaN(x))) throw importError(file, line, `${s.metric}${s.feature ? ` of ${s.feature}` : ''}: the value or a threshold is not a number`);
      points.push({ ts, metric: s.metric, feature: s.feature, ...value, lower, upper, alert: bool(at('alert')), ...mark });
      for (const extra of EXTRA_FIELDS) {
        const raw = at(extra);
        if (raw === undefined) continue;
        const v = reading(raw);
        if (Number.isNaN(v.value)) throw importError(file, line, `${s.metric} ${extra} "${raw}" is not a number`);
        points.push({ ts, metric: `${s.metric}:${extra}`, feature: s.feature, ...v, lower: null, upper: null, alert: null, ...mark });
      }
    }
  });
  return { points, reference };
};

/** How many header rows a NannyML `to_df().to_csv()` file has (2 or 3), or 0 when it is not one. */
export const nannymlHeaderRows = (lines: string[]): number => {
  const cells = (l: string | undefined): string[] => (l ?? '').split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  const first = cells(lines[0]);
  const lead = first[0] === '' ? 1 : 0;
  if (first[lead] !== 'chunk') return 0;
  for (const depth of [2, 3]) {
    const last = cells(lines[depth - 1]);
    if (last[lead] === 'key' && last.includes('chunk_index')) return depth;
  }
  return 0;
};

const notesOf = (rows: number, series: number, reference: number, layout: string): string[] => [
  `${rows} chunks, ${series} series (${layout})`,
  ...(reference ? [`${reference} reference chunks kept as reference: drawn, never findings`] : []),
];

/**
 * What NannyML writes (`results.to_df().to_csv()`): the column MultiIndex as two header rows
 * (`chunk,…,rmse,…` over `key,chunk_index,…,value,upper_threshold,…`) for performance and
 * multivariate drift, three for univariate drift (column, method, field). pandas adds a leading
 * index column when the index is written; it is dropped.
 */
const parseMultiRow = (all: string[][], depth: number, file: string): Parsed => {
  const lead = all[0]![0]?.trim() === '' ? 1 : 0;
  const head = all.slice(0, depth).map((r) => r.slice(lead).map((c) => c.trim()));
  const rows = all.slice(depth).map((r) => r.slice(lead));
  const width = head[0]!.length;
  const chunkCols = new Map<string, number>();
  const groups = new Map<string, { levels: string[]; fields: Map<string, number> }>();
  for (let c = 0; c < width; c++) {
    const levels = head.map((r) => r[c] ?? '');
    const field = levels.at(-1)!;
    if (levels[0] === 'chunk') {
      chunkCols.set(field, c);
      continue;
    }
    const id = levels.slice(0, -1).join('\u0000');
    const g = groups.get(id) ?? { levels: levels.slice(0, -1), fields: new Map<string, number>() };
    g.fields.set(field, c);
    groups.set(id, g);
  }
  const series: Series[] = [...groups.values()]
    .filter((g) => g.fields.has('value'))
    .map((g) => ({
      metric: depth === 3 ? g.levels[1]! : g.levels[0]!,
      feature: depth === 3 ? g.levels[0]! : null,
      cell: (f: string) => g.fields.get(f),
    }));
  const unknown = [...groups.values()].flatMap((g) => [...g.fields.keys()].filter((f) => !BOUND_FIELDS.has(f) && !EXTRA_FIELDS.includes(f)));
  const { points, reference } = pointsOf(rows, series, (f) => chunkCols.get(f), file, depth + 1);
  return { points, notes: [...notesOf(rows.length, series.length, reference, `${depth} header rows`), ...(unknown.length ? [`fields not read: ${[...new Set(unknown)].join(', ')}`] : [])] };
};

/** `Result.to_df(multilevel=False)`: univariate drift `<column>_<method>_<field>`, or CBPE / realized `<metric>_<field>`. */
const parseFlat = (all: string[][], file: string): Parsed => {
  const header = all[0]!.map((c) => c.trim());
  const col = (name: string): number | undefined => { const k = header.indexOf(name); return k < 0 ? undefined : k; };
  const prefixes = header.filter((h) => h.endsWith('_value') && !h.startsWith('chunk_')).map((h) => h.slice(0, -'_value'.length));
  const series: Series[] = prefixes.map((p) => {
    const method = NANNY_METHODS.find((m) => p.endsWith(`_${m}`));
    return { metric: method ?? p, feature: method ? p.slice(0, -method.length - 1) : null, cell: (f: string) => col(`${p}_${f}`) };
  });
  const rows = all.slice(1);
  const { points, reference } = pointsOf(rows, series, (f) => col(`chunk_${f}`), file, 2);
  return { points, notes: notesOf(rows.length, series.length, reference, 'flattened columns') };
};

export const parseNannyml = (text: string, file: string): Parsed => {
  const all = readCsvRows(text, file, ',');
  if (!all[0]) throw importError(file, 'line 1', 'the file is empty');
  refuseRanker(all[0], file);
  const depth = nannymlHeaderRows(all.slice(0, 3).map((r) => r.join(',')));
  if (depth) return parseMultiRow(all, depth, file);
  if (!all[0].map((c) => c.trim()).includes('chunk_key')) throw importError(file, 'line 1', 'not a NannyML result table (no chunk header rows and no chunk_key column)');
  return parseFlat(all, file);
};

