/**
 * The rows of a generic long CSV (timestamp, metric, value, and optionally feature, lower, upper,
 * alert), read a part at a time (streamCsv.ts): a part is whole lines of the file, read in file
 * order by one reader that keeps the file's counts, first and last times, names and the rules'
 * summaries, so a file read in any number of parts gives what one reading of it gives.
 */
import { jsonString, numberJson, quotedPointJson } from '../../../db/pointBlocks';
import { ruleAccumulator, type FindingDraft, type Matched, type MetricPoint, type Rule } from '../../../shared/monitoring';
import { checkUtf8Part, importError, LIMITS } from './limits';
import { infinityOf, toIso } from './formats/common';

/** Splits one CSV line; the quote-aware path runs only for lines that have a quote. */
const splitLine = (line: string): string[] => {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (quoted) throw new Error('a quoted field is not closed');
  out.push(cur);
  return out;
};

/**
 * Fills `out` with a line's fields and returns how many the line has, so a row with fewer or
 * more columns than the header is refused by its line. Lines without a quote are cut with
 * indexOf, about four times faster than String.split on a million lines.
 */
const fieldsInto = (line: string, out: string[]): number => {
  if (line.includes('"')) {
    const all = splitLine(line);
    for (let i = 0; i < out.length; i++) out[i] = all[i] ?? '';
    return all.length;
  }
  let at = 0;
  for (let i = 0; i < out.length; i++) {
    if (at > line.length) return i;
    const comma = line.indexOf(',', at);
    const end = comma < 0 ? line.length : comma;
    out[i] = line.slice(at, end);
    at = end + 1;
  }
  if (at <= line.length) {
    let extra = 0;
    for (let k = at - 1; k >= 0 && k < line.length; k = line.indexOf(',', k + 1)) extra += 1;
    return out.length + extra;
  }
  return out.length;
};

/** trim() only when an end is blank: most fields are not. */
const clean = (s: string): string => (s.length > 0 && (s.charCodeAt(0) <= 32 || s.charCodeAt(s.length - 1) <= 32) ? s.trim() : s);

/** Where the columns are: the header's names, lower-cased, to their index. */
export type Columns = { width: number; at: Record<string, number> };

/** The header line: its names as written (trimmed, without a byte-order mark) and where the three needed ones are. */
export const headerOf = (line: string, file: string, lineNo: number): { header: string[]; cols: Columns } => {
  let header: string[];
  try {
    header = splitLine(line).map((h) => h.replace(/^\uFEFF/, '').trim());
  } catch (e) {
    throw importError(file, `line ${lineNo}`, (e as Error).message);
  }
  const at = Object.fromEntries(header.map((n, i) => [n.toLowerCase(), i]));
  for (const need of ['timestamp', 'metric', 'value']) if (!(need in at)) throw importError(file, 'line 1', `missing column "${need}" (a generic CSV has timestamp, metric, value)`);
  return { header, cols: { width: header.length, at } };
};

/** At most this many distinct metric and feature names are listed for an import. */
const NAMES = 10_000;

/**
 * A part's points as block text: UTF-8, one JSON array per point joined by commas (empty when
 * not asked for), `ends[i]` the byte where point i ends in it, `backslash` whether it has one
 * (COPY doubles them); bytes, which go to the block and to COPY as they are.
 */
export type PartPoints = { json: Uint8Array; ends: Int32Array; backslash: boolean };

/** What the reader has seen of the file so far. */
export type RowsSummary = { rows: number; lines: number; from: string | null; to: string | null; metrics: string[]; features: string[]; drafts: FindingDraft[] };

/**
 * How a file's rows are read. `lineBase`: the lines before the first part (the header's among
 * them), so errors name their line in the file; `json`: whether the block text is wanted.
 */
export type RowsOptions = {
  file: string;
  cols: Columns;
  rules: Rule[];
  json: boolean;
  lineBase: number;
  /** Every line read as text, none from its bytes: what the tests compare the byte reader with. */
  textOnly?: boolean;
};

/** 10^k for k ≤ 15: exact doubles. */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);
/** A name (metric or feature) once seen in the file: its text, its JSON text (and as bytes), its rules. */
type Name = { str: string; json: string; bytes: Uint8Array; jsonBytes: Uint8Array; slash: boolean; rules: Matched };
/** Names compared byte by byte before a string is made: a file repeats a few. */
const SHORT_LIST = 32;
// Buffers, as the part's bytes and the names' are: the copying loop then sees one kind of array.
const NULL = Buffer.from('null');
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

