#!/usr/bin/env node
// The `mrd` bin: runs the built command line in dist/cli (made by `npm ci`, see
// scripts/build-cli.mjs), rebuilt first when a source file is newer than the build, so a
// checkout always runs its own code and a plain run never pays for TypeScript.
import { layout, loadBuilt } from './layout.mjs';

process.stdout.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 1));
const { runCli } = await loadBuilt('main');
process.exitCode = await runCli(process.argv.slice(2), { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`), readStdin: async () => { let t = ''; for await (const c of process.stdin) t += c; return t; } }, layout, process.env);
