import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installPatches, missingMethods, PATCHED_VERSIONS, PATCHES, type Patch } from '../../electron/services/reports/patches';
import { tempDir } from '../helpers/temp';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string => (JSON.parse(readFileSync(join(require.resolve(`${pkg}/package.json`, { paths: [require.resolve('pdfmake')] })), 'utf8')) as { version: string }).version;

describe('the pdfmake and pdfkit patches', () => {
  it('are installed against the versions they were written for (upgrade pdfmake or pdfkit: check every patch, then these)', () => {
    expect(versionOf('pdfmake')).toBe(PATCHED_VERSIONS.pdfmake);
    expect(versionOf('pdfkit')).toBe(PATCHED_VERSIONS.pdfkit);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { dependencies: Record<string, string>; overrides: Record<string, string> };
    expect(pkg.dependencies.pdfmake).toBe(PATCHED_VERSIONS.pdfmake);
    expect(pkg.overrides.pdfkit).toBe(PATCHED_VERSIONS.pdfkit);
  });

  it('every method a patch replaces exists in the libraries before any patch is installed', () => {
    // This file runs in a process of its own (vitest forks): nothing has rendered or patched here.
    for (const p of PATCHES) expect(missingMethods(p), p.name).toEqual([]);
  });

  it('a patch whose method is gone stops the install, naming it, and installs nothing', () => {
    let installed = 0;
    const renamed: Patch = { name: 'renamedMethod', replaces: () => [['pdfmake Renderer', {}, 'renderLine']], install: () => (installed += 1) };
    const fine: Patch = { name: 'fine', replaces: () => [], install: () => (installed += 1) };
    expect(() => installPatches([fine, renamed])).toThrow('PDF patches cannot be installed: renamedMethod replaces pdfmake Renderer.renderLine. pdfmake or pdfkit changed');
    expect(installed).toBe(0);
  });

  it('MRD_PDF_PATCHES=off renders with the libraries as they are: the same text on the same pages, drawn alike but for anti-aliasing', () => {
    const dir = tempDir();
    const db = join(dir, 'p.db');
    const mrd = (args: string[], env: Record<string, string> = {}): string => execFileSync(process.execPath, ['bin/mrd.mjs', '--db', db, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    mrd(['seed-demo', '--models', '4']);
    mrd(['profile', 'set', '--name', 'Aude Auditor', '--role', 'auditor']);
    const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');
    const patched = join(dir, 'patched.pdf');
    const plain = join(dir, 'plain.pdf');
    mrd(['report', 'portfolio', '--as-of', '2026-11-01', '--out', patched]);
    mrd(['report', 'portfolio', '--as-of', '2026-11-01', '--out', plain], { MRD_PDF_PATCHES: 'off' });
    // Not the same bytes: the patched renderer writes a line's words as one run, pdfkit one by one.
    expect(sha(plain)).not.toBe(sha(patched));
    const text = (f: string): string => execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
    expect(text(patched)).toBe(text(plain));
    // Every page rasterised: glyphs at the same places, so at most anti-aliasing differs on a few pixels.
    execFileSync('pdftoppm', ['-r', '60', '-gray', patched, join(dir, 'a')]);
    execFileSync('pdftoppm', ['-r', '60', '-gray', plain, join(dir, 'b')]);
    const pages = readdirSync(dir).filter((f) => /^a-\d+\.pgm$/.test(f));
    expect(pages.length).toBe(readdirSync(dir).filter((f) => /^b-\d+\.pgm$/.test(f)).length);
    for (const page of pages) {
      const a = readFileSync(join(dir, page));
      const b = readFileSync(join(dir, page.replace(/^a-/, 'b-')));
      expect(b.length).toBe(a.length);
      let differ = 0;
      let worst = 0;
      for (let i = 0; i < a.length; i++) {
        const d = Math.abs(a[i]! - b[i]!);
        if (d) differ += 1;
        worst = Math.max(worst, d);
      }
      expect(worst, page).toBeLessThan(64);
      expect(differ / a.length, page).toBeLessThan(0.001);
    }
  });
});
