/**
 * Effective roles: every route by which a role reaches a user (directly, or through a group and its ancestors;
 * none through groups when allow_roles_from_normal_groups is false), the tier it decides and
 * the reason text.
 *
 * Cost: everything here depends only on a user's direct roles, direct groups and allow_roles_from_normal_groups,
 * so it is computed once per distinct combination (an Access) and shared, read-only, by every user holding it.
 * Organisations hold far fewer combinations than users (the benchmark's random pairs out of 1,000 groups are a
 * worst case: 38,000 for 100,000 users). What one group brings is computed once per group, its ancestors once
 * (group-graph.ts), and the per-role and per-group user counts are summed per Access, never per user x group.
 */
import type { LookerUser, RawSnapshot } from '../looker/types.js';
import type { Tier } from '../vocabulary.js';
import { createGroupGraph, type GroupGraph } from './group-graph.js';
import { evaluateRole, type RuleSet } from './rules.js';
import { tierRank, type Grant, type RoleVerdict } from './types.js';
import { isLookerSupportRole } from './user-facts.js';

interface RoleInfo {
  readonly name: string;
  readonly verdict: RoleVerdict;
  readonly internal: boolean;
}

/** What one combination of direct roles, direct groups and the group flag grants. Shared: never mutate. */
export interface Access {
  /** Every route, best first (see compareGrants). */
  readonly grants: readonly Grant[];
  readonly license: Tier;
  readonly reason: string;
  /** Ids of the roles that take effect, unique. */
  readonly roleIds: readonly string[];
  /** Names of the roles that take effect, sorted, unique. */
  readonly roles: readonly string[];
  /** Ids of the direct groups, unique. */
  readonly groupIds: readonly string[];
  /** Names of the direct groups, sorted. */
  readonly groups: readonly string[];
  /** The groups the user is in directly or through nesting (ids, unordered). */
  readonly effectiveGroupIds: readonly string[];
  /** One of the effective roles is a Looker internal (support) role. */
  readonly holdsSupportRole: boolean;
  /** Its position in AccessResolver.accesses: lets a caller count holders in an array. */
  readonly serial: number;
}

/** The roles and groups of one account: all an Access depends on besides the user's own ids. */
export interface AccessLists {
  readonly roles: RawSnapshot['roles'];
  readonly groups: RawSnapshot['groups'];
}

export interface AccessResolver {
  readonly graph: GroupGraph;
  /** The user's Access, computed on first sight of its combination. */
  accessOf(user: LookerUser): Access;
  /** Every Access computed so far, by serial. */
  readonly accesses: readonly Access[];
}

/**
 * Effective before ineffective, higher tier, direct before groups, shorter path, role name, path names, role id:
 * a total order, so users with the same ids in another order get their grants in the same order.
 */
export function compareGrants(a: Grant, b: Grant): number {
  return (
    Number(b.effective) - Number(a.effective) ||
    tierRank(b.tier) - tierRank(a.tier) ||
    a.via.length - b.via.length ||
    compareText(a.roleName, b.roleName) ||
    compareVia(a.via, b.via) ||
    compareText(a.roleId, b.roleId)
  );
}

// Name by name, without joining the names into strings (compareGrants reaches this only for paths of equal length).
function compareVia(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const order = compareText(a[i] as string, b[i] as string);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What one direct group brings: the routes through it and its ancestors, and every group it is in. */
interface GroupShare {
  readonly routes: readonly Grant[];
  /** The same routes, not in effect (for users with allow_roles_from_normal_groups: false). */
  readonly ineffective: readonly Grant[];
  readonly closure: readonly string[];
}

/** `ids` without repeats, first occurrence kept; a fresh array (callers sort it). Most lists are 0 to 3 long. */
function unique(ids: readonly string[]): string[] {
  if (ids.length > 16) return [...new Set(ids)];
  const out: string[] = [];
  for (const id of ids) if (!out.includes(id)) out.push(id);
  return out;
}

function concat(lists: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const list of lists) for (const item of list) out.push(item);
  return out;
}

/** Lookups keyed by id sequences without building a key string per user: a trie of Maps, made only where needed. */
interface TrieNode {
  next: Map<string, TrieNode> | undefined;
  /** Where the group ids start, after the role ids: a separate branch, so no id can be mistaken for the boundary. */
  groups: TrieNode | undefined;
  access: Access | undefined;
}

const trieNode = (): TrieNode => ({ next: undefined, groups: undefined, access: undefined });

