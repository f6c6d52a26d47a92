import { describe, expect, it } from '@jest/globals';
import { auditAccount, failedAccount } from '../../src/audit/account.js';
import {
  applicableKinds,
  effectivePolicy,
  evaluatePolicy,
  matchAllowlist,
  type ConfiguredPolicy,
} from '../../src/audit/policy.js';
import { buildReport } from '../../src/audit/report-model.js';
import { TORII_RULES } from '../../src/audit/rules.js';
import type { AuditReport } from '../../src/audit/types.js';
import type { LookerUser } from '../../src/looker/types.js';
import { toJsonDocument } from '../../src/report/json.js';
import { accountUsage } from '../../src/audit/usage.js';
import { aUser } from './builders.js';
import { snapshotWith } from '../report/fixture.js';

const now = new Date('2026-03-15T23:30:00Z');
const dev = (id: string, email: string | null, extra: Partial<LookerUser> = {}) =>
  aUser({ id, email, roleIds: ['r-admin'], ...extra });
const std = (id: string, email: string) => aUser({ id, email, roleIds: ['r-explore'] });

function report(users: readonly LookerUser[], account = 'production'): AuditReport {
  return buildReport([auditAccount({ ...snapshotWith(users), account }, TORII_RULES)], {
    generatedAt: now,
    rules: 'torii',
  });
}

const users = [
  dev('1', 'ada@acme.test'),
  dev('2', 'Bob@Partner.example'),
  dev('3', 'cy@acme.test'),
  dev('4', 'dora@acme.test', { isDisabled: true }),
  dev('5', null, { isEmbed: true }),
  dev('6', 'etl@acme.test', { isServiceAccount: true }),
  std('7', 'eve@acme.test'),
];

describe('matchAllowlist', () => {
  it('matches exact emails and * globs case-insensitively, with regex characters taken literally', () => {
    const entries = [{ pattern: 'ADA@acme.test' }, { pattern: '*@partner.example' }, { pattern: 'a+b@x.test' }];
    expect(matchAllowlist('ada@ACME.test', entries, now).allowed).toBe(true);
    expect(matchAllowlist('bob@PARTNER.example', entries, now).allowed).toBe(true);
    expect(matchAllowlist('bob@partner.example.evil', entries, now).allowed).toBe(false);
    expect(matchAllowlist('a+b@x.test', entries, now).allowed).toBe(true);
    expect(matchAllowlist('aab@x.test', entries, now).allowed).toBe(false);
    expect(matchAllowlist('adaXacme.test', [{ pattern: 'ada@acme.test' }], now).allowed).toBe(false);
    expect(matchAllowlist(null, [{ pattern: '*' }], now).allowed).toBe(false);
  });

  it('an entry allows through its expiry day (UTC) and no longer the day after', () => {
    const entries = [{ pattern: 'ada@acme.test', expires: '2026-03-15' }];
    expect(matchAllowlist('ada@acme.test', entries, now)).toEqual({ allowed: true, entry: entries[0] });
    const verdict = matchAllowlist('ada@acme.test', entries, new Date('2026-03-16T00:00:00Z'));
    expect(verdict).toEqual({ allowed: false, expired: entries });
    // an expired entry does not hide a later one that still allows
    expect(
      matchAllowlist(
        'ada@acme.test',
        [{ pattern: 'ada@acme.test', expires: '2020-01-01' }, { pattern: '*@acme.test' }],
        now,
      ).allowed,
    ).toBe(true);
  });
});

describe('effectivePolicy', () => {
  const policy: ConfiguredPolicy = {
    maxSeats: { developer: 5, viewer: 100 },
    allowedDevelopers: [{ pattern: 'ada@acme.test' }],
    accounts: { production: { maxSeats: { developer: 2, standard: 10 } }, staging: { allowedDevelopers: [] } },
  };

  it('per-account keys override the top level tier by tier; --max-developers overrides the developer limit', () => {
    expect(effectivePolicy(policy, 'production', {}).maxSeats).toEqual({ developer: 2, standard: 10, viewer: 100 });
    expect(effectivePolicy(policy, 'other', {}).maxSeats).toEqual({ developer: 5, viewer: 100 });
    expect(effectivePolicy(policy, 'production', { maxDevelopers: 0 }).maxSeats.developer).toBe(0);
  });

  it('an account list replaces the top-level list; --allow adds to it and enables the rule where none is configured', () => {
    expect(effectivePolicy(policy, 'production', {}).allowedDevelopers).toEqual([{ pattern: 'ada@acme.test' }]);
    expect(effectivePolicy(policy, 'staging', {}).allowedDevelopers).toEqual([]);
    expect(effectivePolicy(policy, 'production', { allow: ['bob@x.test'] }).allowedDevelopers).toEqual([
      { pattern: 'ada@acme.test' },
      { pattern: 'bob@x.test' },
    ]);
    expect(effectivePolicy({}, 'x', {}).allowedDevelopers).toBeNull();
    expect(effectivePolicy({}, 'x', { allow: ['bob@x.test'] }).allowedDevelopers).toEqual([{ pattern: 'bob@x.test' }]);
  });

  it('applicableKinds: only rules with something configured, and only those in failOn', () => {
    expect(applicableKinds(effectivePolicy({}, 'x', {}), false)).toEqual([]);
    expect(applicableKinds(effectivePolicy({}, 'x', {}), true)).toEqual(['new-developer']);
    expect(applicableKinds(effectivePolicy(policy, 'x', {}), true)).toEqual([
      'unexpected-developer',
      'over-budget',
      'new-developer',
    ]);
    expect(applicableKinds(effectivePolicy(policy, 'x', {}), true, ['over-budget'])).toEqual(['over-budget']);
  });
});

