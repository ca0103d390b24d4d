/**
 * My work as a review lead meets it: the landing screen lists the submission waiting for her
 * decision, the row opens it, she approves (confirming), and the queue and its count in the
 * navigation empty.
 */
import { expect, test, actAs, allowSharedComputer, createModel } from './fixtures';
import { emptyRisks } from '../../shared/assessment';

test('My work → decide: a submission waiting for the lead opens from the landing screen and leaves the queue once approved', async ({ page, host }) => {
  await actAs(host, 'Lea Lead', 'review_lead');
  await allowSharedComputer(host);
  await actAs(host, 'Rita Officer', 'risk_officer');
  await createModel(host, 'MDL-0042', 'Card fraud detection – Nordics');
  const a = (await host.call('assessments.start', { ref: 'MDL-0042' })) as { id: number; updatedAt: string };
  const risks = emptyRisks().map((r) => ({ ...r, inherentProbability: 4, inherentImpact: 4, controls: 'Weekly drift monitor', residualProbability: 2, residualImpact: 3, treatment: 'mitigate', rationale: 'Controls tested' }));
  const s = (await host.call('assessments.save', { id: a.id, expectedUpdatedAt: a.updatedAt, risks })) as { updatedAt: string };
  await host.call('assessments.submit', { id: a.id, expectedUpdatedAt: s.updatedAt });

  // Rita's own submission is not hers to decide: her My work has nothing waiting.
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'My work' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Submissions awaiting your decision/ })).toHaveCount(0);

  await actAs(host, 'Lea Lead', 'review_lead');
  await page.reload();
  const queue = page.getByRole('table', { name: 'Submissions awaiting your decision' });
  await expect(queue.getByRole('row', { name: /MDL-0042 Card fraud detection – Nordics/ })).toContainText('Rita Officer');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByLabel('1 waiting')).toBeVisible();
  await page.screenshot({ path: 'test-results/e2e/my-work.png' });

  await queue.getByRole('link', { name: 'Decide v1' }).click();
  await expect(page.getByRole('heading', { name: 'Assessment v1 · MDL-0042' })).toBeVisible();
  await page.getByLabel('Comment').fill('Agreed at the review meeting.');
  await page.getByRole('button', { name: 'Approve…' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm the approval' });
  await expect(confirm).toContainText('Approve MDL-0042 v1?');
  // Cancel changes nothing; approving needs the confirmation.
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText(/^Approved by/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Approve…' }).click();
  await confirm.getByRole('button', { name: 'Confirm approval' }).click();
  await expect(page.getByText(/^Approved by Lea Lead on/)).toBeVisible();

  await page.keyboard.press('g');
  await page.keyboard.press('w');
  await expect(page.getByRole('heading', { name: 'My work' })).toBeVisible();
  await expect(page.getByText('No submission waits for a decision.')).toBeVisible();
  await expect(nav.getByLabel('1 waiting')).toHaveCount(0);
});
