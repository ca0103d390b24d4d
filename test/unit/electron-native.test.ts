/**
 * `npm start` builds better-sqlite3 for Electron with @electron/rebuild (scripts/electron-native.mjs),
 * into .electron-native/, beside the Node build in node_modules that the tests and the command
 * line load. Electron's headers cannot be downloaded on the test machines, so the build itself is
 * not run here; what is checked is what once broke it without any test seeing: the script runs on
 * this Node (it called a path @electron/rebuild does not export), and its copy of better-sqlite3
 * is the one module found to build (the command line, run from this checkout, also found
 * node_modules/better-sqlite3 and would have rebuilt it for Electron in place).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

it('the Electron build of better-sqlite3 starts on this Node and would build its own copy alone', () => {
  const found = JSON.parse(execFileSync(process.execPath, ['scripts/electron-native.mjs', '--modules'], { cwd: ROOT, encoding: 'utf8' })) as { buildPath: string; modules: string[] };
  expect(found).toEqual({ buildPath: join(ROOT, '.electron-native', 'work'), modules: ['better-sqlite3'] });
  // The dry run leaves no copy behind.
  expect(existsSync(found.buildPath)).toBe(false);
});
