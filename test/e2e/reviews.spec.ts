import ICAL from 'ical.js';
import { expect, test, actAs } from './fixtures';

test('a review lead filters the planner, assigns a review and exports the calendar', async ({ page, demo }) => {
  await actAs(demo, 'Lea Lead', 'review_lead');
  await page.goto(demo.url);
  await page.goto(`${demo.origin}/#/dashboard`);
  const overdueCard = page.getByRole('link', { name: /^\d+ Overdue reviews$/ });
  await expect(overdueCard).toBeVisible();
  const overdue = Number(((await overdueCard.textContent()) ?? '').match(/^\d+/)?.[0]);
  expect(overdue).toBeGreaterThan(0);
  await overdueCard.click();

  await expect(page.getByRole('heading', { name: 'Reviews' })).toBeVisible();
  await expect(page.getByText(`${overdue} reviews`)).toBeVisible();
  await expect(page.getByRole('img', { name: /Review timeline/ })).toBeVisible();
  await page.getByRole('button', { name: 'Remove the filter Overdue' }).click();

  const unit = page.getByRole('group', { name: 'Planner filters' }).getByLabel('Business unit');
  await unit.selectOption('Treasury');
  const plan = page.getByRole('table', { name: 'Review plan' });
  const rows = plan.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.locator('td:nth-child(2)').allTextContents()) expect(text).toBe('Treasury');

  const first = rows.first();
  const ref = (await first.locator('td').first().locator('a').textContent())!;
  await first.getByRole('button', { name: `Assign ${ref}` }).click();
  const dialog = page.getByRole('dialog', { name: `Plan the review of ${ref}` });
  await dialog.getByLabel('Reviewer').fill('Omar Haddad');
  await dialog.getByLabel('Planned date').fill('2027-02-15');
  await dialog.getByRole('button', { name: 'Save plan' }).click();
  await expect(page.getByText(`${ref} assigned to Omar Haddad`, { exact: true })).toBeVisible();
  await expect(plan.getByRole('row', { name: new RegExp(ref) })).toContainText('Omar Haddad');
  await expect(page.getByRole('img', { name: 'Planned reviews per reviewer per month' })).toBeVisible();

  await page.getByRole('group', { name: 'Planner filters' }).getByLabel('Reviewer').selectOption('Omar Haddad');
  await expect(rows).toHaveCount(1);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export calendar (.ics)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^model-reviews-\d{4}-\d{2}-\d{2}\.ics$/);
  const ics = Buffer.concat(await (await file.createReadStream()).toArray()).toString('utf8');
  const events = ICAL.Component.fromString(ics).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const mine = events.find((e) => e.summary.startsWith(`Review ${ref} `));
  expect(mine?.startDate.toString()).toBe('2027-02-15');
  expect(mine?.description).toContain('Reviewer: Omar Haddad');
  await page.screenshot({ path: 'test-results/e2e/review-planner.png', fullPage: false });
});
