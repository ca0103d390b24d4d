import { anchorsRewoundBy, appendAnchor, describeAnchor } from '../../db/anchors';
import { appendAudit } from '../../db/audit';
import { inTransaction, liteOf, type Db } from '../../db/client';
import type { Actor } from '../../shared/people';
import { describeHolders, otherHolders } from '../../db/holders';
import { AppError } from '../../shared/errors';

/**
 * A restore puts another file in the database's place: a process that has it open would go on
 * writing into the file set aside, and those writes would be lost. It is refused, naming them.
 */
export const refuseWhileHeld = (dbPath: string): void => {
  const others = otherHolders(dbPath);
  if (others.length) throw new AppError('busy', `The database is open in ${describeHolders(others)}: close it there first. A restore puts another file in its place, and what it wrote next would go into the file set aside`, { holders: others });
};

/**
 * Writes a restore into the restored database's own chain, with the anchored heads it goes back
 * past (reports and backups made after the copy), then anchors the restore itself. Verify then
 * shows those heads as rewound by this restore, not as a truncation; a copy put in place by hand,
 * without this record, leaves them unexplained and fails.
 */
export const recordRestore = async (db: Db, dbPath: string, actor: Actor, at: Date, detail: Record<string, unknown> & { restoredFrom: string }): Promise<{ rewound: number[] }> => {
  const rewound = anchorsRewoundBy(liteOf(db, 'Restoring a backup'), dbPath);
  const entry = await inTransaction(db, async () =>
    await appendAudit(db, {
      actor,
      action: 'restore',
      entity: 'database',
      entityId: detail.restoredFrom,
      after: { ...detail, rewoundAnchors: rewound.map((a) => ({ anchor: a.n, entry: a.seq, what: describeAnchor(a) })) },
      at,
    }),
  );
  appendAnchor(dbPath, { at: at.toISOString(), event: 'restore', seq: entry.seq, hash: entry.hash, os: actor.os, detail: { ...detail, rewound: rewound.map((a) => a.n) } });
  return { rewound: rewound.map((a) => a.n) };
};
