// Builds better-sqlite3 for Electron's ABI into .electron-native/better_sqlite3.node, beside (not
// over) the Node build in node_modules that the tests and the CLI use. main.ts loads it through
// better-sqlite3's `nativeBinding` option; electron-builder ships it as an extra resource.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const sqliteVersion = JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')).version;
const outDir = '.electron-native';
const work = resolve(outDir, 'work');
// Only the copy in `work` is rebuilt: projectRootPath keeps the search for modules inside it. The
// command line (run from this checkout, it took the checkout as the project) also found
// node_modules/better-sqlite3 and would have rebuilt it in place for Electron, at the same time as
// the copy, under the tests and `mrd`; and it was called by a path the package does not export.
const options = { buildPath: work, projectRootPath: work, electronVersion, onlyModules: ['better-sqlite3'], force: true };
// --modules: the modules it would build, then stop before building any (test/unit/electron-native.test.ts).
const dryRun = process.argv.includes('--modules');
const out = join(outDir, 'better_sqlite3.node');
const stampFile = join(outDir, 'stamp.json');
const stamp = JSON.stringify({ electronVersion, sqliteVersion, platform: process.platform, arch: process.arch });

if (!dryRun && existsSync(out) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) process.exit(0);

if (!dryRun) console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once; about a minute)…`);
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'node_modules'), { recursive: true });
cpSync('node_modules/better-sqlite3', join(work, 'node_modules', 'better-sqlite3'), { recursive: true, filter: (p) => !p.includes(`${'/'}build${'/'}`) });
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }));
const { rebuild } = await import('@electron/rebuild');
const building = rebuild(options);
building.lifecycle.on('modules-found', (names) => {
  if (!dryRun) return console.log(`Building ${names.join(', ')} for Electron ${electronVersion} in ${work}…`);
  // Emitted before any build starts.
  console.log(JSON.stringify({ buildPath: work, modules: names }));
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
});
await building;
cpSync(join(work, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), out);
writeFileSync(stampFile, stamp);
rmSync(work, { recursive: true, force: true });
console.log(`wrote ${out}`);
