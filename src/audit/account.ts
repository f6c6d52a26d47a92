/**
 * One account's audit: RawSnapshot + rule set -> AccountAudit. Pure and deterministic (no clock).
 */
import type { LookerRole, RawSnapshot } from '../looker/types.js';
import { createGrantResolver, reasonFor } from './grants.js';
import type { RuleSet } from './rules.js';
import type { AccountAudit, AuditedUser, Grant } from './types.js';
import { zeroCounts } from './types.js';
import {
  countsTowardSeats,
  displayName,
  isLookerSupportRole,
  isoTime,
  lastLoginAt,
  userKind,
  userStatus,
} from './user-facts.js';
import { buildGroupViews, buildRoleViews } from './views.js';

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function effectiveRoleIds(grants: readonly Grant[]): Set<string> {
  const ids = new Set<string>();
  for (const g of grants) if (g.effective) ids.add(g.roleId);
  return ids;
}

export function auditAccount(snapshot: RawSnapshot, rules: RuleSet): AccountAudit {
  const resolver = createGrantResolver(snapshot, rules);
  const rolesById = new Map<string, LookerRole>(snapshot.roles.map((r) => [r.id, r]));
  const supportRoleIds = new Set(snapshot.roles.filter(isLookerSupportRole).map((r) => r.id));
  const roleUsers = new Map<string, number>();
  const effectiveMembers = new Map<string, number>();
  const seats = zeroCounts();

  const users = snapshot.users.map((user): AuditedUser => {
    const grants = resolver.grantsFor(user);
    const roleIds = effectiveRoleIds(grants);
    for (const id of roleIds) roleUsers.set(id, (roleUsers.get(id) ?? 0) + 1);
    for (const id of resolver.effectiveGroupIds(user)) effectiveMembers.set(id, (effectiveMembers.get(id) ?? 0) + 1);

    const winner = grants[0];
    const license = winner?.effective ? winner.tier : 'none';
    const status = userStatus(user);
    const kind = userKind(user, [...roleIds].some((id) => supportRoleIds.has(id)));
    const counts = countsTowardSeats(status, kind);
    if (counts) seats[license] += 1;
    return {
      id: user.id,
      email: user.email,
      name: displayName(user),
      status,
      kind,
      license,
      countsTowardSeats: counts,
      roles: [...new Set(grants.filter((g) => g.effective).map((g) => g.roleName))].sort(byText),
      groups: [...new Set(user.groupIds)].map((id) => resolver.graph.nameOf(id)).sort(byText),
      lastLoginAt: lastLoginAt(user.loginTimes),
      createdAt: isoTime(user.createdAt),
      reason: reasonFor(grants),
      grants,
    };
  });

  const directMembers = new Map<string, number>();
  for (const user of snapshot.users) {
    for (const id of new Set(user.groupIds)) directMembers.set(id, (directMembers.get(id) ?? 0) + 1);
  }

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
