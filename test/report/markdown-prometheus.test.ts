import { describe, expect, it } from '@jest/globals';
import MarkdownIt from 'markdown-it';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { diffSnapshots } from '../../src/audit/diff.js';
import type { CheckResult } from '../../src/audit/policy.js';
import { summarise } from '../../src/audit/summary.js';
import { renderCheckMarkdown, renderDiffMarkdown, renderSummaryMarkdown } from '../../src/report/markdown.js';
import { md } from '../../src/report/markdown-text.js';
import { readLastSuccess, renderSummaryPrometheus } from '../../src/report/prometheus.js';
import type { SnapshotDocument as AuditJsonDocument } from '../../src/snapshot/types.js';
import { generatedAt, twoAccounts } from './fixture.js';

// GitHub renders Markdown with raw HTML allowed (sanitised afterwards): parse the same way to see what a reader sees.
const gfm = new MarkdownIt({ html: true, linkify: true });
const hostile = 'Eve <img src=x onerror=alert(1)> | *bold* [link](http://x) @octo-team `code`\u001b[31m\u202e';

function tableCells(markdown: string): string[][] {
  const tokens = gfm.parse(markdown, {});
  const rows: string[][] = [];
  let row: string[] | null = null;
  for (const t of tokens) {
    if (t.type === 'tr_open') row = [];
    else if (t.type === 'tr_close' && row) rows.push(row);
    else if (t.type === 'inline' && row) row.push(t.content);
  }
  return rows;
}

describe('markdown', () => {
  it('md(): remote text renders as the same text, never as HTML, a link, a mention or a split cell', () => {
    const rendered = gfm.renderInline(md(hostile));
    expect(rendered).not.toMatch(/<img|<a |<em>|<strong>|<code>/);
    expect(rendered).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(rendered).toContain('*bold*');
    expect(rendered).not.toMatch(/[\u001b\u202e]/);
    expect(rendered).toContain('@\u200Bocto-team');
    // an email reads the same, with its @: GitHub does not read it as a mention
    expect(gfm.renderInline(md('ada@acme.test'))).toBe('ada@acme.test');
    const cells = tableCells(`| a | b |\n| --- | --- |\n| ${md(hostile)} | x |\n`);
    expect(cells[1]).toHaveLength(2);
  });

  it('summary: one table row per account and a total; a failed account reads "failed", not zeros', () => {
    const summary = summarise(twoAccounts(), { now: generatedAt, inactiveDays: 90, prices: { developer: 1000 } });
    const out = renderSummaryMarkdown(summary);
    const rows = tableCells(out);
    expect(rows[0]).toEqual([
      'account',
      'developer',
      'standard',
      'viewer',
      'users',
      'no login 90 d',
      'cost / year',
      'inactive cost / year',
    ]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['production', 'staging', 'eu', '**total**']);
    // `\$`: GitHub reads two dollar signs on a line as inline maths.
    expect(rows[1]).toEqual(['production', '1', '1', '0', '4', '1', '\\$1,000', '\\$0']);
    expect(rows[3]?.slice(1).every((c) => c === 'failed')).toBe(true);
    expect(out).toMatch(/> \*\*eu\*\* could not be audited: login refused \\\(HTTP 404\\\)/);
  });

  it('check: a title that says the verdict, a row per violation, a line per account', () => {
    const result: CheckResult = {
      generatedAt: '2026-03-15T12:00:00.000Z',
      rules: 'torii',
      ok: false,
      violations: [
        {
          account: 'prod',
          kind: 'unexpected-developer',
          tier: 'developer',
          userId: '7',
          email: hostile,
          name: 'Eve',
          reason: null,
          count: null,
          limit: null,
          message: 'Developer seat held by eve',
          detail: 'Developer seat held by eve',
        },
      ],
      accounts: [
        { account: 'prod', error: null, checked: ['unexpected-developer'], violations: [], notes: [] },
        { account: 'eu', error: 'login refused', checked: [], violations: [], notes: [] },
      ],
    };
    const out = renderCheckMarkdown(result);
    expect(out.split('\n')[0]).toBe('### looker-audit check: 1 violation');
    const rows = tableCells(out);
    expect(rows).toHaveLength(2);
    expect(rows[1]?.slice(0, 2)).toEqual(['prod', 'not on allowed_developers']);
    expect(gfm.render(out)).not.toContain('<img');
    expect(out).toContain('- **eu**: could not be audited: login refused');
    const clean = renderCheckMarkdown({ ...result, ok: true, violations: [], accounts: [result.accounts[0]!] });
    expect(clean).toMatch(
      /^### looker-audit check: passed\n\n- \*\*prod\*\*: no violation \(not on allowed_developers checked\)/,
    );
  });

  it('diff: a row per change, "No changes." when none', () => {
    const user = (id: string, license: 'viewer' | 'developer') => ({
      id,
      email: `u${id}@acme.test`,
      name: `User ${id}`,
      status: 'active' as const,
      kind: 'regular' as const,
      license,
      roles: [],
      groups: [],
      last_login_at: null,
      reason: 'r',
    });
    const doc = (at: string, users: ReturnType<typeof user>[]): AuditJsonDocument => ({
      schema_version: 1,
      generated_at: at,
      rules: 'torii',
      accounts: [
        {
          name: 'prod',
          url: 'https://p.test',
          api_calls: 1,
          summary: { developer: 0, standard: 0, viewer: 0, none: 0 },
          users,
        },
      ],
    });
    const before = doc('2026-01-01T00:00:00.000Z', [user('1', 'viewer')]);
    const after = doc('2026-02-01T00:00:00.000Z', [user('1', 'developer'), user('2', 'viewer')]);
    const rows = tableCells(renderDiffMarkdown(diffSnapshots(before, after)));
    expect(rows.slice(1).map((r) => r[0])).toEqual(['user added', 'tier raised']);
    expect(rows[2]?.slice(1, 4)).toEqual([md('u1@acme.test'), 'viewer', 'developer']);
    expect(renderDiffMarkdown(diffSnapshots(before, before))).toMatch(/\n\nNo changes\.\n$/);
  });
});

