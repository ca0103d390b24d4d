import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { createRuntime } from '../../electron/runtime';
import { dispatch, type HandlerContext } from '../../electron/handlers';
import { seedDemo } from '../../electron/handlers/demo';
import { emptyRisks, type Assessment, type RiskInput } from '../../shared/assessment';
import { FILE_CHUNK_BYTES, type JobState, type Result } from '../../shared/contract';
import { emptyModelInput } from '../../shared/model';
import type { ReportRegisterRow } from '../../shared/reports';
import { expectSoundPdf } from '../helpers/pdf';
import { tempDir, tempRuntime } from '../helpers/temp';
import { as } from '../helpers/people';
import { pdfText as text, report } from '../helpers/reportJob';

const ok = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const stage = async (ctx: HandlerContext, fileName: string, bytes: Buffer): Promise<string> => {
  const { id } = ok<{ id: string }>(await dispatch(ctx, 'files.begin', { fileName, bytes: bytes.length }));
  for (let offset = 0; offset < bytes.length; offset += FILE_CHUNK_BYTES) ok(await dispatch(ctx, 'files.append', { id, offset, data: bytes.subarray(offset, offset + FILE_CHUNK_BYTES).toString('base64') }));
  return id;
};

/**
 * How wide the page number at the foot of a page is drawn, in pixels at 144 dpi: text extraction
 * reads the stamped text even when its glyphs do not render, so this looks at the pixels.
 */
const pageNumberInk = (pdf: string, page: number): number => {
  const prefix = join(tempDir(), 'foot');
  execFileSync('pdftoppm', ['-gray', '-r', '144', '-f', String(page), '-l', String(page), '-singlefile', '-x', '880', '-y', '1600', '-W', '240', '-H', '70', pdf, prefix]);
  const pgm = readFileSync(`${prefix}.pgm`);
  const head = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1'))!;
  const [w, h] = [Number(head[1]), Number(head[2])];
  const px = pgm.subarray(head[0].length);
  let min = w;
  let max = -1;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (px[y * w + x]! < 200) [min, max] = [Math.min(min, x), Math.max(max, x)];
  return max - min;
};

