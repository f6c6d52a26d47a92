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

export const BUILT_IN_RULE_SETS: Readonly<Record<RuleSetName, RuleSet>> = {
  torii: TORII_RULES,
  looker: LOOKER_RULES,
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
