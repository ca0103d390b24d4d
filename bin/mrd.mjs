#!/usr/bin/env node
// The `mrd` bin: runs the built command line in dist/cli (made by `npm ci`, see
// scripts/build-cli.mjs), rebuilding it first when a source file is newer than the build, so a
// checkout always runs its own code and a plain run never pays for TypeScript.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'BUILT');

const newest = (dir) => {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};

const stale = () => {
  if (!existsSync(built)) return true;
  const at = statSync(built).mtimeMs;
  return ['electron', 'shared', 'db'].some((d) => newest(join(root, d)) > at) || statSync(join(root, 'package.json')).mtimeMs > at;
};

if (stale()) await (await import(pathToFileURL(join(root, 'scripts', 'build-cli.mjs')).href)).buildCli();

process.stdout.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 1));
const { runCli } = await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
const fontsOf = (pkg) => join(root, 'node_modules', '@embedpdf', pkg, 'fonts');
process.exitCode = await runCli(
  process.argv.slice(2),
  { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) },
  { migrationsFolder: join(root, 'db', 'migrations'), workerEntry: join(root, 'dist', 'cli', 'worker.cjs'), fonts: { latin: fontsOf('fonts-latin'), cjk: fontsOf('fonts-sc') } },
);
