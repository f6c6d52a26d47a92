/**
 * What Looker itself counts: its own per-user flags (System Activity's `user_facts`), read as Looker's User Activity
 * dashboard reads them, and where they disagree with the rule set a report was made with. Pure.
 *
 * The dashboard's tiles (llooker/native_sys_activity, user_activity.dashboard.lookml, by Looker staff; Google's
 * "Usage reports with System Activity Explores"): Developer = is_admin or is_developer; Standard = is_explorer or
 * is_content_saver, when not Developer; Viewer = is_viewer alone; embed users counted apart; every tile leaves out
 * disabled users and Looker employees. Google does not say that a bill follows these tiles: they are Looker's own
 * count, which is evidence, not the contract.
 */
import type { UserFlag, UserFlags, UserFlagsRow } from '../looker/system-activity-rows.js';
import { GRANTING_TIERS, TIERS, type GrantingTier, type Tier } from '../vocabulary.js';
import type { AccountAudit, AuditedUser, AuditReport, TierCounts } from './types.js';
import { zeroCounts } from './types.js';

/** The tier each seat flag stands for; null for the flags that only say who the count leaves out. */
const FLAG_TIER: Readonly<Record<UserFlag, GrantingTier | null>> = {
  is_admin: 'developer',
  is_developer: 'developer',
  is_explorer: 'standard',
  is_content_saver: 'standard',
  is_viewer: 'viewer',
  is_embed: null,
  is_looker_employee: null,
};
const SEAT_FLAGS = (Object.keys(FLAG_TIER) as UserFlag[]).filter((flag) => FLAG_TIER[flag] !== null);

/** A user's tier by Looker's own flags, and the sentence that says which flags. */
export interface LookerVerdict {
  readonly tier: Tier;
  readonly reason: string;
  /** The flags as read; null when System Activity has none for the user yet. */
  readonly flags: UserFlags | null;
}

const NO_FLAGS: LookerVerdict = {
  tier: 'none',
  reason: "none: no flags in System Activity yet (Looker refreshes a user's facts hourly)",
  flags: null,
};

function verdictOf(flags: UserFlags): LookerVerdict {
  for (const tier of GRANTING_TIERS) {
    const set = SEAT_FLAGS.filter((flag) => FLAG_TIER[flag] === tier && flags[flag]);
    if (set.length > 0)
      return {
        tier,
        reason: `${tier}: Looker's own flag${set.length === 1 ? '' : 's'} ${set.join(', ')} (System Activity)`,
        flags,
      };
  }
  return { tier: 'none', reason: "none: none of Looker's own seat flags is set (System Activity)", flags };
}

/** Looker's flags of one account, by user id, with the count its User Activity dashboard would show. */
export interface LookerFlagsIndex {
  /** The verdict on a user; one System Activity does not list (yet) has no flags, tier none. */
  verdictOf(userId: string): LookerVerdict;
  /** Users by tier as Looker counts them: not disabled, not Looker employees, not embed users. */
  readonly count: TierCounts;
}

export function indexLookerFlags(rows: readonly UserFlagsRow[]): LookerFlagsIndex {
  const byId = new Map<string, LookerVerdict>();
  // At most 2^5 combinations of seat flags: the tier and the reason made once per combination.
  const sharedVerdicts = new Map<string, LookerVerdict>();
  const count = zeroCounts();
  for (const row of rows) {
    if (byId.has(row.userId)) continue;
    const flags = row.flags;
    if (flags === null) {
      byId.set(row.userId, NO_FLAGS);
      continue;
    }
    const key = SEAT_FLAGS.map((flag) => (flags[flag] ? '1' : '0')).join('');
    const shared = sharedVerdicts.get(key) ?? verdictOf(flags);
    sharedVerdicts.set(key, shared);
    byId.set(row.userId, { tier: shared.tier, reason: shared.reason, flags });
    if (!row.disabled && !flags.is_looker_employee && !flags.is_embed) count[shared.tier] += 1;
  }
  return { verdictOf: (userId) => byId.get(userId) ?? NO_FLAGS, count };
}

/** Looker's flags for one account: read, or why not (the warning's text). */
export type LookerFlagsInput =
  | { readonly kind: 'read'; readonly index: LookerFlagsIndex }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** A seat whose tier under the report's rule set is not the tier Looker's own flags give. */
export interface LookerDisagreement {
  readonly account: string;
  readonly user: AuditedUser;
  readonly looker: LookerVerdict;
}

/**
 * The seats (active regular and service users, those both counts are about) whose tier differs from Looker's. A
 * user without a seat is left out: their tier costs nothing under either count.
 */
export function lookerDisagreements(account: AccountAudit, index: LookerFlagsIndex): LookerDisagreement[] {
  const out: LookerDisagreement[] = [];
  for (const user of account.users) {
    if (!user.countsTowardSeats) continue;
    const looker = index.verdictOf(user.id);
    if (looker.tier !== user.license) out.push({ account: account.name, user, looker });
  }
  return out;
}

export interface LookerAccountCount {
  readonly account: string;
  /** Looker's own count; null when it was not read (the account failed, or System Activity could not be read). */
  readonly count: TierCounts | null;
  /** Why there is no count, when System Activity could not be read (null otherwise). */
  readonly unavailable: string | null;
}

/** Looker's own count beside the report's, per account and in total, and the seats where the two disagree. */
export interface LookerComparison {
  readonly accounts: readonly LookerAccountCount[];
  /** Over every account; null when any account has no count (a partial sum would read as the whole). */
  readonly totals: TierCounts | null;
  readonly disagreements: readonly LookerDisagreement[];
}

export function compareWithLooker(report: AuditReport, flags: ReadonlyMap<string, LookerFlagsInput>): LookerComparison {
  const disagreements: LookerDisagreement[] = [];
  const accounts = report.accounts.map((account): LookerAccountCount => {
    const input = account.error === null ? flags.get(account.name) : undefined;
    if (input?.kind !== 'read')
      return { account: account.name, count: null, unavailable: input?.kind === 'unavailable' ? input.reason : null };
    disagreements.push(...lookerDisagreements(account, input.index));
    return { account: account.name, count: input.index.count, unavailable: null };
  });
  let totals: TierCounts | null = zeroCounts();
  for (const { count } of accounts) {
    if (count === null) totals = null;
    else if (totals !== null) for (const tier of TIERS) totals[tier] += count[tier];
  }
  return { accounts, totals, disagreements };
}

/**
 * `users --compare`: each account's users cut to its seats whose tier differs from Looker's; an account whose flags
 * were not read lists nobody (its warning says why). Seats and the other views are left whole.
 */
export function onlyLookerDisagreements(
  report: AuditReport,
  flags: ReadonlyMap<string, LookerFlagsInput>,
): AuditReport {
  return {
    ...report,
    accounts: report.accounts.map((account) => {
      const input = flags.get(account.name);
      const users = input?.kind === 'read' ? lookerDisagreements(account, input.index).map((d) => d.user) : [];
      return { ...account, users };
    }),
  };
}
