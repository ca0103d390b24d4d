import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../../db/audit';
import { dispatch, type HandlerContext } from '../../electron/handlers';
import { emptyRisks, type Assessment } from '../../shared/assessment';
import type { AppInfo } from '../../shared/contract';
import { emptyModelInput } from '../../shared/model';
import type { Person } from '../../shared/people';
import { defaultPolicy } from '../../shared/schedule';
import { as } from '../helpers/people';
import { tempRuntime } from '../helpers/temp';
import { ok, refused } from '../helpers/result';


const model = { ...emptyModelInput(), ref: 'MDL-0001', name: 'Churn', purpose: 'Churn risk', businessUnit: 'Retail', owner: 'Ana', developers: ['Ben Okafor'], validator: 'Cleo', status: 'production' as const };
const risks = emptyRisks().map((r) => ({ ...r, inherentProbability: 3, inherentImpact: 4, controls: 'Fallback', residualProbability: 2, residualImpact: 2, treatment: 'mitigate' as const, rationale: 'Tested' }));

/** Rita (an officer, at her desk) registers the model and submits its assessment. */
const submittedByRita = async (ctx: HandlerContext): Promise<Assessment> => {
  await as(ctx, 'Rita Officer', 'risk_officer');
  ok(await dispatch(ctx, 'models.create', model));
  const draft = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
  const saved = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: draft.id, expectedUpdatedAt: draft.updatedAt, risks }));
  return ok<Assessment>(await dispatch(ctx, 'assessments.submit', { id: saved.id, expectedUpdatedAt: saved.updatedAt }));
};

