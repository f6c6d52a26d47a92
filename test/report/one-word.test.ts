/**
 * One word per thing in every format: each violation kind, each recommendation and each user kind is named by its
 * word from vocabulary.ts in the table, CSV, JSON, JUnit, Markdown and HTML that show it. Every one is rendered in
 * every format, the cell or field that names it is read back, and for each thing exactly one name is found: its
 * word. A label may stand beside the word (HTML's tooltip, Markdown's legend), never instead of it.
 */
import { describe, expect, it } from '@jest/globals';
import { Chalk } from 'chalk';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import type { Recommendation } from '../../src/audit/rightsize.js';
import type { CheckResult, Violation } from '../../src/audit/policy.js';
import { renderCheckCsv, renderCheckJson, renderCheckJunit, renderCheckTable } from '../../src/report/check.js';
import { renderHtmlReport, usersData } from '../../src/report/html/index.js';
import { renderUsersJson } from '../../src/report/json.js';
import { renderCheckMarkdown } from '../../src/report/markdown.js';
import {
  renderRightsizeCsv,
  renderRightsizeJson,
  renderRightsizeMarkdown,
  renderRightsizeTable,
} from '../../src/report/rightsize.js';
import { renderUsersCsv } from '../../src/report/users-csv.js';
import { renderUsersTable } from '../../src/report/users.js';
import {
  RECOMMENDATION_KINDS,
  RECOMMENDATION_LABELS,
  USER_KINDS,
  VIOLATION_KINDS,
  VIOLATION_LABELS,
  type RecommendationKind,
  type UserKind,
  type ViolationKind,
} from '../../src/vocabulary.js';
import { aUser } from '../audit/builders.js';
import { column, readTable } from '../helpers/table-text.js';
import { htmlInput, syntheticAccount, syntheticUser } from './html-fixture.js';
import { oneAccount } from './fixture.js';
import { rightsizeOf } from './rightsize-fixture.js';

const plain = new Chalk({ level: 0 });
/** Every table at its full width: the words are read back whole. */
const wide = { chalk: plain, width: undefined };

/** Markdown pipe-table rows, cell by cell. */
function markdownRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('| ') && !/^\|[-: |]+\|$/.test(line))
    .map((line) =>
      line
        .slice(2, -2)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
}

/** One column of the (first) Markdown table that has it. */
function markdownColumn(text: string, header: string): string[] {
  for (const block of text.split('\n\n')) {
    const [head, ...rows] = markdownRows(block);
    const i = head?.indexOf(header) ?? -1;
    if (i >= 0) return rows.map((row) => row[i] ?? '');
  }
  throw new Error(`no Markdown column "${header}"`);
}

/** For each thing, the names each format gave it: one word, the thing's own, in every format. */
function expectOneWord<W extends string>(words: readonly W[], named: Readonly<Record<string, readonly string[]>>) {
  for (const [format, names] of Object.entries(named)) expect([format, names]).toEqual([format, words]);
}

