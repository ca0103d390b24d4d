/**
 * How metric points are stored (db/schema/monitoring.ts): in blocks of up to BLOCK points, each
 * block one row whose `data` is a JSON array of points, a point being
 * [ts, metric, feature, value, lower, upper, alert, special, reference] with its trailing nulls
 * left out. Both engines read the blocks back through the view `metric_points` (SQLite's
 * json_each, PostgreSQL's json_array_elements), so queries see one row per point.
 *
 * The text is written here, by hand rather than by JSON.stringify of arrays: a point's strings
 * are quoted as they are unless they hold a character JSON escapes (then JSON.stringify quotes
 * them), and numbers are written as JavaScript writes them, which both engines read back to the
 * same double (test/integration/point-blocks.test.ts, on both engines).
 */
export const BLOCK = 1000;

/** A character JSON must escape, or half of a surrogate pair (JSON.stringify escapes a lone one). */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const str = (v: string): string => (NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : `"${v}"`);
const num = (v: number | null): string => (v === null || !Number.isFinite(v) ? 'null' : String(v));

export type PointAdd = (ts: string, metric: string, feature: string | null, value: number | null, lower: number | null, upper: number | null, alert: boolean | null, special?: 'inf' | '-inf' | null, reference?: boolean) => void;

/** A string as JSON text. */
export const jsonString = str;

/**
 * One point as its JSON array, its strings already JSON text (`feature` 'null' when it has none):
 * a reader that sees the same names again and again quotes each once.
 */
export const quotedPointJson = (ts: string, metric: string, feature: string, value: string, lower: string, upper: string, alert: boolean | null, special: 'inf' | '-inf' | null = null, reference = false): string => {
  let s = `[${ts},${metric},${feature},${value},${lower},${upper},${alert === null ? 'null' : alert ? 'true' : 'false'}`;
  if (special !== null || reference) s += `,${special === null ? 'null' : str(special)},${reference ? 'true' : 'null'}`;
  return `${s}]`;
};

/** One point as its JSON array. */
export const pointJson: (...p: Parameters<PointAdd>) => string = (ts, metric, feature, value, lower, upper, alert, special = null, reference = false) =>
  quotedPointJson(str(ts), str(metric), feature === null ? 'null' : str(feature), num(value), num(lower), num(upper), alert, special, reference);

/**
 * A number as JSON text, given the text it was read from: that text itself when it is a plain
 * decimal of at most 15 digits (JSON's syntax, no exponent, not zero), which every reader turns
 * into the same double (any decimal of 15 significant digits or fewer does; checked for SQLite
 * by property in test/unit/csv-rows.test.ts); otherwise as JavaScript writes the number. Saves
 * writing most numbers of a file again.
 */
export const numberJson = (text: string, v: number | null): string => {
  if (v === null || v === 0 || !Number.isFinite(v)) return num(v);
  const n = text.length;
  if (n > 17) return num(v);
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  // A leading zero only before the point.
  if (text.charCodeAt(i) === 48 && i + 1 < n && text.charCodeAt(i + 1) !== 46) return num(v);
  let digits = 0;
  let point = false;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += 1;
    else if (c === 46 && !point && digits > 0 && i + 1 < n) point = true;
    else return num(v);
  }
  return digits > 0 && digits <= 15 ? text : num(v);
};

/**
 * Gathers an import's points into blocks: `add` takes one point and hands a full block to `out`
 * (its number in the import from 0, its count, its text); `flush` hands over the last, partial one.
 */
export const blockBuilder = (out: (seq: number, points: number, data: string) => void): { add: PointAdd; flush: () => void } => {
  let data = '';
  let n = 0;
  let seq = 0;
  const emit = (): void => {
    out(seq, n, `${data}]`);
    seq += 1;
    data = '';
    n = 0;
  };
  return {
    add: (ts, metric, feature, value, lower, upper, alert, special = null, reference = false) => {
      data += (n === 0 ? '[' : ',') + pointJson(ts, metric, feature, value, lower, upper, alert, special, reference);
      n += 1;
      if (n === BLOCK) emit();
    },
    flush: () => {
      if (n > 0) emit();
    },
  };
};

/**
 * Gathers points already written as UTF-8 JSON into blocks of BLOCK: `add` takes a run of them
 * (their JSON arrays joined by commas, `ends[i]` the byte where point i ends; `backslash` when
 * the run has one), so a part of a file read elsewhere costs a few slices here; a block goes out
 * as its pieces (its text is their concatenation), which the writer copies once, with its own
 * framing; `flush` hands over the last, partial block.
 */
export const blockAssembler = (out: (seq: number, points: number, data: Uint8Array[], backslash: boolean) => void): { add: (json: Uint8Array, ends: Int32Array, backslash: boolean) => void; flush: () => void } => {
  const OPEN = Buffer.from('[');
  const COMMA = Buffer.from(',');
  const CLOSE = Buffer.from(']');
  let pieces: Uint8Array[] = [OPEN];
  let n = 0;
  let seq = 0;
  let slash = false;
  const emit = (): void => {
    pieces.push(CLOSE);
    out(seq, n, pieces, slash);
    seq += 1;
    pieces = [OPEN];
    n = 0;
    slash = false;
  };
  return {
    add: (json, ends, backslash) => {
      for (let i = 0; i < ends.length; ) {
        const k = Math.min(BLOCK - n, ends.length - i);
        if (n > 0) pieces.push(COMMA);
        pieces.push(json.subarray(i === 0 ? 0 : ends[i - 1]! + 1, ends[i + k - 1]));
        slash ||= backslash;
        n += k;
        i += k;
        if (n === BLOCK) emit();
      }
    },
    flush: () => {
      if (n > 0) emit();
    },
  };
};
