import { deflateRawSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { createRuntime } from '../../electron/runtime';

/** A zip archive holding one highly compressible file: a (small) zip bomb, renamed to .json. */
const zipBomb = (): Buffer => {
  const data = deflateRawSync(Buffer.alloc(50_000_000, 0x30));
  const name = Buffer.from('metrics.json');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(50_000_000, 22);
  local.writeUInt16LE(name.length, 26);
  return Buffer.concat([local, name, data]);
};

const deep = (n: number): string => `{"metrics": [{"metric": "DatasetDriftMetric", "result": ${'['.repeat(n)}1${']'.repeat(n)}}]}`;

const cases: [string, string, Buffer | string, RegExp][] = [
  ['deep JSON', 'deep.json', deep(100_000), /deep\.json \(key \$\.metrics\.0\.result(\.0){62}\): JSON nested deeper than 64 levels/],
  ['__proto__ key', 'proto.json', '{"metrics": [{"metric": "DatasetDriftMetric", "result": {"__proto__": {"polluted": true}}}]}', /proto\.json \(key \$\.metrics\.0\.result\.__proto__\): the key "__proto__" is not allowed in an export/],
  ['constructor key', 'ctor.json', '{"resultType": "matrix", "data": {"constructor": {"prototype": {}}}}', /ctor\.json \(key \$\.data\.constructor\): the key "constructor" is not allowed/],
  ['a line of megabytes', 'long.csv', `timestamp,metric,value\n2026-01-01T00:00:00Z,${'x'.repeat(2_000_000)},1\n`, /long\.csv \(line 2\): line longer than 1000000 characters/],
  ['a line of megabytes (semicolon CSV, read whole)', 'long-semi.csv', `"time";"accuracy"\n2026-01-01 00:00:00;${'9'.repeat(2_000_000)}\n`, /long-semi\.csv \(line 2\): line longer than 1000000 characters/],
  ['UTF-16 with BOM', 'utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('timestamp,metric,value\n2026-01-01T00:00:00Z,x,1\n', 'utf16le')]), /utf16\.csv \(byte 0\): this is UTF-16 text; save or export it as UTF-8/],
  ['UTF-16 without BOM', 'utf16.json', Buffer.from('{"resultType": "matrix", "data": {}}', 'utf16le'), /utf16\.json \(byte 1\): this looks like UTF-16 text without a byte-order mark/],
  ['Latin-1 CSV', 'latin1.csv', Buffer.from('timestamp,metric,value,feature\n2026-01-01T00:00:00Z,drift,0.4,r\xe9gion\n', 'latin1'), /latin1\.csv \(line 2, byte \d+\): not UTF-8 text; save or export it as UTF-8/],
  ['Latin-1 JSON', 'latin1.json', Buffer.from('{"resultType": "matrix", "data": {"result": [{"metric": {"r\xe9gion": "x"}, "values": []}]}}', 'latin1'), /latin1\.json \(line 1, byte \d+\): not UTF-8 text \(byte 0xe9\)/],
  ['binary file', 'model.json', Buffer.concat([Buffer.from('{"a":'), Buffer.from([0, 1, 2, 3, 0, 255, 254]), Buffer.alloc(100, 7)]), /model\.json \(byte 5, line 1\): this is a binary file, not a text export/],
  ['zip bomb renamed to .json', 'bomb.json', zipBomb(), /bomb\.json \(byte 0\): this is a ZIP archive, not an export \(was it renamed\?\)/],
  ['gzip renamed to .csv', 'gz.csv', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]), /gz\.csv \(byte 0\): this is gzip-compressed/],
];

describe('hostile files are refused with one clear message and change nothing', () => {
  // One database for all cases (each case checks it is unchanged); removed after the last.
  const dir = mkdtempSync(join(tmpdir(), 'mrd-hostile-'));
  const db = join(dir, 'mrd.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const io = (lines: string[]) => ({ out: (s: string) => lines.push(s), err: (s: string) => lines.push(s) });
  const snapshot = async (): Promise<string> => {
    const r = await createRuntime(db);
    try {
      return JSON.stringify(['monitoring_imports', 'metric_points', 'findings', 'audit_log', 'settings'].map((t) => r.ctx.db.lite!.prepare(`select count(*) from ${t}`).pluck().get()));
    } finally {
      r.close();
    }
  };

  it('sets up a model to import for', async () => {
    expect(await runCli(['--db', db, 'seed-demo', '--models', '2'], io([]))).toBe(0);
    expect(await runCli(['--db', db, 'profile', 'set', '--name', 'Rita Officer', '--role', 'risk_officer'], io([]))).toBe(0);
  });

  it('valid UTF-8 is accepted, even with a character split across the 4 MiB reading chunks', async () => {
    const header = 'timestamp,metric,value,feature\n';
    const line = (f: string): string => `2026-01-01T00:00:00Z,drift,0.1,${f}\n`;
    // Pad with plain lines until the next "é" starts one byte before the chunk boundary.
    const boundary = 4 * 1024 * 1024;
    let body = header + line('x').repeat(Math.floor((boundary - 64 - header.length) / line('x').length));
    const prefix = '2026-01-01T00:00:00Z,drift,0.1,';
    const filler = boundary - 1 - Buffer.byteLength(body) - Buffer.byteLength(prefix);
    body += `${prefix}${'r'.repeat(filler)}égion\n${line('中文')}`;
    const file = join(dir, 'utf8.csv');
    writeFileSync(file, body);
    expect(Buffer.from(body).subarray(boundary - 1, boundary + 1).toString('utf8')).toBe('é');
    const lines: string[] = [];
    expect(await runCli(['--db', db, 'ingest', '--model', 'MDL-0002', file], io(lines))).toBe(0);
    const r = await createRuntime(db);
    const features = r.ctx.db.lite!.prepare("select distinct feature from metric_points where feature like '%gion' or feature = '中文'").pluck().all() as string[];
    r.close();
    expect(features.map((f) => f.slice(-5))).toEqual(['égion', '中文'].map((f) => f.slice(-5)));
  });

  for (const [what, name, content, message] of cases) {
    it(`${what}`, async () => {
      const file = join(dir, name);
      writeFileSync(file, content);
      const before = await snapshot();
      const lines: string[] = [];
      expect(await runCli(['--db', db, 'ingest', '--model', 'MDL-0001', file], io(lines))).toBe(1);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(await snapshot()).toBe(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }, 60_000);
  }
});
