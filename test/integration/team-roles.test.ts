/**
 * Identities and roles the database vouches for (db/migrations-pg/0004, db/pg/directory.ts):
 * people are PostgreSQL logins put in the directory by `mrd team add-user`; the rules hold in the
 * database whoever connects, so most of this file talks to the server with psql, as each login.
 * The cluster is this file's own (roles are cluster-wide).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../db/audit';
import { pgBinDir } from '../../db/pg/admin';
import { dispatch, type HandlerContext } from '../../electron/handlers';
import { createRuntime, type RuntimeOptions } from '../../electron/runtime';
import { emptyRisks, type Assessment, type RiskInput } from '../../shared/assessment';
import type { AppInfo, HostEvent } from '../../shared/contract';
import { emptyModelInput } from '../../shared/model';
import { mrd, mrdOk } from '../helpers/cli';
import { newTeamDatabase, suiteCluster } from '../helpers/engines';
import { ok, refused } from '../helpers/result';
import { tempDir, trackRuntime } from '../helpers/temp';

let url = '';
let database = '';
/** The same database as another login. */
const as = (login: string): string => url.replace('postgres://postgres@', `postgres://${login}@`);

/** psql as `login`; its output, or the server's refusal as the thrown message. */
const psqlAs = async (login: string, sql: string): Promise<string> => {
  const c = await suiteCluster();
  try {
    return execFileSync(join(pgBinDir(['psql'])!, 'psql'), ['-h', c.socketDir, '-p', String(c.port), '-U', login, '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    throw new Error((e as { stderr?: string }).stderr ?? String(e), { cause: e });
  }
};
/** The same change with an audit entry beside it, in one transaction (what the database requires). */
const audited = (change: string): string => `${change}; insert into audit_log (seq, at, actor, action, entity, entity_id, prev_hash, hash) values (0, '', 'forged name', 'update', 'model', 'MDL-0001', '', '')`;

const runtimeAs = async (login: string, options: RuntimeOptions = {}): Promise<HandlerContext> => trackRuntime(await createRuntime(as(login), { host: 'cli', listen: false, ...options })).ctx;

const filled = (): RiskInput[] =>
  emptyRisks().map((r) => ({ ...r, inherentProbability: 3, inherentImpact: 4, controls: 'Fallback rules; weekly monitoring', residualProbability: 2, residualImpact: 2, treatment: 'mitigate', rationale: 'Controls tested in Q3' }));

const submit = async (ctx: HandlerContext, ref: string): Promise<Assessment> => {
  const draft = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref }));
  const saved = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: draft.id, expectedUpdatedAt: draft.updatedAt, risks: filled() }));
  return ok<Assessment>(await dispatch(ctx, 'assessments.submit', { id: saved.id, expectedUpdatedAt: saved.updatedAt }));
};

