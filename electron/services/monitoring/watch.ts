import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import type { Db } from '../../../db/client';
import { watchLog } from '../../../db/schema';
import { toErrorData } from '../../../shared/errors';
import { headerSignature, type ColumnMapping, type Rule } from '../../../shared/monitoring';
import type { Actor } from '../../../shared/people';
import { headOf, processFile } from './ingest';
import { csvHeader, detectFormat } from './parsers';

export const IMPORTED_DIR = 'imported';
export const FAILED_DIR = 'failed';
const REF_PREFIX = /^([A-Z][A-Z0-9]{1,9}-\d{1,6})__/;

export type WatchOutcome = { fileName: string; modelRef: string | null; status: 'imported' | 'failed'; message: string };

/** The model a dropped file belongs to: a sidecar `<file>.model` holding the reference, or a `REF__` prefix. */
export const modelRefFor = (dir: string, name: string): string | null => {
  const sidecar = join(dir, `${name}.model`);
  if (existsSync(sidecar)) return readFileSync(sidecar, 'utf8').trim() || null;
  return REF_PREFIX.exec(name)?.[1] ?? null;
};

const moveAside = (dir: string, name: string, to: string): string => {
  mkdirSync(join(dir, to), { recursive: true });
  const target = join(dir, to, `${new Date().toISOString().replace(/[:.]/g, '-')}__${name}`);
  renameSync(join(dir, name), target);
  const sidecar = join(dir, `${name}.model`);
  if (existsSync(sidecar)) renameSync(sidecar, `${target}.model`);
  return target;
};

// Trees of the operating system: no folder in them is ever watched.
const SYSTEM_TREES = ['/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/sbin', '/sys', '/usr', '/System', '/Library', '/Applications', '/private/etc'];
// Folders that hold everyone's or everything's files: refused themselves (a subfolder may be a drop folder).
const SHARED_ROOTS = ['/', '/home', '/Users', '/var', '/tmp', '/opt', '/srv', '/mnt', '/media', '/run', '/root', '/Volumes', '/private', '/private/tmp', '/private/var'];
const WINDOWS_SYSTEM = /^[a-z]:\\(windows|program files( \(x86\))?|programdata)(\\|$)/i;
const WINDOWS_ROOT = /^[a-z]:\\?$|^[a-z]:\\users\\?$/i;

const real = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};
const inside = (child: string, parent: string): boolean => child === parent || child.startsWith(parent.endsWith(sep) ? parent : `${parent}${sep}`);

/**
 * Why a folder may not be watched, or null. Everything the scan recognises in a watched folder is
 * moved away, so it must be a folder of its own for exports: never the home folder or a hidden
 * folder in it (~/.ssh), a system folder, a folder everyone shares, or the app's data folder (its
 * database, backups and anchors), inside it or above it. Symbolic links are followed first.
 */
export const watchFolderProblem = (folder: string, dataDir: string, home = homedir()): string | null => {
  let st;
  try {
    st = statSync(folder);
  } catch {
    return `${folder} is not an existing folder`;
  }
  if (!st.isDirectory()) return `${folder} is not a folder`;
  const at = real(folder);
  const shown = at === folder ? folder : `${folder} (${at})`;
  const homeAt = real(home);
  if (at === homeAt) return `${shown} is your home folder: choose a folder kept for monitoring exports, such as ${join(home, 'monitoring-drop')}`;
  if (dirname(at) === homeAt && basename(at).startsWith('.')) return `${shown} is a hidden folder of your home folder (settings, keys): choose a folder kept for monitoring exports`;
  if (SYSTEM_TREES.some((t) => inside(at, t)) || WINDOWS_SYSTEM.test(at)) return `${shown} is a system folder: choose a folder kept for monitoring exports`;
  if (SHARED_ROOTS.includes(at) || WINDOWS_ROOT.test(at)) return `${shown} holds everyone's files: choose a folder of its own for monitoring exports`;
  const data = real(dataDir);
  if (inside(at, data)) return `${shown} is the app's data folder (the database, its backups and anchors): choose another folder`;
  if (inside(data, at)) return `${shown} holds the app's data folder (${data}): choose a folder of its own for monitoring exports`;
  return null;
};

/** Files the scan may take: the extensions exports have, and a format it recognises (or a remembered column mapping). */
const EXPORT_NAME = /\.(json|csv)$/i;
export const isMonitoringExport = (path: string, name: string, savedMappings: Record<string, ColumnMapping>): boolean => {
  if (!EXPORT_NAME.test(name)) return false;
  const head = Buffer.from(headOf(path), 'latin1').toString('utf8');
  if (detectFormat(name, head)) return true;
  return !/^\s*[{[]/.test(head) && savedMappings[headerSignature(csvHeader(head))] !== undefined;
};

/**
 * One pass over the watched folder: every monitoring export it recognises is imported for its
 * model, then moved to `imported/`, or moved to `failed/` with a `.error.txt` beside it; each
 * outcome is logged. Any other file is left exactly where it is, untouched and unlogged. Files
 * still being written (modified in the last two seconds) wait for the next pass.
 */
export const scanWatchFolder = async (db: Db, dir: string, opts: { actor: Actor; now: () => Date; rules: Rule[]; staleDays?: number | undefined; savedMappings?: Record<string, ColumnMapping>; settleMs?: number }): Promise<WatchOutcome[]> => {
  const outcomes: WatchOutcome[] = [];
  const settle = opts.settleMs ?? 2000;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name.startsWith('.') || name.endsWith('.model') || name.endsWith('.error.txt') || !statSync(path).isFile()) continue;
    if (opts.now().getTime() - statSync(path).mtimeMs < settle) continue;
    if (!isMonitoringExport(path, name, opts.savedMappings ?? {})) continue;
    const ref = modelRefFor(dir, name);
    let outcome: WatchOutcome;
    try {
      if (!ref) throw new Error(`no model named: add ${name}.model with the reference, or name the file REF__${name}`);
      const r = await processFile(db, { ref, path, fileName: basename(name), actor: opts.actor, now: opts.now(), rules: opts.rules, staleDays: opts.staleDays, savedMappings: opts.savedMappings ?? {} }, true);
      outcome = { fileName: name, modelRef: ref, status: 'imported', message: `${r.rows} values, ${r.findingsCount} findings` };
      moveAside(dir, name, IMPORTED_DIR);
    } catch (e) {
      const message = toErrorData(e).message;
      outcome = { fileName: name, modelRef: ref, status: 'failed', message };
      writeFileSync(`${moveAside(dir, name, FAILED_DIR)}.error.txt`, `${message}\n`);
    }
    await db.insert(watchLog).values({ ...outcome, at: opts.now().toISOString() }).run();
    outcomes.push(outcome);
  }
  return outcomes;
};

export const WATCH_FOLDER_KEY = 'monitoring.watchFolder';

/** Polls the folder every few seconds (file events are unreliable on network drives); returns stop. */
export const startWatcher = (scan: () => Promise<void>, everyMs = 5000): (() => void) => {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    scan()
      .catch((e: unknown) => console.error('[watched folder]', e))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
};
