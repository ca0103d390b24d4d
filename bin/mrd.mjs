#!/usr/bin/env node
// The `mrd` bin: runs the TypeScript CLI through tsx's loader, so it works from a checkout without a build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
process.stdout.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 1));
const { runCli } = await import(fileURLToPath(new URL('../electron/cli.ts', import.meta.url)));
process.exitCode = await runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
});