describe('who acts, on one computer', () => {
  it('a renamed submitter is still the submitter: four-eyes compares profile ids', async () => {
    const { ctx } = await tempRuntime();
    await as(ctx, 'Lea Lead', 'review_lead');
    const lea = await as(ctx, 'Lea Lead', 'review_lead');
    ok(await dispatch(ctx, 'models.create', model));
    const draft = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
    const saved = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: draft.id, expectedUpdatedAt: draft.updatedAt, risks }));
    const s = ok<Assessment>(await dispatch(ctx, 'assessments.submit', { id: saved.id, expectedUpdatedAt: saved.updatedAt }));
    expect(s).toMatchObject({ assessor: 'Lea Lead', assessorId: lea.id, assessorOs: ctx.osUser });
    ok(await dispatch(ctx, 'profile.save', { name: 'Someone Else', role: 'review_lead' }));
    expect(refused(await dispatch(ctx, 'assessments.approve', { id: s.id }))).toMatchObject({ code: 'forbidden', message: expect.stringContaining('Four-eyes rule: Lea Lead submitted this assessment') as string });
    // The rename is its own audit entry, on the same person.
    const rename = ctx.db.lite!.prepare("select actor, actor_id as actorId, entity, entity_id as id from audit_log where action = 'update' and entity = 'person'").get();
    expect(rename).toEqual({ actor: 'Someone Else', actorId: lea.id, entity: 'person', id: String(lea.id) });
  });

  it('refuses invisible, bidirectional-control and NUL characters in every text field, naming the field', async () => {
    const { ctx } = await tempRuntime();
    const name = refused(await dispatch(ctx, 'profile.save', { name: 'Rita\u200b Officer', role: 'risk_officer' }));
    expect(name).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/name: .*invisible character \(U\+200B\) at character 5/) as string });
    await as(ctx, 'Rita Officer', 'risk_officer');
    expect(refused(await dispatch(ctx, 'models.create', { ...model, name: 'Churn\u202Egnp.exe' })).message).toMatch(/^Invalid input for models\.create: name: holds a bidirectional control character \(U\+202E\) at character 6/);
    expect(refused(await dispatch(ctx, 'models.create', { ...model, description: 'one\u0000two' })).message).toMatch(/description: holds a NUL character \(U\+0000\)/);
    expect(refused(await dispatch(ctx, 'models.create', { ...model, dataSources: ['ok', 'b\uFEFFad'] })).message).toMatch(/dataSources\.1: holds an invisible character \(U\+FEFF\)/);
    expect(refused(await dispatch(ctx, 'reviews.assign', { ref: 'MDL-0001', reviewer: 'Dana\u2066 Validator', plannedDate: '2027-01-10' })).message).toMatch(/reviewer: .*U\+2066/);
    // Line breaks and tabs are text, and the file contents of an import are checked as files.
    ok(await dispatch(ctx, 'models.create', { ...model, description: 'line one\nline two\twith a tab' }));
    const csv = `\uFEFFref,name,version,status,business_unit,owner,developers,purpose\nMDL-0002,Bad\u200Bname,1,development,Retail,Ana,Ben,p\n`;
    expect(ok<{ errors: { line: number; message: string }[] }>(await dispatch(ctx, 'register.previewImport', { csv })).errors).toEqual([{ line: 2, message: expect.stringMatching(/^name: holds an invisible character \(U\+200B\)/) as string }]);
  });

  it('one person, one name: case, spacing, compatibility forms and look-alike letters do not make a second person', async () => {
    const { ctx } = await tempRuntime();
    await as(ctx, 'Dana Validator', 'risk_officer');
    for (const twin of ['dana  validator', 'ＤＡＮＡ ＶＡＬＩＤＡＴＯＲ']) {
      expect(refused(await dispatch(ctx, 'profile.create', { name: twin, role: 'risk_officer' }))).toMatchObject({ code: 'conflict', message: expect.stringContaining('is the name of another person here, Dana Validator') as string });
    }
    expect(refused(await dispatch(ctx, 'profile.create', { name: 'Dаna Validator', role: 'risk_officer' })).message).toMatch(/mixes the Latin and Cyrillic alphabets/);
    for (const own of ['system', 'Watched folder', 'MONITORING  PIPELINE', 'ｓｙｓｔｅｍ']) {
      expect(refused(await dispatch(ctx, 'profile.create', { name: own, role: 'risk_officer' })).message).toMatch(/is a name the app uses for itself/);
    }
    expect(ok<Person[]>(await dispatch(ctx, 'people.list', {})).map((p) => p.name)).toEqual(['Dana Validator']);
    // The validator may not be one of the developers under another spelling either.
    expect(refused(await dispatch(ctx, 'models.create', { ...model, validator: 'ben  OKAFOR' })).message).toMatch(/validator: validator must differ from the developers/);
    expect(refused(await dispatch(ctx, 'models.create', { ...model, validator: 'Ｂｅｎ Okafor' })).message).toMatch(/validator must differ from the developers/);
  });

  it('a role is granted by another review lead, as its own audit action; an auditor cannot make themself a lead', async () => {
    const { ctx } = await tempRuntime();
    const lea = await as(ctx, 'Lea Lead', 'review_lead'); // the first profile: self-declared
    const aude = await as(ctx, 'Aude Auditor', 'auditor');
    expect(refused(await dispatch(ctx, 'profile.save', { name: 'Aude Auditor', role: 'review_lead' }))).toMatchObject({ code: 'forbidden', message: expect.stringContaining('A review lead must confirm the review lead role (Lea Lead)') as string });
    expect(refused(await dispatch(ctx, 'profile.save', { name: 'Aude Auditor', role: 'review_lead', confirmedBy: aude.id })).message).toMatch(/is not another review lead/);
    expect(refused(await dispatch(ctx, 'profile.create', { name: 'Mallory Lead', role: 'review_lead' })).message).toMatch(/A review lead must confirm/);
    expect(ok<Person>(await dispatch(ctx, 'profile.save', { name: 'Aude Auditor', role: 'review_lead', confirmedBy: lea.id }))).toMatchObject({ id: aude.id, role: 'review_lead' });
    const entry = ctx.db.lite!.prepare("select actor, actor_id as actorId, os_user as osUser, before, after from audit_log where action = 'role'").get() as { actor: string; actorId: number; osUser: string; before: string; after: string };
    expect(entry).toMatchObject({ actor: 'Aude Auditor', actorId: aude.id, osUser: ctx.osUser });
    expect(JSON.parse(entry.before)).toEqual({ role: 'auditor' });
    expect(JSON.parse(entry.after)).toMatchObject({ role: 'review_lead', confirmedBy: { id: lea.id, name: 'Lea Lead' } });
  });

  it('a decision under the submitter\'s OS account is refused, unless a lead switches on "shared computer"; then it is marked', async () => {
    const { ctx } = await tempRuntime();
    await as(ctx, 'Lea Lead', 'review_lead');
    const s = await submittedByRita(ctx);
    // Lea at Rita's desk: another profile, the same operating-system account.
    await as(ctx, 'Lea Lead', 'review_lead');
    ctx.osUser = s.assessorOs!;
    expect(refused(await dispatch(ctx, 'assessments.approve', { id: s.id }))).toMatchObject({ code: 'forbidden', message: expect.stringContaining(`under the operating-system account "${s.assessorOs}", the one you are using`) as string });
    ok(await dispatch(ctx, 'reviews.savePolicy', { policy: { ...defaultPolicy(), sharedComputer: true } }));
    expect(ok<AppInfo>(await dispatch(ctx, 'app.info', {})).identity).toMatchObject({ mode: 'local', sharedComputer: true, osUser: s.assessorOs });
    const approved = ok<Assessment>(await dispatch(ctx, 'assessments.approve', { id: s.id }));
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'Lea Lead', decidedOs: s.assessorOs, sharedComputer: true });
    const entry = ctx.db.lite!.prepare("select os_user as osUser, after from audit_log where action = 'approve'").get() as { osUser: string; after: string };
    expect(entry.osUser).toBe(s.assessorOs);
    expect(JSON.parse(entry.after)).toMatchObject({ sharedComputer: true });
  });

  it('every audit entry records the person id and the OS account, and the chain covers them', async () => {
    const { ctx } = await tempRuntime();
    const s = await submittedByRita(ctx);
    const rows = ctx.db.lite!.prepare('select seq, actor, actor_id as actorId, os_user as osUser from audit_log order by seq').all() as { seq: number; actor: string; actorId: number | null; osUser: string | null }[];
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((r) => r.actorId === s.assessorId && r.osUser === s.assessorOs)).toBe(true);
    expect((await verifyAudit(ctx.db)).ok).toBe(true);
    ctx.db.lite!.prepare("update audit_log set os_user = 'someone-else' where seq = 2").run();
    expect(await verifyAudit(ctx.db)).toMatchObject({ ok: false, brokenAt: 2 });
    ctx.db.lite!.prepare("update audit_log set os_user = ? where seq = 2").run(s.assessorOs);
    ctx.db.lite!.prepare('update audit_log set actor_id = 999 where seq = 3').run();
    expect(await verifyAudit(ctx.db)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('the app states its identity mode plainly', async () => {
    const { ctx } = await tempRuntime();
    expect(ok<AppInfo>(await dispatch(ctx, 'app.info', {})).identity).toEqual({ mode: 'local', statement: expect.stringContaining('Local profiles on one computer: names are self-declared') as string, osUser: ctx.osUser, sharedComputer: false });
  });
});
