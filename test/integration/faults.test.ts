import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanStaleStaging, createStaging } from '../../electron/services/staging';
import { mrdOk } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

/** Runs the built `mrd` bin: as the `nobody` account when these tests run as root (root ignores file modes). */
const bin = (args: string[], opts: { asNobody?: boolean; shell?: string } = {}) => {
  const nobody = opts.asNobody && process.getuid?.() === 0;
  const command = opts.shell ?? [process.execPath, 'bin/mrd.mjs', ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return spawnSync(nobody ? 'setpriv' : 'bash', nobody ? ['--reuid=65534', '--regid=65534', '--clear-groups', 'bash', '-c', command] : ['-c', command], { encoding: 'utf8' });
};

describe('faults give the right message and change nothing', () => {
  it('read commands work on a database in a folder that cannot be written, and never move a healthy file', async () => {
    const dir = tempDir();
    const data = join(dir, 'share');
    mkdirSync(data);
    const db = join(data, 'mrd.db');
    await mrdOk('--db', db, 'seed-demo', '--models', '4');
    bin(['--help']); // the build is fresh before another account runs it
    chmodSync(dir, 0o755);
    chmodSync(db, 0o444);
    chmodSync(data, 0o555);
    try {
      const list = bin(['--db', db, 'models', 'list', '--json'], { asNobody: true });
      expect(list.stderr).toBe('');
      expect(list.status).toBe(0);
      expect(JSON.parse(list.stdout)).toHaveLength(4);
      const verify = bin(['--db', db, 'audit', 'verify'], { asNobody: true });
      expect(verify.status).toBe(0);
      expect(verify.stdout).toMatch(/^Audit chain intact up to #\d+/);
      // A write command says what is wrong in one line, and moves nothing aside.
      const write = bin(['--db', db, 'profile', 'set', '--name', 'Rita Officer', '--role', 'risk_officer'], { asNobody: true });
      expect(write.status).toBe(1);
      expect(write.stderr.trim().split('\n')).toHaveLength(1);
      expect(write.stderr).toMatch(/^mrd: .*mrd\.db cannot be opened for writing here/);
      expect(readdirSync(data).filter((f) => f.startsWith('corrupt-'))).toEqual([]);
      expect(existsSync(db)).toBe(true);
    } finally {
      chmodSync(data, 0o755);
    }
  }, 60_000);

  it('a full disk while writing a report leaves the file asked for as it was, and no partial file beside it', async () => {
    const dir = tempDir();
    const db = join(dir, 'mrd.db');
    await mrdOk('--db', db, 'seed-demo', '--models', '3');
    await mrdOk('--db', db, 'profile', 'set', '--name', 'Aude Auditor', '--role', 'auditor');
    const out = join(dir, 'report.pdf');
    writeFileSync(out, 'the report of last week\n');
    // A file-size limit makes the PDF's write fail (EFBIG) as a full disk would (ENOSPC).
    const r = bin([], { shell: `ulimit -f 256; exec '${process.execPath}' bin/mrd.mjs --db '${db}' report model MDL-0001 --out '${out}'` });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^mrd: Cannot write ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*nothing was written there \\(the report was generated and registered as #1`));
    expect(readFileSync(out, 'utf8')).toBe('the report of last week\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it('a killed process\'s staged upload is removed when a host starts; a live one\'s is kept', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = join(tmpdir(), `mrd-staging-${dead}-test${Date.now()}`);
    mkdirSync(stale);
    writeFileSync(join(stale, 'half-sent'), 'x'.repeat(1000));
    const live = createStaging();
    const { id } = live.begin('mine.csv', 3);
    live.append(id, 0, Buffer.from('abc').toString('base64'));
    expect(existsSync(stale)).toBe(false);
    expect(cleanStaleStaging()).toEqual([]);
    expect(live.complete(id).received).toBe(3);
    live.close();
  });
});
