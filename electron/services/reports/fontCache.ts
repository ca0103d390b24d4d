import { mustHave, once, pdfDocumentClass } from './pdfmakeInternals';

/** The parts of pdfmake's PDFDocument (a pdfkit document) and pdfkit's EmbeddedFont used here. */
type Run = [string[], unknown[]];
type EmbeddedFont = {
  font: object;
  name?: string;
  layoutCache?: Record<string, unknown>;
  /** Advance widths of whole strings (in 1/1000 em), shared like the layout cache. */
  widthCache?: Map<string, number>;
  /** What encode gave for a string in this document (its glyphs are in this document's subset). */
  encodeCache?: Map<string, Run>;
  layout: (text: string, features: unknown, onlyWidth: boolean) => { advanceWidth: number };
  encode: (text: string, features?: unknown) => Run;
  widthOfString: (text: string, size: number, features?: unknown) => number;
};
type EmbeddedFontClass = { new (doc: PdfDoc, font: object, id: string): EmbeddedFont; prototype: EmbeddedFont };
type PdfDoc = {
  fontCache: Record<string, Record<string, EmbeddedFont>>;
  _fontCount: number;
  _fontFamilies: Record<string, EmbeddedFont>;
  _font: EmbeddedFont;
  getFontType: (bold: boolean, italics: boolean) => string;
  getFontFile: (family: string, bold: boolean, italics: boolean) => unknown;
};
type ProvideFont = (this: PdfDoc, family: string, bold: boolean, italics: boolean) => EmbeddedFont;

/** How many fonts documents took from the shared ones (tests check the path is taken). */
export const fontCacheStats = { reused: 0 };

/** Per font file, in this thread: the parsed font and its measured words (see shareFontsAcrossDocuments). */
const shared = new Map<string, { Font: EmbeddedFontClass; font: object; layoutCache: Record<string, unknown> | undefined; widthCache: Map<string, number> }>();

/** Strings measured per font before trimFontCaches starts the shared fonts afresh. */
export const FONT_CACHE_WORDS = 200_000;

/**
 * Between reports in a render worker kept for the next one: a font whose measured strings passed
 * `max` is let go (the next document parses it again), so that report after report of other
 * portfolios does not grow the caches without end.
 */
export const trimFontCaches = (max = FONT_CACHE_WORDS): void => {
  for (const [key, font] of shared) if (font.widthCache.size > max) shared.delete(key);
};

/**
 * A report is rendered as several pdfmake documents (parts), and every document would parse its
 * font files again and measure every word again with fontkit's shaping. This keeps, per font file
 * and per thread, the parsed font and the measured words, and gives each new document its own
 * embedded font (own id, own subset) built on them. Output is unchanged: the same glyphs and
 * widths, assigned the same ids in the same order (the reproducibility test renders twice).
 */
export const shareFontsAcrossDocuments = once((): void => {
  const PDFDocument = pdfDocumentClass<{ prototype: { provideFont: ProvideFont } }>();
  const original = PDFDocument.prototype.provideFont;
  PDFDocument.prototype.provideFont = function provideFont(this: PdfDoc, family: string, bold: boolean, italics: boolean): EmbeddedFont {
    const type = this.getFontType(bold, italics);
    const known = this.fontCache[family]?.[type];
    if (known) return known;
    const file = this.getFontFile(family, bold, italics);
    if (typeof file !== 'string') return original.call(this, family, bold, italics);
    const key = `${family}\u0000${type}\u0000${file}`;
    const seen = shared.get(key);
    if (!seen) {
      const made = original.call(this, family, bold, italics);
      const Font = made.constructor as EmbeddedFontClass;
      rememberRuns(Font);
      made.widthCache = new Map();
      shared.set(key, { Font, font: made.font, layoutCache: made.layoutCache, widthCache: made.widthCache });
      return made;
    }
    fontCacheStats.reused += 1;
    // What pdfkit's doc.font(file) does: a file this document already opened is the same font;
    // a new one gets the next id, only without reading and parsing the file again.
    const made = this._fontFamilies[file] ?? new seen.Font(this, seen.font, `F${++this._fontCount}`);
    if (made.font === seen.font) {
      if (seen.layoutCache) made.layoutCache = seen.layoutCache;
      made.widthCache = seen.widthCache;
    }
    this._fontFamilies[file] = made;
    if (made.name && !this._fontFamilies[made.name]) this._fontFamilies[made.name] = made;
    (this.fontCache[family] ??= {})[type] = made;
    this._font = made;
    return made;
  };
});

/** pdfkit's own methods, by font class (a test draws with them to compare). */
export const pdfkitFontMethods = new WeakMap<object, Pick<EmbeddedFont, 'widthOfString' | 'encode'>>();

/**
 * pdfkit works out a string's width by walking it character by character to cut it into words it
 * then looks up, for every word pdfmake measures; and it encodes a run's glyphs again each time
 * the run is drawn. Here a string's width is looked up whole (the same sum, in the same order, from
 * the same per-word layouts), and a document encodes a run once: its glyphs are already in its
 * subset the second time, so the answer is the same. Only for plain text (no OpenType features).
 */
const rememberRuns = (Font: EmbeddedFontClass): void => {
  if (pdfkitFontMethods.has(Font)) return;
  mustHave('shareFontsAcrossDocuments', "pdfkit's EmbeddedFont", Font.prototype, ['widthOfString', 'encode', 'layout']);
  const { widthOfString, encode } = Font.prototype;
  pdfkitFontMethods.set(Font, { widthOfString, encode });
  Font.prototype.widthOfString = function (this: EmbeddedFont, text: string, size: number, features?: unknown): number {
    const cache = this.widthCache;
    if (features || !cache) return widthOfString.call(this, text, size, features);
    let width = cache.get(text);
    if (width === undefined) cache.set(text, (width = this.layout(text, features, true).advanceWidth));
    return width * (size / 1000);
  };
  Font.prototype.encode = function (this: EmbeddedFont, text: string, features?: unknown): Run {
    if (features) return encode.call(this, text, features);
    const cache = (this.encodeCache ??= new Map<string, Run>());
    let run = cache.get(text);
    if (!run) cache.set(text, (run = encode.call(this, text, features)));
    return run;
  };
};
