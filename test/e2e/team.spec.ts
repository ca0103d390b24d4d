/**
 * Two people at two desks on one team database (this spec's own PostgreSQL cluster): Rita, a
 * risk officer, has her submitted assessment open in her browser host; Lea, a review lead,
 * approves it from hers; Rita's open page shows the approval without a reload, with a quiet
 * note of who did it. Each host is signed in as its own PostgreSQL login (the directory's).
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type Cluster } from '../helpers/pgCluster';
import { emptyRisks } from '../../shared/assessment';
import { createModel, expect, startHost, test, type Host } from './fixtures';

let cluster: Cluster;
const children: ChildProcess[] = [];
let dir = '';
test.beforeAll(async () => {
  cluster = await startCluster();
  dir = mkdtempSync(join(tmpdir(), 'mrd-e2e-team-'));
});
test.afterAll(async () => {
  for (const c of children) {
    c.kill('SIGTERM');
    await new Promise((ok) => c.once('exit', ok));
  }
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const mrd = (...args: string[]): string => execFileSync(process.execPath, ['bin/mrd.mjs', ...args], { encoding: 'utf8' });
const hostAs = async (url: string, login: string): Promise<Host> => {
  const { host, child } = await startHost(dir, url.replace('postgres://postgres@', `postgres://${login}@`));
  children.push(child);
  return host;
};

test('an officer submits, a lead approves at another desk, and the officer\'s open page updates', async ({ browser }) => {
  cluster.psql('create database team_e2e');
  const url = cluster.url('team_e2e');
  mrd('--db', url, 'team', 'init');
  mrd('--db', url, 'team', 'add-user', 'rita', '--role', 'risk_officer', '--name', 'Rita Officer');
  mrd('--db', url, 'team', 'add-user', 'lea', '--role', 'review_lead', '--name', 'Lea Lead');
  const rita = await hostAs(url, 'rita');
  const lea = await hostAs(url, 'lea');

  await createModel(rita, 'MDL-0001', 'Card fraud detection');
  const draft = (await rita.call('assessments.start', { ref: 'MDL-0001' })) as { id: number; updatedAt: string };
  const risks = emptyRisks().map((r) => ({ ...r, inherentProbability: 3, inherentImpact: 4, controls: 'Weekly monitoring', residualProbability: 2, residualImpact: 2, treatment: 'mitigate', rationale: 'Controls tested' }));
  const saved = (await rita.call('assessments.save', { id: draft.id, expectedUpdatedAt: draft.updatedAt, risks })) as { id: number; updatedAt: string };
  await rita.call('assessments.submit', { id: saved.id, expectedUpdatedAt: saved.updatedAt });

  const page = await (await browser.newContext()).newPage();
  await page.goto(rita.url);
  await page.evaluate((id) => (window.location.hash = `#/models/MDL-0001/assessments/${id}`), draft.id);
  await expect(page.getByText(/^Submitted by Rita Officer on/)).toBeVisible();
  // The profile is the directory's, not editable.
  await expect(page.getByLabel('Current user')).toContainText('Rita Officer');

  await lea.call('assessments.approve', { id: draft.id, comment: 'Agreed at the review meeting' });
  await expect(page.getByText(/^Approved by Lea Lead on .*Agreed at the review meeting/)).toBeVisible();
  await expect(page.getByText('Lea Lead approved assessment MDL-0001#1').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/e2e/team-approved-live.png' });

  // Settings › Profile: who the database says she is, with nothing to edit.
  await page.evaluate(() => (window.location.hash = '#/settings'));
  const profile = page.getByRole('region', { name: 'Profile' });
  await expect(profile.getByLabel('Who you are')).toContainText('Rita Officer');
  await expect(profile.getByLabel('Who you are')).toContainText('rita');
  await expect(profile.getByText(/^Verified PostgreSQL logins/)).toBeVisible();
  await expect(profile.getByRole('textbox')).toHaveCount(0);
  await profile.screenshot({ path: 'test-results/e2e/team-profile.png' });
});

test('an assessment someone else has open for editing shows who and since when, and stops when they leave', async ({ browser }) => {
  cluster.psql('create database team_e2e_presence');
  const url = cluster.url('team_e2e_presence');
  mrd('--db', url, 'team', 'init');
  mrd('--db', url, 'team', 'add-user', 'rita', '--role', 'risk_officer', '--name', 'Rita Officer');
  mrd('--db', url, 'team', 'add-user', 'lea', '--role', 'review_lead', '--name', 'Lea Lead');
  const rita = await hostAs(url, 'rita');
  const lea = await hostAs(url, 'lea');
  await createModel(rita, 'MDL-0001', 'Card fraud detection');
  const draft = (await rita.call('assessments.start', { ref: 'MDL-0001' })) as { id: number };

  const open = async (host: Host) => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(host.url);
    await page.evaluate((id) => (window.location.hash = `#/models/MDL-0001/assessments/${id}`), draft.id);
    await expect(page.getByRole('button', { name: 'Save draft' })).toBeVisible();
    return page;
  };
  const ritaPage = await open(rita);
  const leaPage = await open(lea);
  await expect(leaPage.getByRole('status', { name: 'Also editing' })).toHaveText(/^Rita Officer \(rita\) has this assessment open for editing since \d{2}:\d{2}/);
  // Rita hears that Lea opened it (NOTIFY), without waiting for her next renewal.
  await expect(ritaPage.getByRole('status', { name: 'Also editing' })).toHaveText(/^Lea Lead \(lea\) has this assessment open for editing since/);
  await leaPage.screenshot({ path: 'test-results/e2e/team-also-editing.png' });

  // Rita goes back to the model page: Lea's screen stops naming her.
  await ritaPage.getByRole('button', { name: 'Back to MDL-0001' }).click();
  await expect(leaPage.getByRole('status', { name: 'Also editing' })).toHaveCount(0);
});
