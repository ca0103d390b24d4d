import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/canonical';
import type { Actor } from '../shared/people';
import type { Db } from './client';
import type { auditLog } from './schema';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditAction = 'create' | 'update' | 'retire' | 'submit' | 'approve' | 'reject' | 'import' | 'report' | 'settings' | 'seed' | 'backup' | 'restore' | 'role' | 'switch';
export type AuditInput = {
  /** Who: a person (with id) or one of the app's own actors, and the OS account it ran under. */
  actor: Actor;
  action: AuditAction;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  at: Date;
};
export type AuditEntry = typeof auditLog.$inferSelect;

const encode = (v: unknown): string | null => (v === undefined || v === null ? null : canonicalJson(v));

/**
 * The hash covers the previous hash and the entry's own canonical content, so edits, deletions and
 * reorders all show. The person's id and the OS account are covered when the entry has them;
 * entries written before they were recorded keep the hash they were written with.
 */
export const entryHash = (e: Omit<AuditEntry, 'hash'>): string =>
  createHash('sha256')
    .update(e.prevHash)
    .update('\n')
    .update(
      canonicalJson({
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        ...(e.actorId !== null && e.actorId !== undefined ? { actorId: e.actorId } : {}),
        ...(e.osUser !== null && e.osUser !== undefined ? { osUser: e.osUser } : {}),
        action: e.action,
        entity: e.entity,
        entityId: e.entityId,
        before: e.before,
        after: e.after,
      }),
    )
    .digest('hex');

const HEAD_SQL = 'select seq, hash from audit_log order by seq desc limit 1';
const APPEND_SQL = 'insert into audit_log (seq, at, actor, actor_id, os_user, action, entity, entity_id, before, after, prev_hash, hash) values (@seq, @at, @actor, @actorId, @osUser, @action, @entity, @entityId, @before, @after, @prevHash, @hash)';

/** Call inside the transaction of the change it records. */
export const appendAudit = (db: Db, input: AuditInput): AuditEntry => {
  const last = db.$client.prepare(HEAD_SQL).get() as { seq: number; hash: string } | undefined;
  const base = {
    seq: (last?.seq ?? 0) + 1,
    at: input.at.toISOString(),
    actor: input.actor.name,
    actorId: input.actor.id,
    osUser: input.actor.os,
    action: input.action,
    entity: input.entity,
    entityId: input.entityId,
    before: encode(input.before),
    after: encode(input.after),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const entry = { ...base, hash: entryHash(base) };
  db.$client.prepare(APPEND_SQL).run(entry);
  return entry;
};

export type VerifyResult =
  | { ok: true; count: number; head: string }
  | { ok: false; count: number; head: string; brokenAt: number; reason: string };

/** Walks the chain in order and names the first entry whose link or content does not hold. */
export const verifyAudit = (db: Db): VerifyResult =>
  // Streams the rows so a long log is checked in constant memory.
  verifyEntries(
    db.$client
      .prepare('select seq, at, actor, actor_id as actorId, os_user as osUser, action, entity, entity_id as entityId, before, after, prev_hash as prevHash, hash from audit_log order by seq')
      .iterate() as IterableIterator<AuditEntry>,
  );

/** The check itself, on entries in order from either engine. */
export const verifyEntries = (rows: Iterable<AuditEntry>): VerifyResult => {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const e of rows) {
    const fail = (reason: string): VerifyResult => ({ ok: false, count, head: prev, brokenAt: e.seq, reason });
    if (e.seq !== expectedSeq) return fail(`entry ${expectedSeq} is missing (next is ${e.seq})`);
    if (e.prevHash !== prev) return fail(`entry ${e.seq} does not link to the entry before it`);
    if (entryHash(e) !== e.hash) return fail(`entry ${e.seq} was altered after it was written`);
    prev = e.hash;
    expectedSeq += 1;
    count += 1;
  }
  return { ok: true, count, head: prev };
};

export type AuditQuery = { limit?: number | undefined; offset?: number | undefined; action?: string | undefined; entity?: string | undefined; search?: string | undefined };

/** Newest first, filtered; `search` matches the actor or the entity id. */
export const listAudit = (db: Db, q: AuditQuery): { entries: Omit<AuditEntry, 'prevHash'>[]; total: number } => {
  const conditions: [string, unknown[]][] = [];
  if (q.action) conditions.push(['action = ?', [q.action]]);
  if (q.entity) conditions.push(['entity = ?', [q.entity]]);
  if (q.search) {
    const like = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(["(actor like ? escape '\\' or entity_id like ? escape '\\')", [like, like]]);
  }
  const where = conditions.map(([c]) => c);
  const params = conditions.flatMap(([, p]) => p);
  const clause = where.length ? `where ${where.join(' and ')}` : '';
  const total = (db.$client.prepare(`select count(*) as n from audit_log ${clause}`).get(...params) as { n: number }).n;
  const entries = db.$client
    .prepare(`select seq, at, actor, actor_id as actorId, os_user as osUser, action, entity, entity_id as entityId, before, after, hash from audit_log ${clause} order by seq desc limit ? offset ?`)
    .all(...params, q.limit ?? 200, q.offset ?? 0) as Omit<AuditEntry, 'prevHash'>[];
  return { entries, total };
};
