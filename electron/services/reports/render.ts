import { join, resolve, sep } from 'node:path';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { AppError } from '../../../shared/errors';
import { installPatches } from './patches';

import type { FontDirs } from './fontDirs';

export { defaultFontDirs, type FontDirs } from './fontDirs';

/** The report's font families, as pdfmake takes them: file by style. */
export const reportFonts = (dirs: FontDirs): Record<'Noto' | 'Light' | 'CJK', Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>> => {
  const l = (f: string): string => join(dirs.latin, f);
  const c = (f: string): string => join(dirs.cjk, f);
  return {
    Noto: { normal: l('NotoSans-Regular.ttf'), bold: l('NotoSans-Bold.ttf'), italics: l('NotoSans-Italic.ttf'), bolditalics: l('NotoSans-BoldItalic.ttf') },
    Light: { normal: l('NotoSans-Light.ttf'), bold: l('NotoSans-Regular.ttf'), italics: l('NotoSans-LightItalic.ttf'), bolditalics: l('NotoSans-Italic.ttf') },
    CJK: { normal: c('NotoSansHans-Regular.otf'), bold: c('NotoSansHans-Bold.otf'), italics: c('NotoSansHans-Regular.otf'), bolditalics: c('NotoSansHans-Bold.otf') },
  };
};

let configured: string | null = null;

const configure = (dirs: FontDirs): void => {
  installPatches();
  const key = `${dirs.latin}|${dirs.cjk}`;
  if (configured === key) return;
  pdfmake.setFonts(reportFonts(dirs));
  // Never fetch: a report is generated offline from the database alone.
  pdfmake.setUrlAccessPolicy(() => false);
  // Local files: only the fonts above.
  const allowed = [resolve(dirs.latin) + sep, resolve(dirs.cjk) + sep];
  pdfmake.setLocalAccessPolicy((path) => allowed.some((dir) => resolve(path).startsWith(dir)));
  // Light horizontal rules only; a titled table draws none above and under its title row.
  const layout = (firstRule: number) => ({
    hLineWidth: (i: number) => (i < firstRule ? 0 : 0.4),
    vLineWidth: () => 0,
    hLineColor: () => '#d9dde3',
    paddingLeft: () => 3,
    paddingRight: () => 3,
    paddingTop: () => 1.5,
    paddingBottom: () => 1.5,
  });
  pdfmake.addTableLayouts({ report: layout(0), titled: layout(2) });
  configured = key;
};

export const reportCancelled = (): AppError => new AppError('cancelled', 'The report was cancelled; nothing was registered');

/** Renders a document; progress from 0 to 1; `cancelled` is checked as pages are laid out. */
export const renderPdf = async (doc: TDocumentDefinitions, fonts: FontDirs, hooks: { progress?: (fraction: number) => void; cancelled?: () => boolean } = {}): Promise<Buffer> => {
  configure(fonts);
  pdfmake.setProgressCallback((fraction: number) => {
    if (hooks.cancelled?.()) throw reportCancelled();
    hooks.progress?.(fraction);
  });
  return pdfmake.createPdf(doc).getBuffer();
};
