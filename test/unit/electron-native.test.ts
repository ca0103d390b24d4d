/**
 * `npm start` builds better-sqlite3 for Electron with @electron/rebuild's command line
 * (scripts/electron-native.mjs). Electron cannot be downloaded on the test machines, so the build
 * itself is not run here; what is checked is what broke it once without any test seeing: the
 * command line it runs is found (the package exports its entry alone) and starts on this Node.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

it("the Electron build of better-sqlite3 runs @electron/rebuild's command line, found and working on this Node", () => {
  const plan = JSON.parse(execFileSync(process.execPath, ['scripts/electron-native.mjs', '--print'], { cwd: ROOT, encoding: 'utf8' })) as { electronVersion: string; sqliteVersion: string; rebuildCli: string };
  expect(plan.electronVersion).toBe((JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version);
  expect(plan.sqliteVersion).toBe((JSON.parse(readFileSync(join(ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string }).version);
  expect(existsSync(plan.rebuildCli)).toBe(true);
  expect(execFileSync(process.execPath, [plan.rebuildCli, '--help'], { cwd: ROOT, encoding: 'utf8' })).toContain('--module-dir');
});
