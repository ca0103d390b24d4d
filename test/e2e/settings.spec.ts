import { expect, test, actAs } from './fixtures';

test('a review lead edits the matrix, imports one from JSON and saves new versions', async ({ page, demo }) => {
  await actAs(demo, 'Lea Lead', 'review_lead');
  await page.goto(demo.url);
  await page.goto(`${demo.origin}/#/settings`);
  await page.getByRole('button', { name: 'Edit matrix…' }).click();

  // A broken file is refused with the file and key named; nothing changes.
  await page.getByLabel('Matrix JSON file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ name: 'x', probability: [], impact: [], bands: [], grid: [] })) });
  await expect(page.getByRole('alert')).toContainText('bad.json: probability');

  await page.getByLabel('Preset').selectOption('4x4');
  await expect(page.getByRole('table', { name: 'Matrix grid editor' }).getByRole('row')).toHaveCount(5);
  await page.getByLabel('Band 4 name').fill('Severe');
  await page.getByRole('button', { name: 'Save as version 2…' }).click();
  await expect(page.getByRole('group', { name: 'Confirm the new matrix' })).toContainText('for the whole portfolio');
  await page.getByRole('button', { name: 'Save version 2' }).click();
  await expect(page.getByText('Matrix version 2 saved', { exact: true })).toBeVisible();
  const matrix = page.getByRole('table', { name: 'Risk matrix' });
  await expect(matrix).toContainText('4. Almost certain');
  await expect(matrix).not.toContainText('5.');
  await expect(page.getByText(/4 × 4, version 2/)).toBeVisible();

  // Round trip through a file: export's format is what import reads.
  await page.getByRole('button', { name: 'Edit matrix…' }).click();
  const file = JSON.stringify({ ...(await demo.call('matrix.current', {}) as object), version: undefined, createdAt: undefined, name: 'Imported 4 × 4' });
  await page.getByLabel('Matrix JSON file').setInputFiles({ name: 'm.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(page.getByText('Loaded m.json', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Save as version 3…' }).click();
  await page.getByRole('button', { name: 'Save version 3' }).click();
  await expect(page.getByText(/Imported 4 × 4, version 3/)).toBeVisible();
});

test('a risk officer cannot edit the matrix', async ({ page, demo }) => {
  await page.goto(demo.url);
  await page.goto(`${demo.origin}/#/settings`);
  await expect(page.getByText('Only a review lead can change the matrix.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit matrix…' })).toHaveCount(0);
});

test('Settings › Database tests a team database before anything is kept, and names what is wrong', async ({ page, demo }) => {
  await page.goto(demo.url);
  await page.goto(`${demo.origin}/#/settings`);
  const section = page.getByRole('region', { name: 'Database' });
  await expect(section).toContainText("Now working on this computer's file");
  await section.getByLabel('Team database (PostgreSQL)').check();
  await section.getByLabel('Server', { exact: true }).fill('/nonexistent/socket-folder');
  await section.getByLabel('Login', { exact: true }).fill('rita');
  await section.getByRole('button', { name: 'Test connection' }).click();
  await expect(section.getByRole('status', { name: 'Connection test' })).toContainText('the server is not reachable');
  // A field that is wrong is named under it.
  await section.getByLabel('Port', { exact: true }).fill('70000');
  await section.getByRole('button', { name: 'Test connection' }).click();
  await expect(section.getByText('a port is from 1 to 65535')).toBeVisible();
  // The browser host keeps no choice: it is started on a database.
  await expect(section.getByRole('button', { name: 'Save for the next start' })).toHaveCount(0);
});

test('a review lead sets the longest risk acceptance per band in the review policy (0 refuses)', async ({ page, host }) => {
  await actAs(host, 'Lea Lead', 'review_lead');
  await host.call('portfolio.start', { choice: 'empty' });
  await page.goto(host.url);
  await page.goto(`${host.origin}/#/settings`);
  const acceptance = page.getByRole('group', { name: 'Risk acceptance: longest acceptance by residual band' });
  await expect(acceptance.getByLabel('Longest acceptance, Critical, in months (0 refuses)')).toHaveValue('0');
  await expect(acceptance.getByLabel('Longest acceptance, High, in months (0 refuses)')).toHaveValue('12');
  await acceptance.getByLabel('Longest acceptance, High, in months (0 refuses)').fill('6');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByText('Review policy saved', { exact: true })).toBeVisible();
  expect(((await host.call('reviews.policy', {})) as { acceptanceMonths: Record<string, number> }).acceptanceMonths).toMatchObject({ high: 6, critical: 0 });
});
