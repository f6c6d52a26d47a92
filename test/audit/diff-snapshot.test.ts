import { describe, expect, it } from '@jest/globals';
import { diffSnapshots, roleTiers } from '../../src/audit/diff.js';
import { toJsonDocument } from '../../src/report/json.js';
import type { SnapshotAccount, SnapshotDocument, SnapshotUser } from '../../src/snapshot/types.js';
import { twoAccounts } from '../report/fixture.js';

const user = (
  id: string,
  license: SnapshotUser['license'],
  roles: string[],
  reason: string,
  extra: Partial<SnapshotUser> = {},
): SnapshotUser => ({
  id,
  email: `u${id}@acme.test`,
  name: `User ${id}`,
  status: 'active',
  kind: 'regular',
  license,
  roles,
  groups: [],
  last_login_at: null,
  reason,
  ...extra,
});
const account = (name: string, users: SnapshotUser[], extra: Partial<SnapshotAccount> = {}): SnapshotAccount => ({
  name,
  url: `https://${name}.test`,
  api_calls: 5,
  summary: { developer: 0, standard: 0, viewer: 0, none: 0 },
  users,
  ...extra,
});
const doc = (accounts: SnapshotAccount[], at = '2026-01-01T00:00:00.000Z'): SnapshotDocument => ({
  schema_version: 1,
  generated_at: at,
  rules: 'torii',
  accounts,
});

describe('roleTiers: what a snapshot tells about roles', () => {
  it('exact where the role decided a tier or a holder has none; otherwise at most the lowest holder tier', () => {
    const tiers = roleTiers([
      user(
        '1',
        'developer',
        ['Admins', 'Viewers'],
        'developer: role "Admins" name contains "admin", assigned directly',
      ),
      user(
        '2',
        'standard',
        ['Explorers', 'Viewers'],
        'standard: role "Explorers" has permission "explore", via group "A"',
      ),
      user('3', 'none', ['Odd'], 'none: no rule matches role "Odd"'),
      user(
        '4',
        'developer',
        ['Say "hi" Admins'],
        'developer: role "Say "hi" Admins" name contains "admin", assigned directly',
      ),
    ]);
    expect(Object.fromEntries(tiers)).toEqual({
      Admins: { tier: 'developer', exact: true },
      Viewers: { tier: 'standard', exact: false },
      Explorers: { tier: 'standard', exact: true },
      Odd: { tier: 'none', exact: true },
      'Say "hi" Admins': { tier: 'developer', exact: true },
    });
  });
});

describe('diffSnapshots', () => {
  const before = doc([
    account('prod', [
      user('1', 'developer', ['Admins'], 'developer: role "Admins" name contains "admin", assigned directly'),
      user('2', 'viewer', ['Builders'], 'viewer: role "Builders" has permission "access_data", assigned directly'),
      user('3', 'standard', ['Explorers'], 'standard: role "Explorers" has permission "explore", assigned directly'),
      user('4', 'viewer', ['Viewers'], 'viewer: role "Viewers" has permission "access_data", assigned directly'),
      user('5', 'standard', ['Explorers'], 'standard: role "Explorers" has permission "explore", assigned directly'),
    ]),
    account('gone', [user('1', 'none', [], 'none: no roles')]),
    account('broken', [], { error: 'account "broken": login refused' }),
  ]);
  const after = doc(
    [
      account('new', [user('1', 'none', [], 'none: no roles'), user('2', 'none', [], 'none: no roles')]),
      account('prod', [
        user('1', 'developer', ['Admins'], 'developer: role "Admins" name contains "admin", assigned directly', {
          status: 'disabled',
        }),
        user('2', 'standard', ['Builders'], 'standard: role "Builders" has permission "explore", assigned directly'),
        user('4', 'viewer', ['Viewers'], 'viewer: role "Viewers" has permission "access_data", assigned directly'),
        // user 5 re-created under a new id, same email (different case): the same user, now a viewer
        user('50', 'viewer', ['Viewers'], 'viewer: role "Viewers" has permission "access_data", assigned directly', {
          email: 'U5@acme.test',
        }),
        user('6', 'developer', ['Admins'], 'developer: role "Admins" name contains "admin", assigned directly'),
      ]),
      account('broken', [user('1', 'none', [], 'none: no roles')]),
    ],
    '2026-02-01T00:00:00.000Z',
  );

  it('users added, removed, tier raised/lowered, status changed, roles whose tier changed', () => {
    const diff = diffSnapshots(before, after);
    expect(diff.old.generatedAt).toBe('2026-01-01T00:00:00.000Z');
    const prod = diff.accounts.find((a) => a.account === 'prod');
    expect(prod?.status).toBe('compared');
    expect(prod?.added.map((u) => [u.id, u.license])).toEqual([['6', 'developer']]);
    expect(prod?.removed.map((u) => [u.id, u.license])).toEqual([['3', 'standard']]);
    expect(prod?.tierChanges.map((c) => [c.id, c.from, c.to, c.direction])).toEqual([
      ['2', 'viewer', 'standard', 'raised'],
      ['50', 'standard', 'viewer', 'lowered'],
    ]);
    expect(prod?.statusChanges.map((c) => [c.id, c.from, c.to])).toEqual([['1', 'active', 'disabled']]);
    // Builders: exact viewer -> exact standard. Explorers is held by nobody any more: invisible, not "changed".
    expect(prod?.roleTierChanges).toEqual([
      { role: 'Builders', from: { tier: 'viewer', exact: true }, to: { tier: 'standard', exact: true } },
    ]);
    expect(diff.changes).toBe(6 + 3);
  });

  it('accounts in one snapshot only, or failed in one, are reported at account level', () => {
    const diff = diffSnapshots(before, after);
    expect(diff.accounts.map((a) => [a.account, a.status, a.userCount])).toEqual([
      ['new', 'added', 2],
      ['prod', 'compared', null],
      ['broken', 'not_compared', null],
      ['gone', 'removed', 1],
    ]);
    expect(diff.accounts[2]?.error).toBe('failed in the old snapshot: account "broken": login refused');
  });

  it('a snapshot compared with itself has no changes', () => {
    const snapshot = toJsonDocument(twoAccounts());
    const diff = diffSnapshots(snapshot, snapshot);
    expect(diff.changes).toBe(1); // the failed account "eu" cannot be compared
    expect(diff.accounts.filter((a) => a.status === 'compared')).toHaveLength(2);
  });

  it('a role only bounded on one side changes only when the exact side contradicts the bound', () => {
    const a = doc([
      account('p', [
        user('1', 'standard', ['R', 'S'], 'standard: role "S" has permission "explore", assigned directly'),
      ]),
    ]);
    const b = doc([
      account('p', [user('1', 'developer', ['R'], 'developer: role "R" name contains "admin", assigned directly')]),
    ]);
    expect(diffSnapshots(a, b).accounts[0]?.roleTierChanges).toEqual([
      { role: 'R', from: { tier: 'standard', exact: false }, to: { tier: 'developer', exact: true } },
    ]);
    const c = doc([
      account('p', [user('1', 'viewer', ['R'], 'viewer: role "R" has permission "access_data", assigned directly')]),
    ]);
    const d = doc([
      account('p', [
        user('1', 'developer', ['R', 'S'], 'developer: role "S" name contains "admin", assigned directly'),
      ]),
    ]);
    expect(diffSnapshots(c, d).accounts[0]?.roleTierChanges).toEqual([]); // R is at most developer now: consistent with viewer
  });
});
