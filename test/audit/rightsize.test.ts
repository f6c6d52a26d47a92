/**
 * The recommendation rules of audit/rightsize.ts, case by case: a table of seat holders, their usage and the
 * recommendation (and saving) each must get.
 */
import { describe, expect, it } from '@jest/globals';
import {
  buildRightsizeReport,
  recommend,
  rightsizeAccount,
  type RecommendationKind,
  type UsageInput,
} from '../../src/audit/rightsize.js';
import type { AccountAudit, AuditedUser } from '../../src/audit/types.js';
import { accountUsage, classifySource, normaliseSource } from '../../src/audit/usage.js';
import type { Tier } from '../../src/vocabulary.js';
import type { SystemActivityData } from '../../src/looker/system-activity.js';
import type { HistoryRow } from '../../src/looker/system-activity-rows.js';

const NOW = new Date('2026-11-23T08:00:00Z');
const PRICES = { developer: 1650, standard: 800, viewer: 400 };
const OPTIONS = { now: NOW, usageDays: 90, prices: PRICES };
const API_USER = '1';

function seat(id: string, license: Tier, overrides: Partial<AuditedUser> = {}): AuditedUser {
  return {
    id,
    email: `u${id}@acme.test`,
    name: `User ${id}`,
    status: 'active',
    kind: 'regular',
    license,
    countsTowardSeats: true,
    roles: [],
    groups: [],
    lastLoginAt: '2026-11-20T09:00:00.000Z',
    createdAt: '2024-01-01T00:00:00.000Z',
    reason: '',
    grants: [],
    ...overrides,
  };
}

const q = (userId: string, source: string | null, count = 3, date = '2026-11-10', workspace = 'production') =>
  ({ userId, source, workspace, queryRunCount: count, mostRecentQueryDate: date }) satisfies HistoryRow;

function data(overrides: Partial<SystemActivityData> = {}): SystemActivityData {
  return {
    apiUserId: API_USER,
    users: [],
    history: [],
    gitEvents: [],
    looksCreated: [],
    dashboardsCreated: [],
    missing: [],
    queryCalls: 5,
    ...overrides,
  };
}

interface Case {
  readonly title: string;
  readonly user: AuditedUser;
  readonly data?: Partial<SystemActivityData>;
  readonly to: RecommendationKind | null;
  readonly saving?: number;
  readonly evidence?: RegExp;
}

