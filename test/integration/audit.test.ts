import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendAudit, verifyAudit } from '../../db/audit';
import { inTransaction } from '../../db/client';
import { tempRuntime } from '../helpers/temp';

const entry = fc.record({
  actor: fc.constantFrom('Ana', 'Ben', 'system'),
  action: fc.constantFrom('create', 'update', 'retire', 'settings' as const),
  entityId: fc.stringMatching(/^MDL-\d{4}$/),
  after: fc.jsonValue(),
});

type Tamper = 'edit' | 'delete' | 'swap';

describe('hash-chained audit log', () => {
  it('verifies an untouched chain and names the first entry broken by any edit, deletion or reordering (property)', async () => {
    const { ctx } = await tempRuntime();
    const sqlite = ctx.db.lite!;
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 2, maxLength: 12 }), fc.nat(), fc.constantFrom<Tamper>('edit', 'delete', 'swap'), async (entries, pick, tamper) => {
        sqlite.exec('delete from audit_log');
        await inTransaction(ctx.db, async () => {
          for (const e of entries) await appendAudit(ctx.db, { ...e, actor: { name: e.actor, id: null, os: 'tester' }, entity: 'model', at: new Date('2026-05-01T00:00:00Z') });
        });
        const clean = await verifyAudit(ctx.db);
        expect(clean).toMatchObject({ ok: true, count: entries.length });

        const target = 1 + (pick % (entries.length - 1)); // never the last, so "swap" has a successor
        if (tamper === 'edit') sqlite.prepare("update audit_log set actor = actor || ' (edited)' where seq = ?").run(target);
        if (tamper === 'delete') sqlite.prepare('delete from audit_log where seq = ?').run(target);
        if (tamper === 'swap') {
          // Swap the contents of two neighbours but keep their seq numbers: a reordering.
          const cols = 'at, actor, action, entity, entity_id, before, after, prev_hash, hash';
          const a = sqlite.prepare(`select ${cols} from audit_log where seq = ?`).raw().get(target) as unknown[];
          const b = sqlite.prepare(`select ${cols} from audit_log where seq = ?`).raw().get(target + 1) as unknown[];
          const set = sqlite.prepare(`update audit_log set at=?, actor=?, action=?, entity=?, entity_id=?, before=?, after=?, prev_hash=?, hash=? where seq = ?`);
          sqlite.exec('drop index if exists audit_log_hash_unique');
          set.run(...b, target);
          set.run(...a, target + 1);
        }
        const broken = await verifyAudit(ctx.db);
        expect(broken.ok).toBe(false);
        if (!broken.ok) expect(broken.brokenAt).toBe(tamper === 'delete' ? target + 1 : target);
        sqlite.exec('create unique index if not exists audit_log_hash_unique on audit_log (hash)');
      }),
      { numRuns: 60 },
    );
  });

  it('chains each entry to the previous hash', async () => {
    const { ctx } = await tempRuntime();
    const first = await appendAudit(ctx.db, { actor: { name: 'a', id: null, os: 'tester' }, action: 'create', entity: 'model', entityId: 'MDL-0001', after: { x: 1 }, at: new Date() });
    const second = await appendAudit(ctx.db, { actor: { name: 'a', id: null, os: 'tester' }, action: 'update', entity: 'model', entityId: 'MDL-0001', before: { x: 1 }, after: { x: 2 }, at: new Date() });
    expect(first.prevHash).toBe('0'.repeat(64));
    expect(second.prevHash).toBe(first.hash);
    expect(await verifyAudit(ctx.db)).toEqual({ ok: true, count: 2, head: second.hash });
  });
});
