import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/canonical';
import type { Actor } from '../shared/people';
import { whereClause, type Db } from './client';
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
const APPEND_SQL = 'insert into audit_log (seq, at, actor, actor_id, os_user, action, entity, entity_id, before, after, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/**
 * Call inside the transaction of the change it records. On a team database the chain's head is
 * read under a transaction-scoped advisory lock, so two clients appending at once queue for it
 * (one chain, never two entries claiming the same predecessor); it is released at commit. The
 * database takes it itself, in the insert's trigger (migration pg 0004, mrd.audit_stamp), whoever
 * inserts: the app asking for it first as well held it one round trip longer, and every writer
 * queues behind whoever holds it.
 */
export const appendAudit = async (db: Db, input: AuditInput): Promise<AuditEntry> => {
  if (db.engine === 'postgres') return await appendTeamAudit(db, input);
  const last = await db.q.get<{ seq: number; hash: string }>(HEAD_SQL);
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
  await db.q.run(APPEND_SQL, [entry.seq, entry.at, entry.actor, entry.actorId, entry.osUser, entry.action, entry.entity, entry.entityId, entry.before, entry.after, entry.prevHash, entry.hash]);
  return entry;
};

/**
 * On a team database the database writes the entry's number, link, time, login and hash
 * (db/migrations-pg/0004 mrd.audit_stamp, under the same chain lock): the client names what
 * happened, who it believes acts and when (a person in the directory is named by the database
 * instead, and every login but the owner's is timed by the server's clock).
 */
const TEAM_APPEND_SQL = `insert into audit_log (seq, at, actor, actor_id, os_user, action, entity, entity_id, before, after, prev_hash, hash) values (0, ?, ?, ?, null, ?, ?, ?, ?, ?, '', '') returning ${'seq, at, actor, actor_id as "actorId", os_user as "osUser", action, entity, entity_id as "entityId", before, after, prev_hash as "prevHash", hash'}`;
const appendTeamAudit = async (db: Db, input: AuditInput): Promise<AuditEntry> => {
  return (await db.q.get<AuditEntry>(TEAM_APPEND_SQL, [input.at.toISOString(), input.actor.name, input.actor.id, input.action, input.entity, input.entityId, encode(input.before), encode(input.after)]))!;
};

export type VerifyResult =
  | { ok: true; count: number; head: string }
  | { ok: false; count: number; head: string; brokenAt: number; reason: string };

/** Walks the chain in order and names the first entry whose link or content does not hold. */
export const AUDIT_COLUMNS = 'seq, at, actor, actor_id as "actorId", os_user as "osUser", action, entity, entity_id as "entityId", before, after, prev_hash as "prevHash", hash';

export const verifyAudit = async (db: Db): Promise<VerifyResult> => {
  // Streams the rows so a long log is checked in constant memory: SQLite's cursor, PostgreSQL's pages of 5,000.
  if (db.lite) return verifyEntries(db.lite.prepare(`select ${AUDIT_COLUMNS} from audit_log order by seq`).iterate() as IterableIterator<AuditEntry>);
  const check = chainCheck();
  let after = 0;
  for (;;) {
    const page = await db.q.all<AuditEntry>(`select ${AUDIT_COLUMNS} from audit_log where seq > ? order by seq limit 5000`, [after]);
    if (page.length === 0) return check.done();
    for (const e of page) {
      const broken = check.add(e);
      if (broken) return broken;
    }
    after = page.at(-1)!.seq;
  }
};

/** The check itself, on entries in order from either engine. */
export const verifyEntries = (rows: Iterable<AuditEntry>): VerifyResult => {
  const check = chainCheck();
  for (const e of rows) {
    const broken = check.add(e);
    if (broken) return broken;
  }
  return check.done();
};

/** The walk, one entry at a time: `add` answers the failure at the first entry that breaks the chain. */
const chainCheck = (): { add: (e: AuditEntry) => VerifyResult | null; done: () => VerifyResult } => {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  return {
    add: (e) => {
      const fail = (reason: string): VerifyResult => ({ ok: false, count, head: prev, brokenAt: e.seq, reason });
      if (e.seq !== expectedSeq) return fail(`entry ${expectedSeq} is missing (next is ${e.seq})`);
      if (e.prevHash !== prev) return fail(`entry ${e.seq} does not link to the entry before it`);
      if (entryHash(e) !== e.hash) return fail(`entry ${e.seq} was altered after it was written`);
      prev = e.hash;
      expectedSeq += 1;
      count += 1;
      return null;
    },
    done: () => ({ ok: true, count, head: prev }),
  };
};

export type AuditQuery = { limit?: number | undefined; offset?: number | undefined; action?: string | undefined; entity?: string | undefined; search?: string | undefined };

/** Newest first, filtered; `search` matches the actor or the entity id. */
export const listAudit = async (db: Db, q: AuditQuery): Promise<{ entries: Omit<AuditEntry, 'prevHash'>[]; total: number }> => {
  const w = whereClause();
  if (q.action) w.add('action = ?', q.action);
  if (q.entity) w.add('entity = ?', q.entity);
  if (q.search) {
    const like = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // lower() on both sides: SQLite's like ignores ASCII case, PostgreSQL's does not.
    w.add("(lower(actor) like lower(?) escape '\\' or lower(entity_id) like lower(?) escape '\\')", like, like);
  }
  const clause = w.text();
  const params = w.params;
  // Unfiltered, the count is the head's number: entries are numbered 1, 2, 3… with none ever
  // removed (the chain would break, and PostgreSQL refuses it), and max(seq) is one index probe
  // where count(*) read the whole log (60 ms and more for 85,000 entries on a team database).
  const total = Number((await db.q.value<number | string>(clause ? `select count(*) as n from audit_log ${clause}` : 'select coalesce(max(seq), 0) from audit_log', params)) ?? 0);
  const entries = await db.q.all<Omit<AuditEntry, 'prevHash'>>(
    `select seq, at, actor, actor_id as "actorId", os_user as "osUser", action, entity, entity_id as "entityId", before, after, hash from audit_log ${clause} order by seq desc limit ? offset ?`,
    [...params, q.limit ?? 200, q.offset ?? 0],
  );
  return { entries, total };
};
