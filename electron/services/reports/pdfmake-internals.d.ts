// pdfmake's document class (a pdfkit document), its style stack, text and SVG measurers and its
// renderer, loaded by pdfmakeInternals.ts and patched by fontCache.ts, styleLookup.ts,
// wordMeasure.ts, svgSize.ts, svgDraw.ts and lineRuns.ts, which type what they use.
declare module 'pdfmake/js/PDFDocument.js' {
  const module: unknown;
  // eslint-disable-next-line no-restricted-syntax -- a CommonJS module's exports are its default import
  export default module;
}
declare module 'pdfmake/js/StyleContextStack.js' {
  const module: unknown;
  // eslint-disable-next-line no-restricted-syntax -- a CommonJS module's exports are its default import
  export default module;
}
declare module 'pdfmake/js/Renderer.js' {
  const module: unknown;
  // eslint-disable-next-line no-restricted-syntax -- a CommonJS module's exports are its default import
  export default module;
}
declare module 'pdfmake/js/TextInlines.js' {
  const module: unknown;
  // eslint-disable-next-line no-restricted-syntax -- a CommonJS module's exports are its default import
  export default module;
}
declare module 'pdfmake/js/SVGMeasure.js' {
  const module: unknown;
  // eslint-disable-next-line no-restricted-syntax -- a CommonJS module's exports are its default import
  export default module;
}