const CASES: Case[] = [
  {
    title: 'a Developer with Development Mode queries keeps the seat',
    user: seat('2', 'developer'),
    data: { history: [q('2', 'explore', 5, '2026-11-18', 'dev')] },
    to: null,
  },
  {
    title: 'a Developer with git events only keeps the seat',
    user: seat('2', 'developer'),
    data: { history: [q('2', 'dashboard')], gitEvents: [{ userId: '2', count: 4 }] },
    to: null,
  },
  {
    title: 'a Developer who explores -> standard',
    user: seat('3', 'developer'),
    data: { history: [q('3', 'explore', 7, '2026-10-02'), q('3', 'dashboard', 14)] },
    to: 'standard',
    saving: 850,
    evidence:
      /^no Development Mode query or git event in 90 days; last explore 2026-10-02; 14 dashboard queries, 7 explore queries$/,
  },
  {
    title: 'a Developer who only reads dashboards -> viewer',
    user: seat('4', 'developer'),
    data: { history: [q('4', 'dashboard', 14), q('4', 'look', 2)] },
    to: 'viewer',
    saving: 1250,
    evidence:
      /no Development Mode query.*; no Explore, SQL Runner or merge query and no Look or dashboard created in 90 days; 14 dashboard queries, 2 look queries/,
  },
  {
    title: 'a Developer who created a Look -> standard',
    user: seat('5', 'developer'),
    data: { looksCreated: [{ userId: '5', count: 2 }] },
    to: 'standard',
    saving: 850,
    evidence: /2 Looks created/,
  },
  {
    title: 'a Standard user of SQL Runner keeps the seat',
    user: seat('6', 'standard'),
    data: { history: [q('6', 'sqlrunner')] },
    to: null,
  },
  {
    title: 'an older display label "Merge Query" is creator use',
    user: seat('7', 'standard'),
    data: { history: [q('7', 'Merge Query')] },
    to: null,
  },
  {
    title: 'an older display label "SQL Runner" is creator use',
    user: seat('7', 'standard'),
    data: { history: [q('7', 'SQL Runner')] },
    to: null,
  },
  {
    title: 'an older display label "Saved Look" is viewer use -> viewer',
    user: seat('8', 'standard'),
    data: { history: [q('8', 'Saved Look', 9)] },
    to: 'viewer',
    saving: 400,
    evidence: /9 look queries/,
  },
  {
    title: "schedules, suggestions and the PDT regenerator are not a person's use -> viewer on logins",
    user: seat('9', 'standard'),
    data: {
      history: [q('9', 'scheduled_task', 40), q('9', 'suggest', 5), q('9', 'PDT Regenerator', 3), q('9', 'alerts')],
    },
    to: 'viewer',
    saving: 400,
    evidence: /logins only \(last login 2026-11-20\); 51 scheduled or system queries not counted$/,
  },
  {
    title: 'no login and no use in the window, account older -> reclaim',
    user: seat('10', 'standard', { lastLoginAt: '2026-04-03T09:00:00.000Z' }),
    to: 'reclaim',
    saving: 800,
    evidence: /^no login and no use in 90 days; last login 2026-04-03$/,
  },
  {
    title: 'only scheduled runs and no login -> reclaim',
    user: seat('10', 'standard', { lastLoginAt: null }),
    data: { history: [q('10', 'scheduled_task', 12)] },
    to: 'reclaim',
    saving: 800,
    evidence: /never logged in \(account created 2024-01-01\)/,
  },
  {
    title: 'use without a login in the window keeps the seat from reclaim -> viewer',
    user: seat('11', 'standard', { lastLoginAt: '2026-04-03T09:00:00.000Z' }),
    data: { history: [q('11', 'dashboard', 6)] },
    to: 'viewer',
    saving: 400,
  },
  {
    title: 'never logged in but created within the window: too new to judge',
    user: seat('12', 'standard', { lastLoginAt: null, createdAt: '2026-11-01T00:00:00.000Z' }),
    to: null,
  },
  {
    title: 'a Viewer with no login -> reclaim',
    user: seat('13', 'viewer', { lastLoginAt: null }),
    to: 'reclaim',
    saving: 400,
  },
  { title: 'a Viewer who logs in keeps the seat', user: seat('14', 'viewer'), to: null },
  {
    title: 'a service account judged by its API login: API queries only -> viewer',
    user: seat('15', 'standard', { kind: 'service', lastLoginAt: null }),
    data: {
      users: [{ userId: '15', lastUiLoginDate: null, lastApiLoginDate: '2026-11-22' }],
      history: [q('15', 'api3', 300)],
    },
    to: 'viewer',
    saving: 400,
    evidence: /300 api3 queries/,
  },
  {
    title: 'a service account with no API login in the window -> reclaim',
    user: seat('16', 'standard', { kind: 'service', lastLoginAt: null }),
    data: { users: [{ userId: '16', lastUiLoginDate: null, lastApiLoginDate: '2026-07-01' }] },
    to: 'reclaim',
    saving: 800,
    evidence: /^no API login and no use in 90 days; last API login 2026-07-01$/,
  },
  {
    title: 'a service account whose API login is unknown is not judged',
    user: seat('17', 'standard', { kind: 'service', lastLoginAt: null }),
    data: { missing: ['user_facts.last_api_login_date'] },
    to: null,
  },
  {
    title: 'the API user the audit logs in as is never judged',
    user: seat(API_USER, 'developer', { lastLoginAt: null }),
    to: null,
  },
  {
    title: 'an embed user is never judged',
    user: seat('18', 'viewer', { kind: 'embed', countsTowardSeats: false, lastLoginAt: null }),
    to: null,
  },
  {
    title: 'a support user is never judged',
    user: seat('19', 'developer', { kind: 'looker_support', countsTowardSeats: false, lastLoginAt: null }),
    to: null,
  },
  {
    title: 'a disabled user is never judged',
    user: seat('20', 'developer', { status: 'disabled', countsTowardSeats: false, lastLoginAt: null }),
    to: null,
  },
  { title: 'a user with no tier is never judged', user: seat('21', 'none', { lastLoginAt: null }), to: null },
  {
    title: 'Development Mode unknown on the release: a Developer is not lowered on it',
    user: seat('22', 'developer'),
    data: { history: [{ ...q('22', 'dashboard'), workspace: undefined }], missing: ['history.workspace_id'] },
    to: null,
  },
  {
    title: 'git events unknown: a Developer is not lowered on them',
    user: seat('22', 'developer'),
    data: { history: [q('22', 'dashboard')], gitEvents: null, missing: ['explore event'] },
    to: null,
  },
  {
    title: 'content creation unknown: a Standard user is not lowered to viewer, a Developer only to standard',
    user: seat('23', 'developer'),
    data: { history: [q('23', 'dashboard')], looksCreated: null, missing: ['explore look'] },
    to: 'standard',
    saving: 850,
  },
];

describe('recommendations, case by case', () => {
  it.each(CASES.map((c) => [c.title, c] as const))('%s', (_title, c) => {
    const input: UsageInput = { kind: 'system_activity', usage: accountUsage(data(c.data)) };
    const account = rightsizeAccount(audit([c.user]), input, OPTIONS);
    const [found] = account.recommendations;
    if (c.to === null) {
      expect(account.recommendations).toEqual([]);
      return;
    }
    expect(found?.to).toBe(c.to);
    expect(found?.yearlySaving).toBe(c.saving);
    expect(found?.tier).toBe(c.user.license);
    if (c.evidence) expect(found?.evidence).toMatch(c.evidence);
  });

  it("the API user's own queries count for nobody", () => {
    const usage = accountUsage(
      data({ history: [q(API_USER, 'explore', 50, '2026-11-22', 'dev'), q('2', 'dashboard', 1)] }),
    );
    expect(usage.users.get(API_USER)).toBeUndefined();
    expect(usage.users.get('2')?.queryCount).toBe(1);
    // The newest date seen is still the data's "as of".
    expect(usage.asOf).toBe('2026-11-22');
  });
});

