/// <reference lib="dom" />
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { TIERS } from '../../src/vocabulary.js';
import { loadChartRenderer, renderHtmlReport } from '../../src/report/html/index.js';
import { htmlInput, syntheticReport, syntheticUser } from '../report/html-fixture.js';
import { describeInBrowser, launch, open } from './chromium.js';

describeInBrowser('the HTML report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  let url: string;
  const report = syntheticReport({ prod: 230, staging: 40 }, { failed: ['eu'] });
  const prod = report.accounts[0];
  // A hostile name must read as text, not become an element.
  const hostile = '<img src=x onerror="document.title=1">Mallory';
  (prod?.users as unknown[]).push(syntheticUser(999, { name: hostile, email: 'mallory@acme.example' }));
  const users = report.accounts.flatMap((a) => a.users);

  beforeAll(async () => {
    const warnings: string[] = [];
    const draw = await loadChartRenderer({ onWarning: (w) => warnings.push(w) });
    const page = await renderHtmlReport(htmlInput(report), draw);
    expect(warnings).toEqual([]);
    dir = await mkdtemp(join(tmpdir(), 'looker-audit-browser-'));
    const file = join(dir, 'report.html');
    await writeFile(file, page);
    url = pathToFileURL(file).href;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const ready = '#users-table[data-ready="true"]';
  const rowCount = (page: import('playwright-core').Page) => page.locator('#users-table tbody tr').count();

  it('shows the figures, draws one bar per account and tier with seats, with no error and no request', async () => {
    const { page, context, errors, requests } = await open(browser, url);
    await page.waitForSelector(ready);
    const bars = await page
      .locator('#chart-seats .role-mark [aria-roledescription="bar"]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label')));
    const expected = report.accounts.flatMap((a) =>
      TIERS.filter((t) => t !== 'none' && a.error === null && a.seats[t] > 0).map(
        (t) => `seats: ${a.seats[t]}; account: ${a.name}; tier: ${t}`,
      ),
    );
    expect(bars.sort()).toEqual(expected.sort());
    await expect(page.locator('#chart-seats text', { hasText: 'could not be audited' }).count()).resolves.toBe(1);
    await expect(page.locator('.alert').innerText()).resolves.toContain('eu could not be audited');
    await expect(page.locator('#users-count').innerText()).resolves.toBe(`${users.length} users`);
    expect(await rowCount(page)).toBe(100);
    await expect(page.title()).resolves.toBe('Looker licence seats · looker-audit');
    await expect(page.locator('img').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  });

  it('a tier filter shows the right count; text search, sorting and paging work', async () => {
    const { page, context, errors } = await open(browser, url);
    await page.waitForSelector(ready);
    const developers = users.filter((u) => u.license === 'developer').length;
    await page.selectOption('#users-tier', String(TIERS.indexOf('developer')));
    await expect(page.locator('#users-count').innerText()).resolves.toBe(`${developers} of ${users.length} users`);
    expect(await rowCount(page)).toBe(Math.min(100, developers));
    const tiers = await page.locator('#users-table tbody td.tier .badge').allInnerTexts();
    expect(new Set(tiers)).toEqual(new Set(['developer']));
    // A Developer who takes no seat says so beside the tier, in the words of every other view.
    const cells = await page.locator('#users-table tbody td.tier').allInnerTexts();
    expect(new Set(cells)).toEqual(
      new Set(['developer', 'developer · disabled, no seat', 'developer · embed, no seat']),
    );

    await page.selectOption('#users-tier', '-1');
    await page.fill('#users-q', 'mallory');
    await page.waitForFunction(() => document.querySelectorAll('#users-table tbody tr').length === 1);
    await expect(page.locator('#users-table tbody .name').innerText()).resolves.toBe(hostile);
    await page.click('#users-table tbody button.why');
    await expect(page.locator('#users-table tbody tr.detail').innerText()).resolves.toMatch(
      /reason: standard: role "standards" rule/,
    );

    await page.fill('#users-q', '');
    await page.waitForFunction(
      (n) => document.getElementById('users-count')?.textContent === `${n} users`,
      users.length,
    );
    await page.click('#users-table th button[data-key="user"]');
    const sorted = users.map((u) => (u.name || u.email || '').toLowerCase()).sort();
    await expect(page.locator('#users-table tbody .name').first().innerText()).resolves.toBe(
      users.find((u) => u.name.toLowerCase() === sorted[0])?.name,
    );
    await expect(page.locator('#users-table th[data-key="user"]').getAttribute('aria-sort')).resolves.toBe('ascending');
    await page.click('#users-table th button[data-key="user"]');
    await expect(page.locator('#users-table tbody .name').first().innerText()).resolves.toBe(
      users.find((u) => u.name.toLowerCase() === sorted[sorted.length - 1])?.name,
    );

    await page.click('#users-next');
    await expect(page.locator('#users-page').innerText()).resolves.toMatch(/^rows 101–200 · page 2 of 3$/);
    await page.click('#users-next');
    expect(await rowCount(page)).toBe(users.length - 200);
    await expect(page.locator('#users-next').isDisabled()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('with scripts disabled the charts are still there, and the page says the table needs scripts', async () => {
    const { page, context, errors, requests } = await open(browser, url, { javaScriptEnabled: false });
    await expect(page.locator('figure svg').count()).resolves.toBe(4);
    await expect(page.locator('#chart-seats [aria-roledescription="bar"]').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('.no-js').isVisible()).resolves.toBe(true);
    await expect(page.locator('#users-q').isVisible()).resolves.toBe(false);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  });

  it('reads on a phone: nothing wider than the screen but the scrolling tables', async () => {
    const { page, context } = await open(browser, url, { viewport: { width: 390, height: 800 } });
    await page.waitForSelector(ready);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
