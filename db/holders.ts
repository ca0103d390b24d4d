import { hostname } from 'node:os';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which processes have a database open: each host writes a small file into `<db>.holders/` when it
 * opens the database and removes it when it closes. A restore swaps the database file, so it is
 * refused while another live process holds it (that process would go on writing into the file
 * set aside); a write that times out on another's lock can say who holds it.
 */
export type Holder = { pid: number; kind: string; since: string; host: string };

export const holdersDirOf = (dbPath: string): string => `${dbPath}.holders`;

/** Whether a process of this computer is still running (EPERM: it is, under another account). */
export const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Registers this process as holding `dbPath`; returns the function that unregisters it. A folder that cannot be written is skipped. */
export const registerHolder = (dbPath: string, kind: string): (() => void) => {
  if (dbPath === ':memory:') return () => undefined;
  const file = join(holdersDirOf(dbPath), `${process.pid}.json`);
  try {
    mkdirSync(holdersDirOf(dbPath), { recursive: true });
    writeFileSync(file, JSON.stringify({ pid: process.pid, kind, since: new Date().toISOString(), host: hostname() } satisfies Holder));
  } catch {
    return () => undefined;
  }
  return () => rmSync(file, { force: true });
};

/**
 * The other live processes holding `dbPath`. Files of processes that are gone (killed, crashed) on
 * this computer are removed; one from another computer (a shared folder) is kept, as it cannot be checked.
 */
export const otherHolders = (dbPath: string): Holder[] => {
  let names: string[];
  try {
    names = readdirSync(holdersDirOf(dbPath)).filter((n) => /^\d+\.json$/.test(n));
  } catch {
    return [];
  }
  const out: Holder[] = [];
  for (const name of names) {
    let h: Holder;
    try {
      h = JSON.parse(readFileSync(join(holdersDirOf(dbPath), name), 'utf8')) as Holder;
    } catch {
      continue;
    }
    if (h.host === hostname() && h.pid === process.pid) continue;
    if (h.host === hostname() && !processAlive(h.pid)) {
      rmSync(join(holdersDirOf(dbPath), name), { force: true });
      continue;
    }
    out.push(h);
  }
  return out;
};

export const describeHolders = (hs: Holder[]): string => hs.map((h) => `${h.kind} (pid ${h.pid}${h.host === hostname() ? '' : ` on ${h.host}`}, since ${h.since.slice(11, 19)} UTC)`).join(', ');