describe('prometheus', () => {
  const summary = summarise(twoAccounts(), {
    now: generatedAt,
    inactiveDays: 90,
    prices: { developer: 1000, standard: 500 },
  });

  it('parses as the text exposition format: seats per account and tier, no series for a failed account', () => {
    const families = parsePrometheusTextFormat(renderSummaryPrometheus(summary));
    const family = (name: string) => families.find((f) => f.name === name);
    expect(families.every((f) => f.type === 'GAUGE' && f.help !== '')).toBe(true);
    const seats = family('looker_audit_seats')?.metrics ?? [];
    expect(seats).toHaveLength(8);
    expect(seats).toContainEqual({ labels: { account: 'production', tier: 'developer' }, value: '1' });
    expect(seats.some((m) => m.labels?.account === 'eu')).toBe(false);
    expect(family('looker_audit_inactive_seats')?.metrics).toContainEqual({
      labels: { account: 'production', tier: 'standard' },
      value: '1',
    });
    expect(family('looker_audit_yearly_cost')?.metrics).toContainEqual({
      labels: { account: 'production', currency: 'USD' },
      value: '1500',
    });
    expect(family('looker_audit_account_failed')?.metrics).toEqual([
      { labels: { account: 'production' }, value: '0' },
      { labels: { account: 'staging' }, value: '0' },
      { labels: { account: 'eu' }, value: '1' },
    ]);
    expect(family('looker_audit_last_success_timestamp_seconds')?.metrics).toEqual([
      { labels: { account: 'production' }, value: String(generatedAt.getTime() / 1000) },
      { labels: { account: 'staging' }, value: String(generatedAt.getTime() / 1000) },
    ]);
  });

  it('a failed account keeps the last-success time of the previous textfile; label values are escaped', () => {
    const previous = readLastSuccess(renderSummaryPrometheus({ ...summary, generatedAt: '2025-06-29T00:00:00.000Z' }));
    expect(previous.get('production')).toBe(Date.parse('2025-06-29T00:00:00.000Z') / 1000);
    const text = renderSummaryPrometheus(summary, { previousSuccess: new Map([['eu', 1_700_000_000]]) });
    const last = parsePrometheusTextFormat(text).find((f) => f.name === 'looker_audit_last_success_timestamp_seconds');
    expect(last?.metrics).toContainEqual({ labels: { account: 'eu' }, value: '1700000000' });

    const odd = 'a"b\\c\nd\u001b[2J';
    const renamed = { ...summary, accounts: summary.accounts.map((a) => ({ ...a, account: odd })).slice(0, 1) };
    const out = renderSummaryPrometheus(renamed);
    expect(out).not.toMatch(/\u001b/);
    const parsed = parsePrometheusTextFormat(out).find((f) => f.name === 'looker_audit_users');
    expect(parsed?.metrics[0]?.labels?.account).toBe('a"b\\c d');
    expect(readLastSuccess(out).has('a"b\\c d')).toBe(true);
  });
});
