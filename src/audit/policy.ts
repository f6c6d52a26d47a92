/**
 * The `check` policy (the config's `policy` keys and the flags of `check`), evaluated per account. PURE: the
 * clock, the baseline snapshot and the usage read from System Activity are passed in.
 *
 * Four kinds of violation:
 * - `unexpected-developer`: a Developer seat (an active regular or service user with the developer tier) held by
 *   an email that no allowlist entry allows. Entries are exact emails or globs with `*`, case-insensitive; an entry
 *   with `expires: YYYY-MM-DD` allows up to and including that day (UTC) and no longer after it. The rule applies
 *   only to accounts with an allowlist (the account's own `allowed_developers`, else the top level's) or when
 *   `--allow` is given; `--allow` entries are added to the configured list.
 * - `over-budget`: seats of a tier over `max_seats`. The account's `max_seats` overrides the top level tier by tier;
 *   `--max-developers` overrides the developer limit everywhere.
 * - `new-developer` (with a baseline snapshot): a Developer seat whose user held no Developer seat in the
 *   baseline: absent, a lower tier, disabled, or not a seat-holding kind. Accounts and users are matched by
 *   snapshot/match.ts, the rule `diff` uses too, so `diff` and `check` always agree on who is new. An account
 *   missing from the baseline, or failed in it, is not compared (a note says so).
 * - `idle-developer` (with `max_idle_developer_days`): a Developer seat whose holder shows no developer use (a
 *   Development Mode query or a git event) within that many days. An account whose usage could not be read is
 *   not checked for it, and the API user the audit logs in as is never flagged.
 */
import type { AllowEntry, Policy, SeatCounts } from '../config/types.js';
import { emailKey } from '../snapshot/email.js';
import { daysBefore, isoDay } from '../days.js';
import { matchAccounts, matchUsers, sameInstance } from '../snapshot/match.js';
import type { SnapshotAccount, SnapshotDocument, SnapshotUser } from '../snapshot/types.js';
import { MAX_USAGE_DAYS } from '../usage-window.js';
import { TIERS, unhandled, VIOLATION_KINDS, type Tier, type ViolationKind } from '../vocabulary.js';
import type { UsageInput } from './rightsize.js';
import type { AccountAudit, AuditReport, AuditedUser } from './types.js';
import { usageOf } from './usage.js';
import { countsTowardSeats } from './user-facts.js';

export interface Violation {
  readonly account: string;
  readonly kind: ViolationKind;
  readonly tier: Tier;
  /** The user, for `unexpected-developer` and `new-developer`; null for `over-budget`. */
  readonly userId: string | null;
  readonly email: string | null;
  readonly name: string | null;
  /** Why the user holds the tier (the audit's reason); null for `over-budget`. */
  readonly reason: string | null;
  /** For `over-budget`: the seats counted and the limit. */
  readonly count: number | null;
  readonly limit: number | null;
  /** The whole sentence (JSON, JUnit, Markdown). */
  readonly message: string;
  /** The same without the user, for a table that shows the user in its own column. */
  readonly detail: string;
}

export interface AccountCheck {
  readonly account: string;
  /** The account could not be audited: nothing was checked. */
  readonly error: string | null;
  /** The kinds that were evaluated for this account (a rule with nothing configured is not). */
  readonly checked: readonly ViolationKind[];
  readonly violations: readonly Violation[];
  /** Things the user should know, e.g. the account is missing from the baseline. */
  readonly notes: readonly string[];
}

export interface CheckResult {
  readonly generatedAt: string;
  readonly rules: string;
  /** No violation and no failed account. */
  readonly ok: boolean;
  readonly accounts: readonly AccountCheck[];
  /** Every account's violations, in account order. */
  readonly violations: readonly Violation[];
}

export interface PolicyOverrides {
  /** `--max-developers`: replaces the developer limit of every account. */
  readonly maxDevelopers?: number;
  /** `--allow`: emails or globs added to every account's allowlist (and enabling the rule where none is configured). */
  readonly allow?: readonly string[];
  /** `--max-idle-developer-days`: replaces every account's max_idle_developer_days. */
  readonly maxIdleDeveloperDays?: number;
}

export interface PolicyOptions {
  readonly now: Date;
  readonly baseline?: SnapshotDocument;
  readonly overrides: PolicyOverrides;
  /** Only these kinds are evaluated (default: all). */
  readonly failOn?: readonly ViolationKind[];
  /** Per account name, what System Activity said (idle-developer). */
  readonly usage?: ReadonlyMap<string, UsageInput>;
}

export type ConfiguredPolicy = Policy & { readonly accounts?: Readonly<Record<string, Policy>> };

/** The policy that applies to one account: its own keys over the top level's, then the flags. */
export interface EffectivePolicy {
  readonly maxSeats: SeatCounts;
  /** null: no allowlist, the rule does not apply. */
  readonly allowedDevelopers: readonly AllowEntry[] | null;
  /** null: the idle-developer rule does not apply. */
  readonly maxIdleDeveloperDays: number | null;
}

