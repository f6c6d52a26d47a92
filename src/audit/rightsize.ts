/**
 * Right-sizing: for each seat, the lowest tier its holder actually used (the README's "Right-sizing from usage"
 * is the user's view of these rules). Pure: the clock comes in as `now`, prices from the config.
 *
 * A seat is judged when its holder is an active regular or service user whose tier is not `none`; support and
 * embed users never are, nor the API user the audit logs in as (it needs its role to audit).
 * 1. `reclaim`: no login and no use of any kind within the window, and the account is older than the window
 *    (service accounts: no API login within the window; with the API login unknown they are not judged);
 * 2. otherwise the target is the highest tier whose use was seen: developer use -> developer, creator use ->
 *    standard, viewer use or only logins -> viewer. A signal that is unknown on the instance counts as possibly
 *    used: a Developer is never moved down because the git events could not be read;
 * 3. a recommendation only where the target is below the current tier; `yearly_saving` is
 *    prices[current] - prices[target] (reclaim: prices[current]), null without prices.
 * Without System Activity (logins only) only rule 1 applies, on logins.
 */
import type { SeatCounts } from '../config/types.js';
import { plural } from '../counts.js';
import { DAY_MS, daysBefore, isoDay } from '../days.js';
import { unhandled, type GrantingTier, type RecommendationKind, type Tier, type UserKind } from '../vocabulary.js';
import { tierRank, type AccountAudit, type AuditedUser } from './types.js';
import { usageOf, type AccountUsage, type UserUsage } from './usage.js';

export type { RecommendationKind };
export type UsageSource = 'system_activity' | 'logins_only';

export interface Recommendation {
  readonly userId: string;
  readonly email: string | null;
  readonly name: string;
  readonly kind: UserKind;
  readonly tier: Tier;
  readonly to: RecommendationKind;
  readonly evidence: string;
  readonly yearlySaving: number | null;
}

export interface RightsizeTotals {
  readonly reclaim: number;
  readonly downgrade: number;
  readonly yearlySaving: number | null;
}

export interface AccountRightsize {
  readonly name: string;
  readonly url: string;
  readonly apiCalls: number;
  readonly usage: UsageSource;
  readonly usageAsOf: string | null;
  readonly error: string | null;
  /** Why the account has logins only, or which signals are unknown on it: the one warning line. */
  readonly usageNote: string | null;
  readonly recommendations: readonly Recommendation[];
  readonly totals: RightsizeTotals;
}

export interface RightsizeReport {
  readonly generatedAt: string;
  readonly rules: string;
  readonly usageDays: number;
  /** The currency of the prices and savings (ISO 4217, the config's `currency`, default USD). */
  readonly currency: string;
  readonly accounts: readonly AccountRightsize[];
  readonly totals: RightsizeTotals;
}

/** What the orchestrator learned about an account's usage. */
export type UsageInput =
  | { readonly kind: 'system_activity'; readonly usage: AccountUsage }
  | { readonly kind: 'logins_only'; readonly apiUserId: string | null; readonly reason: string };

export interface RightsizeOptions {
  readonly now: Date;
  readonly usageDays: number;
  readonly prices?: SeatCounts;
}

const SOURCE_NAMES: Readonly<Record<string, string>> = { sqlrunner: 'SQL Runner', merge_query: 'merge query' };
const sourceName = (raw: string) => SOURCE_NAMES[raw] ?? raw.replace(/_/g, ' ');
const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : null);

/**
 * The lower tier a recommendation moves the seat to, or null when it reclaims the seat. Every consumer of a
 * recommendation's kind asks this rather than comparing words, so a kind that is neither does not compile here.
 */
export function lowerTierOf(to: RecommendationKind): GrantingTier | null {
  return to === 'reclaim' ? null : to;
}

export function yearlySaving(prices: SeatCounts | undefined, tier: Tier, to: RecommendationKind): number | null {
  const current = prices?.[tier];
  if (current === undefined) return null;
  const lower = lowerTierOf(to);
  if (lower === null) return current;
  const target = prices?.[lower];
  return target === undefined ? null : current - target;
}

export function isJudged(user: AuditedUser, apiUserId: string | null): boolean {
  return user.countsTowardSeats && user.license !== 'none' && user.id !== apiUserId;
}

interface Window {
  readonly days: number;
  /** Instants at or after this are within the window. */
  readonly cutoffMs: number;
  /**
   * The first day within the window, with a day of slack: System Activity stores dates in the Looker system
   * time zone, which may lie a day either side of UTC (docs/looker-api.md, System Activity).
   */
  readonly cutoffDay: string;
}

function windowOf(options: RightsizeOptions): Window {
  const cutoffMs = daysBefore(options.now.getTime(), options.usageDays);
  return {
    days: options.usageDays,
    cutoffMs,
    cutoffDay: isoDay(cutoffMs - DAY_MS),
  };
}

const instantWithin = (iso: string | null, w: Window) => iso !== null && Date.parse(iso) >= w.cutoffMs;
const dayWithin = (date: string | null | undefined, w: Window) =>
  date !== null && date !== undefined && date >= w.cutoffDay;

