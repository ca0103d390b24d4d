import type { Worker } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from '../jobs/runner';
import type { ReportData } from './data';
import { partDocument, type Author, type Part } from './document';
import { renderPdf, reportCancelled, type FontDirs } from './render';

/** `part`: a part is rendered (parts arrive in any order). */
type Hooks = { progress?: (fraction: number) => void; cancelled?: () => boolean; part?: (index: number, pdf: Uint8Array) => void };

/** Parts rendered one after the other in this thread: small reports, where starting workers costs more. */
const renderHere = async (d: ReportData, author: Author, fonts: FontDirs, parts: Part[], hooks: Hooks): Promise<Uint8Array[]> => {
  const out: Uint8Array[] = [];
  for (const [i, part] of parts.entries()) {
    if (hooks.cancelled?.()) throw reportCancelled();
    const pdf = await renderPdf(partDocument(d, author, part), fonts, { cancelled: hooks.cancelled ?? (() => false), progress: (f) => hooks.progress?.((i + f) / parts.length) });
    out.push(pdf);
    hooks.part?.(i, pdf);
  }
  return out;
};

/** Messages between the report job and its render workers. */
export type RenderRequest = { index: number; part: Part };
export type RenderReply = { index: number; pdf: Uint8Array } | { index: number; error: string };

/**
 * Parts rendered by a pool of worker threads (one per core), each holding the report data once
 * and laying out one part at a time, so memory stays bounded by the part, not the portfolio.
 */
const renderInPool = (d: ReportData, author: Author, fonts: FontDirs, parts: Part[], hooks: Hooks, size: number, entry: string): Promise<Uint8Array[]> =>
  new Promise((ok, ko) => {
    const out: Uint8Array[] = new Array<Uint8Array>(parts.length);
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let failed = false;
    const stop = (e: Error): void => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      ko(e);
    };
    const feed = (w: Worker): void => {
      if (hooks.cancelled?.()) return stop(reportCancelled());
      if (next >= parts.length) return void w.postMessage(null);
      const index = next++;
      w.postMessage({ index, part: parts[index]! } satisfies RenderRequest);
    };
    for (let k = 0; k < Math.min(size, parts.length); k++) {
      // A part needs well under this; the cap makes the heap collect instead of growing.
      const w = spawn(entry, { data: d, author, fonts }, { maxOldGenerationSizeMb: 448 });
      workers.push(w);
      w.on('message', (m: RenderReply) => {
        if ('error' in m) return stop(new Error(m.error));
        out[m.index] = m.pdf;
        hooks.part?.(m.index, m.pdf);
        done += 1;
        hooks.progress?.(done / parts.length);
        if (done === parts.length) {
          for (const x of workers) void x.postMessage(null);
          return ok(out);
        }
        feed(w);
      });
      w.on('error', stop);
      feed(w);
    }
  });

export const POOL_FROM_MODELS = 120;

/**
 * The render workers' script: render-worker.cjs beside the job worker of the build (the app's),
 * the TypeScript source otherwise.
 */
export const renderEntry = (jobEntry?: string): string => (jobEntry?.endsWith('.cjs') ? join(dirname(jobEntry), 'render-worker.cjs') : fileURLToPath(new URL('./renderWorker.ts', import.meta.url)));

export const renderParts = (d: ReportData, author: Author, fonts: FontDirs, parts: Part[], hooks: Hooks, jobEntry?: string): Promise<Uint8Array[]> =>
  d.models.length < POOL_FROM_MODELS ? renderHere(d, author, fonts, parts, hooks) : renderInPool(d, author, fonts, parts, hooks, 2, renderEntry(jobEntry));
