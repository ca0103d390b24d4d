/**
 * The generic CSV's rows (electron/services/monitoring/csvRows.ts): the byte reader gives what
 * the text reader gives, line for line (the same points, block text, names, times, rule
 * summaries, or the same error); a file read in any number of parts, in order, by one reader
 * gives what one reading gives; and the numbers the byte reader copies into a block as they were
 * written are read back by SQLite as the double Number() makes of them.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockAssembler, numberJson } from '../../db/pointBlocks';
import { headerOf, rowReader, type RowsOptions } from '../../electron/services/monitoring/csvRows';
import { defaultRules } from '../../shared/monitoring';

const enc = (s: string): Buffer => Buffer.from(s, 'utf8');
const HEADER = 'timestamp,metric,value,feature,lower,upper,alert';
const { cols } = headerOf(HEADER, 'f.csv', 1);
const options = (o: Partial<RowsOptions> = {}): RowsOptions => ({ file: 'f.csv', cols, rules: defaultRules(), json: true, lineBase: 1, ...o });
/** The rows of `text`, read as the part of a file that starts after its header (byte 48), with what the reader saw. */
const readAll = (bytes: Uint8Array, o: Partial<RowsOptions> = {}, byteBase = 48) => {
  const reader = rowReader(options(o));
  return { ...reader.read(bytes, byteBase), ...reader.summary() };
};

/** A part read, as plain comparable data (the block text as a string), or the error it throws. */
const outcome = (text: string, o: Partial<RowsOptions> = {}): unknown => {
  try {
    const p = readAll(enc(text), o);
    return { ...p, json: Buffer.from(p.json).toString('utf8'), ends: [...p.ends] };
  } catch (e) {
    return { error: (e as Error).message };
  }
};

// Fields as exporters write them, well and badly: the byte reader takes some, leaves the rest to the text reader.
const isoTimes = fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
const times = fc.oneof(
  isoTimes,
  isoTimes.map((t) => t.replace(/\.\d{3}Z$/, 'Z')),
  fc.constantFrom('1735689600', '1735689600123', '2025-01-01 10:00:00', '2025-01-01T10:00:00+02:00', ' 2025-01-01T00:00:00.000Z', 'yesterday', '', '2025-13-01T00:00:00.000Z', '2025-02-29T00:00:00.000Z', '2024-02-29T00:00:00.000Z', '2025-04-31T12:00:00.000Z', '2025-01-31T24:00:00.000Z', '2025-01-31T23:60:00.000Z', '2100-02-29T00:00:00.000Z', '2000-02-29T00:00:00.000Z'),
);
const names = fc.constantFrom('accuracy', 'latency_ms', 'drift:psi', 'psi', 'up', 'error_rate', ' accuracy', 'acc\\uracy', 'tab\there', 'точность', '精度', 'a"b', '', 'f1');
const features = fc.constantFrom('', 'age', 'income', ' age', 'é', 'x\\y', 'f0');
const numbers = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((v) => String(v)),
  fc.integer({ min: -99999, max: 99999 }).map((i) => String(i)),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99999 })).map(([a, b]) => `${a}.${b}`),
  fc.constantFrom('', '0', '-0', '0.000', '-0.0', '00.5', '.5', '5.', '+1', '1e5', '1E-7', 'nan', 'NaN', 'inf', '-Infinity', '0x10', '1234567890123456', '123456789012345', '0.000000000000001', 'n/a', ' 3', '1.5 '),
);
const alerts = fc.constantFrom('', 'true', 'false', '1', '0', 'TRUE', 'False', 'yes');
const line = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(times, names, numbers, features, numbers, numbers, alerts).map((f) => f.join(',')) },
  { weight: 1, arbitrary: fc.constantFrom('', '\r', 'a,b', '2025-01-01T00:00:00.000Z,psi,1,,,,,extra', '"2025-01-01T00:00:00.000Z","psi","0.5","","","","true"', '2025-01-01T00:00:00.000Z,"a,b",1,,,,') },
);
const file = fc.array(line, { minLength: 1, maxLength: 30 }).chain((lines) => fc.constantFrom('\n', '\r\n').map((nl) => lines.join(nl) + nl));

