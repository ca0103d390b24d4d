import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rendererClass } from '../../electron/services/reports/pdfmakeInternals';
import { defaultFontDirs, renderPdf } from '../../electron/services/reports/render';
import { drawChartSvgDirectly, readChartSvg } from '../../electron/services/reports/svgDraw';
import { matrixSvg, seriesSvg } from '../../shared/charts/svg';
import { defaultMatrix } from '../../shared/matrix';
import type { MetricPoint } from '../../shared/monitoring';
import { demoReportData, partHashes, sha256, withMethods } from '../helpers/reportData';

type RendererProto = { renderSVG: unknown };
const R = rendererClass<{ prototype: RendererProto }>();
// Fresh module state: pdfmake's own drawer until the first render or install.
const own = { renderSVG: R.prototype.renderSVG };

/** A pinned document of SVGs at the given widths (as the report places them), uncompressed. */
const svgDocument = (svgs: { svg: string; width: number }[]): object => ({
  compress: false,
  info: { creationDate: new Date('2026-11-20T00:00:00Z') },
  defaultStyle: { font: 'Noto', fontSize: 8 },
  content: svgs.map((s) => ({ svg: s.svg, width: s.width })),
});
const render = async (doc: object): Promise<Buffer> => renderPdf(doc as never, defaultFontDirs());
const both = async (doc: object): Promise<[Buffer, Buffer]> => {
  drawChartSvgDirectly();
  return [await render(doc), await withMethods(R.prototype, own, () => render(doc))];
};

const point = (i: number, value: number, alert: boolean): MetricPoint => ({ ts: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(), value, lower: 0.42, upper: 0.58, alert }) as MetricPoint;

describe("the charts' SVG drawn directly", () => {
  it("writes pdfmake's drawer's bytes for every part of a report", async () => {
    const data = await demoReportData(12, 5);
    drawChartSvgDirectly();
    const fast = await partHashes(data);
    expect(R.prototype.renderSVG).not.toBe(own.renderSVG);
    expect(await withMethods(R.prototype, own, () => partHashes(data))).toEqual(fast);
  });

  it("writes pdfmake's drawer's bytes for random matrices and series", async () => {
    const matrix = defaultMatrix();
    const level = fc.integer({ min: 1, max: 5 });
    const cell = fc.record({ probability: level, impact: level });
    const matrices = fc.record({
      width: fc.integer({ min: 120, max: 320 }),
      height: fc.integer({ min: 90, max: 240 }),
      drawn: fc.integer({ min: 60, max: 320 }),
      axisLabels: fc.boolean(),
      moves: fc.array(fc.record({ from: cell, to: cell, label: fc.string({ minLength: 0, maxLength: 4 }) }), { maxLength: 6 }),
      counts: fc.option(fc.array(fc.tuple(level, level, fc.integer({ min: 0, max: 40 })), { maxLength: 8 }), { nil: undefined }),
    });
    const series = fc.record({
      width: fc.integer({ min: 120, max: 300 }),
      values: fc.array(fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 40 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(matrices, { minLength: 1, maxLength: 3 }), series, async (ms, s) => {
        const svgs = ms.map((m) => ({
          svg: matrixSvg(matrix, { width: m.width, height: m.height, axisLabels: m.axisLabels, moves: m.moves, ...(m.counts ? { counts: new Map(m.counts.map(([p, i, c]) => [`${p}:${i}`, c])) } : {}) }),
          width: m.drawn,
        }));
        svgs.push({ svg: seriesSvg(s.values.map(([v, a], i) => point(i, v, a)), s.width, 90), width: s.width });
        const [fast, theirs] = await both(svgDocument(svgs));
        expect(sha256(fast)).toBe(sha256(theirs));
      }),
      { numRuns: 40 },
    );
  });

  it("writes pdfmake's drawer's bytes for SVG at the edges of what it takes", async () => {
    const svg = (body: string, root = 'width="100" height="60" viewBox="0 0 100 60"'): string => `<svg xmlns="http://www.w3.org/2000/svg" ${root}>${body}</svg>`;
    const cases = [
      svg('<text x="50" y="20" text-anchor="middle">  a  &amp; b &lt;c&gt; &quot;d&quot; &#955;&#x3bb;  </text>'),
      svg('<text x="99" y="50" text-anchor="end" font-weight="600" font-size="6.5">Ελληνικά — fin</text><text>no position</text><text y="9"> </text><text x="20" y="40">a&#8203;b&#769;c&#8288;d</text><text x="3"/>'),
      svg('<text x="8" y="30" transform="rotate(-90 8 30)" fill="#abc" fill-opacity="0.4">rotated</text><text x="1" y="1" fill="none">unpainted</text>'),
      svg('<path d="M0 0L10 10M5 5Z" stroke="#000" stroke-dasharray="0 4 3 0"/><path d="M0,0 l 10,0 0,10 -10,0 z m20 20 h5 v5 H20 V20" fill="#ff0000" stroke="#00ff00" stroke-width="2.5"/>'),
      svg('<path d="M10 10a0 5 0 1 0 10 0A5 5 30 0 1 30 10a5 3 0 1 1 -10 0c1 2 3 4 5 6C1 1 2 2 3 3" fill="#123456" fill-opacity="0"/><path d="M1 1" stroke="#000"/><path d="M1 1L9 9" stroke="#000" stroke-dasharray="0 0"/><path d="M3 3H3" fill="#000" stroke="#111" stroke-width="0"/>'),
      svg('<g transform="translate(10)"><g transform="scale(2) translate(1,2)"><path d="M0 0h5v5h-5Z" stroke="#000" stroke-dasharray="1 0"/></g><path d="M0 0h5" stroke="#000" stroke-dasharray="2"/></g>'),
      svg('<g transform="matrix(1 0 0 1 5 5) rotate(30)"><path d="M0 0L20 0" stroke="#000" stroke-dasharray="0 3"/></g>', 'width="100" height="60" viewBox="10 5 50 40"'),
      svg('<path d="M0 0L100 60" stroke="#000"/>', 'width="100" height="60"'),
    ];
    for (const s of cases) expect(readChartSvg(s), s).not.toBeNull();
    const [fast, theirs] = await both(svgDocument(cases.map((s, i) => ({ svg: s, width: 60 + 20 * i }))));
    expect(fast.toString('latin1')).toBe(theirs.toString('latin1'));
  });

  it("leaves any other SVG to pdfmake's drawer", () => {
    const svg = (body: string): string => `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="60">${body}</svg>`;
    for (const other of [
      svg('<rect width="4" height="4"/>'),
      svg('<path d="M0 0L1 1" style="fill:red"/>'),
      svg('<path d="M0 0Q1 1 2 2"/>'),
      svg('<path d="L1 1"/>'),
      svg('<path d="M0 0L1"/>'),
      svg('<path d="M0 0L1 1 x"/>'),
      svg('<path d="M0 0" fill="red"/>'),
      svg('<path d="M0 0" stroke-width="1px"/>'),
      svg('<text x="1 2">a</text>'),
      svg('<text>a<tspan>b</tspan></text>'),
      svg('<text>&nbsp;</text>'),
      svg('<g fill="#000"><path d="M0 0"/></g>'),
      svg('<g transform="skewX(3)"/>'),
      svg(' <g/>'),
      '<svg xmlns="http://www.w3.org/2000/svg" width="100pt" height="60"></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="60" preserveAspectRatio="none"></svg>',
    ])
      expect(readChartSvg(other), other).toBeNull();
  });
});

