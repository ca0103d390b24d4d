/**
 * Reading the objects of a PDF as pdfkit (the parts of a report) and pdf-lib (the page-number
 * font) write them: a cross-reference table, no object streams, no encryption, direct stream
 * lengths. Dictionaries stay text; streams stay the bytes they are. Anything else is refused with
 * an error: the parts are ours, so a refusal means a bug, never a guess.
 */

export type PdfObject = { id: number; text: string; stream: Uint8Array | null };
export type PdfFile = { root: number; info: number | null; get: (id: number) => PdfObject };

const latin1 = (bytes: Uint8Array, from: number, to: number): string => Buffer.from(bytes.buffer, bytes.byteOffset + from, Math.max(0, to - from)).toString('latin1');

/**
 * The tokens a renumbering or reference scan must see: literal strings (kept whole: parentheses
 * in them are escaped by both writers), hex strings, and references.
 */
const TOKENS = /\((?:[^\\)]|\\[\s\S])*\)|<(?!<)[0-9A-Fa-f\s]*>|(?<=[\s[<>])(\d+) 0 R(?=[\s\]>/]|$)/g;

/** The objects a text refers to, in order (repeats kept). */
export const referencesIn = (text: string): number[] => {
  const out: number[] = [];
  for (const m of text.matchAll(TOKENS)) if (m[1] !== undefined) out.push(Number(m[1]));
  return out;
};

/** The text with every reference renumbered. */
export const renumber = (text: string, to: (id: number) => number): string => text.replace(TOKENS, (m: string, id?: string) => (id === undefined ? m : `${to(Number(id))} 0 R`));

/** The reference a dictionary's key holds (`/Key N 0 R`), or null. */
export const referenceAt = (text: string, key: string): number | null => {
  const m = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(text);
  return m ? Number(m[1]) : null;
};

/** End of a dictionary that starts at `from` ("<<"): after its matching ">>". */
const dictionaryEnd = (s: string, from: number): number => {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '(') {
      for (i += 1; i < s.length && s[i] !== ')'; i++) if (s[i] === '\\') i += 1;
    } else if (c === '<') {
      if (s[i + 1] === '<') {
        depth += 1;
        i += 1;
      } else i = s.indexOf('>', i);
    } else if (c === '>' && s[i + 1] === '>') {
      depth -= 1;
      i += 1;
      if (depth === 0) return i + 1;
    }
    if (i < 0) break;
  }
  return -1;
};

export const parsePdf = (bytes: Uint8Array, name: string): PdfFile => {
  const bad = (what: string): Error => new Error(`${name} is not a PDF this report can join: ${what}`);
  const tail = latin1(bytes, Math.max(0, bytes.length - 1024), bytes.length);
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!start) throw bad('no cross-reference table at its end');
  const xrefAt = Number(start[1]);
  const table = latin1(bytes, xrefAt, bytes.length);
  const head = /^xref\r?\n0 (\d+)\r?\n/.exec(table);
  if (!head) throw bad('an unreadable cross-reference table');
  const count = Number(head[1]);
  const offsets = new Array<number>(count).fill(-1);
  const entry = /(\d{10}) (\d{5}) ([nf])\s{1,2}/y;
  entry.lastIndex = head[0].length;
  for (let id = 0; id < count; id++) {
    const m = entry.exec(table);
    if (!m) throw bad(`cross-reference entry ${id} unreadable`);
    if (m[3] === 'n') offsets[id] = Number(m[1]);
  }
  const trailer = table.slice(entry.lastIndex, entry.lastIndex + 512);
  const root = /^\s*trailer\s*<<[^]*?\/Root (\d+) 0 R/.exec(trailer);
  if (!root) throw bad('no document catalog');
  const info = /^\s*trailer\s*<<[^]*?\/Info (\d+) 0 R/.exec(trailer);
  const cache = new Map<number, PdfObject>();
  const get = (id: number): PdfObject => {
    const known = cache.get(id);
    if (known) return known;
    const at = offsets[id];
    if (at === undefined || at < 0) throw bad(`object ${id} is missing`);
    // The object's text is read in a window that doubles until its dictionary ends in it.
    let chunk = '';
    let header: RegExpExecArray | null = null;
    let end = -1;
    for (let size = 1024; end < 0; size *= 2) {
      chunk = latin1(bytes, at, Math.min(bytes.length, at + size));
      header = /^(\d+) 0 obj\s*/.exec(chunk);
      if (!header || Number(header[1]) !== id) throw bad(`object ${id} is not where its table says`);
      end = chunk.startsWith('<<', header[0].length) ? dictionaryEnd(chunk, header[0].length) : chunk.indexOf('endobj', header[0].length);
      if (end < 0 && at + size >= bytes.length) throw bad(`object ${id} does not end`);
    }
    const text = chunk.slice(header![0].length, end).trimEnd();
    let stream: Uint8Array | null = null;
    const after = /^\s*stream\r?\n/.exec(chunk.slice(end, end + 16));
    if (after) {
      const length = /\/Length (\d+)(?! \d+ R)/.exec(text);
      if (!length) throw bad(`stream ${id} has no direct length`);
      const from = at + end + after[0].length;
      stream = bytes.subarray(from, from + Number(length[1]));
      if (!/^\r?\n?endstream/.test(latin1(bytes, from + stream.length, from + stream.length + 12))) throw bad(`stream ${id} is not as long as it says`);
    }
    const object = { id, text, stream };
    cache.set(id, object);
    return object;
  };
  return { root: Number(root[1]), info: info ? Number(info[1]) : null, get };
};
