/**
 * Licence rule sets (docs/rules-file.md). Both built-in sets and every rules file share one data shape,
 * so there is one evaluator and a rules file can say anything a built-in set says.
 *
 * Looker's API exposes no per-user licence (docs/looker-api.md, "No licence field"): a tier is always a
 * heuristic over role names and permission sets, which is why the rule that fired travels with every tier.
 */
import type { LookerRole } from '../looker/types.js';
import { GRANTING_TIERS, type GrantingTier, type RuleSetName } from '../vocabulary.js';
import type { RoleVerdict } from './types.js';

export interface TierMatcher {
  /** The role's permission set has all_access (the built-in Admin set). */
  readonly allAccess: boolean;
  /** Lower-case substrings of the role name (matched case-insensitively). */
  readonly nameContains: readonly string[];
  /** Permission names; an entry ending in `*` matches by prefix (`see_*`). */
  readonly permissions: readonly string[];
}

export interface RuleSet {
  readonly name: string;
  readonly tiers: Readonly<Partial<Record<GrantingTier, TierMatcher>>>;
  /**
   * The user's tier is not decided by their roles but by Looker's own per-user flags (System Activity's
   * `user_facts`, audit/looker-flags.ts); `tiers` then says what each role's permissions make of those flags,
   * for the roles view and for `explain`.
   */
  readonly fromLookerFlags?: true;
}

/** The mapping a SaaS-management vendor documents for its Looker integration: names first. */
export const TORII_RULES: RuleSet = {
  name: 'torii',
  tiers: {
    developer: { allAccess: false, nameContains: ['admin', 'develop'], permissions: [] },
    standard: { allAccess: false, nameContains: [], permissions: ['explore', 'use_sql_runner', 'save_content'] },
    viewer: { allAccess: false, nameContains: [], permissions: ['access_data'] },
  },
};

/** Permission-based, after Google's entitlements per user type (looker-core-edition-types). */
export const LOOKER_RULES: RuleSet = {
  name: 'looker',
  tiers: {
    developer: { allAccess: true, nameContains: [], permissions: ['administer', 'develop', 'deploy'] },
    standard: {
      allAccess: false,
      nameContains: [],
      permissions: ['explore', 'use_sql_runner', 'save_content', 'create_table_calculations'],
    },
    viewer: { allAccess: false, nameContains: [], permissions: ['access_data', 'see_*'] },
  },
};

/**
 * What Looker's own User Activity dashboard counts: its `user_facts` flags, which Looker derives from permissions
 * (`is_admin`: the Admin role; `is_developer`, `is_explorer`, `is_content_saver`, `is_viewer`: the `develop`,
 * `explore`, `save_content`, `access_data` permission on at least one model). Users are tiered by the flags
 * themselves; the matchers below are the same rule applied to one role, so `roles` can show it per role. Sources:
 * Google's "Usage reports with System Activity Explores" and the dashboard's LookML as Looker staff published it
 * (github.com/llooker/native_sys_activity, user_facts.view.lkml and user_activity.dashboard.lookml).
 */
export const SYSTEM_ACTIVITY_RULES: RuleSet = {
  name: 'system-activity',
  tiers: {
    developer: { allAccess: true, nameContains: [], permissions: ['develop'] },
    standard: { allAccess: false, nameContains: [], permissions: ['explore', 'save_content'] },
    viewer: { allAccess: false, nameContains: [], permissions: ['access_data'] },
  },
  fromLookerFlags: true,
};

export const BUILT_IN_RULE_SETS: Readonly<Record<RuleSetName, RuleSet>> = {
  torii: TORII_RULES,
  looker: LOOKER_RULES,
  'system-activity': SYSTEM_ACTIVITY_RULES,
};

function matchTier(role: LookerRole, matcher: TierMatcher): string | null {
  const set = role.permissionSet;
  if (matcher.allAccess && set?.allAccess === true) return 'all access';
  const lowerName = role.name.toLowerCase();
  for (const part of matcher.nameContains) {
    if (lowerName.includes(part)) return `name contains "${part}"`;
  }
  if (set === null) return null;
  for (const wanted of matcher.permissions) {
    // An all-access set holds every permission, whether or not Looker lists them in `permissions`.
    if (set.allAccess) return `all access includes "${wanted}"`;
    if (wanted.endsWith('*')) {
      const prefix = wanted.slice(0, -1);
      const found = set.permissions.find((p) => p.startsWith(prefix));
      if (found !== undefined) return `has permission "${found}" (${wanted})`;
    } else if (set.permissions.includes(wanted)) {
      return `has permission "${wanted}"`;
    }
  }
  return null;
}

/** The highest tier the rule set grants to a role, with the text of the rule that fired. */
export function evaluateRole(role: LookerRole, rules: RuleSet): RoleVerdict {
  for (const tier of GRANTING_TIERS) {
    const matcher = rules.tiers[tier];
    if (matcher === undefined) continue;
    const rule = matchTier(role, matcher);
    if (rule !== null) return { tier, rule };
  }
  return { tier: 'none', rule: 'no rule matches' };
}
