/**
 * Who a plan is about, and what for: right-sizing's recommendations (the default), `check`'s idle-developer
 * violations (`--source check`), or users named with `--user`. PURE.
 */
import type { SeatCounts } from '../config/types.js';
import type { PlanTarget } from '../vocabulary.js';
import type { PlanCandidate } from './plan-item.js';
import type { AccountCheck } from './policy.js';
import { yearlySaving, type AccountRightsize, type Recommendation } from './rightsize.js';
import type { AccountAudit } from './types.js';

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

export const normaliseEmail = (email: string) => email.normalize('NFC').trim().toLowerCase();

/**
 * The users named with `--user` (an id, or an email compared trimmed, without case, after Unicode NFC): each
 * takes the source's candidate when there is one, else `to` (by default a reclaim). `matched` says which names
 * found someone in this account, so the caller can refuse a name that matches nobody in any account.
 */
export function namedCandidates(
  audit: AccountAudit,
  names: readonly string[],
  fromSource: readonly PlanCandidate[],
  to: PlanTarget,
  prices: SeatCounts | undefined,
): { readonly candidates: PlanCandidate[]; readonly matched: ReadonlySet<string> } {
  const bySource = new Map(fromSource.map((c) => [c.userId, c]));
  const matched = new Set<string>();
  const candidates: PlanCandidate[] = [];
  for (const name of names) {
    const wanted = normaliseEmail(name);
    const users = audit.users.filter(
      (u) => u.id === name.trim() || (u.email !== null && normaliseEmail(u.email) === wanted),
    );
    if (users.length > 0) matched.add(name);
    for (const u of users) {
      candidates.push(
        bySource.get(u.id) ?? {
          userId: u.id,
          email: u.email,
          name: u.name,
          tier: u.license,
          to,
          evidence: 'named with --user',
          yearlySaving: yearlySaving(prices, u.license, to),
        },
      );
    }
  }
  return { candidates, matched };
}

export function onlyCandidates(candidates: readonly PlanCandidate[], only: PlanOnly | undefined): PlanCandidate[] {
  if (only === undefined) return [...candidates];
  return candidates.filter((c) => (only === 'reclaim') === (c.to === 'reclaim'));
}
