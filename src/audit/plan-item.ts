/**
 * One user's remediation item: the steps that take their seat to the target, and the proof that they do. PURE.
 *
 * Steps come from the grants the audit already knows. A reclaim disables the user (after giving their schedules
 * to another owner, when asked). A downgrade to tier T:
 * - direct roles above T leave the direct list (`set_direct_roles`, the whole list: set_user_roles replaces it);
 * - each direct group through which a role above T reaches the user is left (`remove_from_group`): groups are
 *   direct memberships only, so leaving a parent would do nothing;
 * - when that leaves the user below T, the configured group (`remediation.groups`) or role (`remediation.roles`)
 *   for T is added.
 * The tier is then computed again with the same rule set on the predicted state (the account's roles and groups,
 * the user's new direct roles and groups). It must equal T, or the item is blocked with what still grants the
 * old tier, or why T is not reached. Roles through groups are never turned into direct ones.
 */
import type { RemediationReads, RemediationUser } from '../looker/remediation-reads.js';
import type { LookerGroup, LookerRole, LookerUser } from '../looker/types.js';
import { itemIdOf } from '../plan/item-id.js';
import type { PlanBefore, PlanImpact, PlanItem, PlanStep } from '../plan/types.js';
import type { PlanBlock, PlanTarget, Tier } from '../vocabulary.js';
import type { Access, AccessResolver } from './grants.js';
import { BLOCK_REASONS, IDP_ADVICE } from './plan-blocks.js';
import { tierRank, type Grant } from './types.js';
import { countsTowardSeats, displayName, userKind, userStatus } from './user-facts.js';

export type LowerTier = Exclude<PlanTarget, 'reclaim'>;

export interface RemediationSettings {
  /** `remediation.roles`: the role that grants each lower tier, by name. */
  readonly roles: Readonly<Partial<Record<LowerTier, string>>>;
  /** `remediation.groups`: the group that grants each lower tier, by name (tried before the role). */
  readonly groups: Readonly<Partial<Record<LowerTier, string>>>;
  readonly includeServiceAccounts: boolean;
  /** The user id (in this account) that owned schedules go to before a reclaim; null: they stay (and stop). */
  readonly reassignSchedulesTo: string | null;
}

/** Who to plan, and why: a recommendation, a violation or a name given on the command line. */
export interface PlanCandidate {
  readonly userId: string;
  readonly email: string | null;
  readonly name: string;
  /** The tier the audit saw. */
  readonly tier: Tier;
  readonly to: PlanTarget;
  readonly evidence: string;
  readonly yearlySaving: number | null;
}

export interface PlanContext {
  readonly url: string;
  readonly roles: ReadonlyMap<string, LookerRole>;
  readonly groups: ReadonlyMap<string, LookerGroup>;
  readonly resolver: AccessResolver;
  /** The tier a role grants under the plan's rule set ('none' for a role the lists do not hold). */
  readonly roleTier: (roleId: string) => Tier;
  readonly reads: RemediationReads;
  readonly settings: RemediationSettings;
}

/** An item, and what the account-wide last-admin guard needs to know about it. */
export interface PlannedUser {
  readonly item: PlanItem;
  /** The item takes the Admin role away from its user (disables them, or leaves them without it). */
  readonly removesAdmin: boolean;
  /** The user's tier and seat as they are (a blocked item's prediction). */
  readonly unchanged: PlanItem['predicted'];
}

