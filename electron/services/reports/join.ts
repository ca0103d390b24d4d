import fontkit, { type Font } from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { FOOTER } from './document';
import { parsePdf, referenceAt, referencesIn, renumber, type PdfFile } from './pdfObjects';
import type { FontDirs } from './render';

/** The document information; `chainHead` is the audit chain head the report was built on (see chainHead.ts). */
import { CHAIN_HEAD_KEY, chainHeadValue } from './chainHead';

export type JoinMeta = { title: string; author: string; subject: string; pinned: Date; chainHead?: { seq: number; hash: string } };

/** A join under way: parts are added as they are rendered, in any order, and copied in order. */
export type PartJoin = { add: (index: number, bytes: Uint8Array) => void; finish: (count: number) => Promise<{ pdf: Buffer; pages: number }> };

const FONT_NAME = 'MRD-NotoSans-PageNumbers';
/** The characters "Page N of M" is written with. */
const FOOTER_TEXT = 'Page of 0123456789';

/** Noto Sans, the file and its glyphs, by path, in this thread. */
type Face = { bytes: Buffer; face: Font };
const faces = new Map<string, Face>();
const faceOf = (path: string): Face => {
  let made = faces.get(path);
  if (!made) {
    const bytes = readFileSync(path);
    faces.set(path, (made = { bytes, face: fontkit.create(bytes) }));
  }
  return made;
};

/**
 * The report's own Noto Sans for "Page N of M", embedded whole (a part's subset lacks the digits
 * it never used) as a Type 0 font: its file, descriptor, widths and Unicode map of the glyphs the
 * page numbers use (so they extract as text). The fixed name keeps the bytes reproducible.
 */
const footerFontObjects = ({ bytes, face }: Face, id: (k: 'font' | 'cid' | 'descriptor' | 'file' | 'unicode') => number): [number, string, Uint8Array | null][] => {
  const scale = 1000 / face.unitsPerEm;
  const r = (n: number): string => num(n * scale);
  const glyphs = [...new Set(FOOTER_TEXT)].map((ch) => ({ ch, g: face.glyphForCodePoint(ch.codePointAt(0)!) })).sort((a, b) => a.g.id - b.g.id);
  const hex = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
  const cmap = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    `${glyphs.length} beginbfchar`,
    ...glyphs.map(({ ch, g }) => `<${hex(g.id)}> <${hex(ch.charCodeAt(0))}>`),
    'endbfchar',
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
  const file = deflateSync(bytes);
  const { bbox } = face;
  return [
    [id('font'), `<<\n/Type /Font\n/Subtype /Type0\n/BaseFont /${FONT_NAME}\n/Encoding /Identity-H\n/DescendantFonts [${id('cid')} 0 R]\n/ToUnicode ${id('unicode')} 0 R\n>>`, null],
    [
      id('cid'),
      `<<\n/Type /Font\n/Subtype /CIDFontType2\n/BaseFont /${FONT_NAME}\n/CIDSystemInfo <<\n/Registry (Adobe)\n/Ordering (Identity)\n/Supplement 0\n>>\n/FontDescriptor ${id('descriptor')} 0 R\n/CIDToGIDMap /Identity\n/W [${glyphs.map(({ g }) => `${g.id} [${r(g.advanceWidth)}]`).join(' ')}]\n>>`,
      null,
    ],
    [
      id('descriptor'),
      `<<\n/Type /FontDescriptor\n/FontName /${FONT_NAME}\n/Flags 4\n/FontBBox [${[bbox.minX, bbox.minY, bbox.maxX, bbox.maxY].map(r).join(' ')}]\n/ItalicAngle ${num(face.italicAngle)}\n/Ascent ${r(face.ascent)}\n/Descent ${r(face.descent)}\n/CapHeight ${r(face.capHeight || face.ascent)}\n/XHeight ${r(face.xHeight || 0)}\n/StemV 0\n/FontFile2 ${id('file')} 0 R\n>>`,
      null,
    ],
    [id('file'), `<<\n/Length ${file.length}\n/Length1 ${bytes.length}\n/Filter /FlateDecode\n>>`, file],
    [id('unicode'), `<<\n/Length ${cmap.length}\n>>`, Buffer.from(cmap, 'latin1')],
  ];
};

