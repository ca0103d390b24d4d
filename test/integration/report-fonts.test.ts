import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { partDocument, reportParts } from '../../electron/services/reports/document';
import { fontCacheStats, pdfkitFontMethods } from '../../electron/services/reports/fontCache';
import { pdfDocumentClass } from '../../electron/services/reports/pdfmakeInternals';
import { defaultFontDirs, renderPdf } from '../../electron/services/reports/render';
import { AUDITOR, demoReportData } from '../helpers/reportData';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('fonts shared between the documents of a report', () => {
  it('a document built on fonts parsed and measured by an earlier one has the same bytes as one that parsed them itself', async () => {
    // Greek and CJK in a name: the CJK font is shared too.
    const data = demoReportData(8, 5, ["update models set name = 'Ωμέγα 信用评分' where ref = 'MDL-0002'"]);
    const author = AUDITOR;
    const [front, models] = reportParts(data);
    // This file's module state is fresh: the first document opens every font itself.
    expect(fontCacheStats.reused).toBe(0);
    const first = await renderPdf(partDocument(data, author, models!), defaultFontDirs());
    expect(fontCacheStats.reused).toBe(0);
    await renderPdf(partDocument(data, author, front!), defaultFontDirs());
    const again = await renderPdf(partDocument(data, author, models!), defaultFontDirs());
    expect(fontCacheStats.reused).toBeGreaterThanOrEqual(3);
    expect(sha(again)).toBe(sha(first));
  });
});

describe('string widths and encoded runs remembered', () => {
  it("give the bytes pdfkit's own widthOfString and encode give, for every part of a report", async () => {
    const data = demoReportData(10, 3, ["update models set name = 'Ωμέγα 信用评分' where ref = 'MDL-0003'"]);
    const author = AUDITOR;
    const render = async (): Promise<string[]> => {
      const out: string[] = [];
      for (const part of reportParts(data)) out.push(sha(await renderPdf(partDocument(data, author, part), defaultFontDirs())));
      return out;
    };
    const ours = await render();
    // pdfkit's font class, as pdfmake's document makes it.
    const Doc = pdfDocumentClass<new (fonts: unknown) => { provideFont: (f: string, b: boolean, i: boolean) => object }>();
    const l = (f: string): string => join(defaultFontDirs().latin, f);
    const Font = new Doc({ Noto: { normal: l('NotoSans-Regular.ttf'), bold: l('NotoSans-Bold.ttf'), italics: l('NotoSans-Italic.ttf'), bolditalics: l('NotoSans-BoldItalic.ttf') } }).provideFont('Noto', false, false).constructor as { prototype: Record<string, unknown> };
    const own = pdfkitFontMethods.get(Font);
    expect(own).toBeDefined();
    const patched = { widthOfString: Font.prototype.widthOfString, encode: Font.prototype.encode };
    expect(patched.encode).not.toBe(own!.encode);
    Object.assign(Font.prototype, own);
    try {
      expect(await render()).toEqual(ours);
    } finally {
      Object.assign(Font.prototype, patched);
    }
  });
});
