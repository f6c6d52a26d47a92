/**
 * The words users see in flags, config keys and reports (tiers, kinds, statuses, rule sets, violation kinds,
 * recommendations, people flags), each list written once. Types are
 * derived from these arrays, and so are the zod schemas (`z.enum(TIERS)`) in config/ and snapshot/, so a tier
 * or kind added here reaches every type, schema, error message and help text that lists them.
 *
 * No zod import here on purpose: cli/program.ts reads these lists for its help texts, and `--help` must not pay
 * for loading a schema library (zod takes tens of milliseconds to load).
 */

/** Licence tiers, highest first: the order every "highest tier" decision, table and count uses. */
export const TIERS = ['developer', 'standard', 'viewer', 'none'] as const;
export type Tier = (typeof TIERS)[number];

/** The tiers a role can grant through a rule (`none` is what is left when no rule matches). */
export type GrantingTier = Exclude<Tier, 'none'>;
export const GRANTING_TIERS: readonly GrantingTier[] = TIERS.filter((tier): tier is GrantingTier => tier !== 'none');

/**
 * Precedence when several apply: looker_support > embed > service > regular (audit/user-facts.ts). `regular` was
 * `standard` before 0.2 (a word the licence tiers also use): snapshots that say `standard` still read.
 */
export const USER_KINDS = ['regular', 'embed', 'service', 'looker_support'] as const;
export type UserKind = (typeof USER_KINDS)[number];

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** The built-in rule sets; anything else given to `--rules` or `rules:` is the path of a rules file. */
export const RULE_SET_NAMES = ['torii', 'looker'] as const;
export type RuleSetName = (typeof RULE_SET_NAMES)[number];
export const DEFAULT_RULE_SET: RuleSetName = 'torii';

/** How an account logs in: an API3 key (client id and secret), or a person's OAuth login in the browser. */
export const AUTH_KINDS = ['api3', 'oauth'] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];

/** What `check` can find, in the order it evaluates them. */
export const VIOLATION_KINDS = ['unexpected-developer', 'over-budget', 'new-developer', 'idle-developer'] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

/** Where right-sizing may send a seat: a lower tier, or reclaimed altogether. */
export const RECOMMENDATION_KINDS = [...GRANTING_TIERS, 'reclaim'] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

/** What `people` flags about one person across the accounts. */
export const PERSON_FLAGS = ['several-developer-seats', 'not-in-directory', 'inactive-in-directory'] as const;
export type PersonFlag = (typeof PERSON_FLAGS)[number];

/**
 * Report formats (`--format`). Which command writes which, and the file extensions that name them, are the format
 * registry's (commands/shared/formats.ts); every lookup by format is a `Record<Format, ...>`, so a format added
 * here does not compile until each of those says what it means for it.
 */
export const FORMATS = ['table', 'csv', 'json', 'html', 'markdown', 'prometheus', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

/** Whether `value` is one of `list`, narrowing it to the list's type. */
export function isOneOf<const T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/**
 * The end of a `switch` over one of these kinds: `default: return unhandled(kind)`. Once every case is handled
 * `kind` is `never` there; a word added to a list makes each such switch fail to compile until it is handled.
 */
export function unhandled(value: never): never {
  throw new Error(`unhandled vocabulary word: ${String(value)}`);
}
