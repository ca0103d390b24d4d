import { parentPort, workerData } from 'node:worker_threads';
import type { ReportData } from './data';
import { partDocument, type Author } from './document';
import type { RenderReply, RenderRequest } from './parts';
import { renderPdf, type FontDirs } from './render';

/**
 * A report render worker: holds the report data, lays out the parts it is sent, one at a time.
 * Its own script (render-worker.cjs in the build), with the layout code alone: no database,
 * importers or jobs to load, so the pool starts sooner.
 */
const { data, author, fonts } = workerData as { data: ReportData; author: Author; fonts: FontDirs };
parentPort!.on('message', (m: RenderRequest | null) => {
  if (m === null) return void parentPort!.close();
  renderPdf(partDocument(data, author, m.part), fonts).then(
    (pdf) => parentPort!.postMessage({ index: m.index, pdf } satisfies RenderReply),
    (e: unknown) => parentPort!.postMessage({ index: m.index, error: e instanceof Error ? e.message : String(e) } satisfies RenderReply),
  );
});
