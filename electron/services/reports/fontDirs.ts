import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Fonts are embedded (subsets): Noto Sans for Latin, Greek and Cyrillic, Noto Sans SC for CJK
 * runs, DejaVu-free so nothing depends on the machine's fonts. The packaged app passes the folder
 * it ships them in; from sources they come from node_modules.
 */
export const defaultFontDirs = (): { latin: string; cjk: string } => {
  const req = createRequire(import.meta.url);
  // The packages export only their index (dist/index.cjs); the fonts sit beside dist/.
  const fontsOf = (pkg: string): string => join(dirname(dirname(req.resolve(pkg))), 'fonts');
  return { latin: fontsOf('@embedpdf/fonts-latin'), cjk: fontsOf('@embedpdf/fonts-sc') };
};

export type FontDirs = { latin: string; cjk: string };
