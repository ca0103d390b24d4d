/**
 * Characters no text field may hold. They are invisible or reorder what is shown, so two values
 * that look the same can differ ("Rita\u200b Officer"), a name can be spoofed, or an export can
 * carry raw control bytes into another tool. Tabs and line breaks stay (multi-line fields).
 */
// These patterns exist to match control and combining characters, which the lint rules below forbid elsewhere.
/* eslint-disable no-control-regex, no-misleading-character-class -- the characters matched are the point */
const FORBIDDEN: [RegExp, string][] = [
  [/\u0000/, 'a NUL character'],
  [/[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/, 'a control character'],
  [/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/, 'a bidirectional control character'],
  [/[\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180E\u200B\u2060-\u2064\u3164\uFEFF\uFFA0]/, 'an invisible character'],
  [/[\u{E0000}-\u{E007F}]/u, 'an invisible tag character'],
  [/[\uFFF9-\uFFFB]/, 'an interlinear annotation character'],
];
/* eslint-enable no-control-regex, no-misleading-character-class */

export type UnsafeText = { index: number; code: string; what: string };

const hex = (c: string): string => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first forbidden character in `s`, with where it is and what it is; null when clean. */
export const unsafeCharacter = (s: string): UnsafeText | null => {
  let first: UnsafeText | null = null;
  for (const [re, what] of FORBIDDEN) {
    const m = re.exec(s);
    if (m && (first === null || m.index < first.index)) first = { index: m.index, code: hex(m[0]), what };
  }
  return first;
};

export const describeUnsafe = (u: UnsafeText): string => `holds ${u.what} (${u.code}) at character ${u.index + 1}; retype it without`;

/**
 * The first string in a value (walked as JSON) that holds a forbidden character, with its path,
 * skipping the top-level keys in `skip` (file contents, which are checked as files).
 */
export const findUnsafeText = (value: unknown, skip: readonly string[] = [], path = ''): { path: string; problem: UnsafeText } | null => {
  if (typeof value === 'string') {
    const problem = unsafeCharacter(value);
    return problem ? { path, problem } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Array.isArray(value) ? value.map((x, i) => [String(i), x] as const) : Object.entries(value)) {
    if (path === '' && skip.includes(k)) continue;
    const keyProblem = unsafeCharacter(k);
    if (keyProblem) return { path: path ? `${path}.${k}` : k, problem: keyProblem };
    const found = findUnsafeText(v, skip, path ? `${path}.${k}` : k);
    if (found) return found;
  }
  return null;
};

/**
 * Printable ASCII, tab, en and em dashes, and U+0001 (the inventory's field separator):
 * characters that NFKD leaves alone and that carry no mark (most names and rows).
 */
// eslint-disable-next-line no-control-regex -- the tab and the separator are meant
const UNCHANGED_BY_FOLD = /^[\t\u0001 -~\u2013\u2014]*$/;

/** Text as search compares it: accents dropped (é → e), case folded ("Ørsted" is not decomposable and stays ø). */
export const searchFold = (s: string): string => (UNCHANGED_BY_FOLD.test(s) ? s.toLowerCase() : s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase());

/** The last query's words: a search tests one query against every row. */
let lastQuery: { query: string; words: string[] } = { query: '', words: [] };
const wordsOf = (query: string): string[] => {
  if (lastQuery.query !== query) lastQuery = { query, words: searchFold(query).split(/\s+/).filter(Boolean) };
  return lastQuery.words;
};

/** Every word of `query` in `haystack` (already folded), in any order, ignoring case and accents: "fraud nordics" finds "Card fraud detection – Nordics". */
export const matchesWords = (haystack: string, query: string): boolean => {
  for (const w of wordsOf(query)) if (!haystack.includes(w)) return false;
  return true;
};
