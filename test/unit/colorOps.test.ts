import { describe, expect, it } from 'vitest';
import { cacheColorOperators } from '../../electron/services/reports/colorOps';
import { pdfDocumentClass } from '../../electron/services/reports/pdfmakeInternals';
import { defaultFontDirs, renderPdf } from '../../electron/services/reports/render';
import { demoReportData, partHashes, withMethods } from '../helpers/reportData';

type Proto = { _setColorCore: unknown };
const Doc = pdfDocumentClass<{ prototype: Proto }>();
// Fresh module state: pdfkit's own method until the first render or install.
const own = { _setColorCore: Doc.prototype._setColorCore };

describe('colour operators kept per colour', () => {
  it("write pdfkit's own bytes for hex, short hex, named, RGB and CMYK colours, filled and stroked", async () => {
    cacheColorOperators();
    expect(Doc.prototype._setColorCore).not.toBe(own._setColorCore);
    const rect = (color: unknown, lineColor: unknown, x: number): object => ({ type: 'rect', x, y: 0, w: 10, h: 10, color, lineColor });
    // pdfmake moves a canvas's shapes in place: a new definition for each render.
    const doc = (): object => ({
      compress: false,
      info: { creationDate: new Date('2026-11-20T00:00:00Z') },
      defaultStyle: { font: 'Noto', fontSize: 8 },
      content: [
        { text: [{ text: 'red ', color: 'red' }, { text: 'hex ', color: '#c53030' }, { text: 'short ', color: '#0a0' }, { text: 'unknown ', color: 'not-a-colour' }, 'black'] },
        { table: { body: [[{ text: 'cell', fillColor: '#eef2f7' }, { text: 'navy', fillColor: 'navy', color: 'white' }]] } },
        { canvas: [rect([12, 200, 30], 'green', 0), rect([0, 50, 100, 0], [0.5, 0.25, 0.1], 20), rect('#123', [255, 0, 255], 40), rect('#d9dde3', '#d9dde3', 60)] },
      ],
    });
    const render = (): Promise<Buffer> => renderPdf(doc() as never, defaultFontDirs());
    const ours = (await render()).toString('latin1');
    const theirs = (await withMethods(Doc.prototype, own, render)).toString('latin1');
    expect(ours).toBe(theirs);
    // Stroke and fill colours, in RGB and CMYK, are all in there.
    for (const op of ['0.772549 0.188235 0.188235 scn', ' SCN', '/DeviceCMYK cs', '0 0.5 1 0 scn']) expect(ours.replace(/(\d\.\d{6})\d+/g, '$1')).toContain(op);
  });

  it("leave a document's spot colours to pdfkit", async () => {
    cacheColorOperators();
    type Drawing = { addSpotColor: (name: string, c: number, m: number, y: number, k: number) => Drawing; fillColor: (c: string) => Drawing; strokeColor: (c: string) => Drawing; rect: (x: number, y: number, w: number, h: number) => Drawing; fillAndStroke: () => Drawing; on: (e: string, f: (b?: Buffer) => void) => void; end: () => void };
    const D = pdfDocumentClass<new (...a: unknown[]) => Drawing>();
    const draw = (spot: boolean): Promise<string> =>
      new Promise((done) => {
        const d = new D({}, {}, {}, {}, { compress: false, info: { CreationDate: new Date('2026-11-20T00:00:00Z') } });
        const chunks: Buffer[] = [];
        d.on('data', (b) => chunks.push(b!));
        d.on('end', () => done(Buffer.concat(chunks).toString('latin1')));
        // "Brand" is a spot colour in one document and an unknown name in the other.
        if (spot) d.addSpotColor('Brand', 10, 20, 30, 40);
        d.fillColor('Brand').strokeColor('#abc').rect(0, 0, 5, 5).fillAndStroke();
        d.end();
      });
    const ours = [await draw(false), await draw(true), await draw(false)];
    const theirs = await withMethods(Doc.prototype, own, async () => [await draw(false), await draw(true), await draw(false)]);
    expect(ours).toEqual(theirs);
    expect(ours[1]).toMatch(/\/CS0 cs\n1 scn/);
  });

  it("write pdfkit's own bytes for every part of a report", async () => {
    const data = await demoReportData(8, 21);
    cacheColorOperators();
    expect(await withMethods(Doc.prototype, own, () => partHashes(data))).toEqual(await partHashes(data));
  });
});
