import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createModel, expect, openApp, test } from './fixtures';

/** Serious and critical WCAG 2 A/AA violations on the page as it is now, as readable lines. */
const violations = async (page: Page): Promise<string[]> => {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? v.help}`));
};

test('first run has no serious or critical accessibility violations', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('every screen of the app has no serious or critical accessibility violations, in light and dark', async ({ page, demo }) => {
  // Eighteen full-page axe scans (two themes, nine screens and the editor), the audit log's of two years of history among them.
  test.setTimeout(300_000);
  await createModel(demo, 'MDL-0900', 'Accessibility check');
  await openApp(page, demo);
  const screens: [string, string, RegExp | string][] = [
    ['My work', '#/work', 'My work'],
    ['Inventory', '#/inventory', 'Inventory'],
    ['Dashboard', '#/dashboard', 'Dashboard'],
    ['Findings', '#/findings', 'Findings'],
    ['Model page', '#/models/MDL-0008', /^MDL-0008/],
    ['Reviews', '#/reviews', 'Reviews'],
    ['Reports', '#/reports', 'Reports'],
    ['Audit log', '#/audit', 'Audit log'],
    ['Settings', '#/settings', 'Settings'],
  ];
  const found: string[] = [];
  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') await page.emulateMedia({ colorScheme: 'dark' });
    for (const [name, hash, heading] of screens) {
      await page.goto(`${demo.origin}/${hash}`);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await page.waitForLoadState('networkidle');
      for (const v of await violations(page)) found.push(`${name} (${theme}): ${v}`);
      if (name === 'Inventory') await page.screenshot({ path: `test-results/e2e/inventory-${theme}.png` });
    }
    // The assessment editor, opened from a model with a draft.
    await page.goto(`${demo.origin}/#/models/MDL-0900`);
    await page.getByRole('button', { name: /^(Start assessment|Open v1 \(draft\))$/ }).click();
    await expect(page.getByRole('group', { name: '1. Unavailability' })).toBeVisible();
    for (const v of await violations(page)) found.push(`Assessment (${theme}): ${v}`);
  }
  expect(found).toEqual([]);
});

test('a screen that is still loading has no serious or critical accessibility violations', async ({ page, demo }) => {
  await openApp(page, demo);
  // Hold the review plan back, so the scan sees the loading state the other test can only catch by chance.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/invoke/reviews.list', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${demo.origin}/#/reviews`);
  await expect(page.getByRole('progressbar', { name: 'Loading the review plan' })).toBeVisible();
  const found = await violations(page);
  release();
  expect(found).toEqual([]);
});
