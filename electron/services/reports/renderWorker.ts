import { parentPort, workerData } from 'node:worker_threads';
import { matrixSvg } from '../../../shared/charts/svg';
import { defaultMatrix } from '../../../shared/matrix';
import type { ReportData } from './data';
import { partDocument } from './document';
import type { RenderReply, RenderRequest } from './parts';
import { trimFontCaches } from './fontCache';
import { renderPdf, type FontDirs } from './render';

/**
 * A report render worker: warms up while the report data is collected, then holds the data and
 * lays out the parts it is sent, one at a time, report after report. Its own script (render-worker.cjs in the build),
 * with the layout code alone: no database, importers or jobs to load, so the pool starts sooner.
 */
const { fonts } = workerData as { fonts: FontDirs };
let report: { data: ReportData } | null = null;

/** A page with the report's fonts, a table and a chart: parses the fonts and runs the layout code once. */
const warmUp = (): Promise<unknown> =>
  renderPdf(
    {
      defaultStyle: { font: 'Noto', fontSize: 8 },
      content: [
        { text: ['Model ', { text: 'risk', bold: true }, ' ', { text: '信用评分', font: 'CJK' }, ' ', { text: 'a1b2c3', font: 'Light' }] },
        { table: { widths: [60, '*'], body: [['Version', '1.0.0'], ['Purpose', 'Warm-up']] }, layout: 'report' },
        { svg: matrixSvg(defaultMatrix(), { width: 200, height: 130, moves: [{ from: { probability: 4, impact: 4 }, to: { probability: 2, impact: 3 }, label: '1' }] }), width: 200 },
      ],
    },
    fonts,
  ).catch(() => undefined);

// Parts wait for the warm-up and for each other: one render at a time.
let queue: Promise<unknown> = warmUp();
parentPort!.on('message', (m: RenderRequest) => {
  // After a report: its data goes, the compiled code and measured words stay for the next one.
  // (The pool sends it once every part has come back: nothing is being laid out.)
  if (m === 'release') {
    report = null;
    return trimFontCaches();
  }
  if ('data' in m) return void (report = m);
  queue = queue.then(() =>
    renderPdf(partDocument(report!.data, m.part), fonts).then(
      (pdf) => parentPort!.postMessage({ index: m.index, pdf } satisfies RenderReply),
      (e: unknown) => parentPort!.postMessage({ index: m.index, error: e instanceof Error ? e.message : String(e) } satisfies RenderReply),
    ),
  );
});
