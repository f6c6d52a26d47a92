/**
 * What `looker-audit demo -f html -o demo.html` writes, opened from disk in headless Chromium: it works offline
 * (no request leaves the page, no error), and its bars are the seats of `demo -f json`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { exec } from '../helpers/exec.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';
import { describeInBrowser, launch, open } from './chromium.js';

describeInBrowser('demo -f html in headless Chromium', () => {
  let browser: Browser;
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await ws?.remove();
  });

  it('opens offline, with one bar per tier holding seats, and the sample users in the table', async () => {
    const html = await exec(['demo', '-f', 'html', '-o', 'demo.html'], { cwd: ws.dir });
    expect(html.status).toBe(0);
    const json = await exec(['demo', '-f', 'json'], { cwd: ws.dir });
    const doc = JSON.parse(json.stdout) as { accounts: { summary: Record<string, number>; users: unknown[] }[] };
    const sample = doc.accounts[0];
    const file = join(ws.dir, 'demo.html');
    expect((await readFile(file, 'utf8')).length).toBeGreaterThan(1000);

    const { page, context, errors, requests } = await open(browser, pathToFileURL(file).href);
    await page.waitForSelector('#users-table[data-ready="true"]');
    const bars = await page
      .locator('#chart-seats [aria-roledescription="bar"]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? ''));
    const expected = ['developer', 'standard', 'viewer']
      .filter((t) => (sample?.summary[t] ?? 0) > 0)
      .map((t) => `seats: ${sample?.summary[t]}; account: sample; tier: ${t}`);
    expect(bars.sort()).toEqual(expected.sort());
    await expect(page.locator('#users-count').innerText()).resolves.toBe(`${sample?.users.length} users`);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  });
});
