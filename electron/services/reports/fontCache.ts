import { pdfDocumentClass } from './pdfmakeInternals';

/** The parts of pdfmake's PDFDocument (a pdfkit document) and pdfkit's EmbeddedFont used here. */
type EmbeddedFont = { font: object; name?: string; layoutCache?: Record<string, unknown> };
type EmbeddedFontClass = new (doc: PdfDoc, font: object, id: string) => EmbeddedFont;
type PdfDoc = {
  fontCache: Record<string, Record<string, EmbeddedFont>>;
  _fontCount: number;
  _fontFamilies: Record<string, EmbeddedFont>;
  _font: EmbeddedFont;
  getFontType: (bold: boolean, italics: boolean) => string;
  getFontFile: (family: string, bold: boolean, italics: boolean) => unknown;
};
type ProvideFont = (this: PdfDoc, family: string, bold: boolean, italics: boolean) => EmbeddedFont;

let installed = false;
/** How many fonts documents took from the shared ones (tests check the path is taken). */
export const fontCacheStats = { reused: 0 };

/**
 * A report is rendered as several pdfmake documents (parts), and every document would parse its
 * font files again and measure every word again with fontkit's shaping. This keeps, per font file
 * and per thread, the parsed font and the measured words, and gives each new document its own
 * embedded font (own id, own subset) built on them. Output is unchanged: the same glyphs and
 * widths, assigned the same ids in the same order (the reproducibility test renders twice).
 */
export const shareFontsAcrossDocuments = (): void => {
  if (installed) return;
  installed = true;
  const PDFDocument = pdfDocumentClass<{ prototype: { provideFont: ProvideFont } }>();
  const original = PDFDocument.prototype.provideFont;
  const shared = new Map<string, { Font: EmbeddedFontClass; font: object; layoutCache: Record<string, unknown> | undefined }>();
  PDFDocument.prototype.provideFont = function provideFont(this: PdfDoc, family: string, bold: boolean, italics: boolean): EmbeddedFont {
    const type = this.getFontType(bold, italics);
    const known = this.fontCache[family]?.[type];
    const file = this.getFontFile(family, bold, italics);
    if (known || typeof file !== 'string') return known ?? original.call(this, family, bold, italics);
    const key = `${family}\u0000${type}\u0000${file}`;
    const seen = shared.get(key);
    if (!seen) {
      const made = original.call(this, family, bold, italics);
      shared.set(key, { Font: made.constructor as EmbeddedFontClass, font: made.font, layoutCache: made.layoutCache });
      return made;
    }
    fontCacheStats.reused += 1;
    // What pdfkit's doc.font(file) does: a file this document already opened is the same font;
    // a new one gets the next id, only without reading and parsing the file again.
    const made = this._fontFamilies[file] ?? new seen.Font(this, seen.font, `F${++this._fontCount}`);
    if (seen.layoutCache && made.font === seen.font) made.layoutCache = seen.layoutCache;
    this._fontFamilies[file] = made;
    if (made.name && !this._fontFamilies[made.name]) this._fontFamilies[made.name] = made;
    (this.fontCache[family] ??= {})[type] = made;
    this._font = made;
    return made;
  };
};
