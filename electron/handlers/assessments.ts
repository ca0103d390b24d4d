import { appendAudit } from '../../db/audit';
import { inTransaction } from '../../db/client';
import {
  getAssessment,
  getMatrix,
  insertAssessment,
  latestApproved,
  listAssessments,
  nextVersion,
  openAssessment,
  updateAssessment,
} from '../../db/queries/assessments';
import { getModel, setCurrentAssessment } from '../../db/queries/models';
import { deletePlan } from '../../db/queries/reviews';
import { linkFindings } from '../../db/queries/monitoring';
import { insertAcceptance, listAcceptances } from '../../db/queries/treatments';
import { currentMatrix } from '../../db/queries/settings';
import { categoryLabels, diffRisks, emptyRisks, fourEyesConflict, overallBand, remapRules, scoreRisks, submissionProblems, worstCell, type Assessment, type Editor, type Remapped, type RiskInput, type ScoredRisk } from '../../shared/assessment';
import { remapRisks, remapRuleLabels } from '../../shared/remap';
import type { ParsedInputOf, StartPlan } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { dayOf } from '../../shared/schedule';
import { acceptanceMonthsOf, latestExpiry, type AcceptanceInput } from '../../shared/treatments';
import { policyOf } from './reviews';
import type { RiskMatrix } from '../../shared/matrix';
import { APPROVERS, ASSESSORS, identityMode, invalidField as invalidAt, requireRole, sharedComputerAllowed, stampAfter, type ActingPerson, type HandlerContext } from './context';


const mustGet = async (ctx: HandlerContext, id: number): Promise<Assessment> => {
  const a = await getAssessment(ctx.db, id);
  if (!a) throw new AppError('not_found', `No assessment with id ${id}`, { id });
  return a;
};

const matrixOf = async (ctx: HandlerContext, a: Assessment): Promise<RiskMatrix> => {
  const m = await getMatrix(ctx.db, a.matrixVersion);
  if (!m) throw new AppError('internal', `Matrix version ${a.matrixVersion} is missing`);
  return m;
};

const mustModel = async (ctx: HandlerContext, ref: string) => {
  const m = await getModel(ctx.db, ref);
  if (!m) throw new AppError('not_found', `No model with reference ${ref}`, { ref });
  return m;
};

const scored = (risks: RiskInput[], matrix: RiskMatrix) => {
  const s = scoreRisks(risks, matrix);
  return {
    risks: s,
    overallInherent: overallBand(s, 'inherentBand'),
    overallResidual: overallBand(s, 'residualBand'),
    inherentCell: worstCell(s, 'inherent'),
    residualCell: worstCell(s, 'residual'),
  };
};

/** Records the change in the audit log, in the caller's transaction, and returns the fresh row. */
const audited = async (ctx: HandlerContext, actor: ActingPerson, action: 'create' | 'update' | 'submit' | 'approve' | 'reject', before: Assessment | null, id: number): Promise<Assessment> => {
  const after = await mustGet(ctx, id);
  await appendAudit(ctx.db, { actor, action, entity: 'assessment', entityId: `${after.modelRef}#${after.version}`, before, after, at: ctx.now() });
  return after;
};

const copied = (a: { risks: ScoredRisk[] }): RiskInput[] => a.risks.map(({ inherentBand: _i, residualBand: _r, flags: _f, ...r }) => r);
const matrixRef = (m: RiskMatrix) => ({ version: m.version, name: m.name, probability: m.probability.length, impact: m.impact.length });

const checkStamp = (a: Assessment, expected: string): void => {
  if (a.updatedAt !== expected) throw new AppError('conflict', `Assessment ${a.modelRef} v${a.version} was changed since you opened it; reload and try again`);
};


