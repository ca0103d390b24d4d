import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFLATE_LEVEL, pdfkitStreamMethods } from '../../electron/services/reports/streams';
import { partDocument, reportParts } from '../../electron/services/reports/document';
import { defaultFontDirs, renderPdf } from '../../electron/services/reports/render';
import { demoReportData, sha256, withMethods } from '../helpers/reportData';

describe('report streams', () => {
  it(`are deflated at level ${DEFLATE_LEVEL}, and read back whole`, async () => {
    const text = 'Each arrow goes from a risk’s inherent score to its residual score after controls. '.repeat(80);
    const pdf = Buffer.from(await renderPdf({ defaultStyle: { font: 'Noto', fontSize: 9 }, content: [{ text }, { text, color: '#c00' }] }, defaultFontDirs()));
    const raw = pdf.toString('latin1');
    const streams = [...raw.matchAll(/\/Length (\d+)[^]*?>>\nstream\n/g)].map((m) => pdf.subarray(m.index + m[0].length, m.index + m[0].length + Number(m[1])));
    // The page contents and the embedded fonts at least.
    expect(streams.length).toBeGreaterThanOrEqual(3);
    let differsFromDefault = 0;
    for (const s of streams) {
      const data = inflateSync(s);
      expect(deflateSync(data, { level: DEFLATE_LEVEL }).equals(s)).toBe(true);
      if (!deflateSync(data).equals(s)) differsFromDefault += 1;
    }
    expect(differsFromDefault).toBeGreaterThan(0);
  });
});

describe("pdfkit's stream text", () => {
  it("is written as pdfkit writes it: the same bytes as with pdfkit's own buffer per operator", async () => {
    const data = await demoReportData(6, 3);
    const parts = reportParts(data);
    const render = (): Promise<Buffer[]> => Promise.all(parts.map((p) => renderPdf({ ...partDocument(data, p), compress: false }, defaultFontDirs())));
    const ours = await render();
    const { own, prototype } = pdfkitStreamMethods;
    expect(own && prototype).toBeTruthy();
    const theirs = await withMethods(prototype!, own!, render);
    expect(ours.map(sha256)).toEqual(theirs.map(sha256));
    // Uncompressed, so the page operators are there to read.
    expect(ours[1]!.toString('latin1')).toMatch(/\nBT\n/);
  });
});
