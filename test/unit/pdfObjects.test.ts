import { describe, expect, it } from 'vitest';
import { parsePdf, referenceAt, referencesIn, renumber } from '../../electron/services/reports/pdfObjects';

/** A PDF as pdfkit writes one: objects, a cross-reference table, a trailer. */
const pdfOf = (objects: (string | [string, string])[]): Buffer => {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.3\n%\xff\xff\xff\xff\n', 'latin1')];
  let at = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(at);
    const [text, stream] = typeof o === 'string' ? [o, null] : o;
    const b = Buffer.from(`${i + 1} 0 obj\n${text}\n${stream === null ? '' : `stream\n${stream}\nendstream\n`}endobj\n`, 'latin1');
    chunks.push(b);
    at += b.length;
  });
  const xref = ['xref', `0 ${objects.length + 1}`, '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n');
  chunks.push(Buffer.from(`${xref}\ntrailer\n<<\n/Size ${objects.length + 1}\n/Root 1 0 R\n/Info 2 0 R\n>>\nstartxref\n${at}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
};

describe('PDF objects as the report writers make them', () => {
  it('reads dictionaries, streams and other objects by the cross-reference table', () => {
    const long = `<<\n/Names [${Array.from({ length: 400 }, (_, i) => `(name-${i}) [3 0 R /XYZ 0 0 null]`).join(' ')}]\n>>`;
    const pdf = parsePdf(
      pdfOf([
        '<<\n/Type /Catalog\n/Pages 3 0 R\n/Names 4 0 R\n>>',
        '<<\n/Title (a \\) tricky 7 0 R \\(string\\))\n/ID <0a1b 2c>\n/Nested << /Deep << /X 5 0 R >> >>\n>>',
        ['<<\n/Length 20\n>>', 'BT (endstream) Tj ET'],
        long,
        '[/Separation /Brand 3 0 R]',
      ]),
      'The test file',
    );
    expect(pdf.root).toBe(1);
    expect(pdf.info).toBe(2);
    expect(referenceAt(pdf.get(1).text, 'Pages')).toBe(3);
    // References in strings are text, not references.
    expect(referencesIn(pdf.get(2).text)).toEqual([5]);
    expect(renumber(pdf.get(2).text, (id) => id + 100)).toBe('<<\n/Title (a \\) tricky 7 0 R \\(string\\))\n/ID <0a1b 2c>\n/Nested << /Deep << /X 105 0 R >> >>\n>>');
    expect(Buffer.from(pdf.get(3).stream!).toString('latin1')).toBe('BT (endstream) Tj ET');
    expect(pdf.get(3).text).toBe('<<\n/Length 20\n>>');
    // A dictionary longer than the first window is read whole.
    expect(pdf.get(4).text).toBe(long);
    expect(referencesIn(pdf.get(4).text)).toHaveLength(400);
    expect(pdf.get(5).text).toBe('[/Separation /Brand 3 0 R]');
    expect(pdf.get(5).stream).toBeNull();
  });

  it('refuses, naming the file and what is wrong, anything it cannot read as written', () => {
    expect(() => parsePdf(Buffer.from('not a PDF at all'), 'Part 2 of the report')).toThrow('Part 2 of the report is not a PDF this report can join: no cross-reference table at its end');
    const good = pdfOf(['<<\n/Type /Catalog\n>>', '<<\n>>', ['<<\n/Length 30\n>>', 'short']]);
    const pdf = parsePdf(good, 'Part 1');
    expect(() => pdf.get(3)).toThrow('Part 1 is not a PDF this report can join: stream 3 is not as long as it says');
    expect(() => pdf.get(9)).toThrow('object 9 is missing');
    const shifted = Buffer.from(good.toString('latin1').replace('0000000015 00000 n', '0000000016 00000 n'), 'latin1');
    expect(() => parsePdf(shifted, 'Part 1').get(1)).toThrow('object 1 is not where its table says');
    const indirect = pdfOf(['<<\n/Type /Catalog\n>>', '<<\n>>', ['<<\n/Length 4 0 R\n>>', 'data'], '5']);
    expect(() => parsePdf(indirect, 'Part 3').get(3)).toThrow('stream 3 has no direct length');
  });
});
