import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { partDocument, reportParts, type Part } from '../../electron/services/reports/document';
import { defaultEntry } from '../../electron/services/jobs/runner';
import { joinParts, startJoin } from '../../electron/services/reports/join';
import { POOL_FROM_MODELS, renderEntry, renderParts, startRenderPool } from '../../electron/services/reports/parts';
import { defaultFontDirs, renderPdf } from '../../electron/services/reports/render';
import { AUDITOR, demoReportData, partHashes, sha256 as sha } from '../helpers/reportData';

const meta = { title: 'Model risk report', author: 'Aude Auditor', subject: 'test', pinned: new Date('2026-11-20T23:59:59Z') };

const renderedParts = async (): Promise<Uint8Array[]> => {
  const data = demoReportData(9, 4);
  const author = AUDITOR;
  // Small parts, so that there are several to join.
  const parts = reportParts(data).flatMap((p): Part[] => (p.kind === 'models' ? [0, 3, 6].map((from) => ({ kind: 'models' as const, from, to: Math.min(p.to, from + 3) })) : [p]));
  expect(parts.length).toBe(5);
  const out: Uint8Array[] = [];
  for (const part of parts) out.push(await renderPdf(partDocument(data, author, part), defaultFontDirs()));
  return out;
};

describe('joining the parts of a report as they are rendered', () => {
  it('gives the same bytes whatever order the parts arrive in', async () => {
    const parts = await renderedParts();
    const inOrder = await joinParts(parts, meta, defaultFontDirs());
    const joining = await startJoin(meta, defaultFontDirs());
    for (const i of [3, 1, 4, 0, 2]) joining.add(i, parts[i]!);
    const shuffled = await joining.finish(parts.length);
    expect(shuffled.pages).toBe(inOrder.pages);
    expect(shuffled.pages).toBeGreaterThan(parts.length);
    expect(sha(shuffled.pdf)).toBe(sha(inOrder.pdf));
  });

  it('says which part never came, and reports a part it cannot read when it finishes', async () => {
    const parts = await renderedParts();
    const gap = await startJoin(meta, defaultFontDirs());
    for (const i of [0, 1, 3, 4]) gap.add(i, parts[i]!);
    await expect(gap.finish(parts.length)).rejects.toThrow('part 3 of 5 never arrived');
    const broken = await startJoin(meta, defaultFontDirs());
    broken.add(0, new TextEncoder().encode('not a PDF at all'));
    broken.add(1, parts[1]!);
    await expect(broken.finish(2)).rejects.toThrow();
  });
});

describe('the render worker pool', () => {
  it('renders the parts of a large report in its own workers, each the same bytes as rendered here, and hands each one over as it is done', async () => {
    const data = demoReportData(POOL_FROM_MODELS, 6);
    const author = AUDITOR;
    const parts = reportParts(data);
    const handed: number[] = [];
    // The job worker's TypeScript entry: the pool runs renderWorker.ts (through tsx).
    const pooled = await renderParts(data, author, defaultFontDirs(), parts, { part: (i) => handed.push(i) }, defaultEntry());
    expect(renderEntry(defaultEntry())).toMatch(/renderWorker\.ts$/);
    expect(renderEntry('/opt/app/dist/electron/worker.cjs')).toBe(join('/opt/app/dist/electron', 'render-worker.cjs'));
    expect([...handed].sort((a, b) => a - b)).toEqual(parts.map((_, i) => i));
    expect(pooled.map(sha)).toEqual(await partHashes(data, author));
  });

  it('a pool started ahead of a report that turns out small is closed, and the parts are rendered here', async () => {
    const data = demoReportData(6, 2);
    const author = AUDITOR;
    const parts = reportParts(data);
    const pool = startRenderPool(defaultFontDirs(), defaultEntry());
    const here = await renderParts(data, author, defaultFontDirs(), parts, {}, defaultEntry(), pool);
    expect(here).toHaveLength(parts.length);
    await expect(pool.render(data, author, parts, {})).rejects.toThrow('The render workers were closed');
  });
});
