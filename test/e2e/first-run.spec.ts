import { expect, test } from './fixtures';

test('first run asks who you are, then offers an empty or a demo portfolio', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Model Risk Desk' })).toBeVisible();

  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('name needs at least 2 characters')).toBeVisible();
  await expect(page.getByText('role must be risk officer, review lead or auditor')).toBeVisible();

  await page.getByLabel('Your name').fill('Lea Lead');
  await page.getByRole('radio', { name: /Review lead/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('heading', { name: 'Start your portfolio' })).toBeVisible();
  await page.getByRole('button', { name: /Demo portfolio/ }).click();

  // The demo's two years are replayed through the handlers: a few seconds, longer on a busy machine.
  // It lands on My work: the demo's submissions wait for this review lead's decision.
  await expect(page.getByRole('heading', { name: 'My work' })).toBeVisible({ timeout: 45_000 });
  await expect(page.getByRole('table', { name: 'Submissions awaiting your decision' }).getByRole('row')).not.toHaveCount(0);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Inventory/ }).click();
  await expect(page.getByText('250 of 250 models')).toBeVisible();
  await expect(page.getByLabel('Current user')).toContainText('Lea Lead');
  await expect(page.getByLabel('Current user')).toContainText('Review lead');
  await expect(page.getByRole('row', { name: /MDL-0001/ })).toBeVisible();

  // The choice is remembered: opening the app again goes straight to My work.
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'My work' })).toBeVisible();
});

test('an empty portfolio shows an empty state that invites the first model', async ({ page, host }) => {
  await host.call('profile.save', { name: 'Rita Officer', role: 'risk_officer' });
  await page.goto(host.url);
  await page.getByRole('button', { name: /Empty portfolio/ }).click();
  await expect(page.getByText('No models yet')).toBeVisible();
  await page.getByRole('main').getByRole('button', { name: '+ New model' }).last().click();
  await expect(page.getByRole('dialog', { name: 'New model' })).toBeVisible();
  await expect(page.getByLabel('Reference')).toHaveValue('MDL-0001');
});
