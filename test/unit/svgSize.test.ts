import { describe, expect, it } from 'vitest';
import { svgMeasureClass } from '../../electron/services/reports/pdfmakeInternals';
import { readSvgSizeFromRoot } from '../../electron/services/reports/svgSize';
import { matrixSvg } from '../../shared/charts/svg';
import { defaultMatrix } from '../../shared/matrix';
import { demoReportData, partHashes, withMethods } from '../helpers/reportData';

type Measure = { measureSVG: (svg: unknown) => unknown; writeDimensions: (svg: unknown, size: { width: number; height: number }) => unknown };
const M = svgMeasureClass<{ new (): Measure; prototype: Measure }>();
// Fresh module state: pdfmake's own methods until the first render or install.
const own = { measureSVG: M.prototype.measureSVG, writeDimensions: M.prototype.writeDimensions };

describe("an SVG's size read from its root tag", () => {
  it("gives pdfmake's sizes, and the same drawing, for the charts' SVG and for any other", () => {
    readSvgSizeFromRoot();
    const ours = new M();
    const theirs = Object.assign(Object.create(own) as Measure, own);
    const svgs = [
      matrixSvg(defaultMatrix(), { width: 200, height: 130 }),
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="4" height="4"/></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 80 40"><text>a &lt; b</text></svg>',
      '<svg width="40pt" height="20pt" viewBox="0 0 40 20"><rect width="4" height="4"/></svg>',
      '<svg viewBox="0 0 40 20"><rect width="4" height="4"/></svg>',
      '<svg width="1e2" height="20" data-x="&amp;"><g/></svg>',
    ];
    // pdfmake's own rewrite of a document is its XML tree written out (indented): the same for
    // both results when they are the same document, blanks between tags aside.
    const canonical = (svg: unknown): string => String(own.writeDimensions.call(theirs, svg, { width: 1, height: 1 })).replace(/>\s+</g, '><');
    for (const svg of svgs) {
      expect(ours.measureSVG(svg), svg).toEqual(theirs.measureSVG(svg));
      const size = { width: 123.5, height: 45 };
      expect(canonical(ours.writeDimensions(svg, size)), svg).toBe(canonical(theirs.writeDimensions(svg, size)));
      expect(ours.measureSVG(ours.writeDimensions(svg, size))).toEqual(size);
    }
    // Only the charts' own SVG skips pdfmake's parse: anything else is still checked by it.
    expect(() => ours.measureSVG('<svg width="3" height="4"><unclosed></svg>')).toThrow('Invalid svg document');
    expect(() => ours.measureSVG('<html/>')).toThrow('Invalid svg document');
  });

  it("draws every part of a report with the bytes pdfmake's own measure gives", async () => {
    const data = await demoReportData(10, 8);
    const fast = await partHashes(data);
    expect(M.prototype.measureSVG).not.toBe(own.measureSVG);
    expect(await withMethods(M.prototype, own, () => partHashes(data))).toEqual(fast);
  });
});
