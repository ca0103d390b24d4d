import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, rgb } from 'pdf-lib';
import type { FontDirs } from './render';
import { FOOTER } from './document';

export type JoinMeta = { title: string; author: string; subject: string; pinned: Date };

/**
 * Joins the rendered parts into one PDF and stamps "Page N of M" on every page. Metadata dates
 * are pinned (no "now" anywhere), so the same parts always give the same bytes.
 */
export const joinParts = async (parts: Uint8Array[], meta: JoinMeta, fonts: FontDirs): Promise<{ pdf: Buffer; pages: number }> => {
  const out = await PDFDocument.create({ updateMetadata: false });
  out.registerFontkit(fontkit);
  out.setTitle(meta.title);
  out.setAuthor(meta.author);
  out.setSubject(meta.subject);
  out.setCreator('Model Risk Desk');
  out.setProducer('Model Risk Desk (pdfmake, pdf-lib)');
  out.setCreationDate(meta.pinned);
  out.setModificationDate(meta.pinned);
  for (const bytes of parts) {
    const src = await PDFDocument.load(bytes, { updateMetadata: false });
    for (const page of await out.copyPages(src, src.getPageIndices())) out.addPage(page);
  }
  // The page numbers use the report's own font, embedded whole: pdf-lib's subset of Noto Sans drew
  // only some glyphs ("ge" of "Page 2 of 6"). A fixed name, because pdf-lib would otherwise add a
  // random suffix and the same data would not give the same bytes.
  const font = await out.embedFont(readFileSync(join(fonts.latin, 'NotoSans-Regular.ttf')), { subset: false, customName: 'MRD-NotoSans-PageNumbers' });
  const pages = out.getPageCount();
  out.getPages().forEach((page, i) => {
    const text = `Page ${i + 1} of ${pages}`;
    page.drawText(text, { x: page.getWidth() - FOOTER.right - font.widthOfTextAtSize(text, FOOTER.size), y: FOOTER.y, size: FOOTER.size, font, color: rgb(0.42, 0.45, 0.5) });
  });
  return { pdf: Buffer.from(await out.save({ useObjectStreams: false })), pages };
};
