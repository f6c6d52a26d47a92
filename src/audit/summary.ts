/**
 * The `summary` view: seats per account and tier, totals, inactive seats, cost, and the roles on which the
 * two built-in rule sets disagree.
 */
import type { SeatCounts } from '../config/types.js';
import { TIERS, type Tier } from '../vocabulary.js';
import { compareWithLooker, type LookerComparison, type LookerFlagsInput } from './looker-flags.js';
import type { AuditReport, TierCounts } from './types.js';
import { zeroCounts } from './types.js';
import { activityOf } from './user-facts.js';

export interface SeatSummary {
  readonly seats: TierCounts;
  /**
   * Seats (active standard/service users) with no login for `inactiveDays`, including those who never logged in
   * and whose account is older than that; users created within `inactiveDays` are too new to count. Null when not asked.
   */
  readonly inactiveSeats: TierCounts | null;
  /** The part of `inactiveSeats` that never logged in at all (counted apart: often seats provisioned and forgotten). */
  readonly neverLoggedInSeats: TierCounts | null;
  /** Yearly cost of the seats per tier with a price; null when no prices are given. */
  readonly cost: Partial<TierCounts> | null;
  readonly totalCost: number | null;
  readonly inactiveCost: number | null;
  readonly users: number;
  readonly disabled: number;
  /** Active users who never take a seat: embed and Looker support users. */
  readonly excluded: number;
}

export interface AccountSummary extends SeatSummary {
  readonly account: string;
  readonly error: string | null;
}

export interface Disagreement {
  readonly account: string;
  readonly role: string;
  readonly toriiTier: Tier;
  readonly lookerTier: Tier;
  readonly userCount: number;
}

export interface ReportSummary {
  readonly generatedAt: string;
  readonly rules: string;
  /** The currency of the costs (ISO 4217): the config's `currency`, else USD. */
  readonly currency: string;
  readonly inactiveDays: number | null;
  readonly accounts: readonly AccountSummary[];
  readonly totals: SeatSummary;
  readonly disagreements: readonly Disagreement[];
  /** Looker's own count beside this one, and the seats on which they differ: when Looker's flags were read. */
  readonly looker?: LookerComparison;
}

export interface SummaryOptions {
  readonly prices?: SeatCounts;
  readonly currency?: string;
  readonly inactiveDays?: number;
  readonly now: Date;
  /** Looker's own flags per account (`--compare`): the summary then sets Looker's count beside its own. */
  readonly lookerFlags?: ReadonlyMap<string, LookerFlagsInput>;
}

function costOf(
  counts: TierCounts,
  prices: SeatCounts | undefined,
): { cost: Partial<TierCounts>; total: number } | null {
  if (prices === undefined || Object.keys(prices).length === 0) return null;
  const cost: Partial<TierCounts> = {};
  let total = 0;
  for (const tier of TIERS) {
    const price = prices[tier];
    if (price === undefined) continue;
    cost[tier] = counts[tier] * price;
    total += counts[tier] * price;
  }
  return { cost, total };
}

function finish(
  base: Omit<SeatSummary, 'cost' | 'totalCost' | 'inactiveCost'>,
  prices: SeatCounts | undefined,
): SeatSummary {
  const cost = costOf(base.seats, prices);
  const inactive = base.inactiveSeats ? costOf(base.inactiveSeats, prices) : null;
  return { ...base, cost: cost?.cost ?? null, totalCost: cost?.total ?? null, inactiveCost: inactive?.total ?? null };
}

/** Summarise the unfiltered report: user counts are taken from each account's `users`. */
export function summarise(report: AuditReport, options: SummaryOptions): ReportSummary {
  const days = options.inactiveDays;
  const totals = {
    seats: zeroCounts(),
    inactive: zeroCounts(),
    never: zeroCounts(),
    users: 0,
    disabled: 0,
    excluded: 0,
  };
  const disagreements: Disagreement[] = [];
  const accounts = report.accounts.map((account): AccountSummary => {
    const inactive = zeroCounts();
    const never = zeroCounts();
    let disabled = 0;
    let excluded = 0;
    for (const user of account.users) {
      if (user.status === 'disabled') disabled += 1;
      else if (!user.countsTowardSeats) excluded += 1;
      if (!user.countsTowardSeats || days === undefined) continue;
      const activity = activityOf(user, options.now, days);
      if (activity === 'inactive' || activity === 'never') inactive[user.license] += 1;
      if (activity === 'never') never[user.license] += 1;
    }
    for (const tier of TIERS) {
      totals.seats[tier] += account.seats[tier];
      totals.inactive[tier] += inactive[tier];
      totals.never[tier] += never[tier];
    }
    totals.users += account.users.length;
    totals.disabled += disabled;
    totals.excluded += excluded;
    for (const role of account.roles) {
      if (!role.disagree) continue;
      disagreements.push({
        account: account.name,
        role: role.name,
        toriiTier: role.toriiTier,
        lookerTier: role.lookerTier,
        userCount: role.userCount,
      });
    }
    const base = {
      seats: account.seats,
      inactiveSeats: days === undefined ? null : inactive,
      neverLoggedInSeats: days === undefined ? null : never,
      users: account.users.length,
      disabled,
      excluded,
    };
    return { account: account.name, error: account.error, ...finish(base, options.prices) };
  });
  const totalBase = {
    seats: totals.seats,
    inactiveSeats: days === undefined ? null : totals.inactive,
    neverLoggedInSeats: days === undefined ? null : totals.never,
    users: totals.users,
    disabled: totals.disabled,
    excluded: totals.excluded,
  };
  return {
    generatedAt: report.generatedAt,
    rules: report.rules,
    currency: options.currency ?? 'USD',
    inactiveDays: days ?? null,
    accounts,
    totals: finish(totalBase, options.prices),
    disagreements,
    ...(options.lookerFlags === undefined ? {} : { looker: compareWithLooker(report, options.lookerFlags) }),
  };
}
