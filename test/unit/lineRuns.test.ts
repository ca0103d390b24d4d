import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { describe, expect, it } from 'vitest';
import { joinRuns, type Inline } from '../../electron/services/reports/lineRuns';
import { rendererClass } from '../../electron/services/reports/pdfmakeInternals';
import { defaultFontDirs, renderPdf } from '../../electron/services/reports/render';
import { withMethods } from '../helpers/reportData';

const font = {};
const word = (text: string, x: number, extra: Partial<Inline> = {}): Inline => ({ text, x, width: text.length * 4, font, fontSize: 8, color: '#111', opacity: 1, ...extra });
/** Words laid one after the other from x = 0, as pdfmake's line does. */
const line = (...words: (string | [string, Partial<Inline>])[]): Inline[] => {
  let x = 0;
  return words.map((w) => {
    const [text, extra] = typeof w === 'string' ? [w, {}] : w;
    const i = word(text, x, extra);
    x += i.width;
    return i;
  });
};

describe('joining the words of a line into runs', () => {
  it('joins same-styled words that follow each other, without touching pdfmake’s inlines', () => {
    const words = line('Controls ', 'in ', 'place.');
    const before = JSON.stringify(words);
    const runs = joinRuns(words);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ text: 'Controls in place.', x: 0, width: 72 });
    expect(JSON.stringify(words)).toBe(before);
  });

  it('starts a new run at a change of font, size, colour or opacity, at a gap, and around links and decorations', () => {
    const other = {};
    const cases: [Inline[], string[]][] = [
      [line('a ', ['b ', { color: '#f00' }], 'c'), ['a ', 'b ', 'c']],
      [line('a ', ['b ', { font: other }], 'c'), ['a ', 'b ', 'c']],
      [line('a ', ['b ', { fontSize: 9 }], 'c ', 'd'), ['a ', 'b ', 'c d']],
      [line('a ', ['b ', { opacity: 0.5 }]), ['a ', 'b ']],
      [line('a ', ['b ', { link: 'https://example.com' }], 'c ', 'd'), ['a ', 'b ', 'c d']],
      [line(['a ', { decoration: 'underline' }], 'b ', 'c'), ['a ', 'b c']],
      [line('a ', ['b ', { _pageNodeRef: {} }]), ['a ', 'b ']],
      [line('a ', ['b\n', {}]), ['a ', 'b\n']],
      [line('a ', ['b ', { characterSpacing: 1 }]), ['a ', 'b ']],
    ];
    for (const [words, texts] of cases) expect(joinRuns(words).map((r) => r.text)).toEqual(texts);
    // Justified: pdfmake spreads the words, so each keeps its own place.
    const spread = line('a ', 'b ', 'c');
    spread[1]!.x += 2;
    spread[2]!.x += 4;
    expect(joinRuns(spread)).toBe(spread);
  });

  it('gives back the same array when nothing joins', () => {
    const one = line('alone');
    expect(joinRuns(one)).toBe(one);
    expect(joinRuns([])).toEqual([]);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'mrd-runs-'));
type Box = { text: string; x: number; y: number; x2: number; y2: number };
/** Every word of the PDF with its box, as pdftotext reads it. */
const words = (pdf: Uint8Array, name: string): Box[] => {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), x2: Number(m[3]), y2: Number(m[4]), text: m[5]! }));
};
/** The first page at 144 dpi, as RGB pixels. */
const pixels = (name: string): { width: number; rgb: Buffer } => {
  const ppm = execFileSync('pdftoppm', ['-r', '144', '-f', '1', '-l', '1', '-singlefile', join(dir, name)], { maxBuffer: 64 << 20 });
  const header = ppm.toString('latin1', 0, 20).match(/^P6\s+(\d+)\s+(\d+)\s+255\s/)!;
  return { width: Number(header[1]), rgb: ppm.subarray(header[0].length) };
};
/** The pixels inside a word's box (points, 2 pixels each at 144 dpi). */
const inBox = (img: { width: number; rgb: Buffer }, b: Box): [number, number, number][] => {
  const out: [number, number, number][] = [];
  for (let y = Math.floor(b.y * 2); y < Math.ceil(b.y2 * 2); y++)
    for (let x = Math.floor(b.x * 2); x < Math.ceil(b.x2 * 2); x++) {
      const i = (y * img.width + x) * 3;
      out.push([img.rgb[i]!, img.rgb[i + 1]!, img.rgb[i + 2]!]);
    }
  return out;
};
const darkest = (px: [number, number, number][]): number => Math.min(...px.map(([r, g, b]) => r + g + b));
const textObjects = (pdf: Uint8Array): number => Buffer.from(pdf).toString('latin1').match(/\nBT\n/g)?.length ?? 0;

