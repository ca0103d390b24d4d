/**
 * The findings register as a risk officer uses it: a validation issue recorded by hand, owned
 * by a person of the people list, taken into remediation and closed with a justification and an
 * evidence file whose SHA-256 the register then shows.
 */
import { createHash } from 'node:crypto';
import { expect, test, actAs, createModel } from './fixtures';

test('a finding from open to closed, with its evidence file kept by SHA-256', async ({ page, host }) => {
  await actAs(host, 'Dana Validator', 'risk_officer');
  await actAs(host, 'Rita Officer', 'risk_officer');
  await createModel(host, 'MDL-0007', 'Card fraud detection – Nordics');
  await page.goto(host.url);
  await page.goto(`${host.origin}/#/findings`);
  await expect(page.getByText('No findings yet')).toBeVisible();

  await page.getByRole('button', { name: 'New finding…' }).click();
  const create = page.getByRole('dialog', { name: 'New finding' });
  await create.getByLabel('Model reference').fill('mdl-0007');
  await create.getByLabel('Kind').selectOption('limitation');
  await create.getByLabel('Title').fill('Weekend transactions under-represented');
  await create.getByLabel('Severity').selectOption('high');
  await create.getByLabel('Owner').fill('dana validator');
  await create.getByLabel('Due date').fill('2020-01-31');
  await create.getByLabel('Action plan').fill('Resample weekends; retrain');
  await create.getByRole('button', { name: 'Record the finding' }).click();
  await expect(page.getByText(/^Finding \d+ recorded for MDL-0007$/)).toBeVisible();

  const register = page.getByRole('table', { name: 'Findings register' });
  const row = register.getByRole('row', { name: /Weekend transactions under-represented/ });
  await expect(row).toContainText('Dana Validator');
  await expect(row).toContainText('overdue');
  await expect(page.getByRole('button', { name: '1 overdue' })).toBeVisible();
  await page.screenshot({ path: 'test-results/e2e/findings-register.png' });

  await row.getByRole('button', { name: /^Open finding/ }).click();
  let panel = page.getByRole('dialog', { name: /^Finding \d+ · MDL-0007$/ });
  await panel.getByRole('button', { name: 'Start remediation' }).click();
  await expect(row).toContainText('In remediation');

  await row.getByRole('button', { name: /^Open finding/ }).click();
  panel = page.getByRole('dialog', { name: /^Finding \d+ · MDL-0007$/ });
  await panel.getByRole('button', { name: 'Close…' }).click();
  await panel.getByRole('button', { name: 'Close the finding' }).click();
  await expect(panel.getByRole('alert')).toContainText('justification of at least 10 characters');
  const evidence = Buffer.from('Retraining report: weekend recall 0.86 on the hold-out set\n');
  await panel.getByLabel('Justification').fill('Retrained with resampled weekends; recall 0.86 on the hold-out set');
  await panel.getByLabel('Evidence files').setInputFiles({ name: 'retraining-report.txt', mimeType: 'text/plain', buffer: evidence });
  await panel.getByRole('button', { name: 'Close the finding' }).click();
  await expect(panel).toBeHidden();

  // Closed findings leave the default view ("Not closed"); any remediation shows it again.
  await expect(register.getByRole('row', { name: /Weekend transactions/ })).toHaveCount(0);
  await page.getByRole('group', { name: 'Findings filters' }).getByLabel('Remediation').selectOption('closed');
  await register.getByRole('row', { name: /Weekend transactions/ }).getByRole('button', { name: /^Open finding/ }).click();
  panel = page.getByRole('dialog', { name: /^Finding \d+ · MDL-0007$/ });
  await expect(panel.getByRole('heading', { name: /^Closed \d{4}-\d{2}-\d{2} by Rita Officer$/ })).toBeVisible();
  await expect(panel.getByRole('table', { name: 'Evidence' })).toContainText(createHash('sha256').update(evidence).digest('hex'));
  await expect(panel.getByRole('table', { name: 'Evidence' })).toContainText('retraining-report.txt');
  await panel.screenshot({ path: 'test-results/e2e/finding-closed.png' });
});
