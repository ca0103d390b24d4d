import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { partDocument, reportParts, type Part } from '../../electron/services/reports/document';
import { defaultEntry } from '../../electron/services/jobs/runner';
import { joinParts, startJoin } from '../../electron/services/reports/join';
import { POOL_FROM_MODELS, releaseRenderPool, renderEntry, renderParts, renderPoolFor, startRenderPool } from '../../electron/services/reports/parts';
import { defaultFontDirs, renderPdf } from '../../electron/services/reports/render';
import { demoReportData, partHashes, sha256 as sha } from '../helpers/reportData';
import { expectSoundPdf } from '../helpers/pdf';

const meta = { title: 'Model risk report', author: 'Aude Auditor', subject: 'test', pinned: new Date('2026-11-20T23:59:59Z') };

const renderedParts = async (): Promise<Uint8Array[]> => {
  const data = await demoReportData(9, 4);
  // Small parts, so that there are several to join.
  const parts = reportParts(data).flatMap((p): Part[] => (p.kind === 'models' ? [0, 3, 6].map((from) => ({ kind: 'models' as const, from, to: Math.min(p.to, from + 3) })) : [p]));
  expect(parts.length).toBe(5);
  const out: Uint8Array[] = [];
  for (const part of parts) out.push(await renderPdf(partDocument(data, part), defaultFontDirs()));
  return out;
};

