import type { Worker } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from '../jobs/runner';
import type { ReportData } from './data';
import { partDocument, type Part } from './document';
import { renderPdf, reportCancelled, type FontDirs } from './render';

/** `part`: a part is rendered (parts arrive in any order). */
type Hooks = { progress?: (fraction: number) => void; cancelled?: () => boolean; part?: (index: number, pdf: Uint8Array) => void };

/** Parts rendered one after the other in this thread: small reports, where starting workers costs more. */
const renderHere = async (d: ReportData, fonts: FontDirs, parts: Part[], hooks: Hooks): Promise<Uint8Array[]> => {
  const out: Uint8Array[] = [];
  for (const [i, part] of parts.entries()) {
    if (hooks.cancelled?.()) throw reportCancelled();
    const pdf = await renderPdf(partDocument(d, part), fonts, { cancelled: hooks.cancelled ?? (() => false), progress: (f) => hooks.progress?.((i + f) / parts.length) });
    out.push(pdf);
    hooks.part?.(i, pdf);
  }
  return out;
};

/** Messages between the report job and its render workers: the report, then parts, then null. */
export type RenderRequest = { data: ReportData } | { index: number; part: Part };
export type RenderReply = { index: number; pdf: Uint8Array } | { index: number; error: string };

/** Render workers started ahead of the report data, so that they boot while it is collected. */
export type RenderPool = {
  render: (d: ReportData, parts: Part[], hooks: Hooks) => Promise<Uint8Array[]>;
  close: () => void;
};

/**
 * A pool of render worker threads (one per core). Each starts on its own (script, fonts, a small
 * warm-up page) while the report data is collected, then holds the data once and lays out one
 * part at a time, so memory stays bounded by the part, not the portfolio.
 */
export const startRenderPool = (fonts: FontDirs, jobEntry?: string, size = 2): RenderPool => {
  const entry = renderEntry(jobEntry);
  // A part needs well under this cap, which keeps memory bounded; the larger young generation
  // collects the layout's short-lived objects less often (fewer, cheaper collections).
  const workers: Worker[] = Array.from({ length: size }, () => spawn(entry, { fonts }, { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 64 }));
  let failure: Error | null = null;
  const early = (e: Error): void => void (failure ??= e);
  for (const w of workers) w.on('error', early);
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    for (const w of workers) void w.terminate();
  };
  const render = (d: ReportData, parts: Part[], hooks: Hooks): Promise<Uint8Array[]> =>
    new Promise((ok, ko) => {
      const out: Uint8Array[] = new Array<Uint8Array>(parts.length);
      const order = renderOrder(parts);
      let next = 0;
      let done = 0;
      let failed = false;
      const stop = (e: Error): void => {
        if (failed) return;
        failed = true;
        close();
        ko(e);
      };
      if (failure || closed) return stop(failure ?? new Error('The render workers were closed'));
      const feed = (w: Worker): void => {
        if (hooks.cancelled?.()) return stop(reportCancelled());
        if (next >= order.length) return;
        const index = order[next++]!;
        w.postMessage({ index, part: parts[index]! } satisfies RenderRequest);
      };
      for (const w of workers) {
        w.off('error', early);
        w.on('error', stop);
        w.on('message', (m: RenderReply) => {
          if ('error' in m) return stop(new Error(m.error));
          out[m.index] = m.pdf;
          hooks.part?.(m.index, m.pdf);
          done += 1;
          hooks.progress?.(done / parts.length);
          if (done === parts.length) {
            closed = true;
            for (const x of workers) x.postMessage(null);
            return ok(out);
          }
          feed(w);
        });
        w.postMessage({ data: d } satisfies RenderRequest);
        feed(w);
      }
    });
  return { render, close };
};

/**
 * The order parts are handed to the workers: the longest first (the front matter, then the
 * appendix), then the model parts, so that no worker is left rendering a long part alone at the
 * end while the other waits. The join puts them back in the report's order.
 */
export const renderOrder = (parts: Part[]): number[] => {
  const weight = (p: Part): number => (p.kind === 'front' ? 0 : p.kind === 'appendix' ? 1 : 2);
  return parts.map((_, i) => i).sort((a, b) => weight(parts[a]!) - weight(parts[b]!) || a - b);
};

export const POOL_FROM_MODELS = 120;

/**
 * The render workers' script: render-worker.cjs beside the job worker of a build (the app's
 * worker.cjs, the command line's worker.js), the TypeScript source otherwise.
 */
export const renderEntry = (jobEntry?: string): string => (jobEntry && /\.c?js$/.test(jobEntry) ? join(dirname(jobEntry), 'render-worker.cjs') : fileURLToPath(new URL('./renderWorker.ts', import.meta.url)));

/** Renders the parts: here for small reports (closing a pool started ahead), else in the pool. */
export const renderParts = (d: ReportData, fonts: FontDirs, parts: Part[], hooks: Hooks, jobEntry?: string, pool?: RenderPool | null): Promise<Uint8Array[]> => {
  if (d.models.length < POOL_FROM_MODELS) {
    pool?.close();
    return renderHere(d, fonts, parts, hooks);
  }
  return (pool ?? startRenderPool(fonts, jobEntry)).render(d, parts, hooks);
};
