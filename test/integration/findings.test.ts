/**
 * The findings register (electron/handlers/findings.ts) on both engines: findings entered by
 * hand, owned by a person of the people list, remediated open → in remediation → closed, closing
 * with a justification and evidence files kept by SHA-256; overdue findings flagged, filtered,
 * exported, and bringing the model's review forward; every change audited.
 */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { verifyAudit } from '../../db/audit';
import { dispatch, type HandlerContext } from '../../electron/handlers';
import { FILE_CHUNK_BYTES, type CsvFile, type ReviewRow } from '../../shared/contract';
import type { Finding } from '../../shared/monitoring';
import { emptyModelInput } from '../../shared/model';
import { emptyRisks, type Assessment } from '../../shared/assessment';
import { describeEngines, portfolio } from '../helpers/engines';
import { as } from '../helpers/people';
import { ok, refused } from '../helpers/result';
import { pdfText, report } from '../helpers/reportJob';

const NOW = new Date('2026-12-02T09:00:00Z');
/** The clock moves a second at each reading, as time passes between a person's changes. */
let tick = 0;
const clock = (): Date => new Date(NOW.getTime() + 1000 * tick++);

const stage = async (ctx: HandlerContext, fileName: string, bytes: Buffer): Promise<string> => {
  const { id } = ok<{ id: string }>(await dispatch(ctx, 'files.begin', { fileName, bytes: bytes.length }));
  for (let offset = 0; offset < bytes.length; offset += FILE_CHUNK_BYTES) ok(await dispatch(ctx, 'files.append', { id, offset, data: bytes.subarray(offset, offset + FILE_CHUNK_BYTES).toString('base64') }));
  return id;
};

const setup = async (): Promise<HandlerContext> => {
  const { ctx } = await portfolio(clock);
  await as(ctx, 'Dana Validator', 'risk_officer');
  await as(ctx, 'Rita Officer', 'risk_officer');
  ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0001', name: 'Card fraud detection – Nordics', purpose: 'Flags card fraud', businessUnit: 'Cards', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' }));
  return ctx;
};

const fields = { severity: 'high', description: 'Found in the 2026 validation.', owner: 'Dana Validator', dueDate: '2027-01-31', actionPlan: 'Retrain with weekend sample' } as const;
const manual = { ref: 'MDL-0001', kind: 'validation', category: 'bad_prediction', severity: 'high', title: 'Recall below 0.8 on weekend transactions', description: 'Found in the 2026 validation.', owner: 'dana validator', dueDate: '2027-01-31', actionPlan: 'Retrain with weekend sample' } as const;
const entries = async (ctx: HandlerContext): Promise<string[]> => (await ctx.db.q.all<{ a: string }>("select action || ' ' || entity || ' ' || entity_id as a from audit_log where entity = 'finding' order by seq")).map((r) => r.a);

