/**
 * Treatment plans and risk acceptance as officers and leads use them: an action planned on a
 * mitigated risk and carried to done with evidence after approval; a risk accepted by the lead
 * who approves (justification, expiry within the policy); and an acceptance that has expired,
 * listed in My work and bringing the review forward.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { expect, test, actAs, allowSharedComputer, createModel, startHost } from './fixtures';
import { emptyRisks, type Assessment } from '../../shared/assessment';
import { dispatch } from '../../electron/handlers';
import { createRuntime } from '../../electron/runtime';
import { as } from '../helpers/people';
import { ok } from '../helpers/result';
import { emptyModelInput } from '../../shared/model';

/** Risk 1 mitigated, risk 2 accepted at a High residual (2 × 5), the others mitigated. */
const risks = () => emptyRisks().map((r, i) => ({ ...r, inherentProbability: 4, inherentImpact: 5, controls: 'Weekly drift monitor', residualProbability: 2, residualImpact: i === 1 ? 5 : 2, treatment: i === 1 ? 'accept' : 'mitigate', rationale: 'Controls tested' }));

test('a treatment plan and an acceptance: actions planned on a mitigated risk, the accepted risk accepted by the approving lead, an action done with evidence after approval', async ({ page, host }) => {
  await actAs(host, 'Lea Lead', 'review_lead');
  await allowSharedComputer(host);
  await actAs(host, 'Rita Officer', 'risk_officer');
  await createModel(host, 'MDL-0042', 'Card fraud detection – Nordics');
  const a = (await host.call('assessments.start', { ref: 'MDL-0042' })) as { id: number; updatedAt: string };
  await host.call('assessments.save', { id: a.id, expectedUpdatedAt: a.updatedAt, risks: risks() });

  await page.goto(host.url);
  await page.goto(`${host.origin}/#/models/MDL-0042/assessments/${a.id}`);
  const plan = page.getByRole('region', { name: 'Treatment plan for Unavailability' });
  await expect(plan).toContainText('No action planned yet');
  const add = plan.getByRole('group', { name: 'New action for Unavailability' });
  await add.getByRole('button', { name: 'Add action' }).click();
  await expect(add.getByText('say what the action is')).toBeVisible();
  await add.getByLabel('New action').fill('Add a fallback rule set for scoring outages');
  await add.getByLabel('Action owner').fill('rita officer');
  await add.getByLabel('Action due date').fill('2027-02-28');
  await add.getByRole('button', { name: 'Add action' }).click();
  const actions = plan.getByRole('table', { name: 'Actions for Unavailability' });
  await expect(actions.getByRole('row', { name: /Add a fallback rule set/ })).toContainText('Rita Officer');
  await expect(page.getByRole('region', { name: 'Risk acceptance for Bad prediction' })).toContainText('at most 12 months for a High residual risk');
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(page.getByText('Submitted for approval', { exact: true })).toBeVisible();

  // The lead accepts the accepted risk as she approves: without a justification it is refused.
  await actAs(host, 'Lea Lead', 'review_lead');
  await page.reload();
  const acceptance = page.getByRole('group', { name: 'Acceptance of Bad prediction' });
  await expect(acceptance.getByLabel('Acceptance of Bad prediction expires on')).not.toHaveValue('');
  await page.getByRole('button', { name: 'Approve…' }).click();
  await page.getByRole('button', { name: 'Confirm approval' }).click();
  await expect(acceptance.getByText(/an acceptance needs a justification of at least 10 characters/)).toBeVisible();
  await acceptance.getByLabel('Justification for Bad prediction').fill('Loss per wrong decision is small and capped by the limit system.');
  await acceptance.getByLabel('Acceptance of Bad prediction expires on').fill('2027-06-30');
  await page.getByRole('button', { name: 'Approve…' }).click();
  await expect(page.getByRole('group', { name: 'Confirm the approval' })).toContainText('You accept Bad prediction until 2027-06-30');
  await page.getByRole('button', { name: 'Confirm approval' }).click();
  await expect(page.getByText(/^Approved by Lea Lead on/)).toBeVisible();
  const note = page.getByRole('note', { name: 'Acceptance of Bad prediction' });
  await expect(note).toContainText('Accepted (High residual) by Lea Lead');
  await expect(note).toContainText('until 2027-06-30');
  await page.getByRole('group', { name: '2. Bad prediction' }).screenshot({ path: 'test-results/e2e/assessment-acceptance.png' });

  // After approval the action still progresses: done, with a note and an evidence file.
  await actAs(host, 'Rita Officer', 'risk_officer');
  await page.reload();
  await actions.getByRole('button', { name: /^Open action/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Action \d+ · MDL-0042$/ });
  await dialog.getByRole('button', { name: 'Done…' }).click();
  const evidence = Buffer.from('Failover drill 2027-01-10: the fallback rules served all traffic\n');
  await dialog.getByLabel('Note').fill('Fallback rules deployed and drilled');
  await dialog.getByLabel('Evidence files').setInputFiles({ name: 'drill.txt', mimeType: 'text/plain', buffer: evidence });
  await dialog.getByRole('button', { name: 'Mark as done' }).click();
  await expect(dialog).toBeHidden();
  await expect(actions.getByRole('row', { name: /Add a fallback rule set/ })).toContainText('Done');
  await actions.getByRole('button', { name: /^Open action/ }).click();
  await expect(page.getByRole('table', { name: 'Evidence' })).toContainText(createHash('sha256').update(evidence).digest('hex'));
  await page.keyboard.press('Escape');
  await page.getByRole('group', { name: '1. Unavailability' }).screenshot({ path: 'test-results/e2e/assessment-treatment-plan.png' });

  // The model page gathers the plan and the acceptances.
  await page.goto(`${host.origin}/#/models/MDL-0042`);
  const section = page.getByRole('region', { name: 'Treatment plan and acceptances' });
  await expect(section.getByRole('table', { name: 'Risk acceptances' })).toContainText('Lea Lead');
  await expect(section.getByRole('table', { name: 'Treatment actions' })).toContainText('Unavailability: Add a fallback rule set');
});

