import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openApp, test } from './fixtures';

test('generate a scoped portfolio report as of a date, find it in the register, and verify the file (and an altered copy)', async ({ page, demo }, info) => {
  await openApp(page, demo);
  await page.getByRole('link', { name: /^Reports/ }).click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  await expect(page.getByText('No report generated yet.')).toBeVisible();

  await page.getByLabel('Status').selectOption('production');
  await page.getByLabel('As of').fill('2026-11-20');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Generate PDF' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Generating the portfolio report' })).toBeVisible();
  await page.getByRole('region', { name: 'Generate a report' }).screenshot({ path: 'test-results/e2e/report-progress.png' });
  const file = info.outputPath('report.pdf');
  await (await download).saveAs(file);
  expect((await download).suggestedFilename()).toBe('model-risk-portfolio-2026-11-20.pdf');
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(text).toContain('Model risk report — portfolio (production)');
  expect(text).toContain('Executive summary');
  // The cover states the data's as-of time; who generated the file is the register's (below).
  expect(text).toMatch(/Data as of\s+2026-11-20: the portfolio as it stood at 2026-11-20 23:59 UTC/);
  await expect(page.getByRole('table', { name: 'Report register' })).toContainText('Rita Officer');

  const register = page.getByRole('table', { name: 'Report register' });
  await expect(register.getByRole('row')).toHaveCount(2);
  await expect(register).toContainText('Portfolio: production');
  await expect(register).toContainText('2026-11-20');
  await page.screenshot({ path: 'test-results/e2e/reports.png', fullPage: true });

  await page.getByLabel('PDF to verify').setInputFiles(file);
  await expect(page.getByRole('status', { name: 'Verification' })).toContainText('report.pdf is an unaltered registered report: #1');
  await expect(page.getByRole('status', { name: 'Verification' })).toContainText(/built on audit entry #\d+ .*which the audit chain still holds/);

  const altered = readFileSync(file);
  altered.writeUInt8(altered.readUInt8(200) ^ 1, 200);
  const copy = join(info.outputDir, 'altered.pdf');
  writeFileSync(copy, altered);
  await page.getByLabel('PDF to verify').setInputFiles(copy);
  await expect(page.getByRole('status', { name: 'Verification' })).toContainText('altered.pdf is not a registered report');
});
