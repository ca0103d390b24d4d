// Bundles the Electron main process and preload into dist/electron. better-sqlite3 and electron
// stay external: one is a native addon, the other is the runtime itself.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', sourcemap: true, external: ['electron', 'better-sqlite3'], logLevel: 'warning', logOverride: { 'empty-import-meta': 'silent' } }; // main.ts passes the migrations folder itself
await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs' });
// Sandboxed preloads must be a single CommonJS file that requires only 'electron'.
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs' });
// Imports and reports run in worker threads; the main process points its job runner here.
await build({ ...common, entryPoints: ['electron/services/jobs/worker.ts'], outfile: 'dist/electron/worker.cjs' });
// A report's parts are laid out by a pool of its own workers: the layout code alone starts faster.
await build({ ...common, entryPoints: ['electron/services/reports/renderWorker.ts'], outfile: 'dist/electron/render-worker.cjs' });
console.log('built dist/electron/main.cjs, preload.cjs, worker.cjs and render-worker.cjs');