beforeAll(async () => {
  url = await newTeamDatabase();
  database = /\/(mrd_[0-9_]+)\?/.exec(url)![1]!;
  for (const [login, role, name] of [['rita', 'risk_officer', 'Rita Officer'], ['lea', 'review_lead', 'Lea Lead'], ['leo', 'review_lead', 'Leo Lead'], ['ada', 'auditor', 'Ada Auditor'], ['adam', 'admin', 'Adam Admin']] as const) {
    await mrdOk('--db', url, 'team', 'add-user', login, '--role', role, '--name', name);
  }
  const rita = await runtimeAs('rita');
  ok(await dispatch(rita, 'models.create', { ...emptyModelInput(), ref: 'MDL-0001', name: 'Churn', purpose: 'Churn risk', businessUnit: 'Retail', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' }));
}, 120_000);

describe('the team directory', () => {
  it('team add-user makes logins people with roles; team list, set-role, disable and enable keep it; only an administrator may', async () => {
    const list = JSON.parse(await mrdOk('--db', url, 'team', 'list', '--json')) as { login: string; name: string; role: string; enabled: boolean }[];
    expect(list.map((e) => `${e.login}:${e.role}:${e.enabled}`)).toEqual(['ada:auditor:true', 'adam:admin:true', 'lea:review_lead:true', 'leo:review_lead:true', 'rita:risk_officer:true']);
    expect(await psqlAs('postgres', "select string_agg(r.rolname, ',' order by r.rolname) from pg_auth_members m join pg_roles r on r.oid = m.roleid join pg_roles u on u.oid = m.member where u.rolname = 'lea'")).toBe('mrd_review_lead');

    // The administrator's own login keeps the directory; a review lead cannot, and the names stay unique.
    await mrdOk('--db', as('adam'), 'team', 'add-user', 'olga', '--role', 'risk_officer', '--name', 'Olga Officer');
    expect((await mrd('--db', as('lea'), 'team', 'add-user', 'mallory', '--role', 'review_lead', '--name', 'Mallory')).err[0]).toContain('lea is not an administrator of this team database');
    expect((await mrd('--db', url, 'team', 'add-user', 'olga2', '--role', 'auditor', '--name', 'olga  OFFICER')).err[0]).toContain('"olga OFFICER" is already Olga Officer (olga): two people cannot share a name');
    expect((await mrd('--db', url, 'team', 'add-user', 'Bad Name', '--role', 'auditor', '--name', 'Bad')).err[0]).toContain('is not a login name this tool creates');
    expect((await mrd('--db', url, 'team', 'add-user', 'x1', '--role', 'boss', '--name', 'Xavier One')).err[0]).toContain('--role must be one of risk_officer, review_lead, auditor, admin');
    expect(await psqlAs('postgres', "select count(*) from pg_roles where rolname in ('mallory', 'olga2', 'x1')")).toBe('0');

    expect(await mrdOk('--db', url, 'team', 'set-role', 'olga', '--role', 'review_lead')).toBe('olga (Olga Officer) is now review_lead');
    expect(await psqlAs('postgres', "select pg_has_role('olga', 'mrd_review_lead', 'MEMBER'), pg_has_role('olga', 'mrd_risk_officer', 'MEMBER')")).toBe('t|f');
    await mrdOk('--db', url, 'team', 'disable', 'olga');
    await expect(psqlAs('olga', 'select 1')).rejects.toThrow(/not permitted to log in/);
    await mrdOk('--db', url, 'team', 'enable', 'olga');
    expect(await psqlAs('olga', 'select 1')).toBe('1');
    // Every change to the directory is in the trail, named by the database.
    expect(await psqlAs('postgres', "select count(*) from audit_log where entity = 'person' and action = 'role' and after like '%olga%'")).toBe('4');
  });

  it('the login is who acts: the app names the directory person, and no one edits their own name or role', async () => {
    const rita = await runtimeAs('rita');
    expect(ok<AppInfo>(await dispatch(rita, 'app.info', {}))).toMatchObject({ profile: { name: 'Rita Officer', role: 'risk_officer', login: 'rita' }, identity: { mode: 'directory', login: 'rita', statement: expect.stringMatching(/^Verified PostgreSQL logins/) as string } });
    expect(refused(await dispatch(rita, 'profile.save', { name: 'Rita Boss', role: 'review_lead' }))).toMatchObject({ code: 'forbidden', message: expect.stringContaining('you are the login rita: your name and role come from the team\'s directory') as string });
    const stranger = await psqlAs('postgres', "create role stranger login; grant mrd_review_lead to stranger; select 'made'");
    expect(stranger).toBe('made');
    const s = await runtimeAs('stranger');
    expect(refused(await dispatch(s, 'models.create', { ...emptyModelInput(), ref: 'MDL-0099', name: 'X', purpose: 'x', businessUnit: 'Retail', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' })).message).toContain('stranger is not an enabled person in this team\'s directory');
  });
});

describe('names come from the directory', () => {
  it('a reviewer is a person of the directory, named as it names them; anyone else is refused', async () => {
    const lea = await runtimeAs('lea');
    const plannedDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(ok<{ reviewer: string }>(await dispatch(lea, 'reviews.assign', { ref: 'MDL-0001', reviewer: 'leo  LEAD', plannedDate }))).toMatchObject({ reviewer: 'Leo Lead' });
    expect(refused(await dispatch(lea, 'reviews.assign', { ref: 'MDL-0001', reviewer: 'Dana Validator', plannedDate }))).toMatchObject({ code: 'invalid_input', message: '"Dana Validator" is not a person in this team\'s directory: choose the reviewer from it' });
  });
});

describe('rules the database enforces, whoever connects (psql as each login)', () => {
  it('an auditor reads and cannot change any table', async () => {
    expect(await psqlAs('ada', 'select count(*) from models')).toBe('1');
    for (const sql of ["update models set name = 'x'", "insert into settings (key, value, updated_at) values ('k', '1', 'now')", 'delete from findings', "update people set role = 'review_lead'"]) {
      await expect(psqlAs('ada', audited(sql)), sql).rejects.toThrow(/permission denied for table/);
    }
    // Its own trail entry may only say it ran a report.
    await expect(psqlAs('ada', "insert into audit_log (seq, at, actor, action, entity, entity_id, prev_hash, hash) values (0, '', 'x', 'approve', 'assessment', '1', '', '')")).rejects.toThrow(/ada is an auditor: an auditor reads and runs reports, and changes nothing/);
  });

  it('no login, administrators and superusers included, updates, deletes or truncates the trail; the database writes who and when', async () => {
    for (const login of ['rita', 'adam', 'postgres']) {
      await expect(psqlAs(login, "update audit_log set actor = 'someone' where seq = 1"), login).rejects.toThrow(login === 'postgres' ? /append-only: no login, administrators included, may update/ : /permission denied for table audit_log/);
      await expect(psqlAs(login, 'delete from audit_log where seq = 1'), login).rejects.toThrow(login === 'postgres' ? /may delete its entries/ : /permission denied/);
      await expect(psqlAs(login, 'truncate audit_log'), login).rejects.toThrow(login === 'postgres' ? /may truncate its entries/ : /permission denied/);
    }
    // A client naming someone else, and another time, is overruled: the login's person, the server's clock.
    const before = Date.now();
    await psqlAs('rita', audited("update models set purpose = 'Churn risk, retail' where ref = 'MDL-0001'"));
    const last = (await psqlAs('postgres', "select actor || '|' || os_user || '|' || at from audit_log order by seq desc limit 1")).split('|');
    expect(last.slice(0, 2)).toEqual(['Rita Officer', 'rita']);
    expect(Date.parse(last[2]!)).toBeGreaterThanOrEqual(before - 5_000);
    const ctx = await runtimeAs('ada');
    expect(await verifyAudit(ctx.db)).toMatchObject({ ok: true });
  });

  it('no change to a portfolio table is committed without its audit entry', async () => {
    await expect(psqlAs('rita', "update models set owner = 'Someone' where ref = 'MDL-0001'")).rejects.toThrow(/a change to models was not recorded in the audit log/);
    await expect(psqlAs('postgres', "update models set owner = 'Someone' where ref = 'MDL-0001'")).rejects.toThrow(/not recorded in the audit log/);
    expect(await psqlAs('rita', "select owner from models where ref = 'MDL-0001'")).toBe('Ana');
    // A statement that changes nothing needs no entry.
    expect(await psqlAs('rita', "update models set owner = 'Someone' where ref = 'NONE'; select 'fine'")).toBe('fine');
  });

  it('four eyes by login: the submitter cannot decide; only a review lead can; an approved assessment never changes', async () => {
    const lea = await runtimeAs('lea');
    const mine = await submit(lea, 'MDL-0001');
    expect(mine).toMatchObject({ status: 'submitted', assessor: 'Lea Lead' });
    expect(await psqlAs('postgres', `select assessor_os from assessments where id = ${mine.id}`)).toBe('lea');
    // The app refuses first; the database refuses too, for anyone who goes around the app.
    expect(refused(await dispatch(lea, 'assessments.approve', { id: mine.id, comment: 'Fine' })).code).toBe('forbidden');
    await expect(psqlAs('lea', audited(`update assessments set status = 'approved', decided_by = 'Leo Lead' where id = ${mine.id}`))).rejects.toThrow(/was submitted by lea: four eyes — another review lead's login must approve or reject it/);
    await expect(psqlAs('rita', audited(`update assessments set status = 'approved' where id = ${mine.id}`))).rejects.toThrow(/rita is not a review lead/);
    await expect(psqlAs('rita', audited("insert into assessments (model_id, version, status, matrix_version, created_by, created_at, updated_at, risks) values (1, 9, 'approved', 1, 'x', 'now', 'now', '[]')"))).rejects.toThrow(/must be created as a draft \(it was approved\)/);

    const leo = await runtimeAs('leo');
    const approved = ok<Assessment>(await dispatch(leo, 'assessments.approve', { id: mine.id, comment: 'Agreed' }));
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'Leo Lead' });
    expect(await psqlAs('postgres', `select decided_os from assessments where id = ${mine.id}`)).toBe('leo');
    for (const login of ['leo', 'postgres']) {
      await expect(psqlAs(login, audited(`update assessments set decision_comment = 'changed later' where id = ${mine.id}`)), login).rejects.toThrow(/is approved: an approved assessment cannot change/);
      await expect(psqlAs(login, audited(`delete from assessments where id = ${mine.id}`)), login).rejects.toThrow(login === 'leo' ? /permission denied/ : /assessments are never deleted/);
    }
  });
});

describe('risk acceptances by login', () => {
  it('only the review lead who approves accepts, never the submitter; the database names who; an acceptance never changes', async () => {
    const rita = await runtimeAs('rita');
    ok(await dispatch(rita, 'models.create', { ...emptyModelInput(), ref: 'MDL-0002', name: 'Pricing', purpose: 'Prices', businessUnit: 'Retail', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' }));
    const lea = await runtimeAs('lea');
    const draft = ok<Assessment>(await dispatch(lea, 'assessments.start', { ref: 'MDL-0002' }));
    const risks = filled().map((r, i) => (i === 1 ? { ...r, treatment: 'accept' as const } : r));
    const saved = ok<Assessment>(await dispatch(lea, 'assessments.save', { id: draft.id, expectedUpdatedAt: draft.updatedAt, risks }));
    const sub = ok<Assessment>(await dispatch(lea, 'assessments.submit', { id: saved.id, expectedUpdatedAt: saved.updatedAt }));
    const insert = (by: string): string => audited(`insert into risk_acceptances (model_id, assessment_id, category, band, justification, accepted_by, accepted_at, expires_on) values ((select model_id from assessments where id = ${sub.id}), ${sub.id}, 'bad_prediction', 'Low', 'forged in psql', '${by}', 'now', '2027-06-30')`);
    await expect(psqlAs('rita', insert('Leo Lead'))).rejects.toThrow(/permission denied for table risk_acceptances/);
    await expect(psqlAs('lea', insert('Leo Lead'))).rejects.toThrow(/was submitted by lea: four eyes — another review lead's login must accept its risks/);
    // Not yet approved: an acceptance is given by the approving lead as they approve.
    await expect(psqlAs('leo', insert('Leo Lead'))).rejects.toThrow(/accepted by the review lead who approves it/);

    const leo = await runtimeAs('leo');
    ok(await dispatch(leo, 'assessments.approve', { id: sub.id, acceptances: [{ category: 'bad_prediction', justification: 'Low residual; within appetite', expiresOn: '2027-06-30' }] }));
    expect(await psqlAs('postgres', `select accepted_by || '|' || accepted_os from risk_acceptances where assessment_id = ${sub.id}`)).toBe('Leo Lead|leo');
    await expect(psqlAs('leo', audited(`update risk_acceptances set expires_on = '2030-01-01' where assessment_id = ${sub.id}`))).rejects.toThrow(/permission denied/);
    await expect(psqlAs('postgres', audited(`update risk_acceptances set expires_on = '2030-01-01' where assessment_id = ${sub.id}`))).rejects.toThrow(/an acceptance is never changed or deleted/);
    await expect(psqlAs('ada', insert('Ada Auditor'))).rejects.toThrow(/permission denied|auditor/);
  });
});

describe('reports name verified people', () => {
  it('an auditor runs a report: the cover states verified logins, approvals print login and name, and the file verifies against the trail', async () => {
    const out = join(tempDir(), 'model.pdf');
    await mrdOk('--db', as('ada'), 'report', 'model', 'MDL-0001', '--out', out);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Identity\s+Verified PostgreSQL logins/);
    expect(text).toMatch(/Lea Lead \(lea\)/);
    expect(text).toMatch(/Leo Lead \(leo\)/);
    expect(await psqlAs('postgres', "select actor || '|' || os_user from audit_log where action = 'report' order by seq desc limit 1")).toBe('Ada Auditor|ada');
    expect(await mrdOk('--db', as('ada'), 'audit', 'verify', '--against', out)).toMatch(/^Audit chain intact/);
  });
});

describe('seeing each other\'s work', () => {
  it('a host hears each committed change by others (LISTEN/NOTIFY): who, what, which', async () => {
    const heard: HostEvent[] = [];
    let wake: () => void = () => undefined;
    const arrived = (test: (e: HostEvent) => boolean): Promise<HostEvent> =>
      new Promise((resolve) => {
        const look = (): void => {
          const e = heard.find(test);
          if (e) resolve(e);
          else wake = look;
        };
        look();
      });
    const rita = await runtimeAs('rita', { listen: true, emit: (e) => { heard.push(e); wake(); } });
    const lea = await runtimeAs('lea');
    // (The host opens once it listens.)
    void rita;
    const draft = ok<Assessment>(await dispatch(lea, 'assessments.start', { ref: 'MDL-0001' }));
    const e = await arrived((x) => x.kind === 'changed' && x.login === 'lea' && x.entity === 'assessment');
    expect(e).toMatchObject({ kind: 'changed', actor: 'Lea Lead', login: 'lea', action: 'create', entity: 'assessment', entityId: `MDL-0001#${draft.version}` });

    // An assessment someone else has open for editing shows who, and since when.
    const before = Date.now() - 1000;
    expect(ok(await dispatch(rita, 'assessments.editing', { id: draft.id, open: true }))).toEqual([]);
    const opened = await arrived((x) => x.kind === 'presence' && x.login === 'rita');
    expect(opened).toEqual({ kind: 'presence', assessmentId: draft.id, login: 'rita', open: true });
    const seen = ok<{ login: string; name: string; since: string }[]>(await dispatch(lea, 'assessments.editing', { id: draft.id, open: true }));
    expect(seen.map((x) => `${x.name} (${x.login})`)).toEqual(['Rita Officer (rita)']);
    expect(Date.parse(seen[0]!.since)).toBeGreaterThan(before);
    expect(ok<{ login: string }[]>(await dispatch(rita, 'assessments.editing', { id: draft.id, open: true })).map((x) => x.login)).toEqual(['lea']);
    // An auditor reads who is editing and is never noted as editing (the handler and the database both refuse).
    const ada = await runtimeAs('ada');
    expect(ok<{ login: string }[]>(await dispatch(ada, 'assessments.editing', { id: draft.id, open: true })).map((x) => x.login)).toEqual(['rita', 'lea']);
    await expect(psqlAs('ada', `select * from mrd.editing(${draft.id}, true)`)).rejects.toThrow(/only risk officers and review leads edit assessments/);
    // No one writes the table itself, so no one appears as someone else.
    await expect(psqlAs('rita', `insert into mrd.editing (assessment_id, login) values (${draft.id}, 'leo')`)).rejects.toThrow(/permission denied/);
    // Closing the page forgets it, and says so; a screen gone quiet for 90 seconds no longer counts.
    ok(await dispatch(rita, 'assessments.editing', { id: draft.id, open: false }));
    expect(await arrived((x) => x.kind === 'presence' && x.login === 'rita' && !x.open)).toMatchObject({ assessmentId: draft.id });
    expect(ok<{ login: string }[]>(await dispatch(ada, 'assessments.editing', { id: draft.id, open: false })).map((x) => x.login)).toEqual(['lea']);
    await psqlAs('postgres', `update mrd.editing set seen_at = now() - interval '91 seconds' where login = 'lea'`);
    expect(ok(await dispatch(ada, 'assessments.editing', { id: draft.id, open: false }))).toEqual([]);
  });
});

describe('one chain under concurrency', () => {
  it('8 clients × 250 audited writes at once stay one valid chain, exactly 2,000 entries more', async () => {
    const logins = ['rita', 'lea', 'leo', 'rita', 'lea', 'leo', 'rita', 'lea'];
    const clients = await Promise.all(logins.map((l) => runtimeAs(l)));
    const count = async (): Promise<number> => Number(await psqlAs('postgres', 'select count(*) from audit_log'));
    const start = await count();
    await Promise.all(
      clients.map(async (ctx, c) => {
        for (let i = 0; i < 250; i++) ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref: `MDL-${String(1000 + c * 250 + i)}`, name: `Concurrent ${c}-${i}`, purpose: 'x', businessUnit: 'Retail', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'development' }));
      }),
    );
    expect((await count()) - start).toBe(2000);
    const v = await verifyAudit(clients[0]!.db);
    expect(v).toMatchObject({ ok: true, count: start + 2000 });
    expect(await mrdOk('--db', url, 'audit', 'verify')).toMatch(new RegExp(`^Audit chain intact up to #${start + 2000} \\(${start + 2000} `));
  }, 300_000);
});
