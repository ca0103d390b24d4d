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

/**
 * Messages between the report job and its render workers: a report's data, then its parts, then
 * `release` (the data is dropped; the worker waits for the next report, or is terminated).
 */
export type RenderRequest = { data: ReportData } | { index: number; part: Part } | 'release';
export type RenderReply = { index: number; pdf: Uint8Array } | { index: number; error: string };

/** Render workers started ahead of the report data, so that they boot while it is collected. */
export type RenderPool = {
  /** One report at a time; the pool can render another after it (see releaseRenderPool). */
  render: (d: ReportData, parts: Part[], hooks: Hooks) => Promise<Uint8Array[]>;
  /** Ends the workers (a report that failed or was cancelled ends its pool). */
  close: () => void;
  /** Whether the workers have ended. */
  closed: () => boolean;
  /** The fonts and script the workers were started with: a kept pool serves only the same. */
  key: string;
};

const poolKey = (fonts: FontDirs, entry: string): string => `${fonts.latin}\u0000${fonts.cjk}\u0000${entry}`;

/**
 * A pool of render worker threads (one per core). Each starts on its own (script, fonts, a small
 * warm-up page) while the report data is collected, then holds the data once and lays out one
 * part at a time, so memory stays bounded by the part, not the portfolio. After a report the
 * workers drop its data and can lay out the next report, with their compiled code and measured
 * words kept (see releaseRenderPool).
 */
export const startRenderPool = (fonts: FontDirs, jobEntry?: string, size = 2): RenderPool => {
  const entry = renderEntry(jobEntry);
  // A part needs well under this cap, which keeps memory bounded; the larger young generation
  // collects the layout's short-lived objects less often (fewer, cheaper collections).
  const workers: Worker[] = Array.from({ length: size }, () => spawn(entry, { fonts }, { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 64 }));
  let failure: Error | null = null;
  let closed = false;
  let busy = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    for (const w of workers) void w.terminate();
  };
  // A worker that fails or ends while no report runs ends the pool: the next report starts a new one.
  const idle = (e: Error): void => {
    failure ??= e;
    close();
  };
  for (const w of workers) {
    w.on('error', idle);
    w.on('exit', () => idle(new Error('A render worker stopped')));
  }
  const render = (d: ReportData, parts: Part[], hooks: Hooks): Promise<Uint8Array[]> =>
    new Promise((ok, ko) => {
      const out: Uint8Array[] = new Array<Uint8Array>(parts.length);
      const order = renderOrder(parts);
      let next = 0;
      let done = 0;
      let ended = false;
      const detach = (): void => {
        busy = false;
        for (const w of workers) {
          w.off('message', onMessage.get(w)!);
          w.off('error', stop);
          w.off('exit', exited);
        }
      };
      const stop = (e: Error): void => {
        if (ended) return;
        ended = true;
        detach();
        close();
        ko(e);
      };
      const exited = (): void => stop(new Error('A render worker stopped before the report was laid out'));
      if (failure || closed || busy) return ko(failure ?? new Error(busy ? 'The render workers are laying out another report' : 'The render workers were closed'));
      busy = true;
      const feed = (w: Worker): void => {
        if (hooks.cancelled?.()) return stop(reportCancelled());
        if (next >= order.length) return;
        const index = order[next++]!;
        w.postMessage({ index, part: parts[index]! } satisfies RenderRequest);
      };
      const onMessage = new Map<Worker, (m: RenderReply) => void>();
      for (const w of workers) {
        const handler = (m: RenderReply): void => {
          if (ended) return;
          if ('error' in m) return stop(new Error(m.error));
          out[m.index] = m.pdf;
          hooks.part?.(m.index, m.pdf);
          done += 1;
          hooks.progress?.(done / parts.length);
          if (done === parts.length) {
            ended = true;
            detach();
            for (const x of workers) x.postMessage('release' satisfies RenderRequest);
            return ok(out);
          }
          feed(w);
        };
        onMessage.set(w, handler);
        w.on('message', handler);
        w.on('error', stop);
        w.on('exit', exited);
        w.postMessage({ data: d } satisfies RenderRequest);
        feed(w);
      }
    });
  return { render, close, closed: () => closed, key: poolKey(fonts, entry) };
};

/**
 * The pool kept from the last report in this thread, or null: a job worker the host keeps for the
 * next report (the app's hosts: see the job runner's `reportKeepMs`) keeps its render workers too.
 */
let kept: RenderPool | null = null;

/** A pool for a report: the kept one when it is alive and for the same fonts and script, else a new one. */
export const renderPoolFor = (fonts: FontDirs, jobEntry?: string): RenderPool => {
  const pool = kept;
  kept = null;
  if (pool && !pool.closed() && pool.key === poolKey(fonts, renderEntry(jobEntry))) return pool;
  pool?.close();
  return startRenderPool(fonts, jobEntry);
};

/** After a report that succeeded: the pool is kept for the next report when `keep`, else ended. */
export const releaseRenderPool = (pool: RenderPool, keep: boolean): void => {
  if (!keep || pool.closed()) return pool.close();
  if (kept && kept !== pool) kept.close();
  kept = pool;
};

/**
 * Runs `work` with `pool` (none: nothing to release): when it succeeds the pool is released for
 * the next report (kept when `keep`); when it fails or is cancelled the pool is ended, since one of
 * its workers may still be laying out a part.
 */
export const withRenderPool = async <T>(pool: RenderPool | null, keep: boolean, work: () => Promise<T>): Promise<T> => {
  try {
    const result = await work();
    if (pool) releaseRenderPool(pool, keep);
    return result;
  } catch (e) {
    pool?.close();
    throw e;
  }
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

/** Renders the parts: here for small reports (a pool started ahead is left to its owner), else in the pool. */
export const renderParts = (d: ReportData, fonts: FontDirs, parts: Part[], hooks: Hooks, jobEntry?: string, pool?: RenderPool | null): Promise<Uint8Array[]> => {
  if (d.models.length < POOL_FROM_MODELS) return renderHere(d, fonts, parts, hooks);
  return (pool ?? startRenderPool(fonts, jobEntry)).render(d, parts, hooks);
};
