import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

/**
 * A clone anywhere must build and pass its tests: nothing the tests, benches or scripts read may
 * live outside the checkout (the product folder `../shared` beside it is material, not a dependency).
 */
describe('the repository is self-contained', () => {
  it('no test, bench, script or CI file reads a path outside the checkout', () => {
    const sources = ['test', 'bench', 'scripts', '.ci']
      .flatMap((d) => filesUnder(join(ROOT, d)))
      .filter((f) => f !== import.meta.filename && !f.includes('/fixtures/'));
    // Three levels up from test/<kind>/ is the folder that holds the checkout.
    const outside = sources.filter((f) => /\.\.\/\.\.\/\.\.\/shared|\.\.\/shared\/fixtures/.test(readFileSync(f, 'utf8')));
    expect(outside.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('every fixture is named, with where it came from, in the SOURCES.md of its folder', () => {
    const fixtures = filesUnder(join(ROOT, 'test/fixtures'));
    const folders = [...new Set(fixtures.map((f) => join(f, '..')))];
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders) {
      const sources = readFileSync(join(folder, 'SOURCES.md'), 'utf8');
      for (const f of fixtures.filter((x) => join(x, '..') === folder && !x.endsWith('SOURCES.md'))) {
        expect(sources, `${relative(ROOT, f)} is not in ${relative(ROOT, folder)}/SOURCES.md`).toContain(relative(folder, f));
      }
    }
  });
});
