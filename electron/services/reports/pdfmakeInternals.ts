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

/** The library versions every patch (patches.ts) was written and byte-checked against. */
export const PATCHED_VERSIONS = { pdfmake: '0.3.11', pdfkit: '0.19.1' } as const;

/** Which of `methods` the prototype (or its chain) does not have as functions. */
export const absentMethods = (prototype: object, methods: string[]): string[] => methods.filter((m) => typeof (prototype as Record<string, unknown>)[m] !== 'function');

/** A method found only when the library first makes the object (pdfkit's fonts and references). */
export const mustHave = (patch: string, owner: string, prototype: object, methods: string[]): void => {
  const missing = absentMethods(prototype, methods);
  if (missing.length) throw new Error(`PDF patch ${patch}: ${owner} has no ${missing.join(', ')}: pdfmake or pdfkit changed (patched against pdfmake ${PATCHED_VERSIONS.pdfmake}, pdfkit ${PATCHED_VERSIONS.pdfkit}); see electron/services/reports/patches.ts`);
};

