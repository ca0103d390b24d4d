import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { startWebHost } from '../electron/hosts/web';

/**
 * Renders the inventory of the bench database in Debian's Chromium through the browser host and
 * reads the page's own performance marks: first render of the table, a sort and a filter.
 */
export const benchRenderer = async (dbPath: string): Promise<Record<string, unknown> | { skipped: string }> => {
  const executablePath = process.env.MRD_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) return { skipped: `no Chromium at ${executablePath}` };
  if (!existsSync('dist/renderer/index.html')) return { skipped: 'renderer not built (run vite build)' };
  const host = await startWebHost({ dbPath });
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const runs: { pageToRows: number; firstRender: number; sort: number; filter: number }[] = [];
    // The profile and first-run choice must exist, or the app shows its welcome screen.
    // A person of its own (hostFigures left the demo's review lead at this account's keyboard).
    const r = await fetch(`http://127.0.0.1:${host.port}/api/invoke/profile.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench Runner', role: 'auditor' }),
    });
    if (!r.ok) throw new Error(`profile.create failed: ${r.status} ${await r.text()}`);
    for (let i = 0; i < 5; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const t0 = Date.now();
      // The inventory (My work is the landing screen).
      await page.goto(host.url.replace(/#token=/, '#/inventory&token='));
      await page.getByText('10,000 of 10,000 models').waitFor();
      await page.locator('tbody tr').first().waitFor();
      const pageToRows = Date.now() - t0;
      const firstRender = await page.evaluate(async () => {
        while (performance.getEntriesByName('mrd:inventory-painted').length === 0) await new Promise((ok) => setTimeout(ok, 10));
        return performance.measure('table', 'mrd:inventory-data', 'mrd:inventory-painted').duration;
      });
      // Sort by name, then filter, each timed inside the page from the event to the next painted frame.
      const measure = (action: string): Promise<number> =>
        page.evaluate(async (what) => {
          const t = performance.now();
          if (what === 'sort') (Array.from(document.querySelectorAll('button.th-sort')).find((b) => b.textContent?.startsWith('Name')) as HTMLButtonElement).click();
          else {
            const input = document.querySelector<HTMLInputElement>('input[aria-label="Search models"]')!;
            // React tracks the value property, so set it through the prototype's setter as typing would.
            // eslint-disable-next-line @typescript-eslint/unbound-method
            const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
            setter.call(input, 'Treasury');
            input.dispatchEvent(new Event('input', { bubbles: true }));
          }
          await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
          return performance.now() - t;
        }, action);
      const sort = await measure('sort');
      const filter = await measure('filter');
      runs.push({ pageToRows, firstRender, sort, filter });
      await page.close();
    }
    const med = (k: 'pageToRows' | 'firstRender' | 'sort' | 'filter'): number => Math.round([...runs.map((x) => x[k])].sort((a, b) => a - b)[2]! * 10) / 10;
    return {
      firstRenderMs: { median: med('firstRender'), target: 300, note: 'from the 10,000 rows in hand to the first rows painted (table model, sort, virtual rows)' },
      pageLoadToRowsMs: { median: med('pageToRows'), note: 'browser host: navigation, scripts, app.info and models.list over HTTP, then the render' },
      sortMs: { median: med('sort'), target: 100 },
      filterMs: { median: med('filter'), target: 100, note: 'global search over every column' },
    };
  } finally {
    await browser.close();
    await host.close();
  }
};