test('an acceptance that has expired is listed in My work and brings the review forward until the model is reassessed', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'mrd-e2e-'));
  try {
    // A year ago a lead accepted a risk for three months: written through the handlers at that date.
    const past = new Date(Date.now() - 365 * 86_400_000);
    const day = (d: Date): string => d.toISOString().slice(0, 10);
    const rt = await createRuntime(join(dir, 'mrd.db'), { now: () => past });
    await as(rt.ctx, 'Lea Lead', 'review_lead');
    await as(rt.ctx, 'Rita Officer', 'risk_officer');
    ok(await dispatch(rt.ctx, 'models.create', { ...emptyModelInput(), ref: 'MDL-0007', name: 'Churn – retail', purpose: 'Churn', businessUnit: 'Retail', owner: 'Ana', developers: ['Ben'], validator: 'Cleo', status: 'production', tier: 2 }));
    const a = ok<Assessment>(await dispatch(rt.ctx, 'assessments.start', { ref: 'MDL-0007' }));
    const s = ok<Assessment>(await dispatch(rt.ctx, 'assessments.save', { id: a.id, expectedUpdatedAt: a.updatedAt, risks: risks() }));
    ok(await dispatch(rt.ctx, 'assessments.submit', { id: s.id, expectedUpdatedAt: s.updatedAt }));
    await as(rt.ctx, 'Lea Lead', 'review_lead');
    const expiresOn = day(new Date(past.getTime() + 90 * 86_400_000));
    ok(await dispatch(rt.ctx, 'assessments.approve', { id: a.id, acceptances: [{ category: 'bad_prediction', justification: 'Tolerable until the retraining in the spring', expiresOn }] }));
    rt.close();

    const { host, child } = await startHost(dir);
    try {
      await actAs(host, 'Rita Officer', 'risk_officer');
      await page.goto(host.url);
      const expired = page.getByRole('table', { name: 'Risk acceptances expiring' });
      const row = expired.getByRole('row', { name: /MDL-0007/ });
      await expect(row).toContainText('Bad prediction');
      await expect(row).toContainText(expiresOn);
      await expect(row).toContainText('Expired');
      await expect(row).toContainText('until reassessed');
      await page.screenshot({ path: 'test-results/e2e/my-work-expired-acceptance.png', fullPage: true });
      await page.goto(`${host.origin}/#/reviews`);
      await expect(page.getByRole('row', { name: /MDL-0007/ })).toContainText(`acceptance of the risk “Bad prediction” expired on ${expiresOn}`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