export function effectivePolicy(
  policy: ConfiguredPolicy,
  account: string,
  overrides: PolicyOverrides,
): EffectivePolicy {
  const own = policy.accounts?.[account];
  const maxSeats: Record<string, number> = { ...policy.maxSeats, ...own?.maxSeats };
  if (overrides.maxDevelopers !== undefined) maxSeats.developer = overrides.maxDevelopers;
  const configured = own?.allowedDevelopers ?? policy.allowedDevelopers;
  const fromFlag = (overrides.allow ?? []).map((pattern): AllowEntry => ({ pattern }));
  const allowedDevelopers =
    configured === undefined && fromFlag.length === 0 ? null : [...(configured ?? []), ...fromFlag];
  const maxIdleDeveloperDays =
    overrides.maxIdleDeveloperDays ?? own?.maxIdleDeveloperDays ?? policy.maxIdleDeveloperDays ?? null;
  return { maxSeats, allowedDevelopers, maxIdleDeveloperDays };
}

/** Whether an account's policy gives each kind something to check; a new kind does not compile until it says. */
const CONFIGURED: Readonly<Record<ViolationKind, (effective: EffectivePolicy, hasBaseline: boolean) => boolean>> = {
  'unexpected-developer': (effective) => effective.allowedDevelopers !== null,
  'over-budget': (effective) => Object.keys(effective.maxSeats).length > 0,
  'new-developer': (_effective, hasBaseline) => hasBaseline,
  'idle-developer': (effective) => effective.maxIdleDeveloperDays !== null,
};

/** The kinds that would be evaluated for an account, before any API call (an empty list: nothing to check). */
export function applicableKinds(
  effective: EffectivePolicy,
  hasBaseline: boolean,
  failOn: readonly ViolationKind[] = VIOLATION_KINDS,
): ViolationKind[] {
  return VIOLATION_KINDS.filter((kind) => failOn.includes(kind) && CONFIGURED[kind](effective, hasBaseline));
}

/** A pattern compared as emails are everywhere (snapshot/email.ts): both sides in that form, `*` any text. */
function globToRegExp(pattern: string): RegExp {
  const source = emailKey(pattern)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's');
}

export type AllowVerdict =
  | { readonly allowed: true; readonly entry: AllowEntry }
  | { readonly allowed: false; readonly expired: readonly AllowEntry[] };

/** Whether an email is allowed; when not, the entries that would have matched but have expired. */
export function matchAllowlist(email: string | null, entries: readonly AllowEntry[], now: Date): AllowVerdict {
  const expired: AllowEntry[] = [];
  if (email === null) return { allowed: false, expired };
  const today = isoDay(now);
  for (const entry of entries) {
    if (!globToRegExp(entry.pattern).test(emailKey(email))) continue;
    if (entry.expires !== undefined && today > entry.expires) expired.push(entry);
    else return { allowed: true, entry };
  }
  return { allowed: false, expired };
}

function holdsDeveloperSeat(u: AuditedUser): boolean {
  return u.countsTowardSeats && u.license === 'developer';
}

/** Mirrors AuditedUser.countsTowardSeats for a snapshot user: only active regular and service users hold a seat. */
function snapshotHoldsDeveloperSeat(u: SnapshotUser): boolean {
  return u.license === 'developer' && countsTowardSeats(u.status, u.kind);
}

function userLabel(u: AuditedUser): string {
  return u.email ?? `user ${u.id}`;
}

function userViolation(
  account: string,
  kind: ViolationKind,
  u: AuditedUser,
  message: string,
  detail: string,
): Violation {
  return {
    account,
    kind,
    tier: u.license,
    userId: u.id,
    email: u.email,
    name: u.name,
    reason: u.reason,
    count: null,
    limit: null,
    message,
    detail,
  };
}

function unexpectedDevelopers(a: AccountAudit, entries: readonly AllowEntry[], now: Date): Violation[] {
  return a.users.filter(holdsDeveloperSeat).flatMap((u) => {
    const verdict = matchAllowlist(u.email, entries, now);
    if (verdict.allowed) return [];
    const why =
      u.email === null
        ? 'has no email to match against allowed_developers'
        : verdict.expired.length > 0
          ? `was allowed by "${verdict.expired[0]?.pattern}" until ${verdict.expired[0]?.expires}, which has passed`
          : 'is not on allowed_developers';
    return [
      userViolation(a.name, 'unexpected-developer', u, `Developer seat held by ${userLabel(u)}, who ${why}`, why),
    ];
  });
}

function overBudget(a: AccountAudit, maxSeats: SeatCounts): Violation[] {
  return TIERS.flatMap((tier) => {
    const limit = maxSeats[tier];
    const count = a.seats[tier];
    if (limit === undefined || count <= limit) return [];
    return [
      {
        account: a.name,
        kind: 'over-budget' as const,
        tier,
        userId: null,
        email: null,
        name: null,
        reason: null,
        count,
        limit,
        message: `${count} ${tier} seats, over the limit of ${limit}`,
        detail: `${count} ${tier} seats, over the limit of ${limit}`,
      },
    ];
  });
}