/** The n-th subset tag: six capital letters, AAAAAA, AAAAAB, … (26^6 of them). */
export const subsetTag = (n: number): string => {
  let out = '';
  for (let k = 0, x = n; k < 6; k++, x = Math.floor(x / 26)) out = String.fromCharCode(65 + (x % 26)) + out;
  return out;
};

/** A PDF number as written here: at most three decimals, no trailing zeros. */
const num = (n: number): string => String(Math.round(n * 1000) / 1000);

/** A text string as pdf-lib writes document information: UTF-16BE with its byte order mark, in hex. */
const hexText = (s: string): string => `<FEFF${[...s].map((c) => Buffer.from(c, 'utf16le').swap16().toString('hex').toUpperCase()).join('')}>`;
const pdfDate = (d: Date): string => `(D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;

/**
 * Joins rendered parts into one PDF, object by object: each part's pages and what they use are
 * copied, renumbered, as soon as it and every part before it have arrived, while later parts are
 * still being rendered; `finish` adds "Page N of M" to every page (a tiny uncompressed stream
 * each, in the report's Noto Sans), the page tree and the document information (dates pinned:
 * no "now" anywhere), and writes the cross-reference table. Pages are copied in part order
 * whatever order the parts came in, so the same parts always give the same bytes. Dictionaries
 * are copied as the text they are with their references renumbered, streams as the bytes they
 * are: no object is parsed into a tree and written out again (pdf-lib's join did that for every
 * object of a 1,800-page report, half a second at its end).
 */
export const startJoin = (meta: JoinMeta, fonts: FontDirs): PartJoin => {
  const footer = faceOf(join(fonts.latin, 'NotoSans-Regular.ttf'));
  const chunks: Uint8Array[] = [];
  const offsets: number[] = [];
  let written = 0;
  const write = (s: string | Uint8Array): void => {
    const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
    chunks.push(b);
    written += b.length;
  };
  const writeObject = (id: number, text: string, stream: Uint8Array | null = null): void => {
    offsets[id] = written;
    write(`${id} 0 obj\n${text}\n`);
    if (stream) {
      write('stream\n');
      write(stream);
      write('\nendstream\n');
    }
    write('endobj\n');
  };
  // Objects of the whole file: 1 the page tree, 2 the catalog, 3 the document information, 4 and
  // 5 the streams that save and restore the graphics state around each page's own content (its
  // transformation stays its own), then the font, then the parts as they come, then the numbers.
  const [PAGES, CATALOG, INFO, SAVE, RESTORE] = [1, 2, 3, 4, 5];
  let nextId = 6;
  write('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n');
  writeObject(SAVE, '<<\n/Length 2\n>>', Buffer.from('q\n'));
  writeObject(RESTORE, '<<\n/Length 2\n>>', Buffer.from('Q\n'));

  /**
   * Copies the objects `from` needs (depth first, in reference order), renumbered; `fixed` maps
   * objects not copied to the joined file's own (a part's page tree to the joined one); `edit`
   * may rewrite an object's renumbered text.
   */
  const copy = (file: PdfFile, from: number[], fixed: Map<number, number>, edit: (id: number, text: string) => string = (_, t) => t): Map<number, number> => {
    const ids = new Map<number, number>();
    const order: number[] = [];
    const visit = (id: number): void => {
      if (ids.has(id) || fixed.has(id)) return;
      ids.set(id, nextId++);
      order.push(id);
      for (const r of referencesIn(file.get(id).text)) visit(r);
    };
    for (const id of from) visit(id);
    const to = (id: number): number => ids.get(id) ?? fixed.get(id)!;
    for (const id of order) {
      const o = file.get(id);
      writeObject(ids.get(id)!, edit(id, renumber(o.text, to)), o.stream);
    }
    return ids;
  };

  // The page-number font is written when the first part is copied (off the path to the first render).
  const fontIds = { font: nextId, cid: nextId + 1, descriptor: nextId + 2, file: nextId + 3, unicode: nextId + 4 };
  const FONT = fontIds.font;
  nextId += 5;
  let fontWritten = false;
  const writeFont = (): void => {
    if (fontWritten) return;
    fontWritten = true;
    for (const [id, text, stream] of footerFontObjects(footer, (k) => fontIds[k])) writeObject(id, text, stream);
  };

  let nextTag = 0;
  type Page = { id: number; stamp: number; width: number };
  const pages: Page[] = [];
  const copyPart = (bytes: Uint8Array, index: number): void => {
    const name = `Part ${index + 1} of the report`;
    const file = parsePdf(bytes, name);
    const tree = referenceAt(file.get(file.root).text, 'Pages');
    if (tree === null) throw new Error(`${name} has no page tree`);
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(file.get(tree).text);
    if (!kids) throw new Error(`${name} has no pages`);
    const own = referencesIn(` ${kids[1]!} `);
    const resources = new Set<number>();
    const widths = new Map<number, number>();
    const parent = new RegExp(`/Parent ${tree} 0 R`);
    for (const id of own) {
      const text = file.get(id).text;
      if (!/\/Type\s*\/Page\b/.test(text) || !parent.test(text)) throw new Error(`${name}: page object ${id} is not a page of its tree`);
      const r = referenceAt(text, 'Resources');
      if (r === null) throw new Error(`${name}: page object ${id} has no resources of its own`);
      resources.add(r);
      const box = /\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/.exec(text);
      if (!box) throw new Error(`${name}: page object ${id} has no media box`);
      widths.set(id, Number(box[3]) - Number(box[1]));
    }
    const stamps = new Map<number, number>();
    // Each part is its own pdfkit document, whose subsets are tagged from the same start
    // (BAAAAA+, CAAAAA+, …): joined, different font programs would share one name, which
    // ISO 32000-1 §9.6.4 forbids. Every subset of every part gets a tag of its own.
    const tags = new Map<string, string>();
    const retag = (text: string): string =>
      text.replace(/\/(BaseFont|FontName)\s*\/([A-Z]{6})\+/g, (_, key: string, tag: string) => {
        let fresh = tags.get(tag);
        if (!fresh) tags.set(tag, (fresh = subsetTag(nextTag++)));
        return `/${key} /${fresh}+`;
      });
    const ids = copy(file, own, new Map([[tree, PAGES], [file.root, CATALOG]]), (id, renumbered) => {
      const text = retag(renumbered);
      if (resources.has(id)) {
        // The page-number font beside the page's own fonts.
        if (/\/Font\s*<</.test(text)) return text.replace(/\/Font\s*<</, `/Font <<\n/PageNo ${FONT} 0 R`);
        if (/\/Font\b/.test(text)) throw new Error(`${name}: resources ${id} keep their fonts elsewhere`);
        return text.replace(/>>$/, `/Font <<\n/PageNo ${FONT} 0 R\n>>\n>>`);
      }
      if (!widths.has(id)) return text; // not one of the pages
      const stamp = nextId++;
      stamps.set(id, stamp);
      const contents = /\/Contents\s+(\d+ 0 R|\[[^\]]*\])/.exec(text);
      if (!contents) throw new Error(`${name}: page object ${id} has no content`);
      const inner = contents[1]!.startsWith('[') ? contents[1]!.slice(1, -1).trim() : contents[1]!;
      return text.replace(contents[0], `/Contents [${SAVE} 0 R ${inner} ${RESTORE} 0 R ${stamp} 0 R]`);
    });
    for (const id of own) pages.push({ id: ids.get(id)!, stamp: stamps.get(id)!, width: widths.get(id)! });
  };

  const waiting = new Map<number, Uint8Array>();
  let next = 0;
  let failure: Error | null = null;
  const copyReady = (): void => {
    for (let bytes = waiting.get(next); bytes; bytes = waiting.get(next)) {
      waiting.delete(next);
      writeFont();
      copyPart(bytes, next);
      next += 1;
    }
  };
  let queue: Promise<void> = Promise.resolve();

  /** "Page N of M" on every page, from the font's character map (ASCII: no shaping needed). */
  const stampPages = (): void => {
    const { face } = footer;
    const scale = FOOTER.size / face.unitsPerEm;
    const glyphs = new Map<string, { hex: string; width: number }>();
    const glyph = (ch: string): { hex: string; width: number } => {
      let g = glyphs.get(ch);
      if (!g) {
        const found = face.glyphForCodePoint(ch.codePointAt(0)!);
        g = { hex: found.id.toString(16).padStart(4, '0'), width: found.advanceWidth * scale };
        glyphs.set(ch, g);
      }
      return g;
    };
    for (const [i, page] of pages.entries()) {
      const cells = [...`Page ${i + 1} of ${pages.length}`].map(glyph);
      const width = cells.reduce((sum, g) => sum + g.width, 0);
      const ops = `q\nBT\n0.42 0.45 0.5 rg\n/PageNo ${FOOTER.size} Tf\n${num(page.width - FOOTER.right - width)} ${FOOTER.y} Td\n<${cells.map((g) => g.hex).join('')}> Tj\nET\nQ\n`;
      writeObject(page.stamp, `<<\n/Length ${ops.length}\n>>`, Buffer.from(ops, 'latin1'));
    }
  };

  return {
    add: (index, bytes) => {
      waiting.set(index, bytes);
      // One copy at a time; a failure is kept for finish (and never left as an unhandled rejection).
      queue = queue.then(copyReady).catch((e: unknown) => void (failure ??= e instanceof Error ? e : new Error('Joining the report failed', { cause: e })));
    },
    finish: async (count) => {
      await queue;
      if (failure) throw failure;
      if (next !== count) throw new Error(`Joining the report: part ${next + 1} of ${count} never arrived`);
      writeFont();
      stampPages();
      writeObject(PAGES, `<<\n/Type /Pages\n/Kids [${pages.map((p) => `${p.id} 0 R`).join(' ')}]\n/Count ${pages.length}\n>>`);
      writeObject(CATALOG, `<<\n/Type /Catalog\n/Pages ${PAGES} 0 R\n>>`);
      const info: [string, string][] = [
        ['Title', hexText(meta.title)],
        ['Author', hexText(meta.author)],
        ['Subject', hexText(meta.subject)],
        ['Creator', hexText('Model Risk Desk')],
        ['Producer', hexText('Model Risk Desk (pdfmake, own join)')],
        ['CreationDate', pdfDate(meta.pinned)],
        ['ModDate', pdfDate(meta.pinned)],
        ...(meta.chainHead ? ([[CHAIN_HEAD_KEY, chainHeadValue(meta.chainHead)]] as [string, string][]) : []),
      ];
      writeObject(INFO, `<<\n${info.map(([k, v]) => `/${k} ${v}`).join('\n')}\n>>`);
      const xref = written;
      const lines = ['xref', `0 ${nextId}`, '0000000000 65535 f '];
      for (let id = 1; id < nextId; id++) {
        const at = offsets[id];
        if (at === undefined) throw new Error(`Joining the report: object ${id} was never written`);
        lines.push(`${String(at).padStart(10, '0')} 00000 n `);
      }
      write(`${lines.join('\n')}\ntrailer\n<<\n/Size ${nextId}\n/Root ${CATALOG} 0 R\n/Info ${INFO} 0 R\n>>\nstartxref\n${xref}\n%%EOF\n`);
      return { pdf: Buffer.concat(chunks), pages: pages.length };
    },
  };
};

/** Joins parts already rendered (see startJoin). */
export const joinParts = async (parts: Uint8Array[], meta: JoinMeta, fonts: FontDirs): Promise<{ pdf: Buffer; pages: number }> => {
  const join = startJoin(meta, fonts);
  parts.forEach((bytes, i) => join.add(i, bytes));
  return join.finish(parts.length);
};
