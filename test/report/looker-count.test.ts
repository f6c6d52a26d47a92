/**
 * The comparison with Looker's own count, rendered (pure): several accounts, one whose System Activity could not be
 * read (no count, no totals line, the reason in HTML) and one that failed; and hostile remote text (names, emails,
 * role names in the reasons) through every format that shows a differing seat.
 */
import { describe, expect, it } from '@jest/globals';
import { Chalk } from 'chalk';
import { parse } from 'csv-parse/sync';
import { auditAccount } from '../../src/audit/account.js';
import { indexLookerFlags, type LookerFlagsInput } from '../../src/audit/looker-flags.js';
import { buildReport } from '../../src/audit/report-model.js';
import { TORII_RULES } from '../../src/audit/rules.js';
import { summarise } from '../../src/audit/summary.js';
import { renderHtmlReport } from '../../src/report/html/render.js';
import { renderUsersJson } from '../../src/report/json.js';
import { lookerCsvColumns } from '../../src/report/looker-verdict.js';
import { renderSummaryMarkdown } from '../../src/report/markdown.js';
import { renderSummaryPrometheus } from '../../src/report/prometheus.js';
import { renderSummaryCsv, renderSummaryJson, renderSummaryTable } from '../../src/report/summary.js';
import { usersCsvChunks } from '../../src/report/users-csv.js';
import { aFlagsRow, aRole, aSnapshot, aUser } from '../audit/builders.js';
import { generatedAt, twoAccounts } from './fixture.js';

const plain = new Chalk({ level: 0 });
const now = new Date('2025-07-01T00:00:00Z');
const row = aFlagsRow;

describe('several accounts, one not read, one failed', () => {
  // twoAccounts(): production (4 users), staging (2) and eu (failed). Ada is a developer by torii, a viewer by flags.
  const report = twoAccounts();
  const flags = new Map<string, LookerFlagsInput>([
    ['production', { kind: 'read', index: indexLookerFlags([row('1', ['is_viewer']), row('2', ['is_explorer'])]) }],
    ['staging', { kind: 'unavailable', reason: 'System Activity: Access Denied: grant see_system_activity' }],
  ]);
  const summary = summarise(report, { now, lookerFlags: flags });

  it('the table: each account audited has both rows, "not read" where the flags were not, no totals row', () => {
    const text = renderSummaryTable(summary, { chalk: plain, width: 200 }).split("Looker's own count")[1] ?? '';
    expect(text).toMatch(/│ production\s+│ Looker\s+│\s+0 │\s+1 │\s+1 │\s+0 │/);
    expect(text).toMatch(/│ staging\s+│ Looker\s+│\s+- │\s+- │\s+- │\s+- │ not read/);
    expect(text).not.toMatch(/│ eu /);
    expect(text).not.toMatch(/│ total\s+│ Looker/);
    expect(text).toContain("Seats whose tier differs under Looker's own flags (1):");
    expect(text).toMatch(/│ production\s+│ ada@acme\.test\s+│ developer\s+│ viewer/);
  });

  it('json: null counts where not read, null totals; csv: empty Looker cells there', () => {
    const doc = JSON.parse(renderSummaryJson(summary)) as {
      accounts: { name: string; looker_count: unknown }[];
      totals: { looker_count: unknown };
    };
    expect(doc.accounts.map((a) => [a.name, a.looker_count])).toEqual([
      ['production', { developer: 0, standard: 1, viewer: 1, none: 0 }],
      ['staging', null],
      ['eu', null],
    ]);
    expect(doc.totals.looker_count).toBeNull();
    const rows = parse(renderSummaryCsv(summary), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.account, r.looker_standard])).toEqual([
      ['production', '1'],
      ['staging', ''],
      ['eu', ''],
      ['total', ''],
    ]);
  });

  it('html: why an account has no count', async () => {
    const html = await renderHtmlReport({ report, summary, sections: ['compare'] }, async () => '<svg></svg>');
    expect(html).toContain('not read: System Activity: Access Denied: grant see_system_activity');
  });

  it('without flags read, every format is as before', () => {
    const before = summarise(report, { now });
    expect(renderSummaryJson(before)).not.toMatch(/looker_(count|disagreements)/);
    expect(renderSummaryCsv(before)).not.toContain('looker');
    expect(renderSummaryMarkdown(before)).not.toContain("Looker's own count");
    expect(renderSummaryPrometheus(before)).not.toContain('looker_audit_looker');
  });
});

// Names, emails and a role name that try to drive a terminal, split a table, inject HTML or a formula.
const HOSTILE = [
  'Eve\u001b]0;pwned\u0007',
  '\u001b[2J<script>alert(1)</script>',
  'a|b\nc',
  '=HYPERLINK("http://evil.test")',
  'admin\u202Etxt',
];
const RAW_CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

describe('hostile remote text in the comparison', () => {
  const roles = HOSTILE.map((t, i) => aRole({ id: `r${i}`, name: `${t} admin`, permissions: ['access_data'] }));
  const users = HOSTILE.map((t, i) => aUser({ id: String(i + 1), email: t, displayName: t, roleIds: [`r${i}`] }));
  const report = buildReport([auditAccount(aSnapshot({ roles, users }), TORII_RULES)], { generatedAt, rules: 'torii' });
  const index = indexLookerFlags(users.map((u) => row(u.id, ['is_viewer'])));
  const flags = new Map<string, LookerFlagsInput>([['production', { kind: 'read', index }]]);
  const summary = summarise(report, { now, lookerFlags: flags });
  const lookup = (_account: string, user: { id: string }) => index.verdictOf(user.id);

  it('every differing seat is named (torii: developer by the name, Looker: viewer)', () => {
    expect(summary.looker?.disagreements).toHaveLength(HOSTILE.length);
  });

  it('table and Markdown: no control character, one line per seat, no raw HTML', () => {
    const table = renderSummaryTable(summary, { chalk: plain, width: undefined });
    expect(table).not.toMatch(RAW_CONTROL);
    const markdown = renderSummaryMarkdown(summary);
    expect(markdown).not.toMatch(RAW_CONTROL);
    expect(markdown).not.toContain('<script>');
    const seats = markdown.split('\n').filter((l) => l.startsWith('| ') && l.includes('| developer | viewer |'));
    expect(seats).toHaveLength(HOSTILE.length);
  });

  it('HTML: escaped; JSON: the data kept, escaped; CSV: no formula, no control character', async () => {
    const html = await renderHtmlReport({ report, summary, sections: ['compare'] }, async () => '');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;');
    const json = renderSummaryJson(summary);
    expect(json).not.toContain('\u001b');
    expect(JSON.parse(json)).toMatchObject({ looker_disagreements: [{ email: HOSTILE[0] }, {}, {}, {}, {}] });
    const csv = [...usersCsvChunks(report, lookerCsvColumns(lookup))].join('');
    expect(csv).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E]/);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.id === '4')?.email).toBe(`'=HYPERLINK("http://evil.test")`);
    expect(renderUsersJson(report)).not.toContain('\u001b');
  });
});
