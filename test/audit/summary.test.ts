import { describe, it, expect } from '@jest/globals';
import { auditAccount, failedAccount } from '../../src/audit/account.js';
import { buildReport, filterReport, filterUsers } from '../../src/audit/report-model.js';
import { TORII_RULES } from '../../src/audit/rules.js';
import { summarise } from '../../src/audit/summary.js';
import { activityOf, isInactive } from '../../src/audit/user-facts.js';
import { aRole, aSnapshot, aUser } from './builders.js';

const now = new Date('2025-06-30T12:00:00Z');
const roles = [
  aRole({ id: 'dev', name: 'Developers', permissions: [] }),
  aRole({ id: 'std', name: 'Analysts', permissions: ['explore'] }),
  aRole({ id: 'view', name: 'Readers', permissions: ['access_data'] }),
  aRole({ id: 'build', name: 'Builders', permissions: ['deploy'] }),
];
const prod = auditAccount(
  aSnapshot({
    roles,
    users: [
      aUser({ id: 'a', roleIds: ['dev'], loginTimes: ['2025-06-29T00:00:00Z'] }),
      aUser({ id: 'b', roleIds: ['dev'], loginTimes: ['2025-01-01T00:00:00Z'] }),
      aUser({ id: 'c', roleIds: ['std'] }),
      aUser({ id: 'd', roleIds: ['view'], isDisabled: true }),
      aUser({ id: 'e', roleIds: ['dev'], isEmbed: true }),
    ],
  }),
  TORII_RULES,
);
const report = buildReport([prod, failedAccount('staging', 'https://s.test', 'login refused', 1)], {
  generatedAt: now,
  rules: 'torii',
});

describe('isInactive and filterUsers', () => {
  it('a user is inactive with no login in the given days, never-logged-in included', () => {
    expect(isInactive({ lastLoginAt: null }, now, 90)).toBe(true);
    expect(isInactive({ lastLoginAt: '2025-06-29T00:00:00.000Z' }, now, 90)).toBe(false);
    expect(isInactive({ lastLoginAt: '2025-04-01T11:59:59.000Z' }, now, 90)).toBe(true);
    expect(isInactive({ lastLoginAt: '2025-04-01T12:00:00.000Z' }, now, 90)).toBe(false);
  });

  it('filters by licence, status and inactivity together', () => {
    const ids = (f: Parameters<typeof filterUsers>[1]): string[] => filterUsers(prod.users, f).map((u) => u.id);
    expect(ids({ now })).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ids({ now, licenses: ['developer'] })).toEqual(['a', 'b', 'e']);
    expect(ids({ now, status: 'disabled' })).toEqual(['d']);
    expect(ids({ now, licenses: ['developer', 'standard'], status: 'active', inactiveDays: 90 })).toEqual([
      'b',
      'c',
      'e',
    ]);
  });

  it('filterReport filters users but keeps the seat counts', () => {
    const filtered = filterReport(report, { now, licenses: ['viewer'] });
    expect(filtered.accounts[0]?.users.map((u) => u.id)).toEqual(['d']);
    expect(filtered.accounts[0]?.seats).toEqual(prod.seats);
  });
});