/** The recommendation for one seat, or null when it is right-sized (or not judged). */
export function recommend(
  user: AuditedUser,
  input: UsageInput,
  options: RightsizeOptions,
): Omit<Recommendation, 'yearlySaving'> | null {
  const apiUserId = input.kind === 'system_activity' ? input.usage.apiUserId : input.apiUserId;
  if (!isJudged(user, apiUserId)) return null;
  const w = windowOf(options);
  const base = { userId: user.id, email: user.email, name: user.name, kind: user.kind, tier: user.license };
  const oldEnough = user.createdAt === null || Date.parse(user.createdAt) < w.cutoffMs;
  const service = user.kind === 'service';

  if (input.kind === 'logins_only') {
    // Service accounts work through API3 keys, whose use only System Activity shows: not judged on logins.
    if (service || instantWithin(user.lastLoginAt, w) || !oldEnough) return null;
    return { ...base, to: 'reclaim', evidence: `${noLoginText(user, w)}; usage unknown (logins only)` };
  }

  const u = usageOf(input.usage, user.id);
  const uiLogin = instantWithin(user.lastLoginAt, w) || dayWithin(u.lastUiLogin, w);
  const apiLogin = dayWithin(u.lastApiLogin, w);
  const used =
    u.queryCount > 0 || (u.gitEvents ?? 0) > 0 || (u.looksCreated ?? 0) > 0 || (u.dashboardsCreated ?? 0) > 0;
  if (!uiLogin && !apiLogin && !used && oldEnough && !(service && u.lastApiLogin === undefined)) {
    const evidence = service
      ? `no API login and no use in ${w.days} days; last API login ${day(u.lastApiLogin) ?? 'never'}`
      : `no login and no use in ${w.days} days; ${lastLoginText(user)}`;
    return { ...base, to: 'reclaim', evidence };
  }
  // Too new to judge, or a service account whose API login is unknown: nothing seen, nothing to conclude.
  if (!uiLogin && !apiLogin && !used) return null;

  const developerUse = u.developerQueries > 0 || (u.gitEvents ?? 0) > 0;
  const creatorUse = u.creatorQueries > 0 || (u.looksCreated ?? 0) > 0 || (u.dashboardsCreated ?? 0) > 0;
  const target: Exclude<Tier, 'none'> =
    developerUse || !input.usage.developerUseKnown
      ? 'developer'
      : creatorUse || !input.usage.contentKnown
        ? 'standard'
        : 'viewer';
  if (tierRank(target) >= tierRank(user.license)) return null;
  return { ...base, to: target, evidence: downgradeEvidence(user, u, target, w) };
}

function lastLoginText(user: AuditedUser): string {
  if (user.lastLoginAt !== null) return `last login ${day(user.lastLoginAt)}`;
  return user.createdAt !== null ? `never logged in (account created ${day(user.createdAt)})` : 'never logged in';
}

function noLoginText(user: AuditedUser, w: Window): string {
  return `no login in ${w.days} days; ${lastLoginText(user)}`;
}

/** Why a Standard seat is still earned: the latest Explore, SQL Runner or merge query, and content created. */
function creatorEvidence(u: UserUsage): string[] {
  const parts: string[] = [];
  const creator = u.bySource.filter(
    (s) => s.source === 'explore' || s.source === 'sqlrunner' || s.source === 'merge_query',
  );
  const latest = [...creator].sort((a, b) => (b.last ?? '').localeCompare(a.last ?? ''))[0];
  if (latest?.last) parts.push(`last ${sourceName(latest.source)} ${latest.last}`);
  const made = [
    (u.looksCreated ?? 0) > 0 ? plural(u.looksCreated ?? 0, 'Look') : '',
    (u.dashboardsCreated ?? 0) > 0 ? plural(u.dashboardsCreated ?? 0, 'dashboard') : '',
  ].filter((s) => s !== '');
  if (made.length > 0) parts.push(`${made.join(' and ')} created`);
  return parts;
}

function downgradeEvidence(user: AuditedUser, u: UserUsage, target: GrantingTier, w: Window): string {
  const parts: string[] = [];
  if (user.license === 'developer') parts.push(`no Development Mode query or git event in ${w.days} days`);
  switch (target) {
    case 'developer':
      // Nothing is ever lowered to developer: only the missing developer use above is evidence.
      break;
    case 'viewer':
      parts.push(`no Explore, SQL Runner or merge query and no Look or dashboard created in ${w.days} days`);
      break;
    case 'standard':
      parts.push(...creatorEvidence(u));
      break;
    default:
      return unhandled(target);
  }
  const counts = u.bySource
    .slice(0, 3)
    .map((s) => `${s.queries} ${sourceName(s.source)} ${s.queries === 1 ? 'query' : 'queries'}`);
  if (counts.length > 0) parts.push(counts.join(', '));
  else if (user.kind === 'service') parts.push(`API logins only (last API login ${day(u.lastApiLogin) ?? 'unknown'})`);
  else parts.push(`logins only (${lastLoginText(user)})`);
  if (u.notPersonQueries > 0)
    parts.push(
      `${plural(u.notPersonQueries, 'scheduled or system query', { many: 'scheduled or system queries' })} not counted`,
    );
  return parts.join('; ');
}

