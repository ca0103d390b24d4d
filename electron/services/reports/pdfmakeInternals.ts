// pdfmake's document class, style stack, text and SVG measurers and renderer: not part of its typed API (see pdfmake-internals.d.ts).
// Static imports, so a bundle patches the very copies pdfmake itself uses.
import pdfDocumentModule from 'pdfmake/js/PDFDocument.js';
import styleStackModule from 'pdfmake/js/StyleContextStack.js';
import rendererModule from 'pdfmake/js/Renderer.js';
import textInlinesModule from 'pdfmake/js/TextInlines.js';
import svgMeasureModule from 'pdfmake/js/SVGMeasure.js';

/** Node's ESM loader gives a CommonJS module's exports object; bundlers give its `default` already. */
const classOf = <T>(loaded: unknown): T => (typeof loaded === 'function' ? loaded : (loaded as { default?: unknown }).default) as T;

export const pdfDocumentClass = <T>(): T => classOf<T>(pdfDocumentModule);
export const styleStackClass = <T>(): T => classOf<T>(styleStackModule);
export const rendererClass = <T>(): T => classOf<T>(rendererModule);
export const textInlinesClass = <T>(): T => classOf<T>(textInlinesModule);
export const svgMeasureClass = <T>(): T => classOf<T>(svgMeasureModule);

/** A patch of pdfmake's or pdfkit's classes, installed at most once per thread however often it is asked for. */
export const once = (install: () => void): (() => void) => {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    install();
  };
};
