/**
 * One account's remediation plan: every candidate's item (plan-item.ts), then the guard that spans them all: the
 * plan never leaves the instance without an enabled person who can sign in with the Admin role. A service account
 * does not count, even the API user's: "these accounts can be granted Admin Looker roles ... However, these
 * accounts can't log in to Looker through the UI" (https://cloud.google.com/looker/docs/looker-core-user-management).
 * Items are taken in user id order, so when several would remove the last Admins, the same ones are blocked every
 * time. PURE.
 */
import type { RemediationReads } from '../looker/remediation-reads.js';
import type { LookerGroup, LookerRole } from '../looker/types.js';
import { totalsOf } from '../plan/parse.js';
import type { NotPlanned, PlanAccount } from '../plan/types.js';
import { createAccessResolver, type AccessLists } from './grants.js';
import { blockItem, planUser, type PlanCandidate, type PlanContext, type RemediationSettings } from './plan-item.js';
import { BLOCK_REASONS } from './plan-blocks.js';
import { evaluateRole, type RuleSet } from './rules.js';
import type { AccountAudit } from './types.js';

export interface PlanAccountInput {
  readonly audit: AccountAudit;
  readonly rules: RuleSet;
  readonly lists: AccessLists;
  readonly reads: RemediationReads;
  readonly candidates: readonly PlanCandidate[];
  /** Users named with --user that the plan leaves alone, with the reason. */
  readonly notPlanned?: readonly NotPlanned[];
  readonly settings: RemediationSettings;
  /** Requests this account's session sent, the logout to come included. */
  readonly apiCalls: number;
}

const byUserId = (a: PlanCandidate, b: PlanCandidate) => a.userId.localeCompare(b.userId, 'en', { numeric: true });

/** The Admin role: Looker's built-in all-access permission set, on a customer role (support roles are Looker's). */
export function isAdminRole(role: LookerRole): boolean {
  return !role.internal && role.permissionSet?.allAccess === true;
}

/** Enabled people who hold the Admin role now, directly or through groups (Looker staff and service accounts aside). */
function enabledAdmins(audit: AccountAudit, roles: ReadonlyMap<string, LookerRole>): Set<string> {
  const admin = (roleId: string) => {
    const role = roles.get(roleId);
    return role !== undefined && isAdminRole(role);
  };
  return new Set(
    audit.users
      .filter(
        (u) =>
          u.status === 'active' &&
          u.kind !== 'looker_support' &&
          u.kind !== 'service' &&
          u.grants.some((g) => g.effective && admin(g.roleId)),
      )
      .map((u) => u.id),
  );
}

export function planAccount(input: PlanAccountInput): PlanAccount {
  const roles = new Map<string, LookerRole>(input.lists.roles.map((r) => [r.id, r]));
  const groups = new Map<string, LookerGroup>(input.lists.groups.map((g) => [g.id, g]));
  const verdicts = new Map(input.lists.roles.map((r) => [r.id, evaluateRole(r, input.rules).tier]));
  const ctx: PlanContext = {
    url: input.audit.url,
    roles,
    groups,
    resolver: createAccessResolver(input.lists, input.rules),
    roleTier: (id) => verdicts.get(id) ?? 'none',
    reads: input.reads,
    settings: input.settings,
  };
  const seen = new Set<string>();
  const candidates = [...input.candidates].sort(byUserId).filter((c) => !seen.has(c.userId) && seen.add(c.userId));
  const admins = enabledAdmins(input.audit, roles);
  const items = candidates.map((candidate) => {
    const planned = planUser(ctx, candidate);
    if (!planned.removesAdmin) return planned.item;
    if ([...admins].every((id) => id === candidate.userId))
      return blockItem(ctx.url, planned, 'last-admin', BLOCK_REASONS['last-admin']);
    admins.delete(candidate.userId);
    return planned.item;
  });
  return {
    name: input.audit.name,
    url: input.audit.url,
    api_user_id: input.reads.apiUserId,
    looker_release: input.reads.lookerRelease,
    api_calls: input.apiCalls,
    items,
    not_planned: [...(input.notPlanned ?? [])].sort((a, b) =>
      a.user_id.localeCompare(b.user_id, 'en', { numeric: true }),
    ),
    totals: totalsOf(items),
  };
}

/** An account that could not be planned (its audit or a read failed): named in the plan, with nothing to apply. */
export function failedPlanAccount(name: string, url: string, error: string, apiCalls: number): PlanAccount {
  return {
    name,
    url,
    api_user_id: null,
    looker_release: null,
    api_calls: apiCalls,
    error,
    items: [],
    not_planned: [],
    totals: totalsOf([]),
  };
}