const quote = (name: string) => `"${name}"`;
const sortIds = (ids: Iterable<string>) =>
  [...new Set(ids)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

/** `via group "BI" <- "Analytics" (role "LookML Developer")`, or `through role "Admin", assigned directly`. */
function route(grant: Grant): string {
  return grant.via.length === 0
    ? `through role ${quote(grant.roleName)}, assigned directly`
    : `via group ${grant.via.map(quote).join(' <- ')} (role ${quote(grant.roleName)})`;
}

function winner(access: Access): Grant | undefined {
  const first = access.grants[0];
  return first?.effective === true ? first : undefined;
}

/**
 * A user's access with these direct roles and direct groups: how the planner predicts the tier after the steps,
 * and how apply checks it on the state it reads back (the same resolver, the same rules).
 */
export function accessWith(
  resolver: AccessResolver,
  user: LookerUser,
  roleIds: readonly string[],
  groupIds: readonly string[],
): Access {
  return resolver.accessOf({ ...user, roleIds, groupIds });
}

/** `still developer via group "BI" <- "Analytics" (role "LookML Developer")`: what grants the tier that stayed. */
export function stillText(access: Access): string {
  const still = winner(access);
  return `still ${access.license}${still === undefined ? '' : ` ${route(still)}`}`;
}

function beforeOf(user: RemediationUser | undefined, direct: readonly string[], reads: RemediationReads): PlanBefore {
  if (user === undefined)
    return { is_disabled: false, direct_role_ids: [], direct_group_ids: [], schedules: [], alerts: [], api_keys: [] };
  return {
    is_disabled: user.isDisabled,
    direct_role_ids: sortIds(direct),
    direct_group_ids: sortIds(user.groupIds),
    schedules: reads.schedules
      .filter((s) => s.ownerId === user.id)
      .map((s) => ({ id: s.id, name: s.name, enabled: s.enabled, run_as_recipient: s.runAsRecipient })),
    alerts: reads.alerts.filter((a) => a.ownerId === user.id).map((a) => ({ id: a.id, is_disabled: a.isDisabled })),
    api_keys: user.apiKeys.map((k) => ({ id: k.id, is_disabled: k.isDisabled })),
  };
}

function impactOf(user: RemediationUser | undefined, before: PlanBefore, reads: RemediationReads): PlanImpact {
  const email = user?.email?.trim().toLowerCase();
  // Looker matches a run-as-recipient address to a user by email: compared without case (addresses are).
  const runAs = reads.schedules.filter(
    (s) =>
      s.runAsRecipient &&
      s.ownerId !== user?.id &&
      email !== undefined &&
      email !== '' &&
      s.emailRecipients.some((address) => address.trim().toLowerCase() === email),
  );
  const content = user === undefined ? undefined : reads.content.get(user.id);
  return {
    schedules_owned: before.schedules.length,
    run_as_recipient: runAs.length,
    alerts_owned: before.alerts.length,
    content_created: { looks: content?.looks ?? 0, dashboards: content?.dashboards ?? 0 },
    api_keys: before.api_keys.length,
  };
}

type Outcome =
  | { readonly ok: true; readonly steps: readonly PlanStep[]; readonly access: Access; readonly disabled: boolean }
  | { readonly ok: false; readonly block: PlanBlock; readonly reason: string };

const blocked = (block: Exclude<PlanBlock, 'identity-provider' | 'target-not-reached'>): Outcome => ({
  ok: false,
  block,
  reason: BLOCK_REASONS[block],
});

/** The guards that depend on who the user is, whatever the plan would do to them. */
function identityBlock(ctx: PlanContext, user: RemediationUser, access: Access): Outcome | null {
  if (user.id === ctx.reads.apiUserId) return blocked('api-user');
  const kind = userKind(user, access.holdsSupportRole);
  if (kind === 'looker_support') return blocked('looker-support');
  if (kind === 'embed') return blocked('embed');
  if (user.isDisabled) return blocked('disabled');
  if (kind === 'service' && !ctx.settings.includeServiceAccounts) return blocked('service-account');
  return null;
}

/** Whether a user is ever changed by a plan, before their direct roles are known (those cost a call each). */
export function mayBeChanged(
  user: RemediationUser,
  apiUserId: string | null,
  settings: Pick<RemediationSettings, 'includeServiceAccounts'>,
): boolean {
  return (
    user.id !== apiUserId &&
    !user.verifiedLookerEmployee &&
    !user.isEmbed &&
    !user.isDisabled &&
    (settings.includeServiceAccounts || !user.isServiceAccount)
  );
}

function reclaim(ctx: PlanContext, user: RemediationUser, access: Access, before: PlanBefore): Outcome {
  const to = ctx.settings.reassignSchedulesTo;
  const steps: PlanStep[] =
    to === null || to === user.id
      ? []
      : before.schedules.map((s) => ({
          op: 'reassign_schedule',
          schedule: { id: s.id, name: s.name },
          to_user_id: to,
        }));
  steps.push({ op: 'disable_user' });
  return { ok: true, steps, access, disabled: true };
}

interface TargetGrant {
  readonly what: string;
  readonly roleIds: readonly string[];
  readonly groupIds: readonly string[];
  readonly step: PlanStep | null;
}

function downgrade(
  ctx: PlanContext,
  user: RemediationUser,
  direct: readonly string[],
  access: Access,
  target: LowerTier,
): Outcome {
  const rank = tierRank(target);
  if (tierRank(access.license) <= rank)
    return { ok: false, block: 'target-not-reached', reason: `already ${access.license}: nothing to lower` };
  const above = (roleId: string) => tierRank(ctx.roleTier(roleId)) > rank;
  const idp = (detail: string): Outcome => ({
    ok: false,
    block: 'identity-provider',
    reason: `${detail}: ${IDP_ADVICE}`,
  });
  if (user.rolesExternallyManaged) return idp("this user's roles are managed by the identity provider");

  const keptRoles = direct.filter((id) => !above(id));
  const leave: string[] = [];
  if (user.allowRolesFromNormalGroups) {
    for (const groupId of new Set(user.groupIds)) {
      const reaches = [...ctx.resolver.graph.ancestors(groupId).keys()].some((id) =>
        (ctx.groups.get(id)?.roleIds ?? []).some(above),
      );
      if (!reaches) continue;
      const group = ctx.groups.get(groupId);
      if (group?.externallyManaged === true)
        return idp(`${access.license} comes through group ${quote(group.name)}, which the identity provider manages`);
      leave.push(groupId);
    }
  }
  const keptGroups = user.groupIds.filter((id) => !leave.includes(id));
  const predict = (roleIds: readonly string[], groupIds: readonly string[]) =>
    accessWith(ctx.resolver, user, roleIds, groupIds);

  let final = predict(keptRoles, keptGroups);
  let added: TargetGrant | null = null;
  const tried: string[] = [];
  if (tierRank(final.license) < rank) {
    for (const option of targetGrants(ctx, target, keptRoles, keptGroups)) {
      if (typeof option === 'string') {
        tried.push(option);
        continue;
      }
      const candidate = predict(option.roleIds, option.groupIds);
      if (candidate.license === target) {
        final = candidate;
        added = option;
        break;
      }
      tried.push(`with ${option.what} the tier would be ${candidate.license}`);
    }
    if (added === null) {
      const why =
        tried.length === 0
          ? `set remediation.groups.${target} or remediation.roles.${target} to the group or role that grants it`
          : tried.join('; ');
      return {
        ok: false,
        block: 'target-not-reached',
        reason: `without its ${access.license} grants the user would be ${final.license}, not ${target}: ${why}`,
      };
    }
  }
  if (final.license !== target) return { ok: false, block: 'target-not-reached', reason: stillText(final) };
  const roleRef = (id: string) => ({ id, name: ctx.roles.get(id)?.name ?? `role ${id}` });
  const groupRef = (id: string) => ({ id, name: ctx.groups.get(id)?.name ?? `group ${id}` });
  const newRoles = added?.roleIds ?? keptRoles;
  const steps: PlanStep[] = [];
  if (added?.step) steps.push(added.step);
  if (!sameList(direct, newRoles))
    steps.push({ op: 'set_direct_roles', from: sortIds(direct).map(roleRef), to: sortIds(newRoles).map(roleRef) });
  for (const id of sortIds(leave)) steps.push({ op: 'remove_from_group', group: groupRef(id) });
  return { ok: true, steps, access: final, disabled: false };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && sortIds(a).join('\u0000') === sortIds(b).join('\u0000');
}

/** The configured ways to grant `target`, group first; a string says why one cannot be used. */
function targetGrants(
  ctx: PlanContext,
  target: LowerTier,
  roleIds: readonly string[],
  groupIds: readonly string[],
): (TargetGrant | string)[] {
  const options: (TargetGrant | string)[] = [];
  const groupName = ctx.settings.groups[target];
  if (groupName !== undefined) {
    const group = findByName(ctx.groups.values(), groupName);
    if (group === undefined) options.push(`remediation.groups.${target}: no group named ${quote(groupName)}`);
    else if (group.externallyManaged)
      options.push(`remediation.groups.${target}: ${quote(group.name)} is managed by the identity provider`);
    else
      options.push({
        what: `group ${quote(group.name)}`,
        roleIds,
        groupIds: groupIds.includes(group.id) ? groupIds : [...groupIds, group.id],
        step: groupIds.includes(group.id) ? null : { op: 'add_to_group', group: { id: group.id, name: group.name } },
      });
  }
  const roleName = ctx.settings.roles[target];
  if (roleName !== undefined) {
    const role = findByName(
      [...ctx.roles.values()].filter((r) => !r.internal),
      roleName,
    );
    if (role === undefined) options.push(`remediation.roles.${target}: no role named ${quote(roleName)}`);
    else
      options.push({
        what: `role ${quote(role.name)}`,
        roleIds: roleIds.includes(role.id) ? roleIds : [...roleIds, role.id],
        groupIds,
        step: null,
      });
  }
  return options;
}

function findByName<T extends { readonly name: string }>(items: Iterable<T>, name: string): T | undefined {
  const wanted = name.trim().toLowerCase();
  for (const item of items) if (item.name.trim().toLowerCase() === wanted) return item;
  return undefined;
}

const holdsAdmin = (ctx: PlanContext, access: Access) =>
  access.roleIds.some((id) => {
    const role = ctx.roles.get(id);
    return role !== undefined && !role.internal && role.permissionSet?.allAccess === true;
  });

/** The item for one candidate. */
export function planUser(ctx: PlanContext, candidate: PlanCandidate): PlannedUser {
  const user = ctx.reads.users.get(candidate.userId);
  const head: ItemHead = {
    user_id: candidate.userId,
    email: user === undefined ? candidate.email : user.email,
    name: user === undefined ? candidate.name : displayName(user),
    tier: candidate.tier,
    to: candidate.to,
    evidence: candidate.evidence,
    yearly_saving: candidate.yearlySaving,
  };
  if (user === undefined) {
    const before = beforeOf(undefined, [], ctx.reads);
    const unchanged = { tier: candidate.tier, seat: false, reason: 'not found on the instance' };
    const missing: ItemState = {
      ok: false,
      block: 'unknown-user',
      reason: BLOCK_REASONS['unknown-user'],
      steps: [],
      predicted: unchanged,
    };
    const rest = { before, impact: impactOf(undefined, before, ctx.reads) };
    return { item: assembleItem(ctx.url, head, missing, rest), removesAdmin: false, unchanged };
  }
  const direct = ctx.reads.directRoleIds.get(user.id) ?? user.roleIds;
  const before = beforeOf(user, direct, ctx.reads);
  const rest = { before, impact: impactOf(user, before, ctx.reads) };
  // The tier as it is now, from the direct roles just read: the audit's may be minutes old.
  const current = accessWith(ctx.resolver, user, direct, user.groupIds);
  const seatOf = (access: Access) => countsTowardSeats(userStatus(user), userKind(user, access.holdsSupportRole));
  const now = { ...head, tier: current.license };
  const unchanged = { tier: current.license, seat: seatOf(current), reason: current.reason };
  const outcome =
    identityBlock(ctx, user, current) ??
    (candidate.to === 'reclaim'
      ? reclaim(ctx, user, current, before)
      : downgrade(ctx, user, direct, current, candidate.to));
  if (!outcome.ok)
    return {
      item: assembleItem(ctx.url, now, { ...outcome, steps: [], predicted: unchanged }, rest),
      removesAdmin: false,
      unchanged,
    };
  const after = outcome.access;
  const predicted = outcome.disabled
    ? { tier: after.license, seat: false, reason: `disabled: no seat (${after.reason})` }
    : { tier: after.license, seat: seatOf(after), reason: after.reason };
  return {
    item: assembleItem(ctx.url, now, { ok: true, steps: outcome.steps, predicted }, rest),
    removesAdmin: holdsAdmin(ctx, current) && (outcome.disabled || !holdsAdmin(ctx, after)),
    unchanged,
  };
}

type ItemHead = Pick<PlanItem, 'user_id' | 'email' | 'name' | 'tier' | 'to' | 'evidence' | 'yearly_saving'>;
type ItemState =
  | { readonly ok: true; readonly steps: readonly PlanStep[]; readonly predicted: PlanItem['predicted'] }
  | {
      readonly ok: false;
      readonly block: PlanBlock;
      readonly reason: string;
      readonly steps: readonly PlanStep[];
      readonly predicted: PlanItem['predicted'];
    };

/** The item with its keys in the plan file's order, and its id computed from what it does. */
function assembleItem(
  url: string,
  head: ItemHead,
  state: ItemState,
  rest: Pick<PlanItem, 'before' | 'impact'>,
): PlanItem {
  const status = state.ok ? ('planned' as const) : ('blocked' as const);
  const block = state.ok ? undefined : state.block;
  return {
    item_id: itemIdOf(url, {
      user_id: head.user_id,
      to: head.to,
      status,
      block,
      steps: state.steps,
      before: rest.before,
    }),
    ...head,
    status,
    ...(state.ok ? {} : { block: state.block, blocked_reason: state.reason }),
    steps: state.steps,
    predicted: state.predicted,
    before: rest.before,
    impact: rest.impact,
  };
}

/** The same item, blocked after all (the account-wide last-admin guard): nothing of it is applied. */
export function blockItem(url: string, planned: PlannedUser, block: PlanBlock, reason: string): PlanItem {
  const { item } = planned;
  const head: ItemHead = {
    user_id: item.user_id,
    email: item.email,
    name: item.name,
    tier: item.tier,
    to: item.to,
    evidence: item.evidence,
    yearly_saving: item.yearly_saving,
  };
  return assembleItem(
    url,
    head,
    { ok: false, block, reason, steps: [], predicted: planned.unchanged },
    { before: item.before, impact: item.impact },
  );
}
