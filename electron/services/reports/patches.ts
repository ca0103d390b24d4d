/**
 * Every patch of pdfmake's and pdfkit's internals, installed from here and nowhere else. Each
 * patch replaces methods that are not part of either library's API, so each names the methods it
 * replaces, and those are checked to exist before anything is installed: an upgrade that renames
 * one stops every report with an error naming it, instead of adding a dead method beside the
 * renamed one while the byte-comparison tests compare the original with itself. The versions the
 * patches were written against are pinned (package.json `overrides` for pdfkit) and asserted by
 * test/unit/patches.test.ts, so CI fails on an upgrade until the patches are checked again.
 *
 * MRD_PDF_PATCHES=off renders with pdfmake and pdfkit as they are: the same text at the same
 * places (a line's words are then written one by one, so not the same bytes), slower; what the
 * patches earn is printed by `npm run bench`, and test/unit/patches.test.ts compares the two.
 */
import { cacheColorOperators } from './colorOps';
import { shareFontsAcrossDocuments } from './fontCache';
import { drawLinesAsRuns } from './lineRuns';
import { absentMethods, PATCHED_VERSIONS, pdfDocumentClass, rendererClass, styleStackClass, svgMeasureClass, textInlinesClass } from './pdfmakeInternals';

export { PATCHED_VERSIONS } from './pdfmakeInternals';
import { writeStreamsFaster } from './streams';
import { fasterStyleLookup } from './styleLookup';
import { drawChartSvgDirectly } from './svgDraw';
import { readSvgSizeFromRoot } from './svgSize';
import { measureWordsOnce } from './wordMeasure';

export type Patch = { name: string; replaces: () => [owner: string, prototype: object, method: string][]; install: () => void };

const proto = (cls: unknown): object => (cls as { prototype: object }).prototype;

export const PATCHES: Patch[] = [
  { name: 'shareFontsAcrossDocuments', replaces: () => [['pdfmake PDFDocument', proto(pdfDocumentClass()), 'provideFont']], install: shareFontsAcrossDocuments },
  { name: 'fasterStyleLookup', replaces: () => [['pdfmake StyleContextStack', proto(styleStackClass()), 'getProperty']], install: fasterStyleLookup },
  { name: 'measureWordsOnce', replaces: () => [['pdfmake TextInlines', proto(textInlinesClass()), 'measure']], install: measureWordsOnce },
  { name: 'readSvgSizeFromRoot', replaces: () => [['pdfmake SVGMeasure', proto(svgMeasureClass()), 'measureSVG'], ['pdfmake SVGMeasure', proto(svgMeasureClass()), 'writeDimensions']], install: readSvgSizeFromRoot },
  { name: 'drawChartSvgDirectly', replaces: () => [['pdfmake Renderer', proto(rendererClass()), 'renderSVG']], install: drawChartSvgDirectly },
  { name: 'drawLinesAsRuns', replaces: () => [['pdfmake Renderer', proto(rendererClass()), 'renderLine']], install: drawLinesAsRuns },
  { name: 'writeStreamsFaster', replaces: () => [['pdfkit PDFDocument', proto(pdfDocumentClass()), 'ref']], install: writeStreamsFaster },
  { name: 'cacheColorOperators', replaces: () => [['pdfkit PDFDocument (color mixin)', proto(pdfDocumentClass()), '_setColorCore']], install: cacheColorOperators },
];

/** The methods a patch replaces that the library no longer has, as "owner.method". */
export const missingMethods = (patch: Patch): string[] =>
  patch.replaces().flatMap(([owner, prototype, method]) => absentMethods(prototype, [method]).map((m) => `${owner}.${m}`));

export const patchesEnabled = (): boolean => process.env.MRD_PDF_PATCHES !== 'off';

/** Checks every patch's methods, then installs them all (each once per thread); none when MRD_PDF_PATCHES=off. */
export const installPatches = (patches: Patch[] = PATCHES): void => {
  if (!patchesEnabled()) return;
  const missing = patches.flatMap((p) => missingMethods(p).map((m) => `${p.name} replaces ${m}`));
  if (missing.length) throw new Error(`PDF patches cannot be installed: ${missing.join('; ')}. pdfmake or pdfkit changed (patched against pdfmake ${PATCHED_VERSIONS.pdfmake}, pdfkit ${PATCHED_VERSIONS.pdfkit}); see electron/services/reports/patches.ts`);
  for (const p of patches) p.install();
};
