// `npm run test:security`: @doyensec/electronegativity on the Electron sources, offline. Every
// finding must be on the allowlist (.electronegativity-allowlist.json) with a written reason;
// anything else fails the run. The tool tries to fetch Electron's release list for one check and
// carries on without it when there is no network.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const electron = pkg.devDependencies.electron ?? pkg.dependencies.electron;
const allow = JSON.parse(readFileSync('.electronegativity-allowlist.json', 'utf8'));
for (const a of allow) if (!a.reason || a.reason.trim().length < 20) throw new Error(`allowlist entry ${a.check} ${a.file} has no written reason`);

// Through its Node API: its CLI depends on an undeclared commander 5 that our tree resolves to 7.
const run = createRequire(import.meta.url)('@doyensec/electronegativity');
const input = resolve('electron');
const result = await run({ input, output: undefined, isSarif: false, customScan: undefined, excludeFromScan: undefined, severitySet: undefined, confidenceSet: undefined, isRelative: true, isVerbose: false, electronUpgrade: undefined, electronVersionOverride: electron, parserPlugins: [] });
if (result.errors?.length) {
  for (const e of result.errors) console.error(`electronegativity could not analyse ${e.file}: ${e.message ?? e.error ?? JSON.stringify(e)}`);
  process.exit(1);
}
const findings = result.issues.map((i) => ({ check: i.id, file: i.file, line: i.location?.line ?? 0, message: i.description }));
const allowed = (f) => allow.some((a) => a.check === f.check && a.file === f.file);
const unexpected = findings.filter((f) => !allowed(f));
const stale = allow.filter((a) => !findings.some((f) => f.check === a.check && f.file === a.file));
for (const s of stale) console.warn(`allowlisted but no longer found (remove it): ${s.check} in ${s.file}`);
if (unexpected.length) {
  for (const f of unexpected) console.error(`electronegativity: ${f.check} in ${f.file}:${f.line} — ${f.message}`);
  console.error(`${unexpected.length} finding(s) not on .electronegativity-allowlist.json; fix them or allowlist them with a reason.`);
  process.exit(1);
}
console.log(`electronegativity: ${findings.length} finding(s) on ${input}, all allowlisted with a reason (Electron ${electron}).`);
