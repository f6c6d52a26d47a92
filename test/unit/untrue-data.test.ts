/**
 * What an attack review got through as data: the same instance configured twice, seat counts that cannot be true,
 * System Activity dates after today, and emails that merged in one command but not in another.
 */
import { describe, expect, it } from '@jest/globals';
import { withPlausibleSeats } from '../../src/audit/history.js';
import { mergePeople } from '../../src/audit/people.js';
import { evaluatePolicy } from '../../src/audit/policy.js';
import { explainUser } from '../../src/audit/explain.js';
import { buildReport } from '../../src/audit/report-model.js';
import { accountUsage } from '../../src/audit/usage.js';
import type { AccountAudit, AuditedUser } from '../../src/audit/types.js';
import { assertDistinctInstances, selectAccounts } from '../../src/config/select.js';
import { validateConfig } from '../../src/config/validate.js';
import { emailKey } from '../../src/snapshot/email.js';
import { ConfigError } from '../../src/errors.js';
import { audit } from '../../src/index.js';
import type { SystemActivityData } from '../../src/looker/system-activity.js';
import { matchUsers } from '../../src/snapshot/match.js';
import type { SnapshotDocument } from '../../src/snapshot/types.js';

describe('the same instance twice in one audit is a configuration error naming both accounts', () => {
  const account = (name: string, url: string) => ({ name, url, client_id: 'id', client_secret_env: 'S' });
  const problemsOf = (urls: readonly string[], only?: readonly string[]): readonly string[] => {
    const config = validateConfig(
      { accounts: urls.map((url, i) => account(`acct${i}`, url)) },
      { file: 'c.yaml', env: {} },
    );
    try {
      assertDistinctInstances(config, selectAccounts(config, only));
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it.each([
    ['an /api/4.0 suffix', 'https://acme.looker.com', 'https://acme.looker.com/api/4.0'],
    ['a trailing slash', 'https://acme.looker.com', 'https://acme.looker.com/'],
    ['the default port', 'https://acme.looker.com', 'https://acme.looker.com:443'],
    ['another case', 'https://acme.looker.com', 'HTTPS://ACME.Looker.COM'],
    ['a final dot', 'https://acme.looker.com', 'https://acme.looker.com.'],
    ['everything at once', 'https://acme.looker.com:19999', 'https://ACME.looker.com.:19999/api/4.0/'],
  ])('%s', (_what, first, second) => {
    expect(problemsOf([first, second])).toEqual([
      expect.stringMatching(
        /^accounts "acct0" and "acct1" are the same Looker instance \(https:\/\/acme\.looker\.com(:19999)?\): audited together, every seat would be counted twice/,
      ),
    ]);
  });

  it.each([
    ['another host', 'https://acme.looker.com', 'https://acme-staging.looker.com'],
    ['another port', 'https://acme.looker.com', 'https://acme.looker.com:19999'],
    ['another scheme on loopback', 'http://127.0.0.1:9000', 'https://127.0.0.1:9000'],
  ])('but not %s', (_what, first, second) => {
    expect(problemsOf([first, second])).toEqual([]);
  });

  it('the audit refuses it before any call: the example of the review, one URL with an /api/4.0 suffix', async () => {
    const config = {
      accounts: [account('prod', 'https://acme.looker.com'), account('prod-api', 'https://acme.looker.com/api/4.0')],
    };
    await expect(audit(config, { env: { S: 'secret' } })).rejects.toThrow(
      /accounts "prod" and "prod-api" are the same Looker instance/,
    );
  });

  it('a config may name one instance twice (an OAuth login and a CI key): one of them at a time is audited', () => {
    expect(problemsOf(['https://acme.looker.com', 'https://acme.looker.com/api/4.0'], ['acct1'])).toEqual([]);
  });
});

describe('history snapshots with seat counts that cannot be true are left out of the trend, with a warning', () => {
  const snapshot = (developer: number): SnapshotDocument => ({
    schema_version: 1,
    generated_at: '2026-01-01T00:00:00.000Z',
    rules: 'torii',
    accounts: [
      {
        name: 'prod',
        url: 'https://prod.test',
        api_calls: 5,
        summary: { developer, standard: 1, viewer: 2, none: 0 },
        users: [],
      },
    ],
  });

  it.each([-5, 0.5, 1e308, 10_000_001, Number.NaN])('%p', (count) => {
    const { snapshots, warnings } = withPlausibleSeats([snapshot(count)], ['bad.json']);
    expect(snapshots[0]?.accounts[0]?.summary).toBeNull();
    expect(warnings).toEqual([
      'bad.json: accounts[0]: seat counts that are not whole numbers from 0 to 10,000,000: left out of the trend',
    ]);
  });

  it.each([0, 1, 250_000])('%p is kept', (count) => {
    const { snapshots, warnings } = withPlausibleSeats([snapshot(count)], ['ok.json']);
    expect(snapshots[0]?.accounts[0]?.summary?.developer).toBe(count);
    expect(warnings).toEqual([]);
  });
});

describe('a System Activity date after today is left out, never "usage as of" it', () => {
  const data = (
    history: SystemActivityData['history'],
    users: SystemActivityData['users'] = [],
  ): SystemActivityData => ({
    apiUserId: '1',
    users,
    history,
    gitEvents: [],
    looksCreated: [],
    dashboardsCreated: [],
    missing: [],
    queryCalls: 5,
  });
  const row = (userId: string, date: string) => ({
    userId,
    source: 'explore',
    workspace: 'production',
    queryRunCount: 3,
    mostRecentQueryDate: date,
  });

  it('a history row dated after today is not use, and not the "as of" date', () => {
    const usage = accountUsage(data([row('2', '2999-12-31'), row('3', '2026-11-20')]), '2026-11-23');
    expect(usage.asOf).toBe('2026-11-20');
    expect(usage.futureDates).toBe(1);
    expect(usage.users.get('2')).toBeUndefined();
    expect(usage.users.get('3')?.queryCount).toBe(3);
  });

  it('a login date after today reads as no login', () => {
    const usage = accountUsage(
      data([], [{ userId: '4', lastUiLoginDate: '2999-12-31', lastApiLoginDate: '2026-11-22' }]),
      '2026-11-23',
    );
    expect(usage.users.get('4')?.lastUiLogin).toBeNull();
    expect(usage.users.get('4')?.lastApiLogin).toBe('2026-11-22');
    expect(usage.asOf).toBe('2026-11-22');
  });

  it('a day of slack: tomorrow (the instance in a time zone ahead) is still taken', () => {
    const usage = accountUsage(data([row('2', '2026-11-24')]), '2026-11-23');
    expect(usage.futureDates).toBe(0);
    expect(usage.asOf).toBe('2026-11-24');
  });
});

describe('emails are compared after NFC and lower-casing only, the same in people, check, explain and snapshots', () => {
  const user = (id: string, email: string): AuditedUser => ({
    id,
    email,
    name: `User ${id}`,
    status: 'active',
    kind: 'regular',
    license: 'developer',
    countsTowardSeats: true,
    roles: [],
    groups: [],
    lastLoginAt: null,
    createdAt: null,
    reason: 'developer: role "Admin" name contains "admin", assigned directly',
    grants: [],
  });
  const account = (name: string, users: AuditedUser[]): AccountAudit => ({
    name,
    url: `https://${name}.test`,
    apiCalls: 1,
    lookerRelease: null,
    error: null,
    seats: { developer: users.length, standard: 0, viewer: 0, none: 0 },
    users,
    roles: [],
    groups: [],
  });
  const now = new Date('2026-11-23T00:00:00Z');

  // [the email in Looker, the email in the config or the other account, the same person?]
  const CASES: [string, string, string, boolean][] = [
    ['case and blanks', ' Alice@Acme.COM ', 'alice@acme.com', true],
    ['a decomposed accent (NFC)', 'zoe\u0301@acme.com', 'zo\u00e9@acme.com', true],
    ['the Kelvin sign (canonically K, so NFC makes it k)', '\u212Aim@x.com', 'kim@x.com', true],
    ['a full-width letter (only NFKC would fold it)', '\uFF4Bim@x.com', 'kim@x.com', false],
    ['a ligature (only NFKC would fold it)', '\uFB01nn@x.com', 'finn@x.com', false],
  ];

  it.each(CASES)('%s', (_what, looker, other, same) => {
    expect(emailKey(looker) === emailKey(other)).toBe(same);
    // people: merged into one person across two accounts, or two people
    const report = buildReport([account('a', [user('1', looker)]), account('b', [user('2', other)])], {
      generatedAt: now,
      rules: 'torii',
    });
    expect(mergePeople(report).people).toHaveLength(same ? 1 : 2);
    // check: the allowlist entry allows the seat, or not
    const check = evaluatePolicy(
      buildReport([account('a', [user('1', looker)])], { generatedAt: now, rules: 'torii' }),
      { allowedDevelopers: [{ pattern: other }] },
      { now, overrides: {} },
    );
    expect(check.violations.length === 0).toBe(same);
    // explain: found by the other spelling, or not
    expect(explainUser(account('a', [user('1', looker)]), other).found).toBe(same);
    // snapshots: matched by email across instances (no ids compared), or one removed and one added
    const match = matchUsers(
      { name: 'a', url: 'https://old.test', users: [{ id: '1', email: looker }] },
      { name: 'a', url: 'https://new.test', users: [{ id: '9', email: other }] },
    );
    expect(match.pairs).toHaveLength(same ? 1 : 0);
  });
});
