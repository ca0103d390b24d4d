import { expect, openApp, test, actAs } from './fixtures';

const HEADER = 'ref,name,version,status,business_unit,owner,developers,validator,purpose';

test('import an inventory CSV after a preview that names bad rows; export the register', async ({ page, demo }) => {
  await openApp(page, demo);
  await expect(page.getByText('250 of 250 models')).toBeVisible();

  const bad = [HEADER, 'MDL-0500,Churn – NL,1.0,development,Retail,Ana,Ben,,Churn risk', 'MDL-0501,Fraud – NL,1.0,production,Cards,Ana,Ben,Ben,Fraud'].join('\n');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('menuitem', { name: 'Import inventory CSV…' }).click();
  await page.getByLabel('Inventory CSV file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  const dialog = page.getByRole('dialog', { name: 'Import bad.csv' });
  await expect(dialog.getByRole('table', { name: 'Rows with errors' })).toContainText('3validator: validator must differ from the developers');
  await expect(dialog.getByRole('button', { name: 'Import 1 models' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('250 of 250 models')).toBeVisible();

  const good = bad.replace('Ben,Ben,Fraud', 'Ben,Cleo,Fraud');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('menuitem', { name: 'Import inventory CSV…' }).click();
  await page.getByLabel('Inventory CSV file').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.getByRole('dialog', { name: 'Import good.csv' }).getByRole('button', { name: 'Import 2 models' }).click();
  await expect(page.getByText('Imported 2 models from good.csv', { exact: true })).toBeVisible();
  await expect(page.getByText('252 of 252 models')).toBeVisible();

  await page.getByRole('button', { name: 'Register' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Export inventory (CSV)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^model-inventory-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await (await file.createReadStream()).toArray();
  expect(Buffer.concat(text).toString('utf8').split('\r\n').filter(Boolean)).toHaveLength(253);
});

test('an auditor can export but not import or create', async ({ page, demo }) => {
  await actAs(demo, 'Aude Auditor', 'auditor');
  await openApp(page, demo);
  await expect(page.getByRole('button', { name: '+ New model' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('menuitem', { name: 'Export all assessments (CSV)' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Import inventory CSV…' })).toHaveCount(0);
});