/**
 * A reader of a file's rows (its header already read): `read` takes the next part (whole lines)
 * and the byte of the file it starts at, gives its points' block text, and throws the import
 * error of the first bad line; `summary` says what it has seen. Most lines are read from the
 * bytes directly: an ASCII line without quotes whose fields have no blanks at their ends, a time
 * as toIso writes it, numbers that are plain decimals of at most 15 digits (read exactly: such a
 * number is its digits divided by a power of ten, both exact doubles, so one division gives the
 * double Number() gives) and an alert written true, false, 1, 0 or not at all; its numbers' text
 * goes into the block as it is (numberJson). Any other line is read as text, with the checks and
 * messages of the string reader below; both give the same points (test/unit/csv-rows.test.ts).
 */
export const rowReader = (o: RowsOptions): { read: (part: Uint8Array, byteBase: number) => PartPoints; lines: () => number; summary: () => RowsSummary } => {
  const { file, json: wantJson } = o;
  const at = o.cols.at;
  const width = o.cols.width;
  const [cTs, cMetric, cValue, cFeature, cLower, cUpper, cAlert] = [at.timestamp!, at.metric!, at.value!, at.feature, at.lower, at.upper, at.alert];
  const f = new Array<string>(width).fill('');
  const used = Int32Array.from([cTs, cMetric, cValue, cFeature, cLower, cUpper, cAlert].filter((c): c is number => c !== undefined));
  const fs = new Int32Array(width + 1);
  const fe = new Int32Array(width + 1);
  const acc = ruleAccumulator(o.rules);
  const metrics = new Set<string>();
  const features = new Set<string>();
  const names = new Map<string, Name>();
  const featureNames = new Map<string, Name>();
  const nameList: Name[] = [];
  const featureList: Name[] = [];
  let rows = 0;
  let lineNo = o.lineBase;
  // The file's first and last times so far, as text.
  let from: string | null = null;
  let to: string | null = null;
  // The part being read: its bytes, its block text (written as bytes) and its points' ends, and
  // its first and last times where their bytes are (ISO text is ASCII, and its order is its bytes' order).
  let bytes: Buffer<ArrayBufferLike> = Buffer.alloc(0);
  let ends = new Int32Array(1024);
  let out = Buffer.alloc(0);
  let outLen = 0;
  let points = 0;
  let slash = false;
  let first: Uint8Array = bytes;
  let firstS = 0;
  let firstLen = -1;
  let last: Uint8Array = bytes;
  let lastS = 0;
  let lastLen = -1;

  const compare = (a: Uint8Array, aS: number, aLen: number, b: Uint8Array, s: number, len: number): number => {
    const n = Math.min(aLen, len);
    for (let i = 0; i < n; i++) {
      const d = a[aS + i]! - b[s + i]!;
      if (d !== 0) return d;
    }
    return aLen - len;
  };
  const seeTime = (b: Uint8Array, s: number, len: number): void => {
    // Mostly in time order: a later time than the last is not an earlier one than the first.
    if (lastLen < 0 || compare(last, lastS, lastLen, b, s, len) < 0) {
      if (lastLen < 0) {
        first = b;
        firstS = s;
        firstLen = len;
      }
      last = b;
      lastS = s;
      lastLen = len;
    } else if (compare(first, firstS, firstLen, b, s, len) > 0) {
      first = b;
      firstS = s;
      firstLen = len;
    }
  };
  const nameOf = (str: string, map: Map<string, Name>, list: Name[], set: Set<string>, withRules: boolean): Name => {
    let name = map.get(str);
    if (!name) {
      const json = jsonString(str);
      name = { str, json, bytes: Buffer.from(str, 'utf8'), jsonBytes: Buffer.from(json, 'utf8'), slash: json.includes('\\'), rules: withRules ? acc.matching(str) : [] };
      map.set(str, name);
      if (set.size < NAMES) set.add(str);
      if (list.length < SHORT_LIST) list.push(name);
    }
    return name;
  };
  /** The name whose bytes are b[s, e), from the short list when it is there. */
  const nameAt = (s: number, e: number, map: Map<string, Name>, list: Name[], set: Set<string>, withRules: boolean): Name => {
    const len = e - s;
    for (let k = 0; k < list.length; k++) {
      const nb = list[k]!.bytes;
      if (nb.length !== len) continue;
      let i = 0;
      while (i < len && nb[i] === bytes[s + i]) i++;
      if (i === len) return list[k]!;
    }
    return nameOf(bytes.toString('latin1', s, e), map, list, set, withRules);
  };
  const room = (n: number): void => {
    if (outLen + n <= out.length) return;
    const more = Buffer.allocUnsafeSlow(Math.max(out.length * 2, outLen + n));
    out.copy(more, 0, 0, outLen);
    out = more;
  };
  const ended = (): void => {
    if (points === ends.length) {
      const more = new Int32Array(ends.length * 2);
      more.set(ends);
      ends = more;
    }
    ends[points] = outLen;
    points += 1;
  };
  const counted = (): void => {
    rows += 1;
    if (rows > LIMITS.rows) throw importError(file, `line ${lineNo}`, `more than ${LIMITS.rows} rows`);
  };

  // --- a line as text: every check, every spelling -------------------------------------------
  const numberOf = (s: string, what: string): number | null => {
    if (s === '' || (s.length === 3 && s.toLowerCase() === 'nan')) return null;
    const n = Number(s);
    if (!Number.isFinite(n)) throw importError(file, `line ${lineNo}`, `${what} "${s}" is not a number`);
    return n;
  };
  const handle = (raw: string): void => {
    lineNo += 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length > LIMITS.lineChars) throw importError(file, `line ${lineNo}`, `line longer than ${LIMITS.lineChars} characters`);
    if (line === '') return;
    let count: number;
    try {
      count = fieldsInto(line, f);
    } catch (e) {
      throw importError(file, `line ${lineNo}`, (e as Error).message);
    }
    if (count !== f.length) throw importError(file, `line ${lineNo}`, `this row has ${count} columns where the header has ${f.length}; every row must have one value per column`);
    const rawTs = clean(f[cTs]!);
    // As the whole-file readers write a time (toIso): ISO UTC with milliseconds, or refused.
    const ts = toIso(rawTs);
    if (!ts) throw importError(file, `line ${lineNo}`, `timestamp "${rawTs}" is not a date or an epoch time`);
    const metric = clean(f[cMetric]!);
    if (!metric) throw importError(file, `line ${lineNo}`, 'metric is empty');
    const alertText = cAlert === undefined ? '' : clean(f[cAlert]!).toLowerCase();
    const valueText = clean(f[cValue]!);
    // A finite number first: the infinity spellings are looked for only in what is not one.
    const finite = valueText === '' ? NaN : Number(valueText);
    const special = Number.isFinite(finite) ? null : infinityOf(valueText);
    const lowerText = cLower === undefined ? '' : clean(f[cLower]!);
    const upperText = cUpper === undefined ? '' : clean(f[cUpper]!);
    const p: MetricPoint = {
      ts,
      metric,
      feature: cFeature === undefined ? null : clean(f[cFeature]!) || null,
      value: Number.isFinite(finite) ? finite : special ? null : numberOf(valueText, 'value'),
      special,
      lower: numberOf(lowerText, 'lower'),
      upper: numberOf(upperText, 'upper'),
      alert: alertText === 'true' || alertText === '1' ? true : alertText === 'false' || alertText === '0' ? false : null,
    };
    const name = nameOf(metric, names, nameList, metrics, true);
    const feature = p.feature === null ? null : nameOf(p.feature, featureNames, featureList, features, false);
    acc.add(p, name.rules);
    // ISO UTC text (checked, or written by toIso): ASCII.
    seeTime(Buffer.from(ts, 'latin1'), 0, ts.length);
    if (wantJson) {
      const point = quotedPointJson(`"${ts}"`, name.json, feature ? feature.json : 'null', numberJson(valueText, p.value), numberJson(lowerText, p.lower), numberJson(upperText, p.upper), p.alert, special);
      room(point.length * 3 + 1);
      if (points > 0) out[outLen++] = 0x2c;
      outLen += out.write(point, outLen, 'utf8');
      slash ||= name.slash || (feature?.slash ?? false) || point.includes('\\');
      ended();
    }
    counted();
  };

  // --- a line from its bytes ------------------------------------------------------------------
  const isDigit = (c: number): boolean => c >= 48 && c <= 57;
  const two = (i: number): number => (bytes[i]! - 48) * 10 + bytes[i + 1]! - 48;
  /**
   * Whether b[s, e) is a time as toIso writes it (YYYY-MM-DDTHH:MM:SS.sssZ, a day the month has):
   * then it is stored as it is; any other spelling is read as text, through toIso.
   */
  const isoAt = (s: number, e: number): boolean => {
    if (e - s !== 24) return false;
    const b = bytes;
    if (!(isDigit(b[s]!) && isDigit(b[s + 1]!) && isDigit(b[s + 2]!) && isDigit(b[s + 3]!) && b[s + 4] === 45 && isDigit(b[s + 5]!) && isDigit(b[s + 6]!) && b[s + 7] === 45 && isDigit(b[s + 8]!) && isDigit(b[s + 9]!))) return false;
    if (!(b[s + 10] === 84 && isDigit(b[s + 11]!) && isDigit(b[s + 12]!) && b[s + 13] === 58 && isDigit(b[s + 14]!) && isDigit(b[s + 15]!) && b[s + 16] === 58 && isDigit(b[s + 17]!) && isDigit(b[s + 18]!))) return false;
    if (!(b[s + 19] === 46 && isDigit(b[s + 20]!) && isDigit(b[s + 21]!) && isDigit(b[s + 22]!) && b[s + 23] === 90)) return false;
    const month = two(s + 5);
    const day = two(s + 8);
    if (month < 1 || month > 12 || day < 1 || two(s + 11) > 23 || two(s + 14) > 59 || two(s + 17) > 59) return false;
    if (day <= 28) return true;
    const year = two(s) * 100 + two(s + 2);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return day <= (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
  };
  /** A plain decimal of at most 15 digits at b[s, e): its value; NaN for anything else (read as text then). */
  const decimalAt = (s: number, e: number): number => {
    const b = bytes;
    let i = s;
    const negative = b[i] === 45;
    if (negative) i++;
    if (i >= e) return NaN;
    if (b[i] === 48 && i + 1 < e && b[i + 1] !== 46) return NaN;
    let m = 0;
    let digits = 0;
    let point = -1;
    for (; i < e; i++) {
      const c = b[i]!;
      if (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        digits++;
      } else if (c === 46 && point < 0 && digits > 0 && i + 1 < e) point = digits;
      else return NaN;
    }
    if (digits > 15) return NaN;
    const v = point < 0 ? m : m / POW10[digits - point]!;
    return negative ? -v : v;
  };
  /** Writes bytes at w of the block text (room made first); the next place to write. */
  const copyAt = (w: number, from: Uint8Array, s: number, e: number): number => {
    const to = out;
    for (let i = s; i < e; i++) to[w++] = from[i]!;
    return w;
  };
  /** A number field at column c: written as it is (or 0), or null when empty. */
  const numberAt = (w: number, c: number | undefined, v: number | null): number => {
    const to = out;
    to[w++] = 0x2c;
    if (v === null) return copyAt(w, NULL, 0, 4);
    if (v === 0) {
      to[w] = 48;
      return w + 1;
    }
    return copyAt(w, bytes, fs[c!]!, fe[c!]!);
  };
  /** The value of a number field: null when empty, NaN when not plain. */
  const numberField = (c: number | undefined): number | null => {
    if (c === undefined) return null;
    const s = fs[c]!;
    const e = fe[c]!;
    return s === e ? null : decimalAt(s, e);
  };
  /** Reads the line b[s, e) (without its newline) from its bytes; false when it must be read as text. */
  const fast = (s: number, e: number): boolean => {
    let end = e;
    if (end > s && bytes[end - 1] === 13) end--;
    if (end - s > LIMITS.lineChars) return false;
    let k = 0;
    fs[0] = s;
    for (let i = s; i < end; i++) {
      const c = bytes[i]!;
      if (c === 44) {
        if (k + 1 >= width) return false;
        fe[k] = i;
        k++;
        fs[k] = i + 1;
      } else if (c === 34 || c >= 128) return false;
    }
    fe[k] = end;
    if (end === s) {
      lineNo += 1; // blank
      return true;
    }
    if (k + 1 !== width) return false;
    // No field read starts or ends with a blank (the text reader trims them).
    for (let u = 0; u < used.length; u++) {
      const j = used[u]!;
      if (fs[j]! < fe[j]! && (bytes[fs[j]!]! <= 32 || bytes[fe[j]! - 1]! <= 32)) return false;
    }
    const tsS = fs[cTs]!;
    const tsE = fe[cTs]!;
    if (!isoAt(tsS, tsE)) return false;
    if (fs[cMetric] === fe[cMetric]) return false;
    const value = numberField(cValue);
    const lower = numberField(cLower);
    const upper = numberField(cUpper);
    if (Number.isNaN(value) || Number.isNaN(lower) || Number.isNaN(upper)) return false;
    let alert: boolean | null = null;
    if (cAlert !== undefined) {
      const as = fs[cAlert]!;
      const len = fe[cAlert]! - as;
      const a = bytes[as];
      if (len === 0) alert = null;
      else if (len === 1 && (a === 49 || a === 48)) alert = a === 49;
      else if (len === 4 && a === 116 && bytes[as + 1] === 114 && bytes[as + 2] === 117 && bytes[as + 3] === 101) alert = true;
      else if (len === 5 && a === 102 && bytes[as + 1] === 97 && bytes[as + 2] === 108 && bytes[as + 3] === 115 && bytes[as + 4] === 101) alert = false;
      else return false;
    }
    lineNo += 1;
    const name = nameAt(fs[cMetric]!, fe[cMetric]!, names, nameList, metrics, true);
    const feature = cFeature === undefined || fs[cFeature] === fe[cFeature] ? null : nameAt(fs[cFeature]!, fe[cFeature]!, featureNames, featureList, features, false);
    if (name.rules.length > 0) {
      const p = { metric: name.str, feature: feature ? feature.str : null, value, special: null, lower, upper, alert };
      // The time as text only for a point that breaches a rule.
      if (acc.breaches(p, name.rules)) acc.add({ ...p, ts: bytes.toString('latin1', tsS, tsE) }, name.rules);
    }
    seeTime(bytes, tsS, tsE - tsS);
    if (wantJson) {
      room(end - s + name.jsonBytes.length + (feature ? feature.jsonBytes.length : 0) + 48);
      const to = out;
      let w = outLen;
      if (points > 0) to[w++] = 0x2c;
      to[w++] = 0x5b;
      to[w++] = 0x22;
      w = copyAt(w, bytes, tsS, tsE);
      to[w++] = 0x22;
      to[w++] = 0x2c;
      w = copyAt(w, name.jsonBytes, 0, name.jsonBytes.length);
      to[w++] = 0x2c;
      w = feature ? copyAt(w, feature.jsonBytes, 0, feature.jsonBytes.length) : copyAt(w, NULL, 0, 4);
      w = numberAt(w, cValue, value);
      w = numberAt(w, cLower, lower);
      w = numberAt(w, cUpper, upper);
      to[w++] = 0x2c;
      w = alert === null ? copyAt(w, NULL, 0, 4) : alert ? copyAt(w, TRUE, 0, 4) : copyAt(w, FALSE, 0, 5);
      to[w++] = 0x5d;
      outLen = w;
      slash ||= name.slash || (feature?.slash ?? false);
      ended();
    }
    counted();
    return true;
  };

  const time = (b: Uint8Array, at: number, len: number): string => Buffer.from(b.buffer, b.byteOffset + at, len).toString('latin1');
  return {
    read: (part, byteBase) => {
      checkUtf8Part(file, part, lineNo, byteBase);
      bytes = Buffer.from(part.buffer, part.byteOffset, part.length);
      // A buffer of its own for each part: its blocks may still be on their way to the database.
      out = Buffer.allocUnsafeSlow(wantJson ? bytes.length + (bytes.length >> 1) + 1024 : 0);
      outLen = 0;
      points = 0;
      slash = false;
      firstLen = lastLen = -1;
      for (let s = 0; s < bytes.length; ) {
        let e = bytes.indexOf(0x0a, s);
        if (e < 0) e = bytes.length;
        if (o.textOnly || !fast(s, e)) handle(bytes.toString('utf8', s, e));
        s = e + 1;
      }
      // The part's first and last times become the file's as text, before its bytes go.
      if (firstLen >= 0) {
        const a = time(first, firstS, firstLen);
        if (from === null || a < from) from = a;
        const z = time(last, lastS, lastLen);
        if (to === null || z > to) to = z;
      }
      const result = { json: out.subarray(0, outLen), ends: ends.subarray(0, points), backslash: slash };
      // The ends are the caller's now: the next part counts in an array of its own.
      ends = new Int32Array(Math.max(1024, points));
      return result;
    },
    lines: () => lineNo,
    summary: () => ({ rows, lines: lineNo - o.lineBase, from, to, metrics: [...metrics].sort(), features: [...features].sort(), drafts: acc.drafts() }),
  };
};
