import { describe, expect, it } from '@jest/globals';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { diffSnapshots } from '../../src/audit/diff.js';
import type { CheckResult, Violation } from '../../src/audit/policy.js';
import { renderCheckJson, renderCheckJunit, renderCheckTable, xmlEscape } from '../../src/report/check.js';
import { renderDiffCsv, renderDiffJson, renderDiffTable } from '../../src/report/diff.js';
import type { SnapshotDocument, SnapshotUser } from '../../src/snapshot/types.js';
import { createChalk } from '../../src/output/terminal.js';

const plain = { chalk: createChalk(false) };

const hostile = "Zoë \"<&>' \u0001\u001b[31m\" =cmd|'/c calc'!A1";
const violation = (over: Partial<Violation>): Violation => ({
  account: 'prod',
  kind: 'unexpected-developer',
  tier: 'developer',
  userId: '7',
  email: 'eve@acme.test',
  name: 'Eve',
  reason: 'developer: role "Admins" name contains "admin", assigned directly',
  why: 'Admins (direct)',
  count: null,
  limit: null,
  message: 'Developer seat held by eve@acme.test',
  detail: 'is not on allowed_developers',
  ...over,
});

const result: CheckResult = {
  generatedAt: '2026-03-15T12:00:00.000Z',
  rules: 'torii',
  ok: false,
  violations: [
    violation({ email: hostile, message: `Developer seat held by ${hostile}` }),
    violation({
      kind: 'over-budget',
      userId: null,
      email: null,
      name: null,
      reason: null,
      count: 3,
      limit: 2,
      message: '3 developer seats, over the limit of 2',
      detail: '3 developer seats, over the limit of 2',
    }),
  ],
  accounts: [
    {
      account: 'prod',
      error: null,
      checked: ['unexpected-developer', 'over-budget', 'new-developer'],
      violations: [],
      notes: ['a note'],
    },
    { account: 'staging', error: null, checked: ['over-budget'], violations: [], notes: [] },
    { account: 'eu', error: 'account "eu": login refused (HTTP 404) <&>', checked: [], violations: [], notes: [] },
  ],
};
// the prod account holds the two violations
(result.accounts[0] as { violations: readonly Violation[] }).violations = result.violations;

describe('check renderers', () => {
  it('json: the documented schema, keys in order, error only on the failed account', () => {
    const doc = JSON.parse(renderCheckJson(result)) as Record<string, unknown> & {
      violations: Record<string, unknown>[];
      accounts: Record<string, unknown>[];
    };
    expect(Object.keys(doc)).toEqual(['schema_version', 'generated_at', 'rules', 'ok', 'violations', 'accounts']);
    expect(doc.ok).toBe(false);
    expect(Object.keys(doc.violations[0] ?? {})).toEqual([
      'account',
      'kind',
      'tier',
      'user_id',
      'email',
      'name',
      'reason',
      'count',
      'limit',
      'message',
    ]);
    expect(doc.violations[1]).toMatchObject({ kind: 'over-budget', user_id: null, count: 3, limit: 2 });
    expect(doc.accounts).toEqual([
      { name: 'prod', checked: ['unexpected-developer', 'over-budget', 'new-developer'], notes: ['a note'] },
      { name: 'staging', checked: ['over-budget'], notes: [] },
      { name: 'eu', error: 'account "eu": login refused (HTTP 404) <&>', checked: [], notes: [] },
    ]);
  });

  it('junit: valid XML with hostile text escaped; failures per violation, passing cases, an <error> for a failed account', () => {
    const xml = renderCheckJunit(result);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('\u0001');
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (n) => n === 'testsuite' || n === 'testcase',
    }).parse(xml) as {
      testsuites: {
        '@tests': string;
        '@failures': string;
        '@errors': string;
        testsuite: { '@name': string; '@tests': string; testcase: Record<string, unknown>[] }[];
      };
    };
    const root = parsed.testsuites;
    expect([root['@tests'], root['@failures'], root['@errors']]).toEqual(['5', '2', '1']);
    const [prod, staging, eu] = root.testsuite;
    expect(prod?.testcase.map((c) => c['@name'])).toEqual([
      `unexpected-developer: ${hostile.replace(/\u0001|\u001b\[31m/g, '')}`,
      'over-budget: developer',
      'new-developer: none',
    ]);
    expect(prod?.testcase.filter((c) => c.failure !== undefined)).toHaveLength(2);
    expect(staging?.testcase).toEqual([
      { '@classname': 'looker-audit.staging.over-budget', '@name': 'over-budget: none' },
    ]);
    expect(eu?.testcase[0]?.error).toBeDefined();
    expect(eu?.testcase[0]?.failure).toBeUndefined();
  });

  it('xmlEscape escapes the five XML characters and drops characters XML cannot hold', () => {
    expect(xmlEscape(`a<b>&"c'\u0000\u0008\uFFFE\n`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;\n');
  });

  it('table: one row per violation, a line per account, terminal escapes stripped', () => {
    const out = renderCheckTable(result, plain);
    expect(out).not.toContain('\u001b');
    // The kind as every format names it, the user in its own column, the detail without the user.
    expect(out).toMatch(/prod .*unexpected-developer .*Zoë.*is not on allowed_developers/);
    expect(out).toMatch(/over-budget .*3 developer seats, over the limit of 2/);
    expect(out).toMatch(/^prod: 2 violations$/m);
    // A clean account says in words what was checked.
    expect(out).toMatch(/^staging: passed: no tier has more seats than max_seats$/m);
    expect(out).toMatch(/^eu: could not be audited: account "eu": login refused/m);
  });
});

