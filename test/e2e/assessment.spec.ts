import type { Page } from '@playwright/test';
import { actAs, allowSharedComputer, createModel, expect, test, type Host } from './fixtures';

const CATEGORIES = ['1. Unavailability', '2. Bad prediction', '3. Degradation', '4. Skills loss'];

const cellCount = async (page: Page, cell: string): Promise<number> => {
  const text = (await page.locator(`[data-cell="${cell}"] text`).first().textContent().catch(() => null)) ?? '';
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : 0;
};

const openDashboard = async (page: Page, host: Host): Promise<void> => {
  await page.goto(`${host.origin}/#/dashboard`);
  await expect(page.getByRole('group', { name: /Heat map, residual risk/ })).toBeVisible();
};

/** Chooses an option of a focused select by typing its first character, as a keyboard user does. */
const typeInto = async (page: Page, locator: ReturnType<Page['locator']>, text: string): Promise<void> => {
  await locator.focus();
  await page.keyboard.type(text);
};

test('a risk officer scores and submits with the keyboard, a review lead approves, an auditor only reads, the heat map counts it', async ({ page, demo }) => {
  await createModel(demo, 'MDL-0900', 'Pricing engine – EU');
  // The page loads the app with the token once; later navigation keeps it in the tab.
  await page.goto(demo.url);
  await expect(page.getByRole('heading', { name: 'My work' })).toBeVisible();
  await openDashboard(page, demo);
  const before = await cellCount(page, '2:3');

  // Risk officer: start and fill the four risks from the keyboard only.
  await page.goto(`${demo.origin}/#/models/MDL-0900`);
  await expect(page.getByLabel('Overall rating')).toHaveText('Unassessed');
  await page.getByRole('button', { name: 'Start assessment' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Assessment v1 · MDL-0900' })).toBeVisible();
  for (const name of CATEGORIES) {
    const risk = page.getByRole('group', { name });
    await typeInto(page, risk.getByLabel('Inherent probability'), '4');
    await typeInto(page, risk.getByLabel('Inherent impact'), '4');
    await typeInto(page, risk.getByLabel('Existing controls'), 'Fallback rules; weekly drift report');
    await typeInto(page, risk.getByLabel('Residual probability'), '2');
    await typeInto(page, risk.getByLabel('Residual impact'), '3');
    await typeInto(page, risk.getByLabel('Treatment'), 'm');
    await typeInto(page, risk.getByLabel('Rationale'), 'Controls tested at the last review.');
    await expect(risk.getByText('Residual: Medium (6)')).toBeVisible();
    await expect(risk.getByText('Inherent: High (16)')).toBeVisible();
  }
  // An inconsistency shows inline while typing, and goes away when fixed.
  const first = page.getByRole('group', { name: CATEGORIES[0] });
  await typeInto(page, first.getByLabel('Residual probability'), '5');
  await expect(first.getByText('Inconsistent: residual is above inherent')).toBeVisible();
  for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowUp'); // 5 → 2
  await expect(first.getByLabel('Residual probability')).toHaveValue('2');
  await expect(first.getByText(/Inconsistent/)).toBeHidden();

  await page.keyboard.press('Control+s');
  await expect(page.getByText('Draft saved', { exact: true })).toBeVisible();
  await page.screenshot({ path: 'test-results/e2e/assessment-screen.png', fullPage: false });
  await page.getByRole('button', { name: 'Submit for approval' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Submitted for approval', { exact: true })).toBeVisible();
  await expect(page.getByText('awaiting a review lead other than Rita Officer')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Approve…' })).toHaveCount(0);

  // Review lead: approves with a comment.
  await actAs(demo, 'Lea Lead', 'review_lead');
  await allowSharedComputer(demo);
  await page.reload();
  await expect(page.getByText(/your decision will be marked as made on a shared computer/)).toBeVisible();
  await page.getByLabel('Comment').fill('Agreed; drift report attached.');
  await page.getByRole('button', { name: 'Approve…' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Confirm the approval' })).toContainText('can no longer change');
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Approved by Lea Lead/)).toBeVisible();
  await expect(page.getByRole('group', { name: CATEGORIES[0] }).getByLabel('Inherent probability')).toBeDisabled();

  // Auditor: reads everything, can change nothing.
  await actAs(demo, 'Aude Auditor', 'auditor');
  await page.reload();
  await expect(page.getByText('You are signed in as an auditor: read only.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save draft' })).toHaveCount(0);
  await page.goto(`${demo.origin}/#/models/MDL-0900`);
  await expect(page.getByLabel('Overall rating')).toHaveText('Rating: Medium');
  await expect(page.getByRole('button', { name: /Start reassessment/ })).toHaveCount(0);
  await expect(page.getByRole('row', { name: /v1 approved Rita Officer/ })).toBeVisible();

  // The heat map cell of that assessment counts one more model, and opens it in the inventory.
  await openDashboard(page, demo);
  await expect.poll(() => cellCount(page, '2:3')).toBe(before + 1);
  await page.screenshot({ path: 'test-results/e2e/heat-map.png' });
  await page.locator('[data-cell="2:3"]').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Inventory' })).toBeVisible();
  await expect(page.getByText(`${before + 1} of ${before + 1} models`)).toBeVisible();
  await expect(page.getByRole('row', { name: /MDL-0900/ })).toContainText('Medium');
});

test('a reassessment starts as a copy and the model page shows what changed', async ({ page, demo }) => {
  await page.goto(demo.url);
  await expect(page.getByRole('heading', { name: 'My work' })).toBeVisible();
  // MDL-0002 has an approved history in the demo; find a model with no work in progress.
  const models = (await demo.call('models.list', {})) as { ref: string; rating: unknown; status: string }[];
  let ref = '';
  for (const m of models.filter((x) => x.rating && x.status !== 'retired')) {
    const history = (await demo.call('assessments.list', { ref: m.ref })) as { status: string }[];
    if (history.every((h) => h.status === 'approved')) {
      ref = m.ref;
      break;
    }
  }
  expect(ref).not.toBe('');
  await page.goto(`${demo.origin}/#/models/${ref}`);
  await page.getByRole('button', { name: /Start reassessment \(copy of v\d+\)/ }).click();
  const risk = page.getByRole('group', { name: CATEGORIES[2] });
  await expect(risk.getByLabel('Inherent probability')).not.toHaveValue('');
  await risk.getByLabel('Rationale').fill('New drift monitor since the last review.');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Draft saved', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: `Back to ${ref}` }).click();
  const diff = page.getByRole('table', { name: /Differences between v\d+ and v\d+/ });
  await expect(diff.getByRole('row', { name: 'Degradation Rationale changed' })).toContainText('New drift monitor since the last review.');
  await expect(page.getByRole('heading', { name: /→ v\d+: 1 change$/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/e2e/version-diff.png', fullPage: true });
});

test('submitting asks first: an unchanged copy for its reason, a flagged risk naming the flag; a refused field is scrolled to and focused', async ({ page, host }) => {
  await actAs(host, 'Lea Lead', 'review_lead');
  await allowSharedComputer(host);
  await actAs(host, 'Rita Officer', 'risk_officer');
  await createModel(host, 'MDL-0300', 'Churn – retail');
  const risks = CATEGORIES.map((_, i) => ({ category: ['unavailability', 'bad_prediction', 'degradation', 'skills_loss'][i], inherentProbability: 3, inherentImpact: 3, controls: 'Fallback rules', residualProbability: 2, residualImpact: 2, treatment: 'mitigate', rationale: 'Controls tested' }));
  const a = (await host.call('assessments.start', { ref: 'MDL-0300' })) as { id: number; updatedAt: string };
  const s = (await host.call('assessments.save', { id: a.id, expectedUpdatedAt: a.updatedAt, risks })) as { updatedAt: string };
  await host.call('assessments.submit', { id: a.id, expectedUpdatedAt: s.updatedAt });
  await actAs(host, 'Lea Lead', 'review_lead');
  await host.call('assessments.approve', { id: a.id });
  await actAs(host, 'Rita Officer', 'risk_officer');

  await page.goto(host.url);
  await page.goto(`${host.origin}/#/models/MDL-0300`);
  await page.getByRole('button', { name: /Start reassessment \(copy of v1\)/ }).click();
  await expect(page.getByRole('heading', { name: 'Assessment v2 · MDL-0300' })).toBeVisible();
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm the submission' });
  const reason = confirm.getByLabel('Why it is submitted unchanged');
  await expect(reason).toBeFocused();
  await confirm.getByRole('button', { name: 'Submit' }).click();
  await expect(confirm.getByText(/at least 10 characters/)).toBeVisible();
  await reason.fill('Reviewed with the model owner: nothing changed.');
  await confirm.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByText('Submitted for approval', { exact: true })).toBeVisible();
  expect(((await host.call('assessments.get', { id: a.id + 1 })) as { assessment: { unchangedReason: string } }).assessment.unchangedReason).toBe('Reviewed with the model owner: nothing changed.');

  // A third version: one risk flagged (residual above inherent), one field left empty.
  await actAs(host, 'Lea Lead', 'review_lead');
  await host.call('assessments.reject', { id: a.id + 1, comment: 'Look at skills loss again' });
  await actAs(host, 'Rita Officer', 'risk_officer');
  await page.reload();
  const skills = page.getByRole('group', { name: CATEGORIES[3] });
  await skills.getByLabel('Residual impact').selectOption('4');
  await expect(skills.getByText('⚠ Inconsistent: residual is above inherent')).toBeVisible();
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(confirm).toContainText('Skills loss: residual is above inherent');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('group', { name: CATEGORIES[0] }).getByLabel('Rationale').fill('');
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await confirm.getByRole('button', { name: 'Submit with these flags' }).click();
  const rationale = page.getByRole('group', { name: CATEGORIES[0] }).getByLabel('Rationale');
  await expect(rationale).toBeFocused();
  await expect(rationale).toBeInViewport();
});

test('the audit log shows the chain intact and filters by action', async ({ page, demo }) => {
  await page.goto(demo.url);
  await page.goto(`${demo.origin}/#/audit`);
  await expect(page.getByText(/Audit chain intact up to #\d+/)).toBeVisible();
  await page.getByLabel('Filter by action').selectOption('seed');
  await expect(page.getByRole('table', { name: 'Audit entries' }).getByRole('row')).toHaveCount(2);
  await expect(page.getByText('1 entries')).toBeVisible();
});
