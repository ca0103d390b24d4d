import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFLATE_LEVEL } from '../../electron/services/reports/deflate';
import { defaultFontDirs, renderPdf } from '../../electron/services/reports/render';

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