describeEngines('findings register', () => {
  it('a finding entered by hand: its owner as the people list names them, audited; bad input refused by field, writing nothing', async () => {
    const ctx = await setup();
    const f = ok<Finding>(await dispatch(ctx, 'findings.create', manual));
    expect(f).toMatchObject({ modelRef: 'MDL-0001', kind: 'validation', label: manual.title, owner: 'Dana Validator', dueDate: '2027-01-31', remediation: 'open', importId: null, fileName: null, probability: 4, evidence: [] });
    expect(await entries(ctx)).toEqual([`create finding ${f.id}`]);

    for (const [over, path] of [[{ title: 'x' }, 'title'], [{ dueDate: '2027-02-30' }, 'dueDate'], [{ owner: '' }, 'owner'], [{ kind: 'monitoring' }, 'kind'], [{ severity: 'critical' }, 'severity']] as const) {
      const e = refused(await dispatch(ctx, 'findings.create', { ...manual, ...over }));
      expect(e.code, path).toBe('invalid_input');
      expect(e.message, path).toContain(path);
    }
    expect(refused(await dispatch(ctx, 'findings.create', { ...manual, ref: 'MDL-0404' })).code).toBe('not_found');
    await as(ctx, 'Aude Auditor', 'auditor');
    expect(refused(await dispatch(ctx, 'findings.create', manual)).code).toBe('forbidden');
    expect(ok<Finding[]>(await dispatch(ctx, 'findings.list', {}))).toHaveLength(1);
    expect(await entries(ctx)).toEqual([`create finding ${f.id}`]);
  });

  it('open → in remediation → closed: closing needs a justification, keeps its evidence files by SHA-256, and a closed finding stays closed', async () => {
    const ctx = await setup();
    const f = ok<Finding>(await dispatch(ctx, 'findings.create', manual));
    const started = ok<Finding>(await dispatch(ctx, 'findings.setRemediation', { id: f.id, expectedUpdatedAt: f.updatedAt, remediation: 'in_remediation' }));
    expect(started.remediation).toBe('in_remediation');
    // The version read: a change made meanwhile is refused.
    expect(refused(await dispatch(ctx, 'findings.update', { id: f.id, expectedUpdatedAt: f.updatedAt, fields: { ...fields, owner: 'Rita Officer' } })).code).toBe('conflict');

    const noReason = refused(await dispatch(ctx, 'findings.setRemediation', { id: f.id, expectedUpdatedAt: started.updatedAt, remediation: 'closed', justification: 'done' }));
    expect(noReason).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('justification') as string });
    expect(ok<Finding>(await dispatch(ctx, 'findings.setRemediation', { id: f.id, expectedUpdatedAt: started.updatedAt, remediation: 'open' })).remediation).toBe('open');
    const reopened = ok<Finding[]>(await dispatch(ctx, 'findings.list', { ref: 'MDL-0001' }))[0]!;

    const report = Buffer.from('%PDF-1.4 retraining report, weekend recall 0.86\n');
    const log = Buffer.from('run 4711 recall=0.86\n');
    const evidence = [await stage(ctx, 'retraining-report.pdf', report), await stage(ctx, 'run-4711.log', log)];
    const closed = ok<Finding>(await dispatch(ctx, 'findings.setRemediation', { id: f.id, expectedUpdatedAt: reopened.updatedAt, remediation: 'closed', justification: 'Retrained with weekend data; recall 0.86 on the hold-out set', evidence }));
    const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
    expect(closed).toMatchObject({ remediation: 'closed', closedBy: 'Rita Officer', closure: 'Retrained with weekend data; recall 0.86 on the hold-out set' });
    expect(closed.closedAt! > reopened.updatedAt).toBe(true);
    expect(closed.evidence).toEqual([{ name: 'retraining-report.pdf', bytes: report.length, sha256: sha(report) }, { name: 'run-4711.log', bytes: log.length, sha256: sha(log) }]);

    expect(refused(await dispatch(ctx, 'findings.setRemediation', { id: f.id, expectedUpdatedAt: closed.updatedAt, remediation: 'open' })).message).toMatch(/is closed and stays closed/);
    expect(refused(await dispatch(ctx, 'findings.update', { id: f.id, expectedUpdatedAt: closed.updatedAt, fields })).message).toMatch(/is closed and no longer changes/);
    expect(await entries(ctx)).toEqual([`create finding ${f.id}`, `update finding ${f.id}`, `update finding ${f.id}`, `update finding ${f.id}`]);
    const last = JSON.parse((await ctx.db.q.value<string>("select after from audit_log where entity = 'finding' order by seq desc limit 1"))!) as Finding;
    expect(last.evidence.map((e) => e.sha256)).toEqual([sha(report), sha(log)]);
    expect(await verifyAudit(ctx.db)).toMatchObject({ ok: true });
  });

  it('an overdue finding is flagged, filtered and exported, and brings the model\'s review forward until it is closed', async () => {
    const ctx = await setup();
    // An approved assessment puts the next review months away.
    const draft = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
    const risks = emptyRisks().map((r) => ({ ...r, inherentProbability: 3, inherentImpact: 4, controls: 'Weekly monitoring', residualProbability: 2, residualImpact: 2, treatment: 'mitigate' as const, rationale: 'Controls tested' }));
    const saved = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: draft.id, expectedUpdatedAt: draft.updatedAt, risks }));
    ok(await dispatch(ctx, 'assessments.submit', { id: saved.id, expectedUpdatedAt: saved.updatedAt }));
    await as(ctx, 'Lea Lead', 'review_lead');
    ok(await dispatch(ctx, 'assessments.approve', { id: draft.id, comment: 'Agreed' }));
    const planned = ok<ReviewRow[]>(await dispatch(ctx, 'reviews.list', {}))[0]!;
    expect(planned.due! > '2027-03-01').toBe(true);

    const late = ok<Finding>(await dispatch(ctx, 'findings.create', { ...manual, title: 'Limitation not documented', kind: 'limitation', dueDate: '2026-11-15' }));
    ok<Finding>(await dispatch(ctx, 'findings.create', { ...manual, dueDate: '2027-03-01' }));
    expect(ok<Finding[]>(await dispatch(ctx, 'findings.list', { overdue: true })).map((f) => f.id)).toEqual([late.id]);
    expect(ok<Finding[]>(await dispatch(ctx, 'findings.list', { kind: 'limitation', owner: 'DANA VALIDATOR' })).map((f) => f.id)).toEqual([late.id]);

    const csv = ok<CsvFile>(await dispatch(ctx, 'findings.exportCsv', { overdue: true }));
    expect(csv).toMatchObject({ filename: 'findings-2026-12-02.csv', rows: 1 });
    expect(csv.csv.split('\n')[0]).toContain('id,model,kind,risk,severity,finding');
    expect(csv.csv).toContain('Limitation not documented');
    expect(csv.csv.split('\n')[1]).toContain(',2026-11-15,yes,Open,');

    expect(ok<ReviewRow[]>(await dispatch(ctx, 'reviews.list', {}))[0]!).toMatchObject({ due: '2026-11-15', status: 'overdue', openTriggers: 1, reason: `brought forward: finding #${late.id} “Limitation not documented” overdue since 2026-11-15 (2026-11-15)` });
    const closed = ok<Finding>(await dispatch(ctx, 'findings.setRemediation', { id: late.id, expectedUpdatedAt: late.updatedAt, remediation: 'closed', justification: 'Limitation written into the model card v3' }));
    expect(closed.remediation).toBe('closed');
    expect(ok<Finding[]>(await dispatch(ctx, 'findings.list', { overdue: true }))).toEqual([]);
    expect(ok<ReviewRow[]>(await dispatch(ctx, 'reviews.list', {}))[0]!).toMatchObject({ due: planned.due, openTriggers: 0 });
  });

  it('a portfolio report prints the register (owner, due, overdue, remediation) and the findings closed in the period with their evidence hashes', async () => {
    const ctx = await setup();
    const open = ok<Finding>(await dispatch(ctx, 'findings.create', { ...manual, title: 'Weekend recall below target', dueDate: '2026-11-20' }));
    const closing = ok<Finding>(await dispatch(ctx, 'findings.create', { ...manual, kind: 'incident', title: 'Scoring service down for 3 hours', dueDate: '2027-01-15' }));
    const evidence = Buffer.from('post-incident review, signed off\n');
    const fileId = await stage(ctx, 'post-incident-review.txt', evidence);
    ok(await dispatch(ctx, 'findings.setRemediation', { id: closing.id, expectedUpdatedAt: closing.updatedAt, remediation: 'closed', justification: 'Blue-green deployments in place since release 4.2', evidence: [fileId] }));
    const { file } = await report(ctx, { kind: 'portfolio', asOf: '2026-12-02' });
    const text = pdfText(file).replace(/\s+/g, ' ');
    expect(text).toContain('Findings register: not closed (1)');
    for (const piece of ['Weekend recall below target', 'Dana Validator 2026-11-20', 'overdue']) expect(text, piece).toContain(piece);
    expect(text).toContain('Findings closed from 2025-12-02 to 2026-12-02 (1)');
    expect(text).toContain(`post-incident-review.txt · ${evidence.length} bytes`);
    const sha = createHash('sha256').update(evidence).digest('hex');
    expect(text).toContain(sha.slice(0, 32));
    expect(text).toContain(sha.slice(32));
    // Each change to a finding of the scope is in the audit-trail extract.
    expect(text).toMatch(new RegExp(`create finding ${open.id} `));
    expect(text).toMatch(new RegExp(`update finding ${closing.id} `));
  });
});
