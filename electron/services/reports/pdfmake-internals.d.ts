// pdfmake's document class (a pdfkit document), patched by fontCache.ts; typed there.
declare module 'pdfmake/js/PDFDocument.js' {
  const module: unknown;
  // eslint-disable-next-line no-restricted-syntax -- a CommonJS module's exports are its default import
  export default module;
}
