// Where the built hosts in dist/cli find what the sources find beside themselves, and the build
// check both launchers share: the build is remade when a source file is newer than it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
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

/** Loads a built module of dist/cli (`main` or `web`), building first when the sources are newer. */
export const loadBuilt = async (name) => {
  if (stale()) await (await import(pathToFileURL(join(root, 'scripts', 'build-cli.mjs')).href)).buildCli();
  return import(pathToFileURL(join(root, 'dist', 'cli', `${name}.js`)).href);
};

const fontsOf = (pkg) => join(root, 'node_modules', '@embedpdf', pkg, 'fonts');
export const layout = { migrationsFolder: join(root, 'db', 'migrations'), pgMigrationsFolder: join(root, 'db', 'migrations-pg'), workerEntry: join(root, 'dist', 'cli', 'worker.js'), fonts: { latin: fontsOf('fonts-latin'), cjk: fontsOf('fonts-sc') } };
