/**
 * What changed between two snapshots (`diff`). PURE.
 *
 * Accounts and users are matched by snapshot/match.ts, the rule `check --baseline` uses too: accounts by name
 * (case-insensitively), users by id within the same instance, then by an unambiguous email among the users left
 * (a user deleted and re-created with the same email is one user whose id changed, not a removal plus an
 * addition), never one earlier user for two later ones.
 *
 * What a snapshot can and cannot tell about roles: it holds, per user, the effective role names, the tier and
 * the reason; it holds no list of roles, no permission sets, no group -> role mapping. So:
 * - a role's tier is known exactly when it decided some user's tier (the reason reads `<tier>: role "<name>" ...`),
 *   or when someone holding it has the tier `none` (then the role grants none);
 * - otherwise it is only bounded: a role grants at most the lowest tier among the users who hold it;
 * - a role held by nobody is invisible; a renamed role looks like one role gone and another appearing; a change
 *   of permissions that leaves the role's granted tier unchanged cannot be seen; a change of rule set (the
 *   snapshots' `rules` differ) changes tiers without any change in Looker.
 * A role is reported as changed only when the two snapshots contradict each other: exact tiers that differ, or an
 * exact tier on one side that the bound on the other side rules out.
 */
import { matchAccounts, matchUsers } from '../snapshot/match.js';
import type { SnapshotAccount, SnapshotDocument, SnapshotUser } from '../snapshot/types.js';
import type { Tier, UserStatus } from '../vocabulary.js';
import { tierRank } from './types.js';

export interface DiffUser {
  readonly id: string;
  readonly email: string | null;
  readonly name: string;
}

export interface UserPresence extends DiffUser {
  readonly license: Tier;
  readonly status: UserStatus;
  readonly reason: string;
}

export interface TierChange extends DiffUser {
  readonly from: Tier;
  readonly to: Tier;
  readonly direction: 'raised' | 'lowered';
  /** The reason in the new snapshot. */
  readonly reason: string;
}

export interface StatusChange extends DiffUser {
  readonly from: UserStatus;
  readonly to: UserStatus;
}

/** A role's tier as far as a snapshot tells: exact, or at most `tier`. */
export interface RoleTier {
  readonly tier: Tier;
  readonly exact: boolean;
}

export interface RoleTierChange {
  readonly role: string;
  readonly from: RoleTier;
  readonly to: RoleTier;
}

export type AccountDiffStatus = 'compared' | 'added' | 'removed' | 'not_compared';

export interface AccountDiff {
  readonly account: string;
  /** `added`/`removed`: the account is in one snapshot only; `not_compared`: it failed in one of them. */
  readonly status: AccountDiffStatus;
  /** Why the account was not compared (`not_compared` only). */
  readonly error: string | null;
  /** For `added`/`removed`: how many users the account has in the snapshot that holds it. */
  readonly userCount: number | null;
  /** The account's URL changed (instance rebuilt or migrated): its users were matched by email only. */
  readonly urlChange: { readonly from: string; readonly to: string } | null;
  readonly added: readonly UserPresence[];
  readonly removed: readonly UserPresence[];
  readonly tierChanges: readonly TierChange[];
  readonly statusChanges: readonly StatusChange[];
  readonly roleTierChanges: readonly RoleTierChange[];
}

export interface SnapshotDiff {
  readonly old: { readonly generatedAt: string; readonly rules: string };
  readonly new: { readonly generatedAt: string; readonly rules: string };
  readonly accounts: readonly AccountDiff[];
  /** Number of changes over all accounts (account-level changes count one each). */
  readonly changes: number;
}

const byId = (a: DiffUser, b: DiffUser): number => a.id.localeCompare(b.id, 'en', { numeric: true });

function ref(u: SnapshotUser): DiffUser {
  return { id: u.id, email: u.email, name: u.name };
}

function presence(u: SnapshotUser): UserPresence {
  return { ...ref(u), license: u.license, status: u.status, reason: u.reason };
}

