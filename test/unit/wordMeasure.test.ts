import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pdfDocumentClass, styleStackClass, textInlinesClass } from '../../electron/services/reports/pdfmakeInternals';
import { defaultFontDirs, reportFonts } from '../../electron/services/reports/render';
import { measureWordsOnce } from '../../electron/services/reports/wordMeasure';
import { demoReportData, partHashes, withMethods } from '../helpers/reportData';

type Word = Record<string, unknown> & { text: string };
type Measure = (this: unknown, words: Word[], stack: unknown) => Word[];
const T = textInlinesClass<{ new (doc: unknown): { measure: Measure }; prototype: { measure: Measure } }>();
// This file's module state is fresh: nothing is patched until the first render.
const pdfmakeOwn = T.prototype.measure;

describe('measuring the words of a text once per style', () => {
  it("gives the bytes pdfmake's own measure gives, for every part of a report (Greek, CJK, links, tables)", async () => {
    const data = await demoReportData(12, 9, ["update models set name = 'Ωμέγα 信用评分', description = '  leading and trailing blanks  ' where ref = 'MDL-0002'"]);
    const ours = await partHashes(data);
    expect(T.prototype.measure).not.toBe(pdfmakeOwn);
    expect(await withMethods(T.prototype, { measure: pdfmakeOwn }, () => partHashes(data))).toEqual(ours);
  });

  it("gives each word what pdfmake's measure gives it, for random words, styles and stacks", () => {
    measureWordsOnce();
    const Doc = pdfDocumentClass<new (fonts: unknown) => unknown>();
    const doc = new Doc(reportFonts(defaultFontDirs()));
    const Stack = styleStackClass<new (dict: unknown, defaults: unknown) => { push: (x: unknown) => void }>();
    // One or two styles of a word's own (or of a stack entry), so that a single one is common.
    const one = fc.oneof(
      fc.record({ font: fc.constantFrom('Noto', 'Light') }),
      fc.record({ bold: fc.boolean() }),
      fc.record({ fontSize: fc.integer({ min: 6, max: 14 }) }),
      fc.record({ color: fc.constantFrom('#c00', '#123456') }),
      fc.record({ sup: fc.boolean() }),
      fc.record({ link: fc.constant('https://example.com') }),
      fc.record({ preserveTrailingSpaces: fc.boolean() }),
      fc.record({ lineHeight: fc.constantFrom(1, 1.3) }),
      fc.record({ style: fc.constantFrom('note', 'h1', 'missing') }),
    );
    const own = fc.array(one, { minLength: 1, maxLength: 2 }).map((xs) => Object.assign({}, ...xs) as Record<string, unknown>);
    const text = fc.stringMatching(/^[ \u00a0\t]{0,2}[a-zA-Zé0-9 ,.-]{0,12}[ \u00a0]{0,2}$/);
    const word = fc.record({ text, lineEnd: fc.option(fc.constant(true), { nil: undefined }), style: fc.option(own, { nil: undefined, freq: 3 }) });
    const scenario = fc.record({
      words: fc.array(word, { minLength: 0, maxLength: 8 }),
      overrides: fc.array(fc.oneof(fc.constantFrom('note', 'h1'), own), { maxLength: 3 }),
      leadingIndent: fc.constantFrom(0, 5),
    });
    const dictionary = { note: { fontSize: 8, color: '#4a5568', preserveLeadingSpaces: true }, h1: { fontSize: 14, bold: true, extends: 'note' } };
    type Case = { words: { text: string; lineEnd?: boolean | undefined; style?: Record<string, unknown> | undefined }[]; overrides: unknown[]; leadingIndent: number };
    const run = (c: Case, measure: Measure): string => {
      const stack = new Stack(dictionary, { font: 'Noto', fontSize: 9, leadingIndent: c.leadingIndent });
      for (const o of c.overrides) stack.push(o);
      const words: Word[] = c.words.map((w) => ({ text: w.text, ...(w.lineEnd ? { lineEnd: true } : {}), ...(w.style ?? {}) }));
      const measured = measure.call(new T(doc), words, stack);
      expect(measured).toBe(words);
      // Every property with a value, whatever the order they were written in (pdfmake reads words
      // by name and tests their flags for truth; an absent flag and an undefined one are alike).
      return JSON.stringify(measured.map((w) => Object.fromEntries(Object.entries({ ...w, font: (w.font as { id?: string }).id }).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)))));
    };
    const cases = fc.sample(scenario, { numRuns: 1500, seed: 11 });
    const expected = cases.map((c) => run(c, pdfmakeOwn));
    expect(new Set(expected).size).toBeGreaterThan(1000);
    cases.forEach((c, i) => expect(run(c, T.prototype.measure), JSON.stringify(c)).toBe(expected[i]));
  });
});
