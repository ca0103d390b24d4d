import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { checkAnchors, describeAnchor, readAnchors, type Anchor } from '../../db/anchors';
import { listAudit, verifyAudit } from '../../db/audit';
import { reportsBySha } from '../../db/queries/reports';
import type { AnchorRef, AuditVerification, ParsedInputOf, ReportHeadCheck } from '../../shared/contract';
import { readChainHead } from '../services/reports/chainHead';
import type { HandlerContext } from './context';

const ref = (a: Anchor): AnchorRef => ({ anchor: a.n, entry: a.seq, at: a.at, what: describeAnchor(a) });
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** Does the chain still hold, at the same hash, the head a file says it was built on? */
export const checkReportHead = async (ctx: HandlerContext, fileId: string): Promise<ReportHeadCheck> => {
  const staged = ctx.staging.complete(fileId);
  const bytes = readFileSync(staged.path);
  ctx.staging.discard(fileId);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const registered = await reportsBySha(ctx.db, sha256);
  const builtOn = readChainHead(bytes);
  const base = { fileName: staged.fileName, sha256, builtOn, registered };
  if (!builtOn) return { ...base, ok: false, reason: `${staged.fileName} carries no audit chain head: it is not a Model Risk Desk report, or one from before reports carried it` };
  if (builtOn.seq === 0) return { ...base, ok: true, reason: null };
  const hash = await ctx.db.q.value<string>('select hash from audit_log where seq = ?', [builtOn.seq]);
  if (hash === undefined) return { ...base, ok: false, reason: `${staged.fileName} was built on audit entry #${builtOn.seq}, which the log no longer has: entries were removed, or an older copy of the database was put in its place` };
  if (hash !== builtOn.hash) return { ...base, ok: false, reason: `${staged.fileName} was built on audit entry #${builtOn.seq} with hash ${builtOn.hash.slice(0, 12)}…, but the log now has ${hash.slice(0, 12)}… there: the log was rewritten after the report` };
  return { ...base, ok: true, reason: null };
};

export const auditHandlers = {
  'audit.list': async (ctx: HandlerContext, input: ParsedInputOf<'audit.list'>) => await listAudit(ctx.db, input),

  'audit.verify': async (ctx: HandlerContext, input: ParsedInputOf<'audit.verify'>): Promise<AuditVerification> => {
    const chain = await verifyAudit(ctx.db);
    const headSeq = (await ctx.db.q.value<number | null>('select max(seq) from audit_log')) ?? 0;
    // Anchors are files beside a database file; a team database has none (its server keeps the log).
    const read = ctx.db.lite ? readAnchors(ctx.dbPath) : { anchors: [], problem: null };
    const anchored = checkAnchors(ctx.db.lite ?? (() => undefined), read);
    const against = input.against ? await checkReportHead(ctx, input.against) : null;
    const anchors = {
      count: anchored.count,
      last: anchored.lastAnchored ? ref(anchored.lastAnchored) : null,
      broken: anchored.broken ? { ...ref(anchored.broken.anchor), reason: anchored.broken.reason } : null,
      rewound: anchored.rewound.map((r) => ({ ...ref(r.anchor), by: describeAnchor(r.by) })),
      fileProblem: anchored.fileProblem,
    };
    const last = anchored.lastAnchored;
    const summary = !chain.ok
      ? `Audit chain broken at entry ${chain.brokenAt}: ${chain.reason}`
      : anchors.broken
        ? `The audit log no longer extends an anchored head: ${anchors.broken.reason}`
        : anchors.fileProblem
          ? `The anchor file was tampered with: ${anchors.fileProblem}`
          : against && !against.ok
            ? against.reason!
            : [
                `Audit chain intact up to #${headSeq} (${plural(chain.count, 'entry', 'entries')})`,
                last
                  ? `last anchored head #${last.seq} of ${last.at.slice(0, 10)} (${describeAnchor(last)})${headSeq > last.seq ? `; ${plural(headSeq - last.seq, 'later entry rests', 'later entries rest')} on the database alone` : ''}`
                  : 'no head anchored outside the database yet (a report, backup or restore anchors one)',
                ...(anchors.rewound.length ? [`${plural(anchors.rewound.length, 'anchored head', 'anchored heads')} rewound by a recorded restore`] : []),
                ...(against ? [`${against.fileName} was built on #${against.builtOn!.seq}, which the chain still holds`] : []),
              ].join('; ');
    return {
      ok: chain.ok && !anchors.broken && !anchors.fileProblem && (against?.ok ?? true),
      count: chain.count,
      head: chain.head,
      headSeq,
      brokenAt: chain.ok ? null : chain.brokenAt,
      reason: chain.ok ? null : chain.reason,
      anchors,
      against,
      summary,
    };
  },
};
