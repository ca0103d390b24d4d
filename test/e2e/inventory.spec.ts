import { expect, openApp, test } from './fixtures';

test('create a model, find it by search, edit it, see a validation error, retire it', async ({ page, demo }) => {
  await openApp(page, demo);
  await expect(page.getByText('250 of 250 models')).toBeVisible();

  // Create, first with a mistake the form must catch before anything is saved.
  await page.getByRole('button', { name: '+ New model' }).click();
  const form = page.getByRole('dialog', { name: 'New model' });
  await expect(form.getByLabel('Reference')).toHaveValue('MDL-0251');
  await form.getByLabel('Name', { exact: true }).fill('Mortgage affordability – UK');
  await form.getByLabel('Purpose', { exact: true }).fill('Estimates whether applicants can afford their repayments.');
  await form.getByLabel('Business unit').fill('Retail Banking');
  await form.getByLabel('Owner').fill('Ana Martin');
  await form.getByLabel('Developers').fill('Ben Okafor, Chloé Rossi');
  await form.getByLabel('Validator').fill('Ben Okafor');
  await form.getByLabel('Lifecycle status').selectOption('validation');
  await form.getByLabel('Validated environment').fill('python=3.11, scikit-learn=1.4.2');
  await form.getByLabel('Tags').fill('credit, tabular');
  await form.getByRole('button', { name: 'Create model' }).click();
  await expect(form.getByText('validator must differ from the developers')).toBeVisible();
  await expect(form.getByLabel('Validator')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Validator')).toBeFocused();
  await expect(page.getByText('250 of 250 models')).toBeVisible();

  await form.getByLabel('Validator').fill('David Nguyen');
  await expect(form.getByText('validator must differ from the developers')).toBeHidden();
  await form.getByRole('button', { name: 'Create model' }).click();
  await expect(page.getByText('Model MDL-0251 created', { exact: true })).toBeVisible();
  await expect(page.getByText('251 of 251 models')).toBeVisible();
  await page.keyboard.press('Escape');

  // Find it by the global search.
  // Every word, in any order, whatever the case and accents.
  await page.getByRole('searchbox', { name: 'Search models' }).fill('UK MORTGAGE affordabilíty');
  await expect(page.getByText('1 of 251 models')).toBeVisible();
  const row = page.getByRole('row', { name: /MDL-0251/ });
  await expect(row).toContainText('Mortgage affordability – UK');
  await expect(row).toContainText('validation');

  // Edit: open the detail, change the version, and see a field error for bad input.
  await row.click();
  const detail = page.getByRole('dialog', { name: /MDL-0251/ });
  await detail.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit MDL-0251' });
  await edit.getByLabel('People able to maintain it').fill('many');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit.getByText('maintainers must be a number')).toBeVisible();
  await edit.getByLabel('People able to maintain it').fill('3');
  await edit.getByLabel('Version').fill('2.1.0');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Model MDL-0251 saved', { exact: true })).toBeVisible();
  await expect(edit).toBeHidden();
  await expect(detail).toContainText('2.1.0');

  // Retire, with a reason; it stays in the inventory, read-only.
  await detail.getByRole('button', { name: 'Retire…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Retire MDL-0251?' });
  await confirm.getByRole('button', { name: 'Retire model' }).click();
  await expect(confirm.getByText('at least 3 characters')).toBeVisible();
  await confirm.getByLabel('Reason').fill('Replaced by the group-wide affordability model');
  await confirm.getByRole('button', { name: 'Retire model' }).click();
  await expect(page.getByText('Model MDL-0251 retired', { exact: true })).toBeVisible();
  await expect(detail).toContainText('Retired on');
  await expect(detail.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await detail.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('row', { name: /MDL-0251/ })).toContainText('retired');

  // The change survived on the backend, not just in the page.
  await page.reload();
  await page.getByRole('searchbox', { name: 'Search models' }).fill('MDL-0251');
  await expect(page.getByRole('row', { name: /MDL-0251/ })).toContainText('2.1.0');
  await expect(page.getByRole('row', { name: /MDL-0251/ })).toContainText('retired');
});

test('sort, filter per column, hide columns and hide retired models', async ({ page, demo }) => {
  await openApp(page, demo);
  const firstRow = page.locator('tbody tr').first();
  await expect(firstRow).toContainText('MDL-0001');

  await page.getByRole('button', { name: 'Ref' }).click(); // ascending → descending
  await expect(page.getByRole('columnheader', { name: 'Ref' })).toHaveAttribute('aria-sort', 'descending');
  await expect(firstRow).toContainText('MDL-0250');

  await page.getByLabel('Filter Status').selectOption('production');
  const count = page.getByText(/^\d+ of 250 models$/);
  const shown = Number((await count.textContent())?.split(' ')[0]);
  expect(shown).toBeGreaterThan(50);
  expect(shown).toBeLessThan(250);
  // Cells are read by their column's place among the headers.
  const column = async (name: string): Promise<string> => `tbody tr td:nth-child(${(await page.locator('thead tr').first().getByRole('columnheader').allTextContents()).findIndex((h) => h.trim() === name) + 1})`;
  for (const status of await page.locator(await column('Status')).allTextContents()) expect(status).toBe('production');

  await page.getByLabel('Filter Business unit').fill('Treasury');
  for (const unit of await page.locator(await column('Business unit')).allTextContents()) expect(unit).toBe('Treasury');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByText('250 of 250 models')).toBeVisible();

  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('menuitemcheckbox', { name: 'Owner' }).click();
  await page.getByRole('menuitemcheckbox', { name: 'Validator' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('columnheader', { name: 'Owner' })).toHaveCount(0);
  await expect(page.getByRole('columnheader', { name: 'Validator' })).toBeVisible();

  await page.getByLabel('Show retired').uncheck();
  const active = Number((await page.getByText(/^\d+ of \d+ models$/).textContent())?.split(' ')[0]);
  expect(active).toBeLessThan(250);
  await page.getByLabel('Filter Status').selectOption('retired');
  await expect(page.getByText(`0 of ${active} models`)).toBeVisible();
  await expect(page.getByText('No model matches')).toBeVisible();
});

test('keyboard: / searches, N opens a new model, arrows and Enter open a row, Esc closes', async ({ page, demo }) => {
  await openApp(page, demo);
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search models' })).toBeFocused();
  await page.keyboard.type('Treasury');
  await page.keyboard.press('Tab');
  await page.getByRole('searchbox', { name: 'Search models' }).fill('');
  await page.locator('body').click({ position: { x: 5, y: 400 } });

  await page.keyboard.press('n');
  await expect(page.getByRole('dialog', { name: 'New model' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'New model' })).toBeHidden();

  await page.locator('tbody tr').first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('tbody tr[data-index="2"]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: /MDL-0003/ })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Risk matrix' })).toContainText('Almost certain');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
});

test('the API refuses a request without the browser host token', async ({ demo }) => {
  const res = await fetch(`${demo.origin}/api/invoke/models.list`, { method: 'POST', body: '{}' });
  expect(res.status).toBe(401);
  expect(await res.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
});