describe('reading a generic CSV part', () => {
  it('the byte reader and the text reader give the same part, or the same error, for any lines (property)', () => {
    fc.assert(
      fc.property(file, fc.boolean(), (text, json) => {
        expect(outcome(text, { json })).toEqual(outcome(text, { json, textOnly: true }));
      }),
      { numRuns: 400 },
    );
  });

  it('reads a plain line from its bytes: numbers as written, times and names as JSON text', () => {
    const p = readAll(enc('2025-01-01T00:00:00.000Z,accuracy,0.9000,,0.85,,false\n2025-01-01T00:01:00Z,drift:psi,-12.5,f1,,,1\n'));
    // A time without milliseconds is written as toIso writes it, as the whole-file readers do.
    expect(Buffer.from(p.json).toString()).toBe('["2025-01-01T00:00:00.000Z","accuracy",null,0.9000,0.85,null,false],["2025-01-01T00:01:00.000Z","drift:psi","f1",-12.5,null,null,true]');
    const text = Buffer.from(p.json).toString();
    expect([...p.ends]).toEqual([text.indexOf('],[') + 1, text.length]);
    expect(JSON.parse(`[${Buffer.from(p.json).toString()}]`)).toEqual([
      ['2025-01-01T00:00:00.000Z', 'accuracy', null, 0.9, 0.85, null, false],
      ['2025-01-01T00:01:00.000Z', 'drift:psi', 'f1', -12.5, null, null, true],
    ]);
    expect(p).toMatchObject({ rows: 2, lines: 2, from: '2025-01-01T00:00:00.000Z', to: '2025-01-01T00:01:00.000Z', metrics: ['accuracy', 'drift:psi'], features: ['f1'], backslash: false });
  });

  it('names the line and the byte of the file in its errors', () => {
    expect(() => readAll(enc('2025-01-01T00:00:00.000Z,psi,1,,,,\n2025-01-01T00:00:00.000Z,psi,n/a,,,,\n'), { lineBase: 40 })).toThrow('f.csv (line 42): value "n/a" is not a number');
    expect(() => readAll(Buffer.concat([enc('2025-01-01T00:00:00.000Z,psi,1,,,,\nx'), Buffer.from([0xff])]), { lineBase: 40 }, 1000)).toThrow('f.csv (line 42, byte 1036): not UTF-8 text');
  });

  it('a file read in any number of parts, in order, gives what one reading gives (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(isoTimes, isoTimes.map((t) => t.replace(/\.\d{3}Z$/, 'Z')), fc.constant('1735689600')), fc.constantFrom('accuracy', 'drift:psi', 'up', 'x\\y', 'точность'), fc.double({ noNaN: true, noDefaultInfinity: true, min: -2, max: 2 }), fc.constantFrom('', 'age', 'f1'), fc.constantFrom('', '0.8'), alerts), { minLength: 1, maxLength: 60 }), fc.array(fc.nat(), { maxLength: 5 }), (rows, cutsAt) => {
        const lines = rows.map((r) => `${r[0]},${r[1]},${r[2]},${r[3]},${r[4]},,${r[5]}\n`);
        const read = (parts: string[]): { blocks: string[]; summary: unknown } => {
          const reader = rowReader(options());
          const blocks: string[] = [];
          const assemble = blockAssembler((seq, n, pieces) => blocks.push(`${seq}:${n}:${Buffer.concat(pieces).toString('utf8')}`));
          let byteBase = 48;
          for (const text of parts) {
            const p = reader.read(enc(text), byteBase);
            byteBase += enc(text).length;
            assemble.add(p.json, p.ends, p.backslash);
          }
          assemble.flush();
          return { blocks, summary: reader.summary() };
        };
        const cuts = [...new Set(cutsAt.map((c) => c % (lines.length + 1)))].sort((a, b) => a - b);
        const parts = [0, ...cuts, lines.length].slice(1).map((end, i, all) => lines.slice(i === 0 ? 0 : all[i - 1], end).join('')).filter((t) => t !== '');
        expect(read(parts)).toEqual(read([lines.join('')]));
      }),
      { numRuns: 200 },
    );
  });
});

describe('numbers copied into a block as written', () => {
  it('are read back by SQLite as the double Number() gives, for any plain decimal of up to 15 digits (property)', () => {
    const lite = new Database(':memory:');
    const values = lite.prepare('select j.value as v from json_each(?) j');
    const decimal = fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 15 }), fc.nat(), fc.bigInt({ min: 1n, max: 999999999999999n })).map(([negative, digits, point, m]) => {
      const d = String(m).padStart(digits, '0').slice(-digits).replace(/^0+(?=\d)/, '');
      const at = point % (d.length + 1);
      const text = at === 0 || at === d.length ? d : `${d.slice(0, at)}.${d.slice(at)}`;
      return `${negative ? '-' : ''}${text}`;
    });
    fc.assert(
      fc.property(fc.array(decimal, { minLength: 1, maxLength: 200 }), (texts) => {
        const json = texts.map((t) => numberJson(t, Number(t)));
        const back = (values.all(`[${json.join(',')}]`) as { v: number }[]).map((r) => r.v);
        expect(back).toEqual(texts.map((t) => (Number(t) === 0 ? 0 : Number(t))));
      }),
      { numRuns: 300 },
    );
    expect(numberJson('0.9000', 0.9)).toBe('0.9000');
    expect(numberJson('-0.0', -0)).toBe('0');
    expect(numberJson('00.5', 0.5)).toBe('0.5');
    expect(numberJson('1e5', 1e5)).toBe('100000');
    expect(numberJson('1234567890123456', 1234567890123456)).toBe('1234567890123456');
    expect(numberJson('0.1234567890123456', 0.1234567890123456)).toBe('0.1234567890123456');
  });
});
