/**
 * The report model: what audit/ computes from a RawSnapshot and what every renderer in report/ reads.
 * The JSON output is one rendering of it (report/json.ts), so names here are the
 * TypeScript spelling of the same facts.
 */
import { TIERS, type Tier, type UserKind, type UserStatus } from '../vocabulary.js';

export type TierCounts = Record<Tier, number>;

export function tierRank(tier: Tier): number {
  return TIERS.length - 1 - TIERS.indexOf(tier);
}

export function zeroCounts(): TierCounts {
  return Object.fromEntries(TIERS.map((tier) => [tier, 0])) as TierCounts;
}

/** What one rule set says about one role: the tier and the human text of the rule that fired. */
export interface RoleVerdict {
  readonly tier: Tier;
  /** e.g. `name contains "admin"`, `has permission "explore"`, `all access`, `no rule matches`. */
  readonly rule: string;
}

/** One way a role reaches a user: directly, or through a chain of groups. */
export interface Grant {
  readonly roleId: string;
  readonly roleName: string;
  readonly tier: Tier;
  readonly rule: string;
  /** Group names from the user's own group up to the group holding the role; empty for a direct assignment. */
  readonly via: readonly string[];
  /** false when the route goes through groups and the user has allow_roles_from_normal_groups: false. */
  readonly effective: boolean;
}

export interface AuditedUser {
  readonly id: string;
  readonly email: string | null;
  readonly name: string;
  readonly status: UserStatus;
  readonly kind: UserKind;
  readonly license: Tier;
  /** Only active regular and service users hold a seat: disabled, embed and support users take none. */
  readonly countsTowardSeats: boolean;
  /** Effective role names (direct and through groups), sorted, unique. */
  readonly roles: readonly string[];
  /** Names of the groups the user is a direct member of, sorted. */
  readonly groups: readonly string[];
  readonly lastLoginAt: string | null;
  /** When the account was created (its earliest credential), UTC ISO-8601, or null when Looker does not say. */
  readonly createdAt: string | null;
  readonly reason: string;
  /**
   * Every route by which a role reaches the user, best first: the first effective grant is the one that
   * decided the tier (when the tier is not `none`). Ineffective group routes are kept for `explain`.
   */
  readonly grants: readonly Grant[];
}

export interface RoleAudit {
  readonly id: string;
  readonly name: string;
  readonly permissionSet: string | null;
  readonly allAccess: boolean;
  readonly permissions: readonly string[];
  readonly modelSet: string | null;
  readonly models: readonly string[];
  /** Under the rule set the report was made with. */
  readonly tier: Tier;
  readonly rule: string;
  readonly toriiTier: Tier;
  readonly lookerTier: Tier;
  /** The tier Looker's own flags give a holder of this role's permissions (the system-activity rule set). */
  readonly systemActivityTier: Tier;
  /** The two role-based built-in rule sets (torii, looker) give this role different tiers. */
  readonly disagree: boolean;
  /** Users holding the role directly or through groups (only routes that are effective for the user). */
  readonly userCount: number;
}

export interface GroupAudit {
  readonly id: string;
  readonly name: string;
  readonly parents: readonly string[];
  readonly roles: readonly string[];
  readonly externallyManaged: boolean;
  readonly directMembers: number;
  /** Distinct users in the group or in any group nested (at any depth) inside it. */
  readonly effectiveMembers: number;
}

export interface AccountAudit {
  readonly name: string;
  readonly url: string;
  readonly apiCalls: number;
  readonly lookerRelease: string | null;
  /** Set when the account could not be audited; its lists are then empty. */
  readonly error: string | null;
  /** Seats per tier: active regular and service users only. */
  readonly seats: TierCounts;
  readonly users: readonly AuditedUser[];
  readonly roles: readonly RoleAudit[];
  readonly groups: readonly GroupAudit[];
}

export interface AuditReport {
  readonly generatedAt: string;
  /** The rule set's name (`torii`, `looker`, or the `name` of a rules file). */
  readonly rules: string;
  readonly accounts: readonly AccountAudit[];
}
