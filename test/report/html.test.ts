import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadChartRenderer, renderHtmlReport, usersData, type ChartRenderer } from '../../src/report/html/index.js';
import type { IntColumn } from '../../src/report/html/users-data.js';
import { htmlInput, syntheticReport, syntheticUser, syntheticAccount, NOW } from './html-fixture.js';

const warnings: string[] = [];
let draw: ChartRenderer;
beforeAll(async () => {
  draw = await loadChartRenderer({ onWarning: (w) => warnings.push(w) });
});

const HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)>\u2028\u2029\u001b[31m';

function scripts(page: string): string[] {
  return [...page.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[0]);
}

describe('HTML report', () => {
  it('a CSP of default-src none that allows exactly the page script, by its hash; nothing is loaded from anywhere', async () => {
    const page = await renderHtmlReport(htmlInput(syntheticReport({ prod: 30 })), draw);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1] ?? '';
    expect(csp).toMatch(/^default-src 'none';/);
    const inline = /<script>([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
    const hash = createHash('sha256').update(inline).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).not.toContain('unsafe-eval');
    expect(page).not.toMatch(/\s(src|href|srcset|action|poster)=/i);
    expect(page).not.toMatch(/url\(|@import/);
    expect(warnings).toEqual([]);
  });

  it('escapes every remote string: no element, script or attribute can come from the data', async () => {
    const user = syntheticUser(1, {
      name: HOSTILE,
      email: `"'><b>${HOSTILE}`,
      roles: [HOSTILE],
      groups: [HOSTILE],
      reason: HOSTILE,
    });
    const report = {
      generatedAt: NOW.toISOString(),
      rules: HOSTILE,
      accounts: [syntheticAccount(HOSTILE, [user, syntheticUser(2)])],
    };
    const page = await renderHtmlReport(htmlInput(report), draw);
    expect(scripts(page)).toHaveLength(2);
    expect(page).not.toContain('<img');
    expect(page).not.toContain("'><b>");
    expect(page).toContain('"\\"\'>\\u003cb>');
    expect(page).not.toMatch(/[\u2028\u2029\u001b]/);
    const json = /<script type="application\/json" id="users-data">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
    expect(json).toContain('\\u003c/script>');
    const data = JSON.parse(json) as ReturnType<typeof usersData>;
    expect(data.cols.name[0]).toBe('</script><script>alert(1)</script><img src=x onerror=alert(2)>  ');
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(1)');
  });

  it('the users data: columns with lookups that give back every user', () => {
    const report = syntheticReport({ prod: 50, staging: 20 });
    const data = usersData(report.accounts);
    expect(data.n).toBe(70);
    // The page script's decoding, written again: a string of base-36 digits, '' for all -1, or the numbers.
    const int = (col: IntColumn, i: number) =>
      typeof col === 'string' ? (col === '' ? -1 : parseInt(col.charAt(i), 36)) : (col[i] ?? NaN);
    const list = (k: number) =>
      (data.lists[k] ?? '') === '' ? [] : (data.lists[k] ?? '').split(',').map((x) => data.names[Number(x)]);
    expect(typeof data.cols.tier).toBe('string');
    expect(data.cols.rec).toBe('');
    const all = report.accounts.flatMap((a) => a.users.map((u) => ({ a: a.name, u })));
    all.forEach(({ a, u }, i) => {
      expect(data.accounts[int(data.cols.account, i)]).toBe(a);
      const domain = data.domains[int(data.cols.domain, i)];
      expect(domain ? `${data.cols.local[i]}@${domain}` : data.cols.local[i]).toBe(u.email);
      expect(data.tiers[int(data.cols.tier, i)]).toBe(u.license);
      expect(list(int(data.cols.roles, i))).toEqual(u.roles);
      expect(list(int(data.cols.groups, i))).toEqual(u.groups);
      const last = int(data.cols.last, i);
      expect(last === -1 ? null : data.dates[last]).toBe(u.lastLoginAt?.slice(0, 10) ?? null);
      expect(data.texts[int(data.cols.reason, i)]).toBe(u.reason);
    });
  });

  it('charts: one bar per non-zero account and tier; a failed account has its row, saying so', async () => {
    const report = syntheticReport({ prod: 40, staging: 15 }, { failed: ['eu'] });
    const page = await renderHtmlReport(htmlInput(report), draw);
    const seats = /<figure id="chart-seats"[\s\S]*?<\/figure>/.exec(page)?.[0] ?? '';
    const bars = seats.match(/aria-roledescription="bar"/g) ?? [];
    const expected = report.accounts.flatMap((a) =>
      (['developer', 'standard', 'viewer'] as const).filter((t) => a.error === null && a.seats[t] > 0),
    );
    expect(bars).toHaveLength(expected.length);
    expect(seats).toMatch(/aria-label="seats: \d+; account: prod; tier: developer"/);
    expect(seats).toContain('could not be audited');
    expect(page).toContain('<b>eu</b> could not be audited: account &quot;eu&quot;: login refused (HTTP 404)');
    for (const id of ['chart-inactive', 'chart-recommendations', 'chart-trend']) expect(page).toContain(`id="${id}"`);
    expect(page).toMatch(/usage as of 2026-11-30/);
    expect(warnings).toEqual([]);
  });

  it('sections: users alone has no charts; summary alone has no script; no trend without history', async () => {
    const report = syntheticReport({ prod: 10 });
    const users = await renderHtmlReport(htmlInput(report, { sections: ['users'], rightsize: false }), draw);
    expect(users).not.toContain('<figure');
    expect(users).toContain('id="users-table"');
    const summary = await renderHtmlReport(htmlInput(report, { sections: ['summary'], history: false }), draw);
    expect(scripts(summary)).toHaveLength(0);
    expect(summary).not.toContain('id="chart-trend"');
    const rightsize = await renderHtmlReport(htmlInput(report, { sections: ['rightsize'] }), draw);
    expect(rightsize).toContain('<table class="recommendations">');
  });
});