describe('evaluatePolicy', () => {
  it('unexpected-developer: only Developer seats (active standard/service users), each with its reason', () => {
    const policy: ConfiguredPolicy = {
      allowedDevelopers: [{ pattern: 'ada@acme.test' }, { pattern: '*@partner.example' }],
    };
    const result = evaluatePolicy(report(users), policy, { now, overrides: {} });
    expect(result.ok).toBe(false);
    expect(result.violations.map((v) => [v.kind, v.userId, v.email])).toEqual([
      ['unexpected-developer', '3', 'cy@acme.test'],
      ['unexpected-developer', '6', 'etl@acme.test'],
    ]);
    const [cy] = result.violations;
    expect(cy).toMatchObject({ account: 'production', tier: 'developer', count: null, limit: null });
    expect(cy?.reason).toBe('developer: role "LookML Admins" name contains "admin", assigned directly');
    expect(cy?.message).toContain('cy@acme.test');
    expect(result.accounts[0]?.checked).toEqual(['unexpected-developer']);
  });

  it('an expired entry is named in the message', () => {
    const policy: ConfiguredPolicy = {
      allowedDevelopers: [{ pattern: '*@acme.test', expires: '2026-03-01' }, { pattern: '*@partner.example' }],
    };
    const result = evaluatePolicy(report(users.slice(0, 2)), policy, { now, overrides: {} });
    expect(result.violations).toHaveLength(1);
    expect(result.violations[0]?.message).toMatch(/"\*@acme\.test" until 2026-03-01, which has passed/);
  });

  it('over-budget per tier, with count and limit; at the limit is fine', () => {
    const r = report(users);
    expect(r.accounts[0]?.seats).toMatchObject({ developer: 4, standard: 1 });
    const result = evaluatePolicy(r, { maxSeats: { developer: 4, standard: 0 } }, { now, overrides: {} });
    expect(result.violations.map((v) => [v.kind, v.tier, v.count, v.limit, v.userId])).toEqual([
      ['over-budget', 'standard', 1, 0, null],
    ]);
    const flagged = evaluatePolicy(r, { maxSeats: { developer: 4 } }, { now, overrides: { maxDevelopers: 3 } });
    expect(flagged.violations.map((v) => [v.tier, v.count, v.limit])).toEqual([['developer', 4, 3]]);
  });

  it('new-developer: absent, raised, re-enabled users are new; matched by id, falling back to email', () => {
    const before = toJsonDocument(
      report([
        dev('1', 'ada@acme.test'),
        std('2', 'bob@partner.example'),
        dev('3', 'cy@acme.test', { isDisabled: true }),
        dev('90', 'etl@acme.test'),
      ]),
    );
    const result = evaluatePolicy(report(users), {}, { now, baseline: before, overrides: {} });
    // ada: same id, was developer. etl: new id, same email (re-created), was developer: not new.
    expect(result.violations.map((v) => [v.email, v.message.split(', ').pop()])).toEqual([
      ['Bob@Partner.example', 'tier raised from standard since the baseline'],
      ['cy@acme.test', 'was disabled in the baseline'],
    ]);
    expect(result.accounts[0]?.checked).toEqual(['new-developer']);
    const added = evaluatePolicy(
      report([dev('1', 'ada@acme.test'), dev('77', 'new@acme.test')]),
      {},
      { now, baseline: before, overrides: {} },
    );
    expect(added.violations.map((v) => v.message)).toEqual([
      'new Developer seat: new@acme.test, a user not in the baseline',
    ]);
  });

  it('an account missing from the baseline, or failed in it, is not compared and says so', () => {
    const other = toJsonDocument(report([dev('1', 'ada@acme.test')], 'staging'));
    const result = evaluatePolicy(report(users), {}, { now, baseline: other, overrides: {} });
    expect(result.violations).toEqual([]);
    expect(result.accounts[0]?.checked).toEqual([]);
    expect(result.accounts[0]?.notes).toEqual([
      'account "production" is not in the baseline: new Developer seats not checked',
    ]);
    const failed = toJsonDocument(
      buildReport([failedAccount('production', 'u', 'login refused', 1)], { generatedAt: now, rules: 'torii' }),
    );
    expect(evaluatePolicy(report(users), {}, { now, baseline: failed, overrides: {} }).accounts[0]?.notes[0]).toMatch(
      /failed in the baseline \(login refused\)/,
    );
  });

  it('a failed account is not ok and checks nothing; failOn limits the kinds', () => {
    const r = buildReport(
      [...report(users).accounts, failedAccount('eu', 'https://eu.test', 'account "eu": login refused', 1)],
      { generatedAt: now, rules: 'torii' },
    );
    const policy: ConfiguredPolicy = { maxSeats: { developer: 1 }, allowedDevelopers: [] };
    const all = evaluatePolicy(r, policy, { now, overrides: {} });
    expect(all.ok).toBe(false);
    expect(all.accounts[1]).toEqual({
      account: 'eu',
      error: 'account "eu": login refused',
      checked: [],
      violations: [],
      notes: [],
    });
    expect(new Set(all.violations.map((v) => v.kind))).toEqual(new Set(['unexpected-developer', 'over-budget']));
    const budget = evaluatePolicy(r, policy, { now, overrides: {}, failOn: ['over-budget'] });
    expect(budget.violations.map((v) => v.kind)).toEqual(['over-budget']);
    const clean = evaluatePolicy(report(users), { maxSeats: { developer: 9 } }, { now, overrides: {} });
    expect(clean.ok).toBe(true);
    expect(clean.accounts[0]?.notes).toEqual([]);
  });
});

