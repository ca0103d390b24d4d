import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../../../db/client';
import { watchLog } from '../../../db/schema';
import { toErrorData } from '../../../shared/errors';
import type { Rule } from '../../../shared/monitoring';
import type { Actor } from '../../../shared/people';
import { processFile } from './ingest';

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

/**
 * One pass over the watched folder: every export file is imported for its model, then moved to
 * `imported/`, or moved to `failed/` with a `.error.txt` beside it; each outcome is logged.
 * Files still being written (modified in the last two seconds) wait for the next pass.
 */
export const scanWatchFolder = (db: Db, dir: string, opts: { actor: Actor; now: () => Date; rules: Rule[]; settleMs?: number }): WatchOutcome[] => {
  const outcomes: WatchOutcome[] = [];
  const settle = opts.settleMs ?? 2000;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name.startsWith('.') || name.endsWith('.model') || name.endsWith('.error.txt') || !statSync(path).isFile()) continue;
    if (opts.now().getTime() - statSync(path).mtimeMs < settle) continue;
    const ref = modelRefFor(dir, name);
    let outcome: WatchOutcome;
    try {
      if (!ref) throw new Error(`no model named: add ${name}.model with the reference, or name the file REF__${name}`);
      const r = processFile(db, { ref, path, fileName: basename(name), actor: opts.actor, now: opts.now(), rules: opts.rules }, true);
      outcome = { fileName: name, modelRef: ref, status: 'imported', message: `${r.rows} values, ${r.findingsCount} findings` };
      moveAside(dir, name, IMPORTED_DIR);
    } catch (e) {
      const message = toErrorData(e).message;
      outcome = { fileName: name, modelRef: ref, status: 'failed', message };
      writeFileSync(`${moveAside(dir, name, FAILED_DIR)}.error.txt`, `${message}\n`);
    }
    db.insert(watchLog).values({ ...outcome, at: opts.now().toISOString() }).run();
    outcomes.push(outcome);
  }
  return outcomes;
};

export const WATCH_FOLDER_KEY = 'monitoring.watchFolder';

/** Polls the folder every few seconds (file events are unreliable on network drives); returns stop. */
export const startWatcher = (scan: () => void, everyMs = 5000): (() => void) => {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    try {
      scan();
    } catch (e) {
      console.error('[watched folder]', e);
    } finally {
      running = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
};