const u = (id: string, license: SnapshotUser['license'], extra: Partial<SnapshotUser> = {}): SnapshotUser => ({
  id,
  email: `u${id}@acme.test`,
  name: `User ${id}`,
  status: 'active',
  kind: 'regular',
  license,
  roles: ['R'],
  groups: [],
  last_login_at: null,
  reason: `${license}: role "R" rule, assigned directly`,
  ...extra,
});
const snap = (users: SnapshotUser[], at: string): SnapshotDocument => ({
  schema_version: 1,
  generated_at: at,
  rules: 'torii',
  accounts: [
    {
      name: 'prod',
      url: 'https://p.test',
      api_calls: 5,
      summary: { developer: 0, standard: 0, viewer: 0, none: 0 },
      users,
    },
  ],
});
const before = snap(
  [u('1', 'viewer'), u('2', 'standard', { roles: ['Q'], reason: 'standard: role "Q" rule, assigned directly' })],
  '2026-01-01T00:00:00.000Z',
);
const after = snap(
  [
    u('1', 'standard'),
    u('3', 'developer', {
      name: '=HYPERLINK("x")',
      roles: ['S'],
      reason: 'developer: role "S" rule, assigned directly',
    }),
  ],
  '2026-02-01T00:00:00.000Z',
);

describe('diff renderers', () => {
  const diff = diffSnapshots(before, after);

  it('csv: header, one row per change, formula cells neutralised', () => {
    const lines = renderDiffCsv(diff).trimEnd().split('\n');
    expect(lines[0]).toBe('account,change,user_id,email,name,role,from,to,detail');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual([
      'user_added',
      'user_removed',
      'tier_raised',
      'role_tier_changed',
    ]);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[4]).toBe('prod,role_tier_changed,,,,R,viewer,standard,');
  });

  it('json: schema with per-account lists', () => {
    const doc = JSON.parse(renderDiffJson(diff)) as {
      changes: number;
      old: unknown;
      accounts: Record<string, unknown>[];
    };
    expect(Object.keys(doc)).toEqual(['schema_version', 'old', 'new', 'changes', 'accounts']);
    expect(doc.old).toEqual({ generated_at: '2026-01-01T00:00:00.000Z', rules: 'torii' });
    expect(doc.changes).toBe(4);
    expect(Object.keys(doc.accounts[0] ?? {})).toEqual([
      'name',
      'status',
      'users_added',
      'users_removed',
      'tier_changes',
      'status_changes',
      'role_tier_changes',
    ]);
    expect(doc.accounts[0]?.role_tier_changes).toEqual([
      { role: 'R', from: 'viewer', from_exact: true, to: 'standard', to_exact: true },
    ]);
  });

  it('table: a header line with the count; "no changes" when identical; a note when rule sets differ', () => {
    const out = renderDiffTable(diff, plain);
    expect(out.split('\n')[0]).toBe('Changes from 2026-01-01T00:00:00.000Z to 2026-02-01T00:00:00.000Z: 4 changes');
    expect(out).toMatch(/tier_raised .*u1@acme\.test .*viewer .*standard/);
    expect(renderDiffTable(diffSnapshots(before, before), plain)).toBe(
      'Changes from 2026-01-01T00:00:00.000Z to 2026-01-01T00:00:00.000Z: no changes\n',
    );
    expect(renderDiffTable(diffSnapshots(before, { ...before, rules: 'looker' }), plain)).toMatch(
      /different rule sets \(torii -> looker\)/,
    );
  });
});
