import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createModel, expect, test } from './fixtures';

const FIXTURES = join(import.meta.dirname, '../fixtures/monitoring');

/** Ten days of ROC AUC and accuracy ending yesterday, accuracy under its lower threshold on the last four. */
const recentExport = (): Buffer => {
  const lines = ['timestamp,metric,value,lower'];
  for (let d = 10; d >= 1; d--) {
    const ts = new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${ts}T00:00:00Z,roc_auc,${(0.95 - (10 - d) / 200).toFixed(3)},0.9`, `${ts}T00:00:00Z,accuracy,${d <= 4 ? '0.86' : '0.93'},0.9`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
};

test('import a monitoring export on the model page, see the findings, and the assessment suggests a probability', async ({ page, demo }) => {
  await createModel(demo, 'MDL-0800', 'Loan default – NL');
  await page.goto(demo.url);
  await page.goto(`${demo.origin}/#/models/MDL-0800`);
  await expect(page.getByText('No monitoring data imported yet.')).toBeVisible();

  await page.getByLabel('Monitoring export file').setInputFiles({ name: 'quality.csv', mimeType: 'text/csv', buffer: recentExport() });
  const preview = page.getByRole('region', { name: 'Import preview' });
  await expect(preview).toContainText('detected, 90 % sure');
  await expect(preview).toContainText('20 values · 2 metrics (accuracy, roc_auc)');
  await expect(preview).toContainText('Degradation — Accuracy, ROC AUC, F1, precision or recall outside their thresholds');
  await preview.getByRole('button', { name: 'Import into MDL-0800' }).click();
  await expect(page.getByText('Imported quality.csv', { exact: true })).toBeVisible();

  const findings = page.getByRole('table', { name: 'Findings' });
  await expect(findings.getByRole('row')).toHaveCount(3);
  await expect(findings).toContainText('Bad prediction');
  await expect(page.getByRole('img', { name: /^accuracy: 10 values/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Review triggers' })).toContainText('monitoring finding: Accuracy, ROC AUC');
  await expect(page.getByRole('table', { name: 'Review triggers' }).getByRole('row')).toHaveCount(2);
  await page.getByRole('region', { name: 'Monitoring' }).screenshot({ path: 'test-results/e2e/monitoring.png' });

  // The same file again is named at its preview, and Import is not offered.
  await page.getByLabel('Monitoring export file').setInputFiles({ name: 'again.csv', mimeType: 'text/csv', buffer: recentExport() });
  const again = page.getByRole('region', { name: 'Import preview' });
  await expect(again.getByRole('alert')).toContainText('Already imported into MDL-0800 on');
  await expect(again.getByRole('alert')).toContainText('as quality.csv');
  await expect(again.getByRole('button', { name: 'Import into MDL-0800' })).toBeDisabled();
  await again.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Start assessment' }).click();
  const evidence = page.getByRole('note', { name: 'Monitoring evidence for Degradation' });
  await expect(evidence).toContainText('1 open finding');
  await expect(evidence).toContainText('Suggested probability: 4 · Likely');
  await evidence.getByRole('button', { name: 'Use it' }).click();
  await expect(page.getByRole('group', { name: '3. Degradation' }).getByLabel('Inherent probability')).toHaveValue('4');
  await expect(page.getByRole('note', { name: 'Monitoring evidence for Unavailability' })).toHaveCount(0);
});

test('a CSV no importer knows goes through the column mapping, which is remembered for the next file', async ({ page, demo }) => {
  await createModel(demo, 'MDL-0801', 'Churn – NL');
  await page.goto(demo.url);
  await page.goto(`${demo.origin}/#/models/MDL-0801`);
  const csv = 'day,auc,latency_p95\n2026-05-01,0.91,120\n2026-05-08,0.88,130\n';
  await page.getByLabel('Monitoring export file').setInputFiles({ name: 'dash.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const mapping = page.getByRole('region', { name: 'Column mapping' });
  await expect(mapping).toContainText('no importer recognises it');
  await mapping.getByLabel('Time').selectOption('day');
  await mapping.getByRole('checkbox', { name: 'auc' }).check();
  await mapping.getByRole('checkbox', { name: 'latency_p95' }).check();
  await mapping.getByRole('button', { name: 'Preview with this mapping' }).click();
  const preview = page.getByRole('region', { name: 'Import preview' });
  await expect(preview).toContainText('4 values · 2 metrics (auc, latency_p95)');
  await preview.getByRole('button', { name: 'Import into MDL-0801' }).click();
  await expect(page.getByText('Imported dash.csv', { exact: true })).toBeVisible();

  await page.getByLabel('Monitoring export file').setInputFiles({ name: 'dash-2.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.replace('2026-05-08', '2026-05-15')) });
  await expect(page.getByRole('region', { name: 'Import preview' })).toContainText('detected, 85 % sure');
});

test('a large export is sent and imported with a progress bar, and Cancel rolls the import back', async ({ page, demo }) => {
  await createModel(demo, 'MDL-0802', 'Fraud – NL');
  await page.goto(demo.url);
  await page.goto(`${demo.origin}/#/models/MDL-0802`);
  const lines = ['timestamp,metric,value,lower'];
  for (let i = 0; i < 800_000; i++) lines.push(`2026-05-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z,accuracy,0.9${i % 10},0.9`);
  await page.getByLabel('Monitoring export file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  const preview = page.getByRole('region', { name: 'Import preview' });
  await expect(preview).toContainText('800000 values · 1 metrics (accuracy)', { timeout: 60_000 });
  await preview.getByRole('button', { name: 'Import into MDL-0802' }).click();
  const progress = page.getByRole('status').filter({ hasText: 'Importing big.csv' });
  await expect(progress.getByRole('progressbar')).toBeVisible();
  await page.getByRole('region', { name: 'Monitoring' }).screenshot({ path: 'test-results/e2e/import-progress.png' });
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Cancelled', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('No monitoring data imported yet.')).toBeVisible();
  const imports = await demo.call('monitoring.imports', { ref: 'MDL-0802' });
  expect(imports).toEqual([]);
});

test('stale data is labelled at the preview and opens no finding; an unrecognised file offers the format chooser', async ({ page, demo }) => {
  await createModel(demo, 'MDL-0803', 'Pricing – NL');
  await page.goto(demo.url);
  await page.goto(`${demo.origin}/#/models/MDL-0803`);
  await page.getByLabel('Monitoring export file').setInputFiles({ name: 'drift.csv', mimeType: 'text/csv', buffer: readFileSync(join(FIXTURES, 'nannyml_univariate_drift_3row.csv')) });
  const preview = page.getByRole('region', { name: 'Import preview' });
  await expect(preview).toContainText('detected, 95 % sure');
  await expect(preview).toContainText('recognised as nannyml (3 header rows)');
  await expect(preview).toContainText('Stale data');
  await expect(preview).toContainText('The latest value is from 2018-05-01');
  await expect(preview).toContainText('No finding: the data is stale.');
  await preview.getByRole('button', { name: 'Import into MDL-0803' }).click();
  await expect(page.getByText('Imported drift.csv', { exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Findings' })).toHaveCount(0);
  await expect(page.getByRole('img', { name: /^wasserstein · car_value: 4 values, 1 alerts, 1 gaps$/ })).toBeVisible();

  await page.getByLabel('Monitoring export file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  const chooser = page.getByRole('region', { name: 'Choose the format' });
  await expect(chooser).toContainText('notes.json: no importer recognised it');
  await chooser.getByLabel('Format to read it as').selectOption('prometheus');
  await chooser.getByRole('button', { name: 'Preview as this format' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'no result array: not a Prometheus query answer' })).toBeVisible();
});

test('a table panel without a time column imports through the mapping step, at the time given', async ({ page, demo }) => {
  await createModel(demo, 'MDL-0804', 'Scoring – NL');
  await page.goto(demo.url);
  await page.goto(`${demo.origin}/#/models/MDL-0804`);
  const table = 'Model,accuracy,recall\nscoring-v3,0.91,0.83\n';
  await page.getByLabel('Monitoring export file').setInputFiles({ name: 'panel.csv', mimeType: 'text/csv', buffer: Buffer.from(table) });
  await expect(page.getByRole('region', { name: 'Choose the format' })).toContainText('panel.csv: no importer recognised it');
  const mapping = page.getByRole('region', { name: 'Column mapping' });
  await mapping.getByLabel('Time').selectOption('(none)');
  await mapping.getByLabel('Measured at').fill('2026-11-30T09:00');
  await mapping.getByRole('checkbox', { name: 'accuracy' }).check();
  await mapping.getByRole('checkbox', { name: 'recall' }).check();
  await mapping.getByRole('button', { name: 'Preview with this mapping' }).click();
  const preview = page.getByRole('region', { name: 'Import preview' });
  await expect(preview).toContainText('2 values · 2 metrics (accuracy, recall)');
  await expect(preview).toContainText('no time column: every value at 2026-11-30T09:00:00.000Z');
  await preview.getByRole('button', { name: 'Import into MDL-0804' }).click();
  await expect(page.getByText('Imported panel.csv', { exact: true })).toBeVisible();
});
