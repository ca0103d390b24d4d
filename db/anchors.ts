import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Database } from './sqlite';
import { GENESIS_HASH } from './audit';

/**
 * Heads of the audit chain written outside the database, at every report, backup and restore.
 * The chain alone cannot show that its last entries were deleted, that every hash was computed
 * again after an edit, or that an older copy of the database was put in its place: each of those
 * leaves a self-consistent chain. An anchored head (sequence and hash) that the database no
 * longer holds shows all three. The file is append-only JSON lines, each line carrying the hash
 * of the one before it, so an edited or removed line in the middle shows too.
 */
export type AnchorEvent = 'report' | 'backup' | 'restore';
export type Anchor = {
  n: number;
  at: string;
  event: AnchorEvent;
  /** The head anchored: the latest audit entry the database held at that moment. */
  seq: number;
  hash: string;
  os: string;
  /** What was done: the report's register id and SHA-256, the backup's file, the restore's source and the anchors it rewound past. */
  detail: Record<string, unknown>;
  /** SHA-256 of the previous line (the genesis hash for the first). */
  prev: string;
};

/** The OS account this process runs under (some containers have no passwd entry: fall back to the environment). */
export const currentOsUser = (): string => {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? `uid ${process.getuid?.() ?? '?'}`;
  }
};

export const anchorFileOf = (dbPath: string): string => `${dbPath}.anchors`;
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

export type AnchorRead = { anchors: Anchor[]; problem: string | null };

const linesOf = (dbPath: string): string[] => {
  const file = anchorFileOf(dbPath);
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '') : [];
};

/** Reads the anchor file (none yet is no anchor, not a problem); a line that does not link names itself. */
export const readAnchors = (dbPath: string): AnchorRead => {
  const file = anchorFileOf(dbPath);
  const lines = linesOf(dbPath);
  const anchors: Anchor[] = [];
  let prev = GENESIS_HASH;
  for (const [i, line] of lines.entries()) {
    let a: Anchor;
    try {
      a = JSON.parse(line) as Anchor;
    } catch {
      return { anchors, problem: `line ${i + 1} of ${file} is not an anchor (it was edited or cut)` };
    }
    if (a.prev !== prev || a.n !== i + 1) return { anchors, problem: `line ${i + 1} of ${file} does not follow the line before it: anchors were edited, removed or reordered` };
    anchors.push(a);
    prev = sha(line);
  }
  return { anchors, problem: null };
};

/** The latest entry of the chain in a connection's database (or an attached schema). */
export const chainHead = (sqlite: Database.Database, schema = 'main'): { seq: number; hash: string } => {
  const row = sqlite.prepare(`select seq, hash from ${schema}.audit_log order by seq desc limit 1`).get() as { seq: number; hash: string } | undefined;
  return row ?? { seq: 0, hash: GENESIS_HASH };
};

/** Appends one anchor, flushed to disk before it returns (a database in memory has no file to anchor beside). */
export const appendAnchor = (dbPath: string, a: Omit<Anchor, 'n' | 'prev'>): Anchor | null => {
  if (dbPath === ':memory:' || dbPath === '') return null;
  const lines = linesOf(dbPath);
  const anchor: Anchor = { n: lines.length + 1, at: a.at, event: a.event, seq: a.seq, hash: a.hash, os: a.os, detail: a.detail, prev: lines.length ? sha(lines.at(-1)!) : GENESIS_HASH };
  const fd = openSync(anchorFileOf(dbPath), 'a', 0o644);
  try {
    appendFileSync(fd, `${JSON.stringify(anchor)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return anchor;
};

export type AnchorCheck = {
  /** The latest anchor the chain still extends, or null when none was made. */
  lastAnchored: Anchor | null;
  /** The first anchor the chain no longer extends (not excused by a recorded restore), with why. */
  broken: { anchor: Anchor; reason: string } | null;
  /** Anchors a recorded restore went back past, with that restore. */
  rewound: { anchor: Anchor; by: Anchor }[];
  fileProblem: string | null;
  count: number;
};

const text = (v: unknown): string | null => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);
const describe = (a: Anchor): string => {
  const report = text(a.detail.report);
  const file = text(a.detail.file);
  return `${a.event}${a.event === 'report' && report ? ` #${report}` : file ? ` ${file}` : ''} on ${a.at.slice(0, 10)}`;
};
export const describeAnchor = describe;

/**
 * Whether the chain still extends every anchored head. A restore records, in its own anchor and
 * in the audit log, the anchors it goes back past: those are excused (listed), all others must
 * still be in the chain with the same hash.
 */
export const checkAnchors = (source: Database.Database | ((seq: number) => string | undefined), read: AnchorRead): AnchorCheck => {
  const rewoundBy = new Map<number, Anchor>();
  for (const a of read.anchors) if (a.event === 'restore') for (const n of (a.detail.rewound as number[] | undefined) ?? []) rewoundBy.set(n, a);
  const hashAt = typeof source === 'function' ? { get: source } : source.prepare('select hash from audit_log where seq = ?').pluck();
  let lastAnchored: Anchor | null = null;
  const rewound: AnchorCheck['rewound'] = [];
  for (const a of read.anchors) {
    const by = rewoundBy.get(a.n);
    if (by) {
      rewound.push({ anchor: a, by });
      continue;
    }
    if (a.seq === 0) continue;
    const hash = hashAt.get(a.seq) as string | undefined;
    if (hash === undefined) return { lastAnchored, broken: { anchor: a, reason: `entry #${a.seq}, anchored at the ${describe(a)}, is missing: the audit log was cut short, or an older copy of the database was put in its place without a recorded restore` }, rewound, fileProblem: read.problem, count: read.anchors.length };
    if (hash !== a.hash) return { lastAnchored, broken: { anchor: a, reason: `entry #${a.seq} no longer has the hash anchored at the ${describe(a)}: the log was rewritten (and its hashes computed again) after it, or another database was put in its place` }, rewound, fileProblem: read.problem, count: read.anchors.length };
    lastAnchored = a;
  }
  return { lastAnchored, broken: null, rewound, fileProblem: read.problem, count: read.anchors.length };
};

/** The anchors a database (just restored) no longer extends: a restore records that it rewinds past them. */
export const anchorsRewoundBy = (sqlite: Database.Database, dbPath: string): Anchor[] => {
  const read = readAnchors(dbPath);
  const out: Anchor[] = [];
  let check = checkAnchors(sqlite, read);
  const excused = new Set<number>();
  while (check.broken) {
    out.push(check.broken.anchor);
    excused.add(check.broken.anchor.n);
    check = checkAnchors(sqlite, { anchors: read.anchors.filter((a) => !excused.has(a.n)), problem: read.problem });
  }
  return out;
};
