import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendAudit } from '../../db/audit';
import { inTransaction } from '../../db/client';
import { getModel } from '../../db/queries/models';
import { getFinding, insertManualFinding, listFindings, setRemediation, updateFindingFields } from '../../db/queries/monitoring';
import type { ParsedInputOf } from '../../shared/contract';
import { toCsv } from '../../shared/csv';
import { AppError } from '../../shared/errors';
import { closureProblem, findingKindLabels, isOverdue, remediationLabels, remediationMoves, severityProbability, type FindingFilter } from '../../shared/findings';
import type { EvidenceFile, Finding } from '../../shared/monitoring';
import { dayOf } from '../../shared/schedule';
import { ASSESSORS, directoryName, invalidField as invalid, requireRole, type HandlerContext } from './context';

const today = (ctx: HandlerContext): string => dayOf(ctx.now().toISOString());

const mustFinding = async (ctx: HandlerContext, id: number): Promise<Finding> => {
  const f = await getFinding(ctx.db, id);
  if (!f) throw new AppError('not_found', `No finding ${id}`);
  return f;
};

const mustModelId = async (ctx: HandlerContext, ref: string): Promise<number> => {
  const m = await getModel(ctx.db, ref);
  if (!m) throw new AppError('not_found', `No model ${ref}`);
  return m.id;
};

/** The version the person read: a finding changed meanwhile is refused, naming when. */
const checkVersion = (f: Finding, expected: string): void => {
  if (f.updatedAt !== expected) throw new AppError('conflict', `Finding ${f.id} was changed at ${f.updatedAt.slice(0, 16).replace('T', ' ')} since you read it; read it again`);
};


/** A staged evidence file, hashed as it is read; the staged copy is removed. */
export const evidenceOf = async (ctx: HandlerContext, fileId: string): Promise<EvidenceFile> => {
  const staged = ctx.staging.complete(fileId);
  const h = createHash('sha256');
  for await (const chunk of createReadStream(staged.path)) h.update(chunk as Buffer);
  ctx.staging.discard(fileId);
  return { name: staged.fileName, bytes: staged.bytes, sha256: h.digest('hex') };
};

const query = async (ctx: HandlerContext, input: FindingFilter) => ({
  modelId: input.ref ? await mustModelId(ctx, input.ref) : undefined,
  status: input.status,
  remediation: input.remediation,
  kind: input.kind,
  owner: input.owner,
  overdueOn: input.overdue ? today(ctx) : undefined,
});

export const findingHandlers = {
  'findings.list': async (ctx: HandlerContext, input: ParsedInputOf<'findings.list'>) => await listFindings(ctx.db, await query(ctx, input)),

  'findings.create': async (ctx: HandlerContext, input: ParsedInputOf<'findings.create'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, ASSESSORS, 'record a finding');
      const modelId = await mustModelId(ctx, input.ref);
      const owner = await directoryName(ctx, input.owner, 'owner');
      const now = ctx.now();
      const at = now.toISOString();
      const id = await insertManualFinding(ctx.db, { modelId, kind: input.kind, category: input.category, title: input.title, severity: input.severity, probability: severityProbability[input.severity], description: input.description, owner, dueDate: input.dueDate, actionPlan: input.actionPlan }, at);
      const after = await mustFinding(ctx, id);
      await appendAudit(ctx.db, { actor, action: 'create', entity: 'finding', entityId: String(id), before: null, after, at: now });
      return after;
    }),

  'findings.update': async (ctx: HandlerContext, input: ParsedInputOf<'findings.update'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, ASSESSORS, 'change a finding');
      const before = await mustFinding(ctx, input.id);
      checkVersion(before, input.expectedUpdatedAt);
      if (before.remediation === 'closed') throw new AppError('conflict', `Finding ${before.id} is closed and no longer changes; record a new finding if the problem is back`);
      const owner = await directoryName(ctx, input.fields.owner, 'owner');
      const now = ctx.now();
      const at = now.toISOString();
      await updateFindingFields(ctx.db, before.id, { ...input.fields, owner }, at);
      const after = await mustFinding(ctx, before.id);
      await appendAudit(ctx.db, { actor, action: 'update', entity: 'finding', entityId: String(before.id), before, after, at: now });
      return after;
    }),

  'findings.setRemediation': async (ctx: HandlerContext, input: ParsedInputOf<'findings.setRemediation'>) => {
    const actor = await requireRole(ctx, ASSESSORS, 'change a finding\'s remediation');
    const first = await mustFinding(ctx, input.id);
    checkVersion(first, input.expectedUpdatedAt);
    if (!remediationMoves[first.remediation].includes(input.remediation)) {
      throw new AppError('conflict', first.remediation === 'closed' ? `Finding ${first.id} is closed and stays closed; record a new finding if the problem is back` : `Finding ${first.id} is already ${remediationLabels[first.remediation].toLowerCase()}`);
    }
    const closing = input.remediation === 'closed';
    if (closing) {
      const problem = closureProblem(input.justification);
      if (problem) throw invalid('justification', problem);
    } else if (input.evidence?.length) throw invalid('evidence', 'evidence files are attached when a finding is closed');
    // Hashed before the transaction (a large file is read outside it); the checks above run again inside.
    const evidence: EvidenceFile[] = [];
    for (const id of input.evidence ?? []) evidence.push(await evidenceOf(ctx, id));
    return await inTransaction(ctx.db, async () => {
      const before = await mustFinding(ctx, input.id);
      checkVersion(before, input.expectedUpdatedAt);
      const now = ctx.now();
      const at = now.toISOString();
      await setRemediation(ctx.db, before.id, closing ? { remediation: 'closed', closedAt: at, closedBy: actor.name, closure: input.justification!.trim(), evidence } : { remediation: input.remediation, closedAt: null, closedBy: null, closure: '', evidence: [] }, at);
      const after = await mustFinding(ctx, before.id);
      await appendAudit(ctx.db, { actor, action: 'update', entity: 'finding', entityId: String(before.id), before, after, at: now });
      return after;
    });
  },

  'findings.exportCsv': async (ctx: HandlerContext, input: ParsedInputOf<'findings.exportCsv'>) => {
    const rows = await listFindings(ctx.db, await query(ctx, input));
    const day = today(ctx);
    return {
      filename: `findings-${day}.csv`,
      rows: rows.length,
      csv: toCsv(
        ['id', 'model', 'kind', 'risk', 'severity', 'finding', 'metric', 'owner', 'due', 'overdue', 'remediation', 'action_plan', 'raised', 'closed_at', 'closed_by', 'closure', 'evidence_sha256', 'source_file'],
        rows.map((f) => [f.id, f.modelRef, findingKindLabels[f.kind], f.category, f.severity, f.label, f.metric, f.owner, f.dueDate ?? '', isOverdue(f, day) ? 'yes' : 'no', remediationLabels[f.remediation], f.actionPlan, f.createdAt, f.closedAt ?? '', f.closedBy ?? '', f.closure, f.evidence.map((e) => `${e.name}:${e.sha256}`).join(' '), f.fileName ?? '']),
      ),
    };
  },
};
