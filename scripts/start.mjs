// `npm start`: build, make sure Electron's binary is there (Electron 45+ downloads it on first
// use), build better-sqlite3 for Electron's ABI, then open the desktop window.
import { spawn, spawnSync } from 'node:child_process';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

console.log('Checking for the Electron binary (downloaded once, on first use)…');
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write('\\n' + require('electron'))"], { encoding: 'utf8' });
// The download prints progress on the same stdout; the path is the last line.
const electronPath = probe.status === 0 ? (probe.stdout.trim().split('\n').at(-1) ?? '') : '';
if (!electronPath) {
  console.error(`
Model Risk Desk cannot open its desktop window here: the Electron binary is not installed and
could not be downloaded (Electron fetches it from the internet on first use, and this machine
cannot reach it). Everything else works without it: run \`npm run web\` to open the same app in
your browser at the 127.0.0.1 address it prints, or use the command line with
\`npm run --silent mrd -- --help\`. On a machine with internet access, \`npm start\` downloads
Electron once and opens the window.
`);
  process.exit(1);
}

run('npm', ['run', '--silent', 'build']);
run(process.execPath, ['scripts/electron-native.mjs']);
const child = spawn(electronPath, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
