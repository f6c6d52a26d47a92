/**
 * One account's audit: RawSnapshot + rule set -> AccountAudit. Pure and deterministic (no clock).
 */
import type { LookerRole, RawSnapshot } from '../looker/types.js';
import { createAccessResolver, type AccessResolver } from './grants.js';
import type { RuleSet } from './rules.js';
import type { AccountAudit, AuditedUser } from './types.js';
import { zeroCounts } from './types.js';
import { countsTowardSeats, displayName, isoTime, lastLoginAt, userKind, userStatus } from './user-facts.js';
import { buildGroupViews, buildRoleViews } from './views.js';

function addTo(counts: Map<string, number>, ids: readonly string[], n: number): void {
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + n);
}

/**
 * `resolver` may come primed (audit/primer.ts: accesses computed while the pages were still arriving); it is
 * used only if it was made from this snapshot's own roles and groups.
 */
export function auditAccount(snapshot: RawSnapshot, rules: RuleSet, primed?: AccessResolver): AccountAudit {
  const resolver =
    primed !== undefined && primed.lists.roles === snapshot.roles && primed.lists.groups === snapshot.groups
      ? primed
      : createAccessResolver(snapshot, rules);
  // Holders per Access, by serial (an array: a Map keyed by objects costs more per user).
  const holders: number[] = resolver.accesses.map(() => 0);
  const seats = zeroCounts();

  const users = snapshot.users.map((user): AuditedUser => {
    const access = resolver.accessOf(user);
    while (holders.length <= access.serial) holders.push(0);
    holders[access.serial] = (holders[access.serial] as number) + 1;
    const status = userStatus(user);
    const kind = userKind(user, access.holdsSupportRole);
    const counts = countsTowardSeats(status, kind);
    if (counts) seats[access.license] += 1;
    // roles, groups, reason and grants are the Access's own arrays and text, shared by its holders.
    return {
      id: user.id,
      email: user.email,
      name: displayName(user),
      status,
      kind,
      license: access.license,
      countsTowardSeats: counts,
      roles: access.roles,
      groups: access.groups,
      lastLoginAt: lastLoginAt(user.loginTimes),
      createdAt: isoTime(user.createdAt),
      reason: access.reason,
      grants: access.grants,
    };
  });

  const roleUsers = new Map<string, number>();
  const directMembers = new Map<string, number>();
  const effectiveMembers = new Map<string, number>();
  for (const access of resolver.accesses) {
    const n = holders[access.serial] as number;
    if (n === 0) continue;
    addTo(roleUsers, access.roleIds, n);
    addTo(directMembers, access.groupIds, n);
    addTo(effectiveMembers, access.effectiveGroupIds, n);
  }

  const rolesById = new Map<string, LookerRole>(snapshot.roles.map((r) => [r.id, r]));
  return {
    name: snapshot.account,
    url: snapshot.url,
    apiCalls: snapshot.apiCalls,
    lookerRelease: snapshot.lookerRelease,
    error: null,
    seats,
    users,
    roles: buildRoleViews(snapshot.roles, rules, roleUsers),
    groups: buildGroupViews(snapshot.groups, rolesById, resolver.graph, directMembers, effectiveMembers),
  };
}

/** An account that could not be audited: named in every output, with its error and the calls it spent. */
export function failedAccount(name: string, url: string, message: string, apiCalls: number): AccountAudit {
  return {
    name,
    url,
    apiCalls,
    lookerRelease: null,
    error: message,
    seats: zeroCounts(),
    users: [],
    roles: [],
    groups: [],
  };
}
