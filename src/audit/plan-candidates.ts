/**
 * Who a plan is about, and what for: right-sizing's recommendations (the default) or `check`'s idle-developer
 * violations (`--source check`), limited to the users named with `--user` and the kind asked with `--only`. PURE.
 */
import type { SeatCounts } from '../config/types.js';
import type { NotPlanned } from '../plan/types.js';
import type { PlanSource, PlanTarget } from '../vocabulary.js';
import type { PlanCandidate } from './plan-item.js';
import type { AccountCheck } from './policy.js';
import { yearlySaving, type AccountRightsize, type Recommendation } from './rightsize.js';
import { emailKey } from '../snapshot/email.js';
import { BLOCK_REASONS } from './plan-blocks.js';
import type { AccountAudit, AuditedUser } from './types.js';

/** `--only reclaim` or `--only downgrade`. */
export type PlanOnly = 'reclaim' | 'downgrade';

const isTarget = (to: string): to is PlanTarget => to === 'reclaim' || to === 'standard' || to === 'viewer';

function fromRecommendation(r: Recommendation): PlanCandidate | null {
  return isTarget(r.to)
    ? {
        userId: r.userId,
        email: r.email,
        name: r.name,
        tier: r.tier,
        to: r.to,
        evidence: r.evidence,
        yearlySaving: r.yearlySaving,
      }
    : null;
}

export function rightsizeCandidates(rightsize: AccountRightsize): PlanCandidate[] {
  return rightsize.recommendations.flatMap((r) => fromRecommendation(r) ?? []);
}

/**
 * An idle Developer goes where right-sizing sends them (it saw what they use); without a recommendation, to
 * Standard, the highest tier below Developer: the violation only says that no developer use was seen.
 */
export function idleDeveloperCandidates(
  check: AccountCheck,
  rightsize: AccountRightsize | null,
  prices: SeatCounts | undefined,
): PlanCandidate[] {
  const recommended = new Map((rightsize === null ? [] : rightsizeCandidates(rightsize)).map((c) => [c.userId, c]));
  return check.violations.flatMap((v): PlanCandidate[] => {
    if (v.kind !== 'idle-developer' || v.userId === null) return [];
    const to = recommended.get(v.userId)?.to ?? 'standard';
    return [
      {
        userId: v.userId,
        email: v.email,
        name: v.name ?? '',
        tier: v.tier,
        to,
        evidence: `idle-developer: ${v.detail}`,
        yearlySaving: yearlySaving(prices, v.tier, to),
      },
    ];
  });
}

export interface NamedSelection {
  readonly candidates: PlanCandidate[];
  readonly notPlanned: NotPlanned[];
  /** Which names found someone in this account, so the caller can report a name that matches nobody anywhere. */
  readonly matched: ReadonlySet<string>;
}

/**
 * Why a user the source never proposes would be refused anyway, whatever were asked: right-sizing does not judge
 * the API user, Looker support, embed or disabled users, so naming one with `--user` says which guard keeps them.
 */
function guardOf(user: AuditedUser, apiUserId: string | null): string | null {
  if (user.id === apiUserId) return BLOCK_REASONS['api-user'];
  if (user.kind === 'looker_support') return BLOCK_REASONS['looker-support'];
  if (user.kind === 'embed') return BLOCK_REASONS.embed;
  if (user.status === 'disabled') return BLOCK_REASONS.disabled;
  return null;
}

/**
 * `--user` limits the plan to the users named (an id, or an email compared as emailKey does). It filters the
 * source's candidates and never adds one: a named user the source does not recommend is listed as not planned
 * with that reason (or the guard that would refuse them anyway), so a typo or a wrong guess cannot become a
 * write nobody recommended.
 */
export function namedCandidates(
  audit: AccountAudit,
  names: readonly string[],
  fromSource: readonly PlanCandidate[],
  source: PlanSource,
  apiUserId: string | null = null,
): NamedSelection {
  const bySource = new Map(fromSource.map((c) => [c.userId, c]));
  const matched = new Set<string>();
  const candidates = new Map<string, PlanCandidate>();
  const notPlanned = new Map<string, NotPlanned>();
  for (const name of names) {
    const wanted = emailKey(name);
    const users = audit.users.filter((u) => u.id === name.trim() || (u.email !== null && emailKey(u.email) === wanted));
    if (users.length > 0) matched.add(name);
    for (const u of users) {
      const recommended = bySource.get(u.id);
      if (recommended !== undefined) candidates.set(u.id, recommended);
      else
        notPlanned.set(u.id, {
          user_id: u.id,
          email: u.email,
          name: u.name,
          tier: u.license,
          reason: guardOf(u, apiUserId) ?? `no recommendation from ${source} for this user`,
        });
    }
  }
  return { candidates: [...candidates.values()], notPlanned: [...notPlanned.values()], matched };
}

/**
 * `--only reclaim` or `--only downgrade`. The candidates left out are returned too: a user named with `--user`
 * whose recommendation `--only` leaves out is said so in the plan.
 */
export function onlyCandidates(
  candidates: readonly PlanCandidate[],
  only: PlanOnly | undefined,
): { readonly kept: PlanCandidate[]; readonly left: PlanCandidate[] } {
  if (only === undefined) return { kept: [...candidates], left: [] };
  const keep = (c: PlanCandidate) => (only === 'reclaim') === (c.to === 'reclaim');
  return { kept: candidates.filter(keep), left: candidates.filter((c) => !keep(c)) };
}

/** A named candidate left out by `--only`, as the plan lists it. */
export function leftOutByOnly(candidate: PlanCandidate, only: PlanOnly): NotPlanned {
  return {
    user_id: candidate.userId,
    email: candidate.email,
    name: candidate.name,
    tier: candidate.tier,
    reason: `recommended ${candidate.to === 'reclaim' ? 'for reclaim' : `down to ${candidate.to}`}, which --only ${only} leaves out`,
  };
}