function totalsOf(recommendations: readonly Recommendation[], prices: SeatCounts | undefined): RightsizeTotals {
  const savings = recommendations.map((r) => r.yearlySaving);
  return {
    reclaim: recommendations.filter((r) => lowerTierOf(r.to) === null).length,
    downgrade: recommendations.filter((r) => lowerTierOf(r.to) !== null).length,
    // A partial price list gives no honest sum: null, like no prices at all.
    yearlySaving:
      prices === undefined || savings.some((s) => s === null)
        ? null
        : savings.reduce<number>((sum, s) => sum + (s ?? 0), 0),
  };
}

/** Biggest saving first; then reclaims before downgrades, higher tiers first, by name. */
function byImpact(a: Recommendation, b: Recommendation): number {
  return (
    (b.yearlySaving ?? -Infinity) - (a.yearlySaving ?? -Infinity) ||
    Number(lowerTierOf(b.to) === null) - Number(lowerTierOf(a.to) === null) ||
    tierRank(b.tier) - tierRank(a.tier) ||
    a.name.localeCompare(b.name) ||
    a.userId.localeCompare(b.userId, undefined, { numeric: true })
  );
}

export function rightsizeAccount(
  audit: AccountAudit,
  input: UsageInput | null,
  options: RightsizeOptions,
): AccountRightsize {
  const common = { name: audit.name, url: audit.url, apiCalls: audit.apiCalls };
  if (audit.error !== null || input === null) {
    return {
      ...common,
      usage: 'logins_only',
      usageAsOf: null,
      error: audit.error ?? 'no usage was read',
      usageNote: null,
      recommendations: [],
      totals: { reclaim: 0, downgrade: 0, yearlySaving: null },
    };
  }
  const recommendations = audit.users
    .map((user) => recommend(user, input, options))
    .filter((r): r is Omit<Recommendation, 'yearlySaving'> => r !== null)
    .map((r) => ({ ...r, yearlySaving: yearlySaving(options.prices, r.tier, r.to) }))
    .sort(byImpact);
  return {
    ...common,
    usage: input.kind,
    usageAsOf: input.kind === 'system_activity' ? input.usage.asOf : null,
    error: null,
    usageNote: input.kind === 'logins_only' ? input.reason : unknownNote(input.usage),
    recommendations,
    totals: totalsOf(recommendations, options.prices),
  };
}

/** Which signals are unknown on this instance (so some seats were kept where usage could not be told). */
function unknownNote(usage: AccountUsage): string | null {
  if (usage.missing.length === 0) return null;
  return `System Activity lacks ${usage.missing.join(', ')} on this release: those signals are unknown, and no seat is lowered on them`;
}

export function buildRightsizeReport(
  accounts: readonly AccountRightsize[],
  options: {
    readonly generatedAt: Date;
    readonly rules: string;
    readonly usageDays: number;
    readonly currency?: string;
  },
): RightsizeReport {
  const all = accounts.flatMap((a) => a.recommendations);
  const anyUnpriced = accounts.some((a) => a.error === null && a.totals.yearlySaving === null);
  const priced = accounts.filter((a) => a.error === null);
  return {
    generatedAt: options.generatedAt.toISOString(),
    rules: options.rules,
    usageDays: options.usageDays,
    currency: options.currency ?? 'USD',
    accounts,
    totals: {
      reclaim: all.filter((r) => lowerTierOf(r.to) === null).length,
      downgrade: all.filter((r) => lowerTierOf(r.to) !== null).length,
      yearlySaving:
        anyUnpriced || priced.length === 0 ? null : priced.reduce((sum, a) => sum + (a.totals.yearlySaving ?? 0), 0),
    },
  };
}

/** One user's usage and right-sizing, for `users --usage` and `explain --usage`. */
export interface UserUsageView {
  readonly source: UsageSource;
  readonly usageDays: number;
  readonly asOf: string | null;
  /** null with logins only. */
  readonly usage: UserUsage | null;
  readonly judged: boolean;
  readonly recommendation: Recommendation | null;
}

export function userUsageView(user: AuditedUser, input: UsageInput, options: RightsizeOptions): UserUsageView {
  const apiUserId = input.kind === 'system_activity' ? input.usage.apiUserId : input.apiUserId;
  const found = recommend(user, input, options);
  return {
    source: input.kind,
    usageDays: options.usageDays,
    asOf: input.kind === 'system_activity' ? input.usage.asOf : null,
    usage: input.kind === 'system_activity' ? usageOf(input.usage, user.id) : null,
    judged: isJudged(user, apiUserId),
    recommendation:
      found === null ? null : { ...found, yearlySaving: yearlySaving(options.prices, found.tier, found.to) },
  };
}
