// Builds `mrd` into dist/cli: the command line as ES modules split by command (so `mrd --help`
// loads a few kilobytes, `models list` no PDF code), and the job and render workers it starts.
// Run by `npm ci` (postinstall) and by bin/mrd.mjs when the sources are newer than the build.
// Each file is written beside its target and renamed, so a run that starts while another builds
// never loads half a file.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'cli');

const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', sourcemap: false, external: ['better-sqlite3', 'electron'], logLevel: 'warning', logOverride: { 'empty-import-meta': 'silent' }, write: false };

const place = (files) => {
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true });
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
};

export const buildCli = async () => {
  const results = await Promise.all([
    build({
      ...common,
      // The job worker too: an import's worker then loads the chunks it needs (1.2 MB), not one
      // file with the report's layout, fonts and PDF code (6.7 MB as one CommonJS bundle, about
      // 0.14 s to load; the report's code comes in when a report is asked for).
      entryPoints: { main: 'electron/cli/main.ts', web: 'electron/hosts/web.ts', worker: 'electron/services/jobs/worker.ts' },
      outdir: out,
      format: 'esm',
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      // Bundled CommonJS code (pdfmake, csv-parse) calls require and reads __dirname (pdfmake's
      // virtual file system, pdfkit's standard fonts); ES modules have neither of their own.
      banner: {
        js: "import { createRequire as __mrdCreateRequire } from 'node:module'; import { fileURLToPath as __mrdFileURLToPath } from 'node:url'; import { dirname as __mrdDirname } from 'node:path'; const require = __mrdCreateRequire(import.meta.url); const __filename = __mrdFileURLToPath(import.meta.url); const __dirname = __mrdDirname(__filename);",
      },
    }),
    build({ ...common, format: 'cjs', entryPoints: ['electron/services/reports/renderWorker.ts'], outfile: join(out, 'render-worker.cjs') }),
  ]);
  const files = results.flatMap((r) => r.outputFiles);
  place(files);
  // Chunks of earlier builds have other hashes: drop those the new build does not name.
  const kept = new Set(files.map((f) => f.path));
  const chunks = join(out, 'chunks');
  for (const name of readdirSync(chunks)) if (!kept.has(join(chunks, name))) rmSync(join(chunks, name), { force: true });
  // Written last: bin/mrd.mjs compares the sources with this file's time.
  writeFileSync(join(out, 'BUILT'), `${new Date().toISOString()}\n`);
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildCli();
