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

/**
 * The built-in rule sets; anything else given to `--rules` or `rules:` is the path of a rules file. `torii` and
 * `looker` tier a user by their roles; `system-activity` takes Looker's own per-user flags from System Activity.
 */
export const RULE_SET_NAMES = ['torii', 'looker', 'system-activity'] as const;
export type RuleSetName = (typeof RULE_SET_NAMES)[number];
export const DEFAULT_RULE_SET: RuleSetName = 'torii';

/** What each built-in rule set does, in one sentence that starts with its name: shown wherever the name is. */
const RULE_SET_SENTENCES: Readonly<Record<RuleSetName, string>> = {
  torii:
    'torii classes roles by name first, so a role named like Admin or Developer is a Developer seat whatever its ' +
    'permissions (a Report Admin role that can only view is one); --rules looker classes them by permissions.',
  looker:
    "looker classes roles by their permissions, as Google describes Looker's user types (develop, deploy or " +
    'administer make a Developer seat; explore or save_content a Standard one; access_data a Viewer one).',
  'system-activity':
    "system-activity takes each user's seat from Looker's own user flags in System Activity, the count Looker " +
    'itself keeps.',
};

/** The sentence that explains a rule set's name; a rules file's name (anything else) says where it comes from. */
export function ruleSetSentence(name: string): string {
  return isOneOf(RULE_SET_NAMES, name)
    ? RULE_SET_SENTENCES[name]
    : `${name} comes from a rules file, whose own matchers class the roles.`;
}

/** How an account logs in: an API3 key (client id and secret), or a person's OAuth login in the browser. */
export const AUTH_KINDS = ['api3', 'oauth'] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];

/** What `check` can find, in the order it evaluates them. */
export const VIOLATION_KINDS = ['unexpected-developer', 'over-budget', 'new-developer', 'idle-developer'] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

/**
 * Each violation kind in a person's words: `label` says what a violation of it is, `passed` what a check that
 * found none of it has shown. Every format names a violation by its kind; these stand beside it at most.
 */
export const VIOLATION_LABELS: Readonly<Record<ViolationKind, { readonly label: string; readonly passed: string }>> = {
  'unexpected-developer': {
    label: 'a Developer seat held by someone not on allowed_developers',
    passed: 'every Developer seat is held by someone on allowed_developers',
  },
  'over-budget': {
    label: 'more seats of a tier than max_seats allows',
    passed: 'no tier has more seats than max_seats',
  },
  'new-developer': {
    label: 'a Developer seat that is new since the baseline',
    passed: 'no Developer seat is new since the baseline',
  },
  'idle-developer': {
    label: 'a Developer seat with no developer use in the window',
    passed: 'every Developer seat shows developer use',
  },
};

/** Where right-sizing may send a seat: a lower tier, or reclaimed altogether. */
export const RECOMMENDATION_KINDS = [...GRANTING_TIERS, 'reclaim'] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

/** Each recommendation in a person's words, shown beside the word (`viewer`, `reclaim`), never instead of it. */
export const RECOMMENDATION_LABELS: Readonly<Record<RecommendationKind, string>> = {
  developer: 'a Developer seat covers the use seen',
  standard: 'a Standard seat covers the use seen',
  viewer: 'a Viewer seat covers the use seen',
  reclaim: 'no use in the window: the seat can go',
};

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

/** Where a remediation plan sends a seat: disabled altogether, or down to a lower tier. */
export const PLAN_TARGETS = ['reclaim', 'standard', 'viewer'] as const;
export type PlanTarget = (typeof PLAN_TARGETS)[number];

/** What a plan is made from: right-sizing recommendations, or check's idle-developer violations (`--user` filters either). */
export const PLAN_SOURCES = ['rightsize', 'check'] as const;
export type PlanSource = (typeof PLAN_SOURCES)[number];

/**
 * The writes a plan may hold, in the order they are applied within one user: schedules change owner before their
 * owner is disabled (Google's advice), and the grant of the target tier comes before the removal of the higher
 * ones, so a run stopped halfway leaves a user with more access than planned, never less.
 */
export const PLAN_STEP_OPS = [
  'reassign_schedule',
  'add_to_group',
  'set_direct_roles',
  'remove_from_group',
  'disable_user',
] as const;
export type PlanStepOp = (typeof PLAN_STEP_OPS)[number];

export const PLAN_ITEM_STATUSES = ['planned', 'blocked'] as const;
export type PlanItemStatus = (typeof PLAN_ITEM_STATUSES)[number];

/** Why an item is never planned as a change (each has its sentence in audit/plan-blocks.ts). */
export const PLAN_BLOCKS = [
  'api-user',
  'looker-support',
  'embed',
  'disabled',
  'service-account',
  'identity-provider',
  'last-admin',
  'target-not-reached',
  'unknown-user',
] as const;
export type PlanBlock = (typeof PLAN_BLOCKS)[number];

/** The writes a journal records: a plan's steps, and what undo sends to put them back. */
export const JOURNAL_OPS = [...PLAN_STEP_OPS, 'enable_user', 'enable_schedule'] as const;
export type JournalOp = (typeof JOURNAL_OPS)[number];

/**
 * What `apply` and `undo` report for each item: done (`applied`, `restored`), what a dry run would do, left alone
 * (`already-done`, `blocked`), or not done (`drifted`: the user changed since; `failed`; `not-attempted`: an earlier
 * error stopped the account).
 */
export const CHANGE_STATUSES = [
  'applied',
  'restored',
  'would-apply',
  'would-restore',
  'already-done',
  'blocked',
  'drifted',
  'failed',
  'not-attempted',
] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/** The statuses that leave a run incomplete (exit 4). */
export const INCOMPLETE_STATUSES: readonly ChangeStatus[] = ['drifted', 'failed', 'not-attempted'];
