/**
 * One table of matching cases (match-cases.ts), three readers: the matcher itself, `diff` (audit/diff.ts) and
 * `check --baseline` (audit/policy.ts). Each case's `expected` is asserted against all three, so `diff` and
 * `check` give the same answer on every case.
 */
import { describe, expect, it } from '@jest/globals';
import { diffSnapshots, type AccountDiff } from '../../src/audit/diff.js';
import { evaluatePolicy } from '../../src/audit/policy.js';
import { zeroCounts, type AccountAudit, type AuditReport } from '../../src/audit/types.js';
import { createChalk } from '../../src/output/terminal.js';
import { renderDiffJson, renderDiffTable } from '../../src/report/diff.js';
import { matchAccounts, matchUsers } from '../../src/snapshot/match.js';
import type { SnapshotAccount, SnapshotDocument, SnapshotUser } from '../../src/snapshot/types.js';
import { MATCH_CASES, snapAccount, snapUser } from './match-cases.js';

const now = new Date('2026-11-23T08:00:00Z');

const doc = (account: SnapshotAccount, at = '2026-11-01T00:00:00.000Z'): SnapshotDocument => ({
  schema_version: 1,
  generated_at: at,
  rules: 'torii',
  accounts: [account],
});

/** Only active regular and service users hold a seat. */
const holdsDeveloperSeat = (u: SnapshotUser) =>
  u.license === 'developer' && u.status === 'active' && (u.kind === 'regular' || u.kind === 'service');

/** The later account as `check` sees it: an audited account (the fields the policy reads). */
function audited(a: SnapshotAccount): AuditReport {
  const account: AccountAudit = {
    name: a.name,
    url: a.url,
    apiCalls: a.api_calls,
    lookerRelease: null,
    error: null,
    seats: zeroCounts(),
    users: a.users.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      status: u.status,
      kind: u.kind,
      license: u.license,
      countsTowardSeats: u.status === 'active' && (u.kind === 'regular' || u.kind === 'service'),
      roles: u.roles,
      groups: u.groups,
      lastLoginAt: u.last_login_at,
      createdAt: null,
      reason: u.reason,
      grants: [],
    })),
    roles: [],
    groups: [],
  };
  return { generatedAt: now.toISOString(), rules: 'torii', accounts: [account] };
}

/** What a diff says about new Developer seats: added, raised to developer, or re-enabled, holding a seat now. */
function newDevelopersPerDiff(d: AccountDiff, after: SnapshotAccount): string[] {
  const ids = new Set([
    ...d.added.map((u) => u.id),
    ...d.tierChanges.filter((c) => c.to === 'developer').map((c) => c.id),
    ...d.statusChanges.filter((c) => c.to === 'active').map((c) => c.id),
  ]);
  return after.users.filter((u) => ids.has(u.id) && holdsDeveloperSeat(u)).map((u) => u.id);
}

describe.each(MATCH_CASES)('$title', ({ before, after, expected }) => {
  it('the matcher', () => {
    const accounts = matchAccounts([before], [after]);
    expect(accounts.pairs.length === 1).toBe(expected.accountMatched);
    if (!expected.accountMatched) return;
    const users = matchUsers(before, after);
    expect(users.pairs.map((p) => [p.before.id, p.after.id])).toEqual(expected.same);
    expect(users.added.map((u) => u.id)).toEqual(expected.added);
    expect(users.removed.map((u) => u.id)).toEqual(expected.removed);
    // One earlier user never stands for two later ones, nor the other way round.
    expect(new Set(users.pairs.map((p) => p.before)).size).toBe(users.pairs.length);
  });

  it('diff', () => {
    const diff = diffSnapshots(doc(before), doc(after, '2026-11-20T00:00:00.000Z'));
    if (!expected.accountMatched) {
      expect(diff.accounts.map((a) => [a.account, a.status])).toEqual([
        [after.name, 'added'],
        [before.name, 'removed'],
      ]);
      return;
    }
    expect(diff.accounts).toHaveLength(1);
    const [account] = diff.accounts;
    expect(account?.status).toBe('compared');
    expect(account?.added.map((u) => u.id)).toEqual(expected.added);
    expect(account?.removed.map((u) => u.id)).toEqual(expected.removed);
    expect(newDevelopersPerDiff(account!, after)).toEqual(expected.newDevelopers);
  });

  it('check --baseline', () => {
    const result = evaluatePolicy(audited(after), {}, { now, baseline: doc(before), overrides: {} });
    const [account] = result.accounts;
    expect(result.violations.every((v) => v.kind === 'new-developer')).toBe(true);
    expect(result.violations.map((v) => v.userId)).toEqual(expected.newDevelopers);
    expect(account?.checked).toEqual(expected.accountMatched ? ['new-developer'] : []);
    if (!expected.accountMatched) {
      expect(account?.notes).toEqual([
        `account "${after.name}" is not in the baseline: new Developer seats not checked`,
      ]);
    }
  });
});

describe('accounts and the instance they point at', () => {
  it('an exact name wins over a case-insensitive one; each account is matched once', () => {
    const Prod = snapAccount([], { name: 'Prod' });
    const prod = snapAccount([], { name: 'prod' });
    const later = snapAccount([], { name: 'prod' });
    const match = matchAccounts([Prod, prod], [later]);
    expect(match.pairs).toEqual([{ before: prod, after: later }]);
    expect(match.removed).toEqual([Prod]);
    const twice = matchAccounts([prod], [snapAccount([], { name: 'PROD' }), later]);
    expect(twice.pairs.map((p) => p.after.name)).toEqual(['prod']);
    expect(twice.added.map((a) => a.name)).toEqual(['PROD']);
  });

  it('check notes that users were matched by email when the URL changed', () => {
    const before = snapAccount([snapUser('1', 'x@acme.com')], { url: 'https://old.looker.test' });
    const result = evaluatePolicy(
      audited(snapAccount([snapUser('9', 'x@acme.com')])),
      {},
      {
        now,
        baseline: doc(before),
        overrides: {},
      },
    );
    expect(result.violations).toEqual([]);
    expect(result.accounts[0]?.notes).toEqual([
      'account "production" had another URL in the baseline (https://old.looker.test): its users were matched by email only',
    ]);
  });

  it('diff says so too: in JSON (url_changed) and as a note above the table', () => {
    const before = snapAccount([snapUser('1', 'x@acme.com')], { url: 'https://old.looker.test' });
    const after = snapAccount([snapUser('9', 'x@acme.com', 'standard')]);
    const diff = diffSnapshots(doc(before), doc(after));
    expect(diff.accounts[0]?.urlChange).toEqual({ from: 'https://old.looker.test', to: after.url });
    expect(diff.accounts[0]?.tierChanges.map((c) => [c.id, c.from, c.to])).toEqual([['9', 'developer', 'standard']]);
    const json = JSON.parse(renderDiffJson(diff)) as { accounts: Record<string, unknown>[] };
    expect(Object.keys(json.accounts[0] ?? {}).slice(0, 3)).toEqual(['name', 'status', 'url_changed']);
    expect(json.accounts[0]?.url_changed).toEqual({ from: 'https://old.looker.test', to: after.url });
    expect(renderDiffTable(diff, { chalk: createChalk(false) })).toContain(
      `note: account "production" changed URL (https://old.looker.test -> ${after.url}): its users were matched by email only`,
    );
    const same = diffSnapshots(doc(after), doc(after));
    expect(same.accounts[0]?.urlChange).toBeNull();
    expect(JSON.parse(renderDiffJson(same)).accounts[0]).not.toHaveProperty('url_changed');
  });
});