function child(node: TrieNode, id: string): TrieNode {
  node.next ??= new Map();
  let next = node.next.get(id);
  if (next === undefined) {
    next = trieNode();
    node.next.set(id, next);
  }
  return next;
}

export function createAccessResolver(lists: AccessLists, rules: RuleSet): AccessResolver {
  const graph = createGroupGraph(lists.groups);
  const roles = new Map<string, RoleInfo>();
  for (const role of lists.roles)
    roles.set(role.id, { name: role.name, verdict: evaluateRole(role, rules), internal: isLookerSupportRole(role) });

  function roleInfo(roleId: string): RoleInfo {
    const known = roles.get(roleId);
    if (known) return known;
    // A role id the roles list does not hold (deleted meanwhile, or hidden like Looker's support roles):
    // it cannot be classified, and guessing from a name we do not have would be worse.
    const unknown: RoleInfo = {
      name: `role ${roleId}`,
      verdict: { tier: 'none', rule: 'not in the roles list' },
      internal: false,
    };
    roles.set(roleId, unknown);
    return unknown;
  }

  function grant(roleId: string, via: readonly string[], effective: boolean): Grant {
    const info = roleInfo(roleId);
    return { roleId, roleName: info.name, tier: info.verdict.tier, rule: info.verdict.rule, via, effective };
  }

  const shares = new Map<string, GroupShare>();
  function shareOf(groupId: string): GroupShare {
    const known = shares.get(groupId);
    if (known) return known;
    const routes: Grant[] = [];
    for (const [ancestor, path] of graph.ancestors(groupId)) {
      const holder = graph.group(ancestor);
      if (!holder || holder.roleIds.length === 0) continue;
      const via = path.map((id) => graph.nameOf(id));
      for (const roleId of new Set(holder.roleIds)) routes.push(grant(roleId, via, true));
    }
    const share: GroupShare = {
      routes,
      ineffective: routes.map((g) => ({ ...g, effective: false })),
      closure: [...graph.ancestors(groupId).keys()],
    };
    shares.set(groupId, share);
    return share;
  }

  const directGrants = new Map<string, Grant>();
  function directGrant(roleId: string): Grant {
    let known = directGrants.get(roleId);
    if (known === undefined) {
      known = grant(roleId, [], true);
      directGrants.set(roleId, known);
    }
    return known;
  }

  function resolve(user: LookerUser): Access {
    const groupIds = unique(user.groupIds);
    const grants: Grant[] = unique(user.roleIds).map(directGrant);
    const closures: (readonly string[])[] = [];
    for (const id of groupIds) {
      const share = shareOf(id);
      // allow_roles_from_normal_groups: false (e.g. embed users): the routes exist but grant nothing.
      for (const g of user.allowRolesFromNormalGroups ? share.routes : share.ineffective) grants.push(g);
      closures.push(share.closure);
    }
    grants.sort(compareGrants);
    const roleIds = unique(grants.filter((g) => g.effective).map((g) => g.roleId));
    const winner = grants[0];
    return {
      grants,
      license: winner?.effective ? winner.tier : 'none',
      reason: reasonFor(grants),
      roleIds,
      roles: unique(roleIds.map((id) => roleInfo(id).name)).sort(compareText),
      groupIds,
      groups: groupIds.map((id) => graph.nameOf(id)).sort(compareText),
      effectiveGroupIds: closures.length === 1 ? (closures[0] as readonly string[]) : unique(concat(closures)),
      holdsSupportRole: roleIds.some((id) => roleInfo(id).internal),
      serial: accesses.length,
    };
  }

  // Users with the same ids in the same order share an Access; the same ids in another order make an equal one.
  const roots = { allowed: trieNode(), withheld: trieNode() };
  const accesses: Access[] = [];
  function accessOf(user: LookerUser): Access {
    let node = user.allowRolesFromNormalGroups ? roots.allowed : roots.withheld;
    for (const id of user.roleIds) node = child(node, id);
    node = node.groups ??= trieNode();
    for (const id of user.groupIds) node = child(node, id);
    if (node.access === undefined) {
      node.access = resolve(user);
      accesses.push(node.access);
    }
    return node.access;
  }

  return { graph, accessOf, accesses };
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/**
 * The one-line reason (`developer: role "LookML Admins" name contains "admin", via group "BI" <- "Analytics"`),
 * from grants sorted by compareGrants.
 */
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
