import type { Locator, Page } from '@playwright/test';
import { actAs, allowSharedComputer, createModel, expect, test } from './fixtures';

const CATEGORIES = ['1. Unavailability', '2. Bad prediction', '3. Degradation', '4. Skills loss'];

/** Presses Tab (only Tab) until `target` has the focus, as a keyboard user moves through a page. */
const tabTo = async (page: Page, target: Locator, max = 400): Promise<void> => {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${String(target)} cannot be reached with Tab`);
};

test('assess → submit → approve with the keyboard alone (Tab, typing, Enter; no mouse, no programmatic focus)', async ({ page, demo }) => {
  await createModel(demo, 'MDL-0910', 'Keyboard path');
  await page.goto(demo.url);
  await expect(page.getByRole('heading', { name: 'My work' })).toBeVisible();
  await page.goto(`${demo.origin}/#/models/MDL-0910`);
  await expect(page.getByRole('heading', { name: /^MDL-0910/ })).toBeVisible();

  // Risk officer.
  await tabTo(page, page.getByRole('button', { name: 'Start assessment' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Assessment v1 · MDL-0910' })).toBeVisible();
  for (const name of CATEGORIES) {
    const risk = page.getByRole('group', { name });
    const fill = async (label: string, text: string): Promise<void> => {
      await tabTo(page, risk.getByLabel(label, { exact: true }));
      await page.keyboard.type(text);
    };
    await fill('Inherent probability', '4');
    await fill('Inherent impact', '4');
    await fill('Existing controls', 'Fallback rules; weekly drift report');
    await fill('Residual probability', '2');
    await fill('Residual impact', '3');
    await fill('Treatment', 'm');
    await fill('Rationale', 'Controls tested at the last review.');
    await expect(risk.getByText('Residual: Medium (6)')).toBeVisible();
  }
  await page.keyboard.press('Control+s');
  await expect(page.getByText('Draft saved', { exact: true })).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Submit for approval' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Submitted for approval', { exact: true })).toBeVisible();

  // Review lead (another person at the same desk: the profile is switched, then keyboard only).
  await actAs(demo, 'Lea Lead', 'review_lead');
  // Rita submitted at this host's OS account: without the policy the decision is refused.
  await page.reload();
  await expect(page.getByText(/under the operating-system account .*, the one you are using/)).toBeVisible();
  await allowSharedComputer(demo);
  await page.reload();
  await tabTo(page, page.getByLabel('Comment'));
  await page.keyboard.type('Agreed from the keyboard.');
  await tabTo(page, page.getByRole('button', { name: 'Approve…' }));
  await page.keyboard.press('Enter');
  // Approving asks once more; the confirmation has the focus.
  await tabTo(page, page.getByRole('button', { name: 'Confirm approval' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Approved by Lea Lead on \d{4}-\d{2}-\d{2} on a shared computer/)).toBeVisible();
  const model = (await demo.call('models.get', { ref: 'MDL-0910' })) as { ref: string };
  expect(model.ref).toBe('MDL-0910');
  const list = (await demo.call('models.list', {})) as { ref: string; rating: { name: string } | null }[];
  expect(list.find((m) => m.ref === 'MDL-0910')?.rating?.name).toBe('Medium');
});
