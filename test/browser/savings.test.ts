/**
 * The HTML report's right-sizing as a person sees it in headless Chromium: with prices (`demo -f html`) the saving
 * of each recommended user, on a desktop and on a 390 px phone without sideways scrolling; without prices (`report`
 * on a config that has none) no saving column and a note that says how to add prices.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { exec } from '../helpers/exec.js';
import { configYaml, createWorkspace, SAMPLE_ENV, sampleAccount, type Workspace } from '../helpers/workspace.js';
import { describeInBrowser, launch, open } from './chromium.js';

describeInBrowser('right-sizing savings in headless Chromium', () => {
  let browser: Browser;
  let ws: Workspace;
  let fake: FakeLooker;
  beforeAll(async () => {
    ws = await createWorkspace();
    fake = await startFakeLooker();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await fake?.close();
    await ws?.remove();
  });

  it('with prices: the saving of every recommended user, on a desktop and a phone', async () => {
    expect((await exec(['demo', '-f', 'html', '-o', 'priced.html'], { cwd: ws.dir })).status).toBe(0);
    const csv = await exec(['demo', 'rightsize', '-f', 'csv'], { cwd: ws.dir });
    const rows = csv.stdout.trimEnd().split('\n').slice(1);
    expect(rows.length).toBeGreaterThan(3);
    for (const width of [1280, 390]) {
      const { page, context, errors, requests } = await open(browser, pathToFileURL(join(ws.dir, 'priced.html')).href, {
        viewport: { width, height: 900 },
      });
      const savings = page.locator('#rightsize table.recommendations td.saving');
      expect(await savings.count()).toBe(rows.length);
      for (const text of await savings.allInnerTexts()) expect(text).toMatch(/^\$\d{1,3}(,\d{3})*$/);
      // The biggest saving first, as in every format: the sample's unused Developer seat.
      await expect(savings.first().innerText()).resolves.toBe('$1,650');
      await expect(page.locator('#rightsize table.recommendations').isVisible()).resolves.toBe(true);
      await expect(page.locator('#no-prices').count()).resolves.toBe(0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // The seats Looker counts otherwise fit the screen too (on a phone each is a block, not a squeezed row).
      const disagreements = page.locator('table.looker-disagreements');
      await expect(disagreements.locator('tbody tr').count()).resolves.toBeGreaterThan(0);
      const squeezed = await disagreements.evaluate((t) => t.scrollWidth - (t.parentElement?.clientWidth ?? 0));
      expect(squeezed).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await context.close();
    }
  });

  it('without prices: no saving column, and a note that says how to add them', async () => {
    await ws.write('looker-audit.yaml', configYaml([sampleAccount(fake.url)]));
    const r = await exec(['report', '-o', 'unpriced.html'], {
      cwd: ws.dir,
      env: SAMPLE_ENV,
    });
    expect(r.status).toBe(0);
    const { page, context, errors } = await open(browser, pathToFileURL(join(ws.dir, 'unpriced.html')).href);
    const note = page.locator('#no-prices');
    await expect(note.isVisible()).resolves.toBe(true);
    await expect(note.innerText()).resolves.toContain('prices: { developer: 1650, standard: 800, viewer: 400 }');
    const headers = await page.locator('#rightsize th').allInnerTexts();
    expect(headers.some((h) => /saving/i.test(h))).toBe(false);
    expect(await page.locator('#rightsize table.recommendations tbody tr').count()).toBeGreaterThan(3);
    expect(errors).toEqual([]);
    await context.close();
  });
});
