#!/usr/bin/env node
// The browser host (`npm run web`): the built copy in dist/cli, like `mrd`, serving dist/renderer.
import { join } from 'node:path';
import { layout, loadBuilt, root } from './layout.mjs';

const { runWebHost } = await loadBuilt('web');
await runWebHost(process.argv.slice(2), { ...layout, rendererDir: join(root, 'dist', 'renderer') }).catch((e) => {
  process.stderr.write(`mrd web: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
