/**
 * Headless Chromium for the browser tests: Debian's `chromium` package driven by playwright-core (which downloads no
 * browser; `npx playwright install` would, and fails offline). .ci/run installs the package when it is missing.
 *
 * Where it is absent on a developer's machine the browser tests say so on stderr and skip; with CI=true they fail
 * instead, so CI can never pass without having run them.
 */
import { existsSync } from 'node:fs';
import { describe } from '@jest/globals';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

export const CHROMIUM = process.env.LOOKER_AUDIT_CHROMIUM ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps trying Google's hosts (a closed network refuses them).
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const inCi = process.env.CI === 'true' || process.env.CI === '1';

/** `describe` when Chromium is there (or in CI, where its absence must fail), else `describe.skip` with a note. */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM) || inCi) {
    describe(name, body);
    return;
  }
  process.stderr.write(
    `${name}: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium, or set LOOKER_AUDIT_CHROMIUM)\n`,
  );
  describe.skip(name, body);
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`CI=true but no Chromium at ${CHROMIUM}: the browser tests must run in CI (see .ci/run)`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** What a page did that a person would not want: console errors, page errors, and any request beyond the file. */
export interface Watched {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly errors: string[];
  readonly requests: string[];
}

/** Opens `fileUrl` in a fresh context; every request other than the file itself is recorded and aborted. */
export async function open(browser: Browser, fileUrl: string, options: BrowserContextOptions = {}): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const errors: string[] = [];
  const requests: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === fileUrl) return route.continue();
    requests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      errors.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  await page.goto(fileUrl);
  return { page, context, errors, requests };
}
