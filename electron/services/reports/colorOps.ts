import { once, pdfDocumentClass } from './pdfmakeInternals';

/** The parts of pdfkit's document (its colour mixin) used here. */
type Doc = {
  spotColors: Record<string, unknown>;
  _normalizeColor: (color: unknown) => number[] | null;
  _getColorSpace: (color: number[]) => string;
  _setColorCore: (this: Doc, color: unknown, stroke: boolean) => boolean;
  addContent: (op: string) => Doc;
};

/** A colour pdfkit reads the same in every document: hex or named, or 8-bit RGB components. */
const keyOf = (doc: Doc, color: unknown): string | null => {
  if (typeof color === 'string') return doc.spotColors[color] ? null : color;
  if (Array.isArray(color) && color.length === 3 && color.every((c) => Number.isInteger(c))) return color.join(',');
  return null;
};

/**
 * pdfkit writes a fill or stroke colour by normalising it, then printing its components as
 * shortest round-trip decimals ("0.11372549019607843 ..."), every time: a table rule, a word's
 * colour, a chart's fill. The operators a colour gives are kept here per colour (per thread; spot
 * colours, which belong to a document, are left to pdfkit) and written as one string: the same
 * bytes. A test compares them with pdfkit's own.
 */
export const cacheColorOperators = once((): void => {
  const Doc = pdfDocumentClass<{ prototype: Doc }>();
  const original = Doc.prototype._setColorCore;
  const ops = new Map<string, string | null>();
  Doc.prototype._setColorCore = function (this: Doc, color: unknown, stroke: boolean): boolean {
    const colorKey = keyOf(this, color);
    if (colorKey === null) return original.call(this, color, stroke);
    const key = (stroke ? 'S' : 'f') + colorKey;
    let op = ops.get(key);
    if (op === undefined) {
      const normalized = this._normalizeColor(color);
      op = normalized && `/${this._getColorSpace(normalized)} ${stroke ? 'CS' : 'cs'}\n${normalized.join(' ')} ${stroke ? 'SCN' : 'scn'}`;
      if (ops.size >= 1024) ops.clear();
      ops.set(key, op);
    }
    if (op === null) return false;
    this.addContent(op);
    return true;
  };
});
