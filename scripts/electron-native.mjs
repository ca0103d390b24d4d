// Builds better-sqlite3 for Electron's ABI into .electron-native/better_sqlite3.node, beside (not
// over) the Node build in node_modules that the tests and the CLI use. main.ts loads it through
// better-sqlite3's `nativeBinding` option; electron-builder ships it as an extra resource.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const sqliteVersion = JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')).version;
// @electron/rebuild's command line, beside its entry: the package exports its entry alone, so
// require.resolve('@electron/rebuild/lib/cli.js') is refused (ERR_PACKAGE_PATH_NOT_EXPORTED).
const rebuildCli = join(dirname(require.resolve('@electron/rebuild')), 'cli.js');
if (!existsSync(rebuildCli)) throw new Error(`@electron/rebuild's command line is not at ${rebuildCli}: see scripts/electron-native.mjs`);
// --print: what would be built and with what, without building (test/unit/electron-native.test.ts).
if (process.argv.includes('--print')) {
  console.log(JSON.stringify({ electronVersion, sqliteVersion, rebuildCli }));
  process.exit(0);
}
const outDir = '.electron-native';
const out = join(outDir, 'better_sqlite3.node');
const stampFile = join(outDir, 'stamp.json');
const stamp = JSON.stringify({ electronVersion, sqliteVersion, platform: process.platform, arch: process.arch });

if (existsSync(out) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) process.exit(0);

console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once; about a minute)…`);
const work = join(outDir, 'work');
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'node_modules'), { recursive: true });
cpSync('node_modules/better-sqlite3', join(work, 'node_modules', 'better-sqlite3'), { recursive: true, filter: (p) => !p.includes(`${'/'}build${'/'}`) });
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }));
execFileSync(process.execPath, [rebuildCli, '--version', electronVersion, '--module-dir', work, '--only', 'better-sqlite3', '--force'], { stdio: 'inherit' });
cpSync(join(work, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), out);
writeFileSync(stampFile, stamp);
rmSync(work, { recursive: true, force: true });
console.log(`wrote ${out}`);
