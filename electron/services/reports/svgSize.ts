import { once, svgMeasureClass } from './pdfmakeInternals';

type Size = { width: number | undefined; height: number | undefined };
type SvgMeasure = { measureSVG: (svg: unknown) => Size; writeDimensions: (svg: unknown, size: { width: number; height: number }) => unknown };

/** The opening tag of an SVG document as the charts (shared/charts/svg.ts) write it. */
const ROOT = /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"((?:\s+[a-zA-Z:-]+="[^"<>&]*")*)\s*>/;
const ATTRIBUTE = /\s+([a-zA-Z:-]+)="([^"]*)"/g;
/** A plain number, as the charts write sizes: pdfmake's parseFloat reads these the same. */
const NUMBER = /^\d+(\.\d+)?$/;

const rootOf = (svg: unknown): { tag: string; attributes: Map<string, string> } | null => {
  if (typeof svg !== 'string') return null;
  const m = ROOT.exec(svg);
  if (!m) return null;
  const attributes = new Map([['xmlns', 'http://www.w3.org/2000/svg'], ...[...m[1]!.matchAll(ATTRIBUTE)].map((a): [string, string] => [a[1]!, a[2]!])]);
  const width = attributes.get('width');
  const height = attributes.get('height');
  if (!width || !height || !NUMBER.test(width) || !NUMBER.test(height)) return null;
  return { tag: m[0], attributes };
};

/**
 * pdfmake reads an SVG's size by parsing the whole document into an XML tree, then parses it
 * again to write the size it will draw at and serialises the tree back to text; the drawing
 * parses it a third time. For the SVG the charts write (shared/charts/svg.ts: their root tag, with
 * numeric width and height), the root tag alone is read and rewritten here; any other SVG goes
 * through pdfmake. A test compares the drawn bytes with pdfmake's own.
 */
export const readSvgSizeFromRoot = once((): void => {
  const M = svgMeasureClass<{ prototype: SvgMeasure }>();
  const { measureSVG, writeDimensions } = M.prototype;
  M.prototype.measureSVG = function (this: SvgMeasure, svg: unknown): Size {
    const root = rootOf(svg);
    if (!root) return measureSVG.call(this, svg);
    return { width: Number(root.attributes.get('width')), height: Number(root.attributes.get('height')) };
  };
  M.prototype.writeDimensions = function (this: SvgMeasure, svg: unknown, size: { width: number; height: number }): unknown {
    const root = rootOf(svg);
    if (!root) return writeDimensions.call(this, svg, size);
    const attributes = new Map(root.attributes);
    if (!attributes.has('viewBox')) attributes.set('viewBox', `0 0 ${attributes.get('width')} ${attributes.get('height')}`);
    attributes.set('width', String(size.width));
    attributes.set('height', String(size.height));
    const tag = `<svg${[...attributes].map(([k, v]) => ` ${k}="${v}"`).join('')}>`;
    return tag + (svg as string).slice(root.tag.length);
  };
});