describe('logins only (System Activity unavailable)', () => {
  const input: UsageInput = { kind: 'logins_only', apiUserId: API_USER, reason: 'Access Denied' };
  it.each([
    [
      'no login in the window -> reclaim',
      seat('10', 'standard', { lastLoginAt: '2026-04-03T09:00:00.000Z' }),
      'reclaim',
    ],
    ['a login in the window: no downgrade without usage', seat('3', 'developer'), null],
    ['a service account is not judged on logins', seat('13', 'standard', { kind: 'service', lastLoginAt: null }), null],
    ['the API user is never judged', seat(API_USER, 'developer', { lastLoginAt: null }), null],
  ] as const)('%s', (_title, user, to) => {
    const found = recommend(user, input, OPTIONS);
    expect(found?.to ?? null).toBe(to);
    if (to !== null) expect(found?.evidence).toMatch(/usage unknown \(logins only\)$/);
  });

  it('the account is marked logins_only, with its reason', () => {
    const account = rightsizeAccount(audit([seat('10', 'standard', { lastLoginAt: null })]), input, OPTIONS);
    expect(account).toMatchObject({ usage: 'logins_only', usageAsOf: null, usageNote: 'Access Denied' });
    expect(account.totals).toEqual({ reclaim: 1, downgrade: 0, yearlySaving: 800 });
  });
});

describe('totals and order', () => {
  const users = [
    seat('10', 'viewer', { lastLoginAt: null, name: 'Zoe' }),
    seat('3', 'developer', { name: 'Ann' }),
    seat('4', 'standard', { lastLoginAt: null, name: 'Bob' }),
    seat('5', 'standard', { name: 'Cat' }),
  ];
  const usage = accountUsage(data({ history: [q('3', 'dashboard'), q('5', 'explore')] }));

  it('recommendations come biggest saving first; totals count reclaims, downgrades and the saving', () => {
    const account = rightsizeAccount(audit(users), { kind: 'system_activity', usage }, OPTIONS);
    expect(account.recommendations.map((r) => [r.name, r.to, r.yearlySaving])).toEqual([
      ['Ann', 'viewer', 1250],
      ['Bob', 'reclaim', 800],
      ['Zoe', 'reclaim', 400],
    ]);
    expect(account.totals).toEqual({ reclaim: 2, downgrade: 1, yearlySaving: 2450 });
    expect(account.usage).toBe('system_activity');
    const report = buildRightsizeReport([account, account], { generatedAt: NOW, rules: 'torii', usageDays: 90 });
    expect(report.totals).toEqual({ reclaim: 4, downgrade: 2, yearlySaving: 4900 });
  });

  it('without prices every saving and total is null', () => {
    const account = rightsizeAccount(audit(users), { kind: 'system_activity', usage }, { now: NOW, usageDays: 90 });
    expect(account.recommendations.map((r) => r.yearlySaving)).toEqual([null, null, null]);
    expect(account.totals.yearlySaving).toBeNull();
  });

  it('a shorter window judges more seats idle', () => {
    const user = seat('6', 'standard', { lastLoginAt: '2026-10-01T00:00:00.000Z' });
    const input: UsageInput = { kind: 'system_activity', usage: accountUsage(data()) };
    expect(recommend(user, input, OPTIONS)?.to).toBe('viewer');
    expect(recommend(user, input, { ...OPTIONS, usageDays: 30 })?.to).toBe('reclaim');
  });
});

describe('sources', () => {
  it.each([
    ['explore', 'explore', 'creator'],
    ['Explore', 'explore', 'creator'],
    ['SQL Runner', 'sqlrunner', 'creator'],
    ['merge_query', 'merge_query', 'creator'],
    ['Saved Look', 'look', 'viewer'],
    ['API 3', 'api3', 'viewer'],
    ['drill_modal', 'drill_modal', 'viewer'],
    ['Scheduled Task', 'scheduled_task', 'not_person'],
    ['Renderer', 'render_manager_cache', 'not_person'],
    ['Dashboard Prefetch', 'dashboard_prefetch', 'not_person'],
    ['alerts', 'alerts', 'not_person'],
    ['Alert', 'alerts', 'not_person'],
  ] as const)('%s -> %s (%s)', (sent, raw, kind) => {
    expect(normaliseSource(sent)).toBe(raw);
    expect(classifySource(raw)).toBe(kind);
  });
});

function audit(users: readonly AuditedUser[]): AccountAudit {
  return {
    name: 'production',
    url: 'https://acme.test',
    apiCalls: 16,
    lookerRelease: null,
    error: null,
    seats: { developer: 0, standard: 0, viewer: 0, none: 0 },
    users,
    roles: [],
    groups: [],
  };
}
