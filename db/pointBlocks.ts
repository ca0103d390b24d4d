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
 * same double (checked in test/unit/point-blocks.test.ts).
 */
export const BLOCK = 1000;

/** A character JSON must escape, or half of a surrogate pair (JSON.stringify escapes a lone one). */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const str = (v: string): string => (NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : `"${v}"`);
const num = (v: number | null): string => (v === null || !Number.isFinite(v) ? 'null' : String(v));

export type PointAdd = (ts: string, metric: string, feature: string | null, value: number | null, lower: number | null, upper: number | null, alert: boolean | null, special?: 'inf' | '-inf' | null, reference?: boolean) => void;

/** One point as its JSON array. */
export const pointJson: (...p: Parameters<PointAdd>) => string = (ts, metric, feature, value, lower, upper, alert, special = null, reference = false) => {
  let s = `[${str(ts)},${str(metric)},${feature === null ? 'null' : str(feature)},${num(value)},${num(lower)},${num(upper)},${alert === null ? 'null' : alert ? 'true' : 'false'}`;
  if (special !== null || reference) s += `,${special === null ? 'null' : str(special)},${reference ? 'true' : 'null'}`;
  return `${s}]`;
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