describe('idle-developer', () => {
  const policy: ConfiguredPolicy = { maxIdleDeveloperDays: 30, accounts: { staging: { maxIdleDeveloperDays: 60 } } };
  const data = (history: { userId: string; date: string; dev: boolean }[]) =>
    accountUsage({
      apiUserId: '1',
      users: [],
      history: history.map((h) => ({
        userId: h.userId,
        source: 'explore',
        workspace: h.dev ? 'dev' : 'production',
        queryRunCount: 3,
        mostRecentQueryDate: h.date,
      })),
      gitEvents: [{ userId: '6', count: 2 }],
      looksCreated: [],
      dashboardsCreated: [],
      missing: [],
      queryCalls: 5,
    });

  it('the account policy wins over the top level, the flag over both; enabled only when set', () => {
    expect(effectivePolicy(policy, 'production', {}).maxIdleDeveloperDays).toBe(30);
    expect(effectivePolicy(policy, 'staging', {}).maxIdleDeveloperDays).toBe(60);
    expect(effectivePolicy(policy, 'staging', { maxIdleDeveloperDays: 7 }).maxIdleDeveloperDays).toBe(7);
    expect(applicableKinds(effectivePolicy({}, 'production', {}), false)).toEqual([]);
    expect(applicableKinds(effectivePolicy(policy, 'production', {}), false)).toEqual(['idle-developer']);
  });

  it('flags Developer seats without a Development Mode query in the window or a git event; never the API user', () => {
    const usage = data([
      { userId: '2', date: '2026-03-10', dev: true }, // recent dev query: fine
      { userId: '3', date: '2026-01-20', dev: true }, // dev query before the 30 days
      { userId: '1', date: '2026-01-01', dev: false }, // the API user: never flagged
    ]);
    const result = evaluatePolicy(report(users), policy, {
      now,
      overrides: {},
      usage: new Map([['production', { kind: 'system_activity', usage }]]),
    });
    // 3: old dev query; 6 (service) has git events; 2 is recent; 1 is the API user; 4 disabled, 5 embed.
    expect(result.violations.map((v) => [v.kind, v.userId, v.message])).toEqual([
      [
        'idle-developer',
        '3',
        'Developer seat held by cy@acme.test, with no Development Mode query or git event in 30 days (last 2026-01-20)',
      ],
    ]);
  });

  it('with logins only the rule is not checked, and a note says so', () => {
    const result = evaluatePolicy(report(users), policy, {
      now,
      overrides: {},
      usage: new Map([['production', { kind: 'logins_only', apiUserId: null, reason: 'Access Denied' }]]),
    });
    expect(result.violations).toEqual([]);
    expect(result.accounts[0]?.checked).toEqual([]);
    expect(result.accounts[0]?.notes).toEqual([
      'account "production": no usage data (logins only): idle Developer seats not checked',
    ]);
  });
});