describe('violation kinds', () => {
  const violation = (kind: ViolationKind, i: number): Violation => ({
    account: 'prod',
    kind,
    tier: 'developer',
    userId: kind === 'over-budget' ? null : String(i),
    email: kind === 'over-budget' ? null : `u${i}@acme.test`,
    name: kind === 'over-budget' ? null : `User ${i}`,
    reason: kind === 'over-budget' ? null : 'developer: role "Admin" name contains "admin", assigned directly',
    why: kind === 'over-budget' ? null : 'Admin (direct)',
    count: kind === 'over-budget' ? 3 : null,
    limit: kind === 'over-budget' ? 2 : null,
    message: `${kind} message`,
    detail: `${kind} detail`,
  });
  const violations = VIOLATION_KINDS.map(violation);
  const result: CheckResult = {
    generatedAt: '2026-11-23T08:00:00.000Z',
    rules: 'torii',
    ok: false,
    violations,
    accounts: [{ account: 'prod', error: null, checked: [...VIOLATION_KINDS], violations, notes: [] }],
  };

  it('are named by their word in the table, CSV, JSON, JUnit and Markdown', () => {
    const junit = new XMLParser({ ignoreAttributes: false }).parse(renderCheckJunit(result)) as {
      testsuites: { testsuite: { testcase: { failure?: { '@_type': string } }[] } };
    };
    const markdown = renderCheckMarkdown(result);
    expectOneWord(VIOLATION_KINDS, {
      table: column(readTable(renderCheckTable(result, wide)), 'violation'),
      csv: (parseCsv(renderCheckCsv(result), { columns: true }) as { kind: string }[]).map((r) => r.kind),
      json: (JSON.parse(renderCheckJson(result)) as { violations: { kind: string }[] }).violations.map((v) => v.kind),
      junit: junit.testsuites.testsuite.testcase.flatMap((t) => (t.failure ? [t.failure['@_type']] : [])),
      markdown: markdownColumn(markdown, 'violation'),
    });
    // The label stands beside the word, in the Markdown legend; the old words are gone from every format.
    for (const kind of VIOLATION_KINDS) expect(markdown).toContain(`\`${kind}\`: ${VIOLATION_LABELS[kind].label}`);
    for (const text of [renderCheckTable(result, wide), markdown])
      expect(text).not.toMatch(/not allowed|over budget|not on allowed_developers \|/);
  });

  it('check -f csv: the JSON keys as columns, a row per violation, then a row per account not audited', () => {
    const failed: CheckResult = {
      ...result,
      accounts: [...result.accounts, { account: 'eu', error: 'login refused', checked: [], violations: [], notes: [] }],
    };
    const json = JSON.parse(renderCheckJson(failed)) as { violations: Record<string, unknown>[] };
    const rows = parseCsv(renderCheckCsv(failed), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual(Object.keys(json.violations[0] ?? {}));
    expect(rows.map((r) => r.message)).toEqual([
      ...VIOLATION_KINDS.map((k) => `${k} message`),
      'could not be audited: login refused',
    ]);
    expect(rows.at(-1)).toMatchObject({ account: 'eu', kind: '' });
  });

  it('a clean account says what was checked in plain words, without the config keys as a list', () => {
    const clean: CheckResult = {
      ...result,
      ok: true,
      violations: [],
      accounts: [{ ...result.accounts[0]!, violations: [] }],
    };
    const text = renderCheckTable(clean, wide);
    expect(text).toBe(`prod: passed: ${VIOLATION_KINDS.map((k) => VIOLATION_LABELS[k].passed).join('; ')}\n`);
    expect(text).not.toContain('checked)');
  });
});

describe('recommendations', () => {
  const recommendation = (to: RecommendationKind, i: number): Recommendation => ({
    userId: String(i + 1),
    email: `u${i + 1}@acme.test`,
    name: `User ${i + 1}`,
    kind: 'regular',
    tier: 'developer',
    to,
    evidence: `evidence ${i + 1}`,
    yearlySaving: 100 * (RECOMMENDATION_KINDS.length - i),
  });
  const recommendations = RECOMMENDATION_KINDS.map(recommendation);
  const report = rightsizeOf(recommendations);

  it('are named by their word in the table, CSV, JSON, Markdown and HTML', async () => {
    const users = syntheticAccount(
      'prod',
      recommendations.map((r, i) => syntheticUser(i, { id: r.userId, license: 'developer', countsTowardSeats: true })),
    );
    const input = htmlInput(
      { generatedAt: report.generatedAt, rules: 'torii', accounts: [users] },
      { sections: ['rightsize'] },
    );
    const html = await renderHtmlReport(
      {
        ...input,
        rightsize: {
          usageDays: 90,
          accounts: [{ account: 'prod', usage: 'system_activity', usageAsOf: null, error: null, recommendations }],
        },
      },
      async () => '<svg></svg>',
    );
    const htmlWords = [...html.matchAll(/<td class="rec" data-label="to" title="([^"]*)">([^<]*)<\/td>/g)];
    const data = usersData([users], {
      usageDays: 90,
      accounts: [{ account: 'prod', usage: 'system_activity', usageAsOf: null, error: null, recommendations }],
    });
    expectOneWord(RECOMMENDATION_KINDS, {
      table: column(readTable(renderRightsizeTable(report, wide).split('\n\n')[1] ?? ''), 'to'),
      csv: (parseCsv(renderRightsizeCsv(report), { columns: true }) as { to: string }[]).map((r) => r.to),
      json: (
        JSON.parse(renderRightsizeJson(report)) as { accounts: { recommendations: { to: string }[] }[] }
      ).accounts[0]!.recommendations.map((r) => r.to),
      markdown: markdownColumn(renderRightsizeMarkdown(report), 'to'),
      html: htmlWords.map((m) => m[2] ?? ''),
      'html users table': data.recs,
    });
    // The label beside the word, as a tooltip.
    expect(htmlWords.map((m) => m[1])).toEqual(RECOMMENDATION_KINDS.map((to) => RECOMMENDATION_LABELS[to]));
  });
});

describe('user kinds', () => {
  const users = USER_KINDS.map((kind: UserKind, i) =>
    aUser({
      id: String(i + 1),
      email: `${kind}@acme.test`,
      isEmbed: kind === 'embed',
      isServiceAccount: kind === 'service',
      verifiedLookerEmployee: kind === 'looker_support',
    }),
  );
  const report = oneAccount(users);

  it('are named by their word in the table, CSV, JSON and the HTML users table', () => {
    const table = readTable([...renderUsersTable(report, wide)].join(''));
    expectOneWord(USER_KINDS, {
      table: column(table, 'kind'),
      csv: (parseCsv(renderUsersCsv(report), { columns: true }) as { kind: string }[]).map((r) => r.kind),
      json: (
        JSON.parse(renderUsersJson(report)) as { accounts: { users: { kind: string }[] }[] }
      ).accounts[0]!.users.map((u) => u.kind),
      html: (() => {
        const data = usersData(report.accounts);
        const kinds =
          typeof data.cols.kind === 'string' ? [...data.cols.kind].map((d) => parseInt(d, 36)) : data.cols.kind;
        return kinds.map((k) => data.kinds[k] ?? '');
      })(),
    });
    // The licence cell names a kind that takes no seat by the same word.
    expect(column(table, 'license')).toEqual([
      'none',
      'none · embed, no seat',
      'none',
      'none · looker_support, no seat',
    ]);
  });
});