describe('summarise', () => {
  it('counts seats, inactive seats and their cost per account and in total, and lists disagreeing roles', () => {
    const summary = summarise(report, { now, inactiveDays: 90, prices: { developer: 1000, standard: 500 } });
    expect(report.generatedAt).toBe('2025-06-30T12:00:00.000Z');
    expect(summary.accounts[0]).toEqual({
      account: 'production',
      error: null,
      seats: { developer: 2, standard: 1, viewer: 0, none: 0 },
      inactiveSeats: { developer: 1, standard: 1, viewer: 0, none: 0 },
      neverLoggedInSeats: { developer: 0, standard: 1, viewer: 0, none: 0 },
      cost: { developer: 2000, standard: 500 },
      totalCost: 2500,
      inactiveCost: 1500,
      users: 5,
      disabled: 1,
      excluded: 1,
    });
    expect(summary.accounts[1]).toMatchObject({ account: 'staging', error: 'login refused', totalCost: 0 });
    expect(summary.totals).toMatchObject({
      seats: { developer: 2, standard: 1, viewer: 0, none: 0 },
      totalCost: 2500,
      users: 5,
    });
    expect(summary.disagreements).toEqual([
      { account: 'production', role: 'Builders', toriiTier: 'none', lookerTier: 'developer', userCount: 0 },
      { account: 'production', role: 'Developers', toriiTier: 'developer', lookerTier: 'none', userCount: 3 },
    ]);
  });

  it('leaves cost and inactivity out when not asked', () => {
    const summary = summarise(report, { now });
    expect(summary.totals).toMatchObject({
      cost: null,
      totalCost: null,
      inactiveSeats: null,
      neverLoggedInSeats: null,
      inactiveCost: null,
    });
    expect(summary.inactiveDays).toBeNull();
  });
});

describe('never-logged-in seats', () => {
  const now = new Date('2025-06-30T12:00:00Z');
  const std = aRole({ id: 'std', name: 'Explorer', permissions: ['explore'] });
  it('count apart, and only for accounts older than the inactivity window', () => {
    const report = buildReport(
      [
        auditAccount(
          aSnapshot({
            roles: [std],
            users: [
              aUser({ id: 'old', roleIds: ['std'], createdAt: '2024-01-01T00:00:00Z' }),
              aUser({ id: 'unknown-age', roleIds: ['std'], createdAt: null }),
              aUser({ id: 'new-hire', roleIds: ['std'], createdAt: '2025-06-20T00:00:00Z' }),
              aUser({
                id: 'idle',
                roleIds: ['std'],
                loginTimes: ['2025-01-01T00:00:00Z'],
                createdAt: '2024-01-01T00:00:00Z',
              }),
              aUser({
                id: 'busy',
                roleIds: ['std'],
                loginTimes: ['2025-06-29T00:00:00Z'],
                createdAt: '2024-01-01T00:00:00Z',
              }),
            ],
          }),
          TORII_RULES,
        ),
      ],
      { generatedAt: now, rules: 'torii' },
    );
    const [account] = summarise(report, { inactiveDays: 90, now, prices: { standard: 800 } }).accounts;
    expect(account?.seats.standard).toBe(5);
    // old + unknown-age never logged in; idle logged in long ago; the new hire is too new to call idle.
    expect(account?.neverLoggedInSeats?.standard).toBe(2);
    expect(account?.inactiveSeats?.standard).toBe(3);
    expect(account?.inactiveCost).toBe(2400);
  });

  it('activityOf tells the four cases apart', () => {
    expect(activityOf({ lastLoginAt: null, createdAt: '2025-06-01T00:00:00.000Z' }, now, 90)).toBe('new');
    expect(activityOf({ lastLoginAt: null, createdAt: '2025-01-01T00:00:00.000Z' }, now, 90)).toBe('never');
    expect(activityOf({ lastLoginAt: null, createdAt: null }, now, 90)).toBe('never');
    expect(activityOf({ lastLoginAt: '2025-01-01T00:00:00.000Z', createdAt: null }, now, 90)).toBe('inactive');
    expect(activityOf({ lastLoginAt: '2025-06-01T00:00:00.000Z', createdAt: null }, now, 90)).toBe('active');
    // API-only service accounts leave no login trace (CredentialsApi3 has no last-used time): not judged.
    expect(activityOf({ lastLoginAt: null, createdAt: null, kind: 'service' }, now, 90)).toBe('unknown');
    expect(activityOf({ lastLoginAt: '2025-01-01T00:00:00.000Z', createdAt: null, kind: 'service' }, now, 90)).toBe(
      'inactive',
    );
  });
});