function newDevelopers(a: AccountAudit, before: SnapshotAccount): Violation[] {
  const match = matchUsers(before, a);
  const partner = new Map(match.pairs.map((p) => [p.after, p.before]));
  return a.users.filter(holdsDeveloperSeat).flatMap((u) => {
    const old = partner.get(u);
    if (old !== undefined && snapshotHoldsDeveloperSeat(old)) return [];
    const since =
      old === undefined
        ? 'a user not in the baseline'
        : old.license !== 'developer'
          ? `tier raised from ${old.license} since the baseline`
          : old.status !== 'active'
            ? `was ${old.status} in the baseline`
            : `was a ${old.kind} user in the baseline`;
    return [userViolation(a.name, 'new-developer', u, `new Developer seat: ${userLabel(u)}, ${since}`, since)];
  });
}

function idleDevelopers(a: AccountAudit, input: UsageInput & { kind: 'system_activity' }, days: number, now: Date) {
  const cutoff = isoDay(daysBefore(now.getTime(), days + 1));
  return a.users
    .filter((u) => holdsDeveloperSeat(u) && u.id !== input.usage.apiUserId)
    .flatMap((u) => {
      const usage = usageOf(input.usage, u.id);
      const recent = usage.lastDeveloperUse !== null && usage.lastDeveloperUse >= cutoff;
      // Git events come as a count over the whole usage window: any is developer use (see the README).
      if (recent || (usage.gitEvents ?? 0) > 0 || !input.usage.developerUseKnown) return [];
      const last = usage.lastDeveloperUse === null ? '' : ` (last ${usage.lastDeveloperUse})`;
      return [
        userViolation(
          a.name,
          'idle-developer',
          u,
          `Developer seat held by ${userLabel(u)}, with no Development Mode query or git event in ${days} days${last}`,
          `no Development Mode query or git event in ${days} days${last}`,
        ),
      ];
    });
}

export function evaluatePolicy(report: AuditReport, policy: ConfiguredPolicy, options: PolicyOptions): CheckResult {
  const inBaseline = new Map(
    options.baseline === undefined
      ? []
      : matchAccounts(options.baseline.accounts, report.accounts).pairs.map((p) => [p.after, p.before]),
  );
  const accounts = report.accounts.map((a): AccountCheck => {
    const effective = effectivePolicy(policy, a.name, options.overrides);
    const kinds = applicableKinds(effective, options.baseline !== undefined, options.failOn);
    if (a.error !== null) return { account: a.name, error: a.error, checked: [], violations: [], notes: [] };
    const notes: string[] =
      kinds.length === 0
        ? [
            `nothing to check for account "${a.name}": no allowed_developers, no max_seats, no max_idle_developer_days, no baseline`,
          ]
        : [];
    const checked: ViolationKind[] = [];
    const violations: Violation[] = [];
    for (const kind of kinds) {
      switch (kind) {
        case 'unexpected-developer':
          violations.push(...unexpectedDevelopers(a, effective.allowedDevelopers ?? [], options.now));
          break;
        case 'over-budget':
          violations.push(...overBudget(a, effective.maxSeats));
          break;
        case 'idle-developer': {
          const input = options.usage?.get(a.name);
          if (input === undefined || input.kind === 'logins_only') {
            notes.push(`account "${a.name}": no usage data (logins only): idle Developer seats not checked`);
            continue;
          }
          if (!input.usage.developerUseKnown)
            notes.push(
              `account "${a.name}": Development Mode or git events are unknown on this release: only Developers with neither are judged idle, so none is flagged`,
            );
          violations.push(...idleDevelopers(a, input, effective.maxIdleDeveloperDays ?? MAX_USAGE_DAYS, options.now));
          break;
        }
        case 'new-developer': {
          const before = inBaseline.get(a);
          if (before === undefined) {
            notes.push(`account "${a.name}" is not in the baseline: new Developer seats not checked`);
            continue;
          }
          if (before.error !== undefined) {
            notes.push(`account "${a.name}" failed in the baseline (${before.error}): new Developer seats not checked`);
            continue;
          }
          if (!sameInstance(before.url, a.url)) {
            notes.push(
              `account "${a.name}" had another URL in the baseline (${before.url}): its users were matched by email only`,
            );
          }
          violations.push(...newDevelopers(a, before));
          break;
        }
        default:
          return unhandled(kind);
      }
      checked.push(kind);
    }
    return { account: a.name, error: null, checked, violations, notes };
  });
  const violations = accounts.flatMap((a) => a.violations);
  return {
    generatedAt: report.generatedAt,
    rules: report.rules,
    ok: violations.length === 0 && accounts.every((a) => a.error === null),
    accounts,
    violations,
  };
}