describe('joining the parts of a report as they are rendered', () => {
  it('gives the same bytes whatever order the parts arrive in', async () => {
    const parts = await renderedParts();
    const inOrder = await joinParts(parts, meta, defaultFontDirs());
    const joining = startJoin(meta, defaultFontDirs());
    for (const i of [3, 1, 4, 0, 2]) joining.add(i, parts[i]!);
    const shuffled = await joining.finish(parts.length);
    expect(shuffled.pages).toBe(inOrder.pages);
    expect(shuffled.pages).toBeGreaterThan(parts.length);
    expect(sha(shuffled.pdf)).toBe(sha(inOrder.pdf));
  });

  it("gives the pages pdf-lib's own join gives (same text, same pixels), each numbered, in a file pdf-lib reads back", async () => {
    const parts = await renderedParts();
    const ours = await joinParts(parts, meta, defaultFontDirs());
    // The oracle: pdf-lib's copy of every page of every part, in order, without page numbers.
    const oracle = await PDFDocument.create();
    for (const bytes of parts) {
      const src = await PDFDocument.load(bytes);
      for (const page of await oracle.copyPages(src, src.getPageIndices())) oracle.addPage(page);
    }
    const dir = mkdtempSync(join(tmpdir(), 'mrd-join-'));
    try {
      const a = join(dir, 'ours.pdf');
      const b = join(dir, 'oracle.pdf');
      writeFileSync(a, ours.pdf);
      writeFileSync(b, await oracle.save());
      expectSoundPdf(a);
      expect(ours.pages).toBe(oracle.getPageCount());
      const pagesOf = (file: string): string[] => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
      const numbered = pagesOf(a);
      const plain = pagesOf(b);
      expect(numbered).toHaveLength(ours.pages);
      numbered.forEach((page, i) => {
        expect(page).toContain(`Page ${i + 1} of ${ours.pages}`);
        expect(page.replace(`Page ${i + 1} of ${ours.pages}`, '').trim()).toBe(plain[i]!.trim());
      });
      // Every page drawn the same above the page number (50 dpi; the number sits 22 pt from the bottom).
      const pixels = (file: string, page: number): Buffer => {
        const prefix = join(dir, `p-${page}`);
        execFileSync('pdftoppm', ['-gray', '-r', '50', '-f', String(page), '-l', String(page), '-singlefile', '-x', '0', '-y', '0', '-W', '413', '-H', '560', file, prefix]);
        return readFileSync(`${prefix}.pgm`);
      };
      for (let page = 1; page <= ours.pages; page++) expect(pixels(a, page).equals(pixels(b, page)), `page ${page}`).toBe(true);
      // pdf-lib reads the joined file back: its pages, and the document information.
      const back = await PDFDocument.load(ours.pdf, { updateMetadata: false });
      expect(back.getPageCount()).toBe(ours.pages);
      expect([back.getTitle(), back.getAuthor(), back.getSubject(), back.getCreationDate()?.toISOString()]).toEqual([meta.title, meta.author, meta.subject, meta.pinned.toISOString()]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says which part never came, and reports a part it cannot read when it finishes', async () => {
    const parts = await renderedParts();
    const gap = startJoin(meta, defaultFontDirs());
    for (const i of [0, 1, 3, 4]) gap.add(i, parts[i]!);
    await expect(gap.finish(parts.length)).rejects.toThrow('part 3 of 5 never arrived');
    const broken = startJoin(meta, defaultFontDirs());
    broken.add(0, new TextEncoder().encode('not a PDF at all'));
    broken.add(1, parts[1]!);
    await expect(broken.finish(2)).rejects.toThrow();
  });
});

describe('the render worker pool', () => {
  it('renders the parts of a large report in its own workers, each the same bytes as rendered here, and hands each one over as it is done', async () => {
    const data = await demoReportData(POOL_FROM_MODELS, 6);
    const parts = reportParts(data);
    const handed: number[] = [];
    // The job worker's TypeScript entry: the pool runs renderWorker.ts (through tsx).
    const pooled = await renderParts(data, defaultFontDirs(), parts, { part: (i) => handed.push(i) }, defaultEntry());
    expect(renderEntry(defaultEntry())).toMatch(/renderWorker\.ts$/);
    expect(renderEntry('/opt/app/dist/electron/worker.cjs')).toBe(join('/opt/app/dist/electron', 'render-worker.cjs'));
    expect(renderEntry('/opt/app/dist/cli/worker.js')).toBe(join('/opt/app/dist/cli', 'render-worker.cjs'));
    expect([...handed].sort((a, b) => a - b)).toEqual(parts.map((_, i) => i));
    expect(pooled.map(sha)).toEqual(await partHashes(data));
  });

  it('a pool started ahead of a report that turns out small is left to its owner, and the parts are rendered here', async () => {
    const data = await demoReportData(6, 2);
    const parts = reportParts(data);
    const pool = startRenderPool(defaultFontDirs(), defaultEntry());
    const here = await renderParts(data, defaultFontDirs(), parts, {}, defaultEntry(), pool);
    expect(here.map(sha)).toEqual(await partHashes(data));
    expect(pool.closed()).toBe(false);
    pool.close();
    expect(pool.closed()).toBe(true);
    await expect(pool.render(data, parts, {})).rejects.toThrow('The render workers were closed');
  });

  it('lays out one report after another: a kept pool gives the same bytes for the next report, and is handed out again only for the same fonts', async () => {
    const first = await demoReportData(POOL_FROM_MODELS, 6);
    const second = await demoReportData(POOL_FROM_MODELS, 9);
    const fonts = defaultFontDirs();
    const pool = renderPoolFor(fonts, defaultEntry());
    expect((await pool.render(first, reportParts(first), {})).map(sha)).toEqual(await partHashes(first));
    // Kept: the next report in this thread gets the same workers, with their code and words.
    releaseRenderPool(pool, true);
    expect(renderPoolFor(fonts, defaultEntry())).toBe(pool);
    expect((await pool.render(second, reportParts(second), {})).map(sha)).toEqual(await partHashes(second));
    expect((await pool.render(first, reportParts(first), {})).map(sha)).toEqual(await partHashes(first));
    releaseRenderPool(pool, true);
    // Other fonts: a new pool, and the kept one is ended.
    const other = renderPoolFor({ ...fonts, cjk: fonts.latin }, defaultEntry());
    expect(other).not.toBe(pool);
    expect(pool.closed()).toBe(true);
    // Not kept (a job worker the host ends after its job): ended at once.
    releaseRenderPool(other, false);
    expect(other.closed()).toBe(true);
    const fresh = renderPoolFor(fonts, defaultEntry());
    expect(fresh).not.toBe(other);
    fresh.close();
  });
});