/** Every role's tier as far as the snapshot tells (see the file comment). */
export function roleTiers(users: readonly SnapshotUser[]): Map<string, RoleTier> {
  const exact = new Map<string, Tier>();
  const bound = new Map<string, Tier>();
  for (const u of users) {
    for (const role of u.roles) {
      const current = bound.get(role);
      if (current === undefined || tierRank(u.license) < tierRank(current)) bound.set(role, u.license);
    }
    // The role that decided the tier; the longest matching name wins (role names may contain quotes).
    const decided = u.roles
      .filter((r) => u.license !== 'none' && u.reason.startsWith(`${u.license}: role "${r}" `))
      .sort((a, b) => b.length - a.length)[0];
    if (decided !== undefined) {
      const seen = exact.get(decided);
      if (seen === undefined || tierRank(u.license) > tierRank(seen)) exact.set(decided, u.license);
    }
  }
  const out = new Map<string, RoleTier>();
  for (const [role, max] of bound) {
    const known = exact.get(role) ?? (max === 'none' ? 'none' : undefined);
    out.set(role, known === undefined ? { tier: max, exact: false } : { tier: known, exact: true });
  }
  return out;
}

function roleChanged(from: RoleTier, to: RoleTier): boolean {
  if (from.exact && to.exact) return from.tier !== to.tier;
  if (from.exact) return tierRank(from.tier) > tierRank(to.tier); // now at most a lower tier
  if (to.exact) return tierRank(to.tier) > tierRank(from.tier); // was at most a lower tier
  return false;
}

function emptyDiff(account: string, status: AccountDiffStatus, extra: Partial<AccountDiff> = {}): AccountDiff {
  return {
    account,
    status,
    error: null,
    userCount: null,
    urlChange: null,
    added: [],
    removed: [],
    tierChanges: [],
    statusChanges: [],
    roleTierChanges: [],
    ...extra,
  };
}

function diffAccount(before: SnapshotAccount, after: SnapshotAccount): AccountDiff {
  if (before.error !== undefined || after.error !== undefined) {
    const error =
      before.error !== undefined
        ? `failed in the old snapshot: ${before.error}`
        : `failed in the new snapshot: ${after.error}`;
    return emptyDiff(after.name, 'not_compared', { error });
  }
  const users = matchUsers(before, after);
  const tierChanges: TierChange[] = [];
  const statusChanges: StatusChange[] = [];
  for (const { before: old, after: u } of users.pairs) {
    if (old.license !== u.license) {
      const direction = tierRank(u.license) > tierRank(old.license) ? 'raised' : 'lowered';
      tierChanges.push({ ...ref(u), from: old.license, to: u.license, direction, reason: u.reason });
    }
    if (old.status !== u.status) statusChanges.push({ ...ref(u), from: old.status, to: u.status });
  }
  const added = users.added.map(presence);
  const removed = users.removed.map(presence);

  const oldRoles = roleTiers(before.users);
  const newRoles = roleTiers(after.users);
  const roleTierChanges: RoleTierChange[] = [];
  for (const [role, to] of newRoles) {
    const from = oldRoles.get(role);
    if (from !== undefined && roleChanged(from, to)) roleTierChanges.push({ role, from, to });
  }
  roleTierChanges.sort((a, b) => a.role.localeCompare(b.role));
  return {
    ...emptyDiff(after.name, 'compared', {
      urlChange: users.idsCompared ? null : { from: before.url, to: after.url },
    }),
    added: added.sort(byId),
    removed: removed.sort(byId),
    tierChanges: tierChanges.sort(byId),
    statusChanges: statusChanges.sort(byId),
    roleTierChanges,
  };
}

function countChanges(a: AccountDiff): number {
  if (a.status !== 'compared') return 1;
  return a.added.length + a.removed.length + a.tierChanges.length + a.statusChanges.length + a.roleTierChanges.length;
}

/** Accounts in the new snapshot's order, then those only in the old one. */
export function diffSnapshots(before: SnapshotDocument, after: SnapshotDocument): SnapshotDiff {
  const match = matchAccounts(before.accounts, after.accounts);
  const partner = new Map(match.pairs.map((p) => [p.after, p.before]));
  const accounts: AccountDiff[] = after.accounts.map((a) => {
    const old = partner.get(a);
    if (old === undefined) return emptyDiff(a.name, 'added', { userCount: a.users.length });
    return diffAccount(old, a);
  });
  for (const old of match.removed) accounts.push(emptyDiff(old.name, 'removed', { userCount: old.users.length }));
  return {
    old: { generatedAt: before.generated_at, rules: before.rules },
    new: { generatedAt: after.generated_at, rules: after.rules },
    accounts,
    changes: accounts.reduce((sum, a) => sum + countChanges(a), 0),
  };
}
