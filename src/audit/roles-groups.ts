/**
 * The roles and groups of one account, audited: per role the tier it grants and its users, per group its nesting
 * and members (the `roles` and `groups` commands).
 */
import type { LookerGroup, LookerRole } from '../looker/types.js';
import type { GroupGraph } from './group-graph.js';
import { evaluateRole, LOOKER_RULES, SYSTEM_ACTIVITY_RULES, TORII_RULES, type RuleSet } from './rules.js';
import type { GroupAudit, RoleAudit } from './types.js';

function byName<T extends { readonly name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function auditRoles(
  roles: readonly LookerRole[],
  rules: RuleSet,
  userCounts: ReadonlyMap<string, number>,
): RoleAudit[] {
  return roles
    .map((role): RoleAudit => {
      const chosen = evaluateRole(role, rules);
      const torii = evaluateRole(role, TORII_RULES).tier;
      const looker = evaluateRole(role, LOOKER_RULES).tier;
      return {
        id: role.id,
        name: role.name,
        permissionSet: role.permissionSet?.name ?? null,
        allAccess: role.permissionSet?.allAccess ?? false,
        permissions: [...(role.permissionSet?.permissions ?? [])].sort(),
        modelSet: role.modelSet?.name ?? null,
        models: role.modelSet?.allAccess ? ['(all)'] : [...(role.modelSet?.models ?? [])].sort(),
        tier: chosen.tier,
        rule: chosen.rule,
        toriiTier: torii,
        lookerTier: looker,
        systemActivityTier: evaluateRole(role, SYSTEM_ACTIVITY_RULES).tier,
        disagree: torii !== looker,
        userCount: userCounts.get(role.id) ?? 0,
      };
    })
    .sort(byName);
}

export function auditGroups(
  groups: readonly LookerGroup[],
  rolesById: ReadonlyMap<string, LookerRole>,
  graph: GroupGraph,
  directMembers: ReadonlyMap<string, number>,
  effectiveMembers: ReadonlyMap<string, number>,
): GroupAudit[] {
  return groups
    .map((group): GroupAudit => ({
      id: group.id,
      name: group.name,
      parents: [...new Set(group.parentGroupIds)].map((id) => graph.nameOf(id)).sort(),
      roles: [...new Set(group.roleIds)].map((id) => rolesById.get(id)?.name ?? `role ${id}`).sort(),
      externallyManaged: group.externallyManaged,
      directMembers: directMembers.get(group.id) ?? 0,
      effectiveMembers: effectiveMembers.get(group.id) ?? 0,
    }))
    .sort(byName);
}