describe('a report drawn with runs', () => {
  it('puts every word where pdfmake puts it, in its colour and opacity, with one text object per line', async () => {
    const long = 'Each arrow goes from a risk’s inherent score to its residual score after controls; the number is the risk. '.repeat(3);
    const doc: TDocumentDefinitions = {
      compress: false,
      defaultStyle: { font: 'Noto', fontSize: 9 },
      content: [
        { text: long },
        { text: long, alignment: 'justify' },
        { text: ['Mixed ', { text: 'bold words ', bold: true }, { text: 'red words ', color: '#c00' }, 'and a ', { text: 'link', link: 'https://example.com' }, ' at the end.'] },
        { text: 'Centred words of a title', alignment: 'center' },
        { text: ['Plain then ', { text: 'faded', opacity: 0.35 }, ' and ', { text: 'scarlet', color: '#dd0000' }, ' then plain again; ', { text: '信用评分', font: 'CJK' }, ' closes it.'] },
        { text: 'A heading with a destination', id: 'dest-heading', fontSize: 12 },
        { table: { widths: [80, '*'], body: [['Purpose', 'Scores card transactions in real time and blocks likely fraud.'], ['Ωμέγα', 'https://wiki.example.com/models/mdl-1']] } },
      ],
    };
    const R = rendererClass<{ prototype: { renderLine: unknown } }>();
    const pdfmakeOwn = R.prototype.renderLine;
    const joined = await renderPdf(doc, defaultFontDirs());
    expect(R.prototype.renderLine).not.toBe(pdfmakeOwn);
    const separate = await withMethods(R.prototype, { renderLine: pdfmakeOwn }, () => renderPdf(doc, defaultFontDirs()));
    const a = words(separate, 'separate.pdf');
    const b = words(joined, 'joined.pdf');
    expect(a.length).toBeGreaterThan(50);
    expect(b.map((w) => w.text)).toEqual(a.map((w) => w.text));
    for (const [k, w] of b.entries()) {
      expect(Math.abs(w.x - a[k]!.x), `${w.text} x`).toBeLessThan(0.05);
      expect(Math.abs(w.y - a[k]!.y), `${w.text} y`).toBeLessThan(0.05);
    }
    // pdfmake: a text object per word; here, one per line.
    expect(textObjects(separate)).toBeGreaterThan(a.length * 0.9);
    expect(textObjects(joined)).toBeLessThan(a.length * 0.3);
    // The heading keeps its named destination (drawn by pdfmake's own renderer).
    expect(Buffer.from(joined).toString('latin1')).toContain('dest-heading');
    // Colours and opacity as pdfmake draws them, and the same picture overall.
    const own = pixels('separate.pdf');
    const ours = pixels('joined.pdf');
    const box = (t: string): Box => b.find((w) => w.text === t)!;
    expect(inBox(ours, box('scarlet')).some(([r, g, bl]) => r > 150 && g < 90 && bl < 90)).toBe(true);
    expect(inBox(ours, box('Plain')).some(([r, g, bl]) => r > 150 && g < 90 && bl < 90)).toBe(false);
    expect(darkest(inBox(ours, box('faded')))).toBeGreaterThan(darkest(inBox(ours, box('Plain'))) + 150);
    expect(darkest(inBox(ours, box('again;')))).toBe(darkest(inBox(own, box('again;'))));
    let differing = 0;
    for (let i = 0; i < own.rgb.length; i++) if (Math.abs(own.rgb[i]! - ours.rgb[i]!) > 64) differing += 1;
    expect(differing / own.rgb.length).toBeLessThan(0.001);
  });
});

process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
