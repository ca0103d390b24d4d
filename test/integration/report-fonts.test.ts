import { describe, expect, it } from 'vitest';
import { partDocument, reportParts } from '../../electron/services/reports/document';
import { fontCacheStats, pdfkitFontMethods, trimFontCaches } from '../../electron/services/reports/fontCache';
import { pdfDocumentClass } from '../../electron/services/reports/pdfmakeInternals';
import { defaultFontDirs, renderPdf, reportFonts } from '../../electron/services/reports/render';
import { demoReportData, partHashes, sha256 as sha, withMethods } from '../helpers/reportData';

describe('fonts shared between the documents of a report', () => {
  it('a document built on fonts parsed and measured by an earlier one has the same bytes as one that parsed them itself', async () => {
    // Greek and CJK in a name: the CJK font is shared too.
    const data = await demoReportData(8, 5, ["update models set name = 'Ωμέγα 信用评分' where ref = 'MDL-0002'"]);
    const [front, models] = reportParts(data);
    // This file's module state is fresh: the first document opens every font itself.
    expect(fontCacheStats.reused).toBe(0);
    const first = await renderPdf(partDocument(data, models!), defaultFontDirs());
    expect(fontCacheStats.reused).toBe(0);
    await renderPdf(partDocument(data, front!), defaultFontDirs());
    const again = await renderPdf(partDocument(data, models!), defaultFontDirs());
    expect(fontCacheStats.reused).toBeGreaterThanOrEqual(3);
    expect(sha(again)).toBe(sha(first));
    // Between reports: fonts under the limit are kept; past it they are let go, parsed afresh by the next document, same bytes.
    const reused = fontCacheStats.reused;
    trimFontCaches();
    await renderPdf(partDocument(data, models!), defaultFontDirs());
    expect(fontCacheStats.reused).toBeGreaterThan(reused);
    trimFontCaches(0);
    const afresh = fontCacheStats.reused;
    const parsedAgain = await renderPdf(partDocument(data, models!), defaultFontDirs());
    expect(fontCacheStats.reused).toBe(afresh);
    expect(sha(parsedAgain)).toBe(sha(first));
  });
});

describe('string widths and encoded runs remembered', () => {
  it("give the bytes pdfkit's own widthOfString and encode give, for every part of a report", async () => {
    const data = await demoReportData(10, 3, ["update models set name = 'Ωμέγα 信用评分' where ref = 'MDL-0003'"]);
    const ours = await partHashes(data);
    // pdfkit's font class, as pdfmake's document makes it.
    const Doc = pdfDocumentClass<new (fonts: unknown) => { provideFont: (f: string, b: boolean, i: boolean) => object }>();
    const Font = new Doc(reportFonts(defaultFontDirs())).provideFont('Noto', false, false).constructor as { prototype: Record<string, unknown> };
    const own = pdfkitFontMethods.get(Font);
    expect(own).toBeDefined();
    expect(Font.prototype.encode).not.toBe(own!.encode);
    expect(await withMethods(Font.prototype, own!, () => partHashes(data))).toEqual(ours);
  });
});
