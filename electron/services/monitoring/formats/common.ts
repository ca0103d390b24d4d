import { parse } from 'csv-parse/sync';
import type { MetricPoint } from '../../../../shared/monitoring';
import { importError, LIMITS } from '../limits';

export type Parsed = { points: MetricPoint[]; notes: string[] };

// --- helpers every format shares -------------------------------------------------------------------------

/** A scalar as text; objects and arrays are not values here. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

/** Missing values as exporters write them: empty, NaN (Python, Prometheus), null, `undefined` (older Grafana). */
const MISSING = /^(nan|null|none|undefined)$/i;
const POS_INF = /^\+?inf(inity)?$/i;
const NEG_INF = /^-inf(inity)?$/i;

/** A number, null when missing, NaN when not a number. Infinities are no bound (thresholds, limits): null. */
export const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.isNaN(v) ? null : null;
  const s = str(v).trim();
  if (s === '' || MISSING.test(s) || POS_INF.test(s) || NEG_INF.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : Number.NaN;
};

/** `+Inf`, `inf`, `Infinity` → 'inf'; `-Inf`, `-Infinity` → '-inf'; anything else null. */
export const infinityOf = (s: string): 'inf' | '-inf' | null => (POS_INF.test(s) ? 'inf' : NEG_INF.test(s) ? '-inf' : null);

/**
 * An observed value: `+Inf` and `-Inf` (Prometheus histograms, Python's float('inf')) are kept as
 * what they are, a flagged non-finite point with no number, never as 1.797e308.
 */
export const reading = (v: unknown): Pick<MetricPoint, 'value' | 'special'> => {
  if (typeof v === 'number' && !Number.isNaN(v) && !Number.isFinite(v)) return { value: null, special: v > 0 ? 'inf' : '-inf' };
  const special = typeof v === 'string' ? infinityOf(v.trim()) : null;
  return special ? { value: null, special } : { value: num(v), special: null };
};

export const bool = (v: unknown): boolean | null => {
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

const csvError = (file: string, e: unknown): Error => {
  const err = e as { code?: string; lines?: number; record?: unknown[]; message: string };
  if (err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' || err.code === 'CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH') {
    return importError(file, err.lines ? `line ${err.lines}` : '', `this row has ${err.record?.length ?? '?'} columns where the header has a different number; every row must have one value per column`);
  }
  return importError(file, err.lines ? `line ${err.lines}` : '', `not a readable CSV: ${err.message}`);
};

/** Grafana's "Download for Excel" starts with a BOM and a `sep=;` line naming the delimiter. */
export const excelSep = (text: string): { body: string; delimiter: string | null } => {
  const body = text.replace(/^\uFEFF/, '');
  const m = /^sep=(.)\r?\n/.exec(body);
  return m ? { body: body.slice(m[0].length), delimiter: m[1]! } : { body, delimiter: null };
};

/** The delimiter a header line uses: `;` where it has more semicolons than commas. */
export const delimiterOf = (headerLine: string): string => ((headerLine.match(/;/g)?.length ?? 0) > (headerLine.match(/,/g)?.length ?? 0) ? ';' : ',');

/**
 * Rows as arrays, header first. A row whose column count differs from the header's is refused
 * by its line number (never a silent NULL or dropped extra). Lines are already bounded by
 * previewExport (checkLineLengths) before any CSV reader runs.
 */
export const readCsvRows = (text: string, file: string, delimiter?: string): string[][] => {
  const { body, delimiter: sep } = excelSep(text);
  const d = delimiter ?? sep ?? delimiterOf(body.split(/\r?\n/, 1)[0] ?? '');
  try {
    return parse(body, { delimiter: d, skip_empty_lines: true, relax_column_count: false });
  } catch (e) {
    throw csvError(file, e);
  }
};

/** Rows as records keyed by the trimmed header. */
export const readCsv = (text: string, file: string): Record<string, string>[] => {
  const [head, ...rows] = readCsvRows(text, file, ',');
  if (!head) return [];
  const names = head.map((c) => c.trim());
  return rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] ?? ''])));
};

/** The first line's columns (BOM and an Excel `sep=` line skipped). */
export const csvHeader = (text: string): string[] => {
  const { body, delimiter } = excelSep(text);
  const first = body.split(/\r?\n/, 1)[0] ?? '';
  try {
    const rows: string[][] = parse(first, { relax_column_count: true, delimiter: delimiter ?? delimiterOf(first) });
    return rows[0]?.map((c) => c.trim()) ?? [];
  } catch {
    return [];
  }
};