describe('PDF reports', () => {
  it('a portfolio report (in a worker) has its sections, the counts by band, the chain head; it is registered and verifiable', async () => {
    const now = new Date('2026-11-20T12:00:00Z');
    const { ctx } = await tempRuntime(undefined, () => now);
    await seedDemo(ctx, { models: 12, seed: 7 });
    await as(ctx, 'Aude Auditor', 'auditor');
    const { result, file, pdf } = await report(ctx, { kind: 'portfolio', asOf: '2026-11-20' });
    const t = text(file);
    for (const section of ['Executive summary', 'Models by residual band', 'Heat map (residual, active models)', 'Inventory', 'Appendix A — Methodology', 'Review policy', 'Monitoring rules', 'Appendix B — Audit-trail extract']) expect(t).toContain(section);
    expect(t).toMatch(/Models in scope\s+12/);
    // The cover states the data's as-of time and how people were identified; who generated the
    // file, and when, are in the register (below), not on the page.
    expect(t).toMatch(/Data as of\s+2026-11-20: the portfolio as it stood at 2026-11-20 23:59 UTC/);
    expect(t).toContain('names are self-declared');
    expect(t).not.toMatch(/Generated at/);
    expect(t.split('Executive summary')[0]).not.toContain('Aude Auditor');
    // Every font is embedded (no reliance on the reader's fonts), and none is a standard-14 font.
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(2);
    for (const line of fonts) expect(line).toMatch(/^\S+\s+.*\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/);
    expect(fonts.join('\n')).not.toMatch(/Helvetica|Times|Courier/);
    // "Page 1 of N" is drawn whole (about 70 px here; a broken font subset drew only "ge", 15 px).
    expect(t).toMatch(/Page 1 of \d+/);
    expect(pageNumberInk(file, 1)).toBeGreaterThan(50);
    // Counts by band as the inventory has them.
    const bands = ctx.db.lite!.prepare("select json_extract(rating, '$.name') as band, count(*) as n from models where rating is not null and status != 'retired' group by 1").all() as { band: string; n: number }[];
    expect(bands.length).toBeGreaterThan(0);
    for (const b of bands) expect(t).toMatch(new RegExp(`\\n\\s*${b.band}\\s+${b.n}\\s`));
    // The chain head printed is the latest entry's hash, and the chain is intact.
    const head = ctx.db.lite!.prepare("select hash from audit_log where action != 'report' order by seq desc limit 1").pluck().get() as string;
    expect(t.replace(/\s+/g, '')).toContain(head);
    expect(t).toContain('Intact');
    // One section per model.
    for (const ref of (ctx.db.lite!.prepare('select ref from models').pluck().all() as string[])) expect(t).toContain(`${ref} — `);
    // Registered with its SHA-256; the register and "verify a PDF" recognise the file, not an altered one.
    expect(result.register).toMatchObject({ kind: 'portfolio', asOf: '2026-11-20', generatedBy: 'Aude Auditor', sha256: sha(pdf), models: 12, bytes: pdf.length });
    expect(result.register.pages).toBeGreaterThan(12);
    expect(ok<ReportRegisterRow[]>(await dispatch(ctx, 'reports.list', {}))).toHaveLength(1);
    const verified = ok<{ matches: ReportRegisterRow[] }>(await dispatch(ctx, 'reports.verify', { fileId: await stage(ctx, 'r.pdf', pdf) }));
    expect(verified.matches.map((m) => m.id)).toEqual([result.register.id]);
    const altered = Buffer.from(pdf);
    altered.writeUInt8(altered.readUInt8(altered.length - 10) ^ 1, altered.length - 10);
    expect(ok<{ matches: ReportRegisterRow[] }>(await dispatch(ctx, 'reports.verify', { fileId: await stage(ctx, 'x.pdf', altered) })).matches).toEqual([]);
    expect(ctx.db.lite!.prepare("select count(*) from audit_log where action = 'report'").pluck().get()).toBe(1);
  });

  it('the same database and as-of date give a byte-identical PDF, even after the first one was registered', async () => {
    const now = new Date('2026-11-20T12:00:00Z');
    const dir = tempDir();
    const db = join(dir, 'd.db');
    const { ctx, close } = await tempRuntime(db, () => now);
    await seedDemo(ctx, { models: 6, seed: 3 });
    close();
    expect(await runCli(['--db', db, 'profile', 'set', '--name', 'Aude Auditor', '--role', 'auditor'], { out: () => undefined, err: (s) => console.error(s) })).toBe(0);
    const a = { file: join(dir, 'a.pdf') };
    const b = { file: join(dir, 'b.pdf') };
    expect(await runCli(['--db', db, 'report', 'portfolio', '--out', a.file, '--as-of', '2026-11-01'], { out: () => undefined, err: (s) => console.error(s) })).toBe(0);
    // Someone else, later: the same data as of the same date, so the same bytes; the register tells them apart.
    expect(await runCli(['--db', db, 'profile', 'set', '--name', 'Ines Inspector', '--role', 'auditor'], { out: () => undefined, err: (s) => console.error(s) })).toBe(0);
    expect(await runCli(['--db', db, 'report', 'portfolio', '--out', b.file, '--as-of', '2026-11-01'], { out: () => undefined, err: (s) => console.error(s) })).toBe(0);
    expect(sha(readFileSync(a.file))).toBe(sha(readFileSync(b.file)));
    expectSoundPdf(a.file);
    const register = await createRuntime(db);
    expect(ok<ReportRegisterRow[]>(await dispatch(register.ctx, 'reports.list', {})).map((r) => r.generatedBy).sort()).toEqual(['Aude Auditor', 'Ines Inspector']);
    register.close();
    const lines: string[] = [];
    expect(await runCli(['--db', db, 'report', 'model', 'MDL-0002', '--out', join(dir, 'm.pdf')], { out: (s) => lines.push(s), err: (s) => lines.push(s) })).toBe(0);
    expectSoundPdf(join(dir, 'm.pdf'));
    expect(lines[0]).toMatch(/^Wrote .*m\.pdf: \d+ pages, 1 model, as of \d{4}-\d{2}-\d{2}, SHA-256 [0-9a-f]{64} \(register #3\)$/);
    const errors: string[] = [];
    expect(await runCli(['--db', db, 'report', 'model', 'MDL-9999', '--out', join(dir, 'n.pdf')], { out: () => undefined, err: (s) => errors.push(s) })).toBe(1);
    expect(await runCli(['--db', db, 'report', 'portfolio', '--out', join(dir, 'n.pdf'), '--as-of', '2026-02-30'], { out: () => undefined, err: (s) => errors.push(s) })).toBe(2);
    expect(await runCli(['--db', db, 'report', 'portfolio'], { out: () => undefined, err: (s) => errors.push(s) })).toBe(2);
    expect(errors).toEqual(['mrd: No model with reference MDL-9999', 'mrd: --as-of: not a calendar date', 'mrd: report needs --out FILE.pdf']);
  });

  it('"as of" a date shows the model as it stood then: its earlier rating, not today\'s', async () => {
    let now = new Date('2026-03-01T09:00:00Z');
    const { ctx } = await tempRuntime(undefined, () => now);
    await as(ctx, 'Rita Officer', 'risk_officer');
    ok(await dispatch(ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0001', name: 'Kredit-Score 信用评分 Ωμέγα', purpose: 'PD', businessUnit: 'Retail', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production' }));
    const risks = (p: number, i: number): RiskInput[] => emptyRisks().map((r) => ({ ...r, inherentProbability: 5, inherentImpact: 5, controls: 'Fallback', residualProbability: p, residualImpact: i, treatment: 'mitigate', rationale: 'Tested' }));
    const approveWith = async (p: number, i: number): Promise<void> => {
      await as(ctx, 'Rita Officer', 'risk_officer');
      const d = ok<Assessment>(await dispatch(ctx, 'assessments.start', { ref: 'MDL-0001' }));
      const s = ok<Assessment>(await dispatch(ctx, 'assessments.save', { id: d.id, expectedUpdatedAt: d.updatedAt, risks: risks(p, i) }));
      const sub = ok<Assessment>(await dispatch(ctx, 'assessments.submit', { id: s.id, expectedUpdatedAt: s.updatedAt }));
      await as(ctx, 'Lea Lead', 'review_lead');
      ok(await dispatch(ctx, 'assessments.approve', { id: sub.id, comment: 'ok' }));
    };
    await approveWith(1, 2); // Low
    now = new Date('2026-09-01T09:00:00Z');
    await approveWith(5, 5); // Critical
    now = new Date('2026-10-01T09:00:00Z');
    const before = text((await report(ctx, { kind: 'model', ref: 'MDL-0001', asOf: '2026-06-30' })).file);
    const after = text((await report(ctx, { kind: 'model', ref: 'MDL-0001', asOf: '2026-09-30' })).file);
    expect(before).toMatch(/Rating \/ next review\s+Low/);
    expect(before).toContain('Current scores — version 1, approved 2026-03-01');
    expect(before).not.toContain('Critical /');
    expect(after).toMatch(/Rating \/ next review\s+Critical/);
    expect(after).toContain('Current scores — version 2, approved 2026-09-01');
    // Non-Latin names print (fonts embedded): CJK and Greek.
    expect(before).toContain('信用评分');
    expect(before).toContain('Ωμέγα');
    // Before the model existed there is nothing to report on.
    const early = ok<JobState>(await dispatch(ctx, 'jobs.start', { task: { kind: 'report', request: { kind: 'model', ref: 'MDL-0001', asOf: '2026-01-01' } } }));
    expect(await ctx.jobs.wait(early.id)).toMatchObject({ state: 'failed', error: { message: 'MDL-0001 did not exist yet on 2026-01-01' } });
  });

  it('a cancelled report registers nothing', async () => {
    const now = new Date('2026-11-20T12:00:00Z');
    const { ctx } = await tempRuntime(undefined, () => now);
    await seedDemo(ctx, { models: 125, seed: 1 });
    await as(ctx, 'Aude Auditor', 'auditor');
    const job = ok<JobState>(await dispatch(ctx, 'jobs.start', { task: { kind: 'report', request: { kind: 'portfolio', asOf: '2026-11-20' } } }));
    // Cancelled at its first progress report: the worker is then surely at work.
    await expect.poll(async () => ok<JobState>(await dispatch(ctx, 'jobs.get', { id: job.id })).done, { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
    ok(await dispatch(ctx, 'jobs.cancel', { id: job.id }));
    expect(await ctx.jobs.wait(job.id)).toMatchObject({ state: 'cancelled' });
    expect(ok<ReportRegisterRow[]>(await dispatch(ctx, 'reports.list', {}))).toEqual([]);
    // A portfolio this size renders its parts on a pool of workers: still the same bytes twice.
    const first = await report(ctx, { kind: 'portfolio', asOf: '2026-11-20' });
    const second = await report(ctx, { kind: 'portfolio', asOf: '2026-11-20' });
    expect(first.result.register.sha256).toBe(second.result.register.sha256);
    expect(first.result.register.models).toBe(125);
  }, 120_000);
});
