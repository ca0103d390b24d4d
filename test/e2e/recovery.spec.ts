import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, openApp, startHost, test, actAs } from './fixtures';

test('a damaged database opens the recovery screen, which restores the latest verified backup', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'mrd-e2e-'));
  try {
    const first = await startHost(dir);
    await actAs(first.host, 'Lea Lead', 'review_lead');
    await first.host.call('portfolio.start', { choice: 'demo' });
    await first.host.call('backups.create', {});
    first.child.kill('SIGTERM');
    await new Promise((ok) => first.child.once('exit', ok));
    // Someone's disk tool overwrote the first page.
    const fd = openSync(join(dir, 'mrd.db'), 'r+');
    writeSync(fd, Buffer.alloc(100, 0x20), 0, 100, 0);
    closeSync(fd);

    const second = await startHost(dir);
    await page.goto(second.host.url);
    const alert = page.getByRole('alert', { name: 'The database needs attention' });
    await expect(alert).toContainText('mrd.db does not start with an SQLite header');
    await expect(alert).toContainText('Nothing was written to it');
    await expect(alert).toContainText(readdirSync(dir).find((f) => f.startsWith('corrupt-'))!);
    await page.screenshot({ path: 'test-results/e2e/recovery.png' });
    await alert.getByRole('button', { name: /^Restore the backup of \d{4}-\d{2}-\d{2}$/ }).click();
    await expect(page.getByRole('heading', { name: 'My work' })).toBeVisible();
    second.child.kill('SIGTERM');
    await new Promise((ok) => second.child.once('exit', ok));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Settings › Backups: back up now, then restore it after a confirmation', async ({ page, demo }) => {
  await actAs(demo, 'Lea Lead', 'review_lead');
  // The daily backup made at start runs in a worker; a restore waits for running work to end.
  await expect.poll(async () => ((await demo.call('backups.list', {})) as { backups: { reason: string }[] }).backups.map((b) => b.reason), { timeout: 20_000 }).toContain('daily');
  await openApp(page, demo);
  await page.goto(`${demo.origin}/#/settings`);
  const section = page.getByRole('region', { name: 'Backups' });
  await section.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByText('Backed up', { exact: true })).toBeVisible();
  const table = section.getByRole('table', { name: 'Backups' });
  await expect(table.getByRole('row').filter({ hasText: 'manual' })).toHaveCount(1);
  await demo.call('models.retire', { ref: 'MDL-0001', reason: 'Mistake to undo' });
  await table.getByRole('row').filter({ hasText: 'manual' }).getByRole('button', { name: 'Restore…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
  await expect(dialog).toContainText('A backup of the current state is made first');
  await dialog.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByText(/^Restored \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: 'before-restore' })).toHaveCount(1);
  await section.screenshot({ path: 'test-results/e2e/backups.png' });
  const model = (await demo.call('models.get', { ref: 'MDL-0001' })) as { status: string };
  expect(model.status).not.toBe('retired');
});
