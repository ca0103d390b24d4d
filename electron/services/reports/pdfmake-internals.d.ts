// pdfmake's document class (a pdfkit document), its style stack, text measurer and renderer, loaded by
// pdfmakeInternals.ts and patched by fontCache.ts, styleLookup.ts and lineRuns.ts, which type what
// they use.
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
