import fontkit, { type Font } from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beginText, endText, moveText, PDFContentStream, PDFDocument, PDFHexString, ParseSpeeds, popGraphicsState, pushGraphicsState, setFillingRgbColor, setFontAndSize, showText, type PDFFont } from 'pdf-lib';
import type { FontDirs } from './render';
import { FOOTER } from './document';

/**
 * "Page N of M" on every page, written as a small uncompressed content stream per page. Glyphs
 * come from the font's character map (the text is ASCII: no shaping needed), not from pdf-lib's
 * drawText, which shapes every string with the font's layout tables and compresses a stream per
 * page — most of the join's time on a 1,800-page report.
 */
const stampPageNumbers = (out: PDFDocument, font: PDFFont, face: Font, pages: number): void => {
  const scale = FOOTER.size / face.unitsPerEm;
  const glyphs = new Map<string, { hex: string; width: number }>();
  const glyph = (ch: string): { hex: string; width: number } => {
    let g = glyphs.get(ch);
    if (!g) {
      const found = face.glyphForCodePoint(ch.codePointAt(0)!);
      g = { hex: found.id.toString(16).padStart(4, '0'), width: found.advanceWidth * scale };
      glyphs.set(ch, g);
    }
    return g;
  };
  // pdf-lib writes the font's ToUnicode map from the text it encoded: encode every character used
  // once, so the stamped numbers stay extractable as text.
  font.encodeText('Page of 0123456789');
  const context = out.context;
  for (const [i, page] of out.getPages().entries()) {
    const text = `Page ${i + 1} of ${pages}`;
    const cells = [...text].map(glyph);
    const width = cells.reduce((sum, g) => sum + g.width, 0);
    page.node.normalize();
    const key = page.node.newFontDictionary('PageNo', font.ref);
    const ops = [
      pushGraphicsState(),
      beginText(),
      setFillingRgbColor(0.42, 0.45, 0.5),
      setFontAndSize(key, FOOTER.size),
      moveText(page.getWidth() - FOOTER.right - width, FOOTER.y),
      showText(PDFHexString.of(cells.map((g) => g.hex).join(''))),
      endText(),
      popGraphicsState(),
    ];
    page.node.addContentStream(context.register(PDFContentStream.of(context.obj({}), ops, false)));
  }
};

export type JoinMeta = { title: string; author: string; subject: string; pinned: Date };

/** A join under way: parts are added as they are rendered, in any order, and copied in order. */
export type PartJoin = { add: (index: number, bytes: Uint8Array) => void; finish: (count: number) => Promise<{ pdf: Buffer; pages: number }> };

/**
 * Starts joining rendered parts into one PDF: each part is parsed and its pages copied as soon as
 * it and every part before it have arrived, while later parts are still being rendered. `finish`
 * stamps "Page N of M" on every page and writes the file. Metadata dates are pinned (no "now"
 * anywhere) and pages are copied in part order whatever order the parts came in, so the same
 * parts always give the same bytes.
 */
export const startJoin = async (meta: JoinMeta, fonts: FontDirs): Promise<PartJoin> => {
  const out = await PDFDocument.create({ updateMetadata: false });
  out.registerFontkit(fontkit);
  out.setTitle(meta.title);
  out.setAuthor(meta.author);
  out.setSubject(meta.subject);
  out.setCreator('Model Risk Desk');
  out.setProducer('Model Risk Desk (pdfmake, pdf-lib)');
  out.setCreationDate(meta.pinned);
  out.setModificationDate(meta.pinned);
  const waiting = new Map<number, Uint8Array>();
  let next = 0;
  let failure: Error | null = null;
  const copyReady = async (): Promise<void> => {
    for (let bytes = waiting.get(next); bytes; bytes = waiting.get(next)) {
      waiting.delete(next);
      // The join runs in the job's worker thread: no need to yield to an event loop while parsing.
      const src = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
      for (const page of await out.copyPages(src, src.getPageIndices())) out.addPage(page);
      next += 1;
    }
  };
  // One copy at a time; a failure is kept for finish (and never left as an unhandled rejection).
  let queue: Promise<void> = Promise.resolve();
  return {
    add: (index, bytes) => {
      waiting.set(index, bytes);
      queue = queue.then(copyReady).catch((e: unknown) => void (failure ??= e instanceof Error ? e : new Error('Joining the report failed', { cause: e })));
    },
    finish: async (count) => {
      await queue;
      if (failure) throw failure;
      if (next !== count) throw new Error(`Joining the report: part ${next + 1} of ${count} never arrived`);
      // The page numbers use the report's own font, embedded whole: pdf-lib's subset of Noto Sans
      // drew only some glyphs ("ge" of "Page 2 of 6"). A fixed name, because pdf-lib would
      // otherwise add a random suffix and the same data would not give the same bytes.
      const bytes = readFileSync(join(fonts.latin, 'NotoSans-Regular.ttf'));
      const font = await out.embedFont(bytes, { subset: false, customName: 'MRD-NotoSans-PageNumbers' });
      const pages = out.getPageCount();
      stampPageNumbers(out, font, fontkit.create(bytes), pages);
      return { pdf: Buffer.from(await out.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY })), pages };
    },
  };
};

/** Joins parts already rendered (see startJoin). */
export const joinParts = async (parts: Uint8Array[], meta: JoinMeta, fonts: FontDirs): Promise<{ pdf: Buffer; pages: number }> => {
  const join = await startJoin(meta, fonts);
  parts.forEach((bytes, i) => join.add(i, bytes));
  return join.finish(parts.length);
};