export const assessmentHandlers = {
  'assessments.list': async (ctx: HandlerContext, input: ParsedInputOf<'assessments.list'>) => await listAssessments(ctx.db, (await mustModel(ctx, input.ref)).id),

  'assessments.get': async (ctx: HandlerContext, input: ParsedInputOf<'assessments.get'>) => {
    const assessment = await mustGet(ctx, input.id);
    return { assessment, matrix: await matrixOf(ctx, assessment) };
  },

  'assessments.editing': async (ctx: HandlerContext, input: ParsedInputOf<'assessments.editing'>): Promise<Editor[]> => {
    const a = await mustGet(ctx, input.id);
    // On this computer there is no one else to see (the file is one person's).
    if (ctx.db.engine !== 'postgres') return [];
    // Noted as editing only while it can be edited, by someone who may (the database checks the role too).
    const editing = input.open && (a.status === 'draft' || a.status === 'rejected') && (await requireRole(ctx, ASSESSORS, 'edit an assessment').then(() => true, () => false));
    const rows = await ctx.db.q.rows('select login, name, since from mrd.editing(?::integer, ?::boolean)', [a.id, editing]);
    return rows.map(([login, name, since]) => ({ login: login as string, name: name as string, since: since as string }));
  },

  'assessments.planStart': async (ctx: HandlerContext, input: ParsedInputOf<'assessments.planStart'>): Promise<StartPlan> => {
    const model = await mustModel(ctx, input.ref);
    const previous = await latestApproved(ctx.db, model.id);
    const matrix = await currentMatrix(ctx.db);
    const from = previous ? await getMatrix(ctx.db, previous.matrixVersion) : undefined;
    const needsRule = !!previous && !!from && previous.matrixVersion !== matrix.version;
    return {
      copiedFrom: previous && from ? { version: previous.version, matrix: matrixRef(from) } : null,
      matrix: matrixRef(matrix),
      needsRule,
      options: needsRule
        ? remapRules.map((rule) => {
            const r = remapRisks(copied(previous), from, matrix, rule);
            return { rule, ...remapRuleLabels[rule], changes: r.changes, marked: r.fields.length };
          })
        : [],
    };
  },

  /** A new version: a copy of the last approved assessment (copy-forward), or blank the first time. */
  'assessments.start': async (ctx: HandlerContext, input: ParsedInputOf<'assessments.start'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, ASSESSORS, 'start an assessment');
      const model = await mustModel(ctx, input.ref);
      if (model.status === 'retired') throw new AppError('conflict', `${model.ref} is retired; it is no longer assessed`);
      const open = await openAssessment(ctx.db, model.id);
      if (open) throw new AppError('conflict', `${model.ref} already has assessment v${open.version} in progress (${open.status})`, { id: open.id });
      const previous = await latestApproved(ctx.db, model.id);
      const matrix = await currentMatrix(ctx.db);
      let risks: RiskInput[] = previous ? copied(previous) : emptyRisks();
      let remapped: Remapped | null = null;
      // Copied from another matrix: its levels are put on this one by the rule the user confirmed, never refused.
      if (previous && previous.matrixVersion !== matrix.version) {
        const from = (await getMatrix(ctx.db, previous.matrixVersion))!;
        if (!input.remap) {
          throw new AppError('conflict', `${model.ref} v${previous.version} was scored on matrix v${from.version} (${from.probability.length} × ${from.impact.length}); the matrix in force is v${matrix.version} (${matrix.probability.length} × ${matrix.impact.length}). Choose how its levels are mapped (scale or band)`, { needsRule: true });
        }
        const r = remapRisks(risks, from, matrix, input.remap);
        risks = r.risks;
        remapped = { fromVersion: from.version, toVersion: matrix.version, rule: input.remap, fields: r.fields };
      }
      const at = ctx.now().toISOString();
      const row = await insertAssessment(ctx.db, {
        modelId: model.id,
        version: await nextVersion(ctx.db, model.id),
        status: 'draft',
        matrixVersion: matrix.version,
        basedOn: previous?.id ?? null,
        createdBy: actor.name,
        createdById: actor.id,
        remapped,
        ...scored(risks, matrix),
        createdAt: at,
        updatedAt: at,
      });
      return await audited(ctx, actor, 'create', null, row.id);
    }),

  'assessments.save': async (ctx: HandlerContext, input: ParsedInputOf<'assessments.save'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, ASSESSORS, 'edit an assessment');
      const before = await mustGet(ctx, input.id);
      if (before.status === 'approved') throw new AppError('conflict', `Assessment ${before.modelRef} v${before.version} is approved and can no longer change; start a reassessment`);
      if (before.status === 'submitted') throw new AppError('conflict', `Assessment ${before.modelRef} v${before.version} is submitted for approval; it can change again only if it is rejected`);
      checkStamp(before, input.expectedUpdatedAt);
      const matrix = await matrixOf(ctx, before);
      const outside = input.risks.flatMap((r, i) =>
        (['inherentProbability', 'residualProbability'] as const).filter((f) => (r[f] ?? 0) > matrix.probability.length).map((f) => `risks.${i}.${f}`)
          .concat((['inherentImpact', 'residualImpact'] as const).filter((f) => (r[f] ?? 0) > matrix.impact.length).map((f) => `risks.${i}.${f}`)),
      );
      if (outside.length > 0) {
        throw new AppError('invalid_input', `Invalid input for assessments.save: ${outside[0]}: outside the ${matrix.probability.length} × ${matrix.impact.length} matrix`, {
          issues: outside.map((path) => ({ path, message: 'outside the matrix' })),
        });
      }
      await updateAssessment(ctx.db, before.id, { ...scored(input.risks, matrix), status: 'draft', updatedAt: stampAfter(ctx, before.updatedAt) });
      return await audited(ctx, actor, 'update', before, before.id);
    }),

  'assessments.submit': async (ctx: HandlerContext, input: ParsedInputOf<'assessments.submit'>) =>
    await inTransaction(ctx.db, async () => {
      const actor = await requireRole(ctx, ASSESSORS, 'submit an assessment');
      const before = await mustGet(ctx, input.id);
      if (before.status !== 'draft' && before.status !== 'rejected') throw new AppError('conflict', `Assessment ${before.modelRef} v${before.version} is ${before.status}; only a draft can be submitted`);
      checkStamp(before, input.expectedUpdatedAt);
      const problems = submissionProblems(before.risks, await matrixOf(ctx, before));
      if (problems.length > 0) {
        throw new AppError('invalid_input', `Assessment ${before.modelRef} v${before.version} is not complete: ${problems[0]!.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, { issues: problems });
      }
      // A copy submitted as it was copied says why: a reassessment that changes nothing is a finding of its own.
      const copied = before.basedOn === null ? undefined : await getAssessment(ctx.db, before.basedOn);
      const unchanged = copied !== undefined && diffRisks(copied.risks, before.risks).length === 0;
      const reason = (input.unchangedReason ?? '').trim();
      if (unchanged && reason.length < 10) {
        const message = `nothing changed since v${copied.version}: say why it is submitted unchanged (at least 10 characters, e.g. "reviewed with the owner, nothing changed")`;
        throw invalidAt('unchangedReason', message);
      }
      const at = stampAfter(ctx, before.updatedAt);
      await updateAssessment(ctx.db, before.id, { unchangedReason: unchanged ? reason : '', status: 'submitted', assessor: actor.name, assessorId: actor.id, assessorOs: actor.os, submittedAt: at, updatedAt: at, decidedBy: null, decidedById: null, decidedOs: null, sharedComputer: false, decidedAt: null, decisionComment: '' });
      return await audited(ctx, actor, 'submit', before, before.id);
    }),

  'assessments.approve': async (ctx: HandlerContext, input: ParsedInputOf<'assessments.approve'>) => await decide(ctx, input.id, 'approve', input.comment ?? '', input.expectedUpdatedAt, input.acceptances ?? []),
  'assessments.reject': async (ctx: HandlerContext, input: ParsedInputOf<'assessments.reject'>) => await decide(ctx, input.id, 'reject', input.comment, input.expectedUpdatedAt),
};

/** Four-eyes (shared/assessment.ts): only a review lead decides, and never on a submission that is theirs. */
const fourEyes = async (ctx: HandlerContext, before: Assessment, actor: ActingPerson, action: string): Promise<{ sharedComputer: boolean }> => {
  const verdict = fourEyesConflict(before, actor, actor.os, await sharedComputerAllowed(ctx));
  if (verdict.reason !== null) throw new AppError('forbidden', `Four-eyes rule: ${verdict.reason.replace('must decide', `must ${action} it`)}`);
  return { sharedComputer: verdict.sharedComputer };
};

/** What changed in the risks between two versions of an assessment, a line per field: "Bad prediction: residual P2 × I2 → P3 × I2". */
const riskDifferences = (seen: Pick<Assessment, 'risks'>, now: Pick<Assessment, 'risks'>): string[] => {
  const pair = (p: number | null, i: number | null): string => (p === null || i === null ? 'not scored' : `P${p} × I${i}`);
  return now.risks.flatMap((r) => {
    const was = seen.risks.find((x) => x.category === r.category);
    if (!was) return [`${categoryLabels[r.category]}: added`];
    const label = categoryLabels[r.category];
    return [
      ...(pair(was.inherentProbability, was.inherentImpact) !== pair(r.inherentProbability, r.inherentImpact) ? [`${label}: inherent ${pair(was.inherentProbability, was.inherentImpact)} → ${pair(r.inherentProbability, r.inherentImpact)}`] : []),
      ...(pair(was.residualProbability, was.residualImpact) !== pair(r.residualProbability, r.residualImpact) ? [`${label}: residual ${pair(was.residualProbability, was.residualImpact)} → ${pair(r.residualProbability, r.residualImpact)}`] : []),
      ...(['controls', 'treatment', 'rationale'] as const).filter((k) => (was[k] ?? '') !== (r[k] ?? '')).map((k) => `${label}: ${k} changed`),
    ];
  });
};

/**
 * A decision on the version the lead read, or a refusal saying who changed it since, when, and
 * what differs (from the trail: the entries whose result is newer than the version read).
 */
const refuseIfChanged = async (ctx: HandlerContext, current: Assessment, seenUpdatedAt: string | undefined): Promise<void> => {
  if (seenUpdatedAt === undefined || seenUpdatedAt === current.updatedAt) return;
  const entries = await ctx.db.q.all<{ actor: string; osUser: string | null; action: string; at: string; before: string | null; after: string | null }>(
    'select actor, os_user as "osUser", action, at, before, after from audit_log where entity = ? and entity_id = ? order by seq desc limit 50',
    ['assessment', `${current.modelRef}#${current.version}`],
  );
  const since = entries.filter((e) => e.after !== null && ((JSON.parse(e.after) as { updatedAt?: string }).updatedAt ?? '') > seenUpdatedAt).reverse();
  const who = since.map((e) => `${e.actor}${identityMode(ctx) === 'directory' && e.osUser ? ` (${e.osUser})` : ''} ${({ update: 'edited', submit: 'submitted', reject: 'rejected', approve: 'approved', create: 'created' } as Record<string, string>)[e.action] ?? e.action} it at ${e.at.slice(0, 16).replace('T', ' ')} UTC`);
  const seen = since[0]?.before ? (JSON.parse(since[0].before) as Assessment) : null;
  const differences = seen ? riskDifferences(seen, current) : [];
  throw new AppError(
    'conflict',
    `Assessment ${current.modelRef} v${current.version} changed after you opened it: ${who.join('; ') || 'it was saved again'}.${differences.length ? ` What differs: ${differences.join('; ')}.` : ''} Read it again, then decide`,
    { changes: since.map((e) => ({ actor: e.actor, login: e.osUser, action: e.action, at: e.at })), differences },
  );
};

/**
 * The acceptances an approval gives: exactly one for each risk treated by accept, each with a
 * justification and an expiry after today and within the policy's cap for the risk's residual
 * band (a band whose cap is 0, Critical by default, cannot be accepted).
 */
const acceptancesFor = async (ctx: HandlerContext, a: Assessment, given: AcceptanceInput[], today: string): Promise<(AcceptanceInput & { band: string })[]> => {
  const policy = await policyOf(ctx);
  const accepted = a.risks.map((r, i) => ({ r, i })).filter(({ r }) => r.treatment === 'accept');
  const out: (AcceptanceInput & { band: string })[] = [];
  given.forEach((g, j) => {
    if (!accepted.some(({ r }) => r.category === g.category)) throw invalidAt(`acceptances.${j}.category`, `${categoryLabels[g.category]} is not treated by accept in ${a.modelRef} v${a.version}`);
    if (given.findIndex((x) => x.category === g.category) !== j) throw invalidAt(`acceptances.${j}.category`, `${categoryLabels[g.category]} is accepted twice`);
  });
  for (const { r, i } of accepted) {
    const label = categoryLabels[r.category];
    const j = given.findIndex((g) => g.category === r.category);
    if (j < 0) throw invalidAt(`risks.${i}.treatment`, `${label} is treated by accept: approving it needs its acceptance (a justification and an expiry date)`);
    const g = given[j]!;
    const band = r.residualBand;
    if (!band) throw invalidAt(`risks.${i}.residual`, `${label} has no residual score to accept`);
    const latest = latestExpiry(policy, band.id, today);
    if (latest === null) throw invalidAt(`acceptances.${j}.category`, `${label}: the review policy does not allow accepting a ${band.name} residual risk; reject the assessment so it is mitigated, or change the policy`);
    if (g.expiresOn <= today) throw invalidAt(`acceptances.${j}.expiresOn`, `${label}: the acceptance must expire after today (${today})`);
    if (g.expiresOn > latest) throw invalidAt(`acceptances.${j}.expiresOn`, `${label}: a ${band.name} risk may be accepted for at most ${acceptanceMonthsOf(policy, band.id)} months, until ${latest}`);
    out.push({ ...g, band: band.name });
  }
  return out;
};

const decide = async (ctx: HandlerContext, id: number, action: 'approve' | 'reject', comment: string, seenUpdatedAt?: string, acceptances: AcceptanceInput[] = []): Promise<Assessment> =>
  await inTransaction(ctx.db, async () => {
    const actor = await requireRole(ctx, APPROVERS, `${action} assessments`);
    const before = await mustGet(ctx, id);
    await refuseIfChanged(ctx, before, seenUpdatedAt);
    if (before.status !== 'submitted') throw new AppError('conflict', `Assessment ${before.modelRef} v${before.version} is ${before.status}; only a submitted assessment can be ${action}d`);
    const { sharedComputer } = await fourEyes(ctx, before, actor, action);
    const at = stampAfter(ctx, before.updatedAt);
    if (action === 'reject' && acceptances.length) throw invalidAt('acceptances', 'a rejection accepts nothing');
    const accepting = action === 'approve' ? await acceptancesFor(ctx, before, acceptances, dayOf(at)) : [];
    const row = await updateAssessment(ctx.db, id, { status: action === 'approve' ? 'approved' : 'rejected', decidedBy: actor.name, decidedById: actor.id, decidedOs: actor.os, sharedComputer, decidedAt: at, decisionComment: comment, updatedAt: at });
    if (action === 'approve') {
      await setCurrentAssessment(ctx.db, row.modelId, row.id);
      await deletePlan(ctx.db, row.modelId);
      await linkFindings(ctx.db, row.modelId, row.id);
    }
    const decided = await audited(ctx, actor, action, before, id);
    // Each acceptance after the approval (the database checks it is the approver's) with an entry of its own.
    for (const g of accepting) {
      const aid = await insertAcceptance(ctx.db, { modelId: row.modelId, assessmentId: row.id, category: g.category, band: g.band, justification: g.justification, acceptedBy: actor.name, acceptedById: actor.id, acceptedOs: actor.os, acceptedAt: at, expiresOn: g.expiresOn });
      const [after] = (await listAcceptances(ctx.db, { assessmentId: row.id }, dayOf(at))).filter((x) => x.id === aid);
      await appendAudit(ctx.db, { actor, action: 'create', entity: 'acceptance', entityId: String(aid), before: null, after: after ?? null, at: ctx.now() });
    }
    return decided;
  });
