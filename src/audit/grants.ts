/**
 * Effective roles: every route by which a role reaches a user (design.md section 5), and the reason text.
 *
 * Cost: group routes depend only on the user's set of direct groups, so they are computed once per distinct
 * set (memoised by a key) on top of the memoised ancestor closures of group-graph.ts. 100,000 users share
 * far fewer group sets than that, and there is never a users x groups join.
 */
import type { LookerUser, RawSnapshot } from '../looker/types.js';
import { createGroupGraph, type GroupGraph } from './group-graph.js';
import { evaluateRole, type RuleSet } from './rules.js';
import { tierRank, type Grant, type RoleVerdict } from './types.js';

interface RoleInfo {
  readonly name: string;
  readonly verdict: RoleVerdict;
}

export interface GrantResolver {
  readonly graph: GroupGraph;
  /** Every route, best first (see compareGrants). */
  grantsFor(user: LookerUser): readonly Grant[];
  /** The groups the user is in directly or through nesting (ids, unordered). */
  effectiveGroupIds(user: LookerUser): readonly string[];
}

/** Effective before ineffective, higher tier, direct before groups, shorter path, role name, path names. */
export function compareGrants(a: Grant, b: Grant): number {
  return (
    Number(b.effective) - Number(a.effective) ||
    tierRank(b.tier) - tierRank(a.tier) ||
    a.via.length - b.via.length ||
    compareText(a.roleName, b.roleName) ||
    compareText(a.via.join('\u0000'), b.via.join('\u0000'))
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupKey(groupIds: readonly string[]): string {
  return [...new Set(groupIds)].sort().join('\u0000');
}

export function createGrantResolver(snapshot: RawSnapshot, rules: RuleSet): GrantResolver {
  const graph = createGroupGraph(snapshot.groups);
  const roles = new Map<string, RoleInfo>();
  for (const role of snapshot.roles) roles.set(role.id, { name: role.name, verdict: evaluateRole(role, rules) });

  function roleInfo(roleId: string): RoleInfo {
    const known = roles.get(roleId);
    if (known) return known;
    // A role id the roles list does not hold (deleted meanwhile, or hidden like Looker's support roles):
    // it cannot be classified, and guessing from a name we do not have would be worse.
    const unknown: RoleInfo = { name: `role ${roleId}`, verdict: { tier: 'none', rule: 'not in the roles list' } };
    roles.set(roleId, unknown);
    return unknown;
  }

  function grant(roleId: string, via: readonly string[], effective: boolean): Grant {
    const info = roleInfo(roleId);
    return { roleId, roleName: info.name, tier: info.verdict.tier, rule: info.verdict.rule, via, effective };
  }

  const groupRoutes = new Map<string, readonly Grant[]>();
  function routesThroughGroups(groupIds: readonly string[]): readonly Grant[] {
    const key = groupKey(groupIds);
    const cached = groupRoutes.get(key);
    if (cached) return cached;
    const out: Grant[] = [];
    for (const start of new Set(groupIds)) {
      for (const [ancestor, path] of graph.ancestors(start)) {
        const holder = graph.group(ancestor);
        if (!holder || holder.roleIds.length === 0) continue;
        const via = path.map((id) => graph.nameOf(id));
        for (const roleId of new Set(holder.roleIds)) out.push(grant(roleId, via, true));
      }
    }
    groupRoutes.set(key, out);
    return out;
  }

  const closures = new Map<string, readonly string[]>();
  function effectiveGroupIds(user: LookerUser): readonly string[] {
    const key = groupKey(user.groupIds);
    const cached = closures.get(key);
    if (cached) return cached;
    const all = new Set<string>();
    for (const start of new Set(user.groupIds)) for (const id of graph.ancestors(start).keys()) all.add(id);
    const list = [...all];
    closures.set(key, list);
    return list;
  }

  function grantsFor(user: LookerUser): readonly Grant[] {
    const direct = [...new Set(user.roleIds)].map((id) => grant(id, [], true));
    let fromGroups = routesThroughGroups(user.groupIds);
    // allow_roles_from_normal_groups: false (e.g. embed users): the routes exist but grant nothing.
    if (!user.allowRolesFromNormalGroups) fromGroups = fromGroups.map((g) => ({ ...g, effective: false }));
    return [...direct, ...fromGroups].sort(compareGrants);
  }

  return { graph, grantsFor, effectiveGroupIds };
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/** The one-line reason of design.md section 5, from grants sorted by compareGrants. */
export function reasonFor(grants: readonly Grant[]): string {
  const effective = grants.filter((g) => g.effective);
  const best = effective[0];
  if (best === undefined) {
    return grants.length > 0 ? 'none: no roles (roles from groups are not allowed for this user)' : 'none: no roles';
  }
  if (best.tier === 'none') {
    const names = [...new Set(effective.map((g) => g.roleName))].sort();
    return `none: no rule matches ${names.length === 1 ? 'role' : 'roles'} ${quoteList(names)}`;
  }
  const route = best.via.length === 0 ? 'assigned directly' : `via group ${best.via.map((n) => `"${n}"`).join(' <- ')}`;
  return `${best.tier}: role "${best.roleName}" ${best.rule}, ${route}`;
}
