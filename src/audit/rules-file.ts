/**
 * The rules file format (documented in docs/rules-file.md): a custom rule set in the same shape as the built-in ones.
 * Pure: the caller reads and parses the YAML/JSON file and hands the data here with the file's name.
 */
import * as z from 'zod';
import { hiddenKeyProblem, isShownKey, renderProblems, type Locate, type Problem } from '../config/issues.js';
import { didYouMean } from '../config/suggest.js';
import { ConfigError } from '../errors.js';
import { GRANTING_TIERS, type GrantingTier } from '../vocabulary.js';
import type { RuleSet, TierMatcher } from './rules.js';

const permission = z
  .string()
  .regex(/^[a-z0-9_]+\*?$/, 'must be a Looker permission name (lower_case), optionally ending in "*"');

const tierSchema = z
  .strictObject({
    name_contains: z.array(z.string().trim().min(1, 'must not be empty')).optional(),
    permissions: z.array(permission).optional(),
    all_access: z.boolean().optional(),
  })
  .refine(
    (t) => (t.name_contains?.length ?? 0) > 0 || (t.permissions?.length ?? 0) > 0 || t.all_access === true,
    'needs at least one of name_contains, permissions, all_access: true',
  );

const ruleFileSchema = z.strictObject(
  {
    name: z.string().trim().min(1, 'must not be empty'),
    description: z.string().optional(),
    tiers: z
      .strictObject(
        Object.fromEntries(GRANTING_TIERS.map((tier) => [tier, tierSchema.optional()])) as Record<
          GrantingTier,
          z.ZodOptional<typeof tierSchema>
        >,
      )
      .refine(
        (t) => GRANTING_TIERS.some((tier) => t[tier] !== undefined),
        `needs at least one of ${GRANTING_TIERS.join(', ')}`,
      ),
  },
  { error: 'must be a mapping with `name` and `tiers` (is this a rules file?)' },
);

type TierInput = z.infer<typeof tierSchema>;

function toMatcher(input: TierInput | undefined): TierMatcher | undefined {
  if (input === undefined) return undefined;
  return {
    allAccess: input.all_access ?? false,
    nameContains: (input.name_contains ?? []).map((s) => s.toLowerCase()),
    permissions: input.permissions ?? [],
  };
}

/** The keys a rules file may hold at a path, for "did you mean" on a misspelt one. */
function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return ['name', 'description', 'tiers'];
  if (path.length === 1 && path[0] === 'tiers') return GRANTING_TIERS;
  return ['name_contains', 'permissions', 'all_access'];
}

/**
 * Validates a parsed rules file; throws ConfigError naming `source` and every problem with its path, an unknown
 * key with the key it most likely meant (`tiers.developer.permission: unknown key (did you mean "permissions"?)`),
 * as the config's errors do.
 */
export function parseRuleSet(data: unknown, source: string, locate?: Locate): RuleSet {
  const result = ruleFileSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.flatMap((issue): Problem[] =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) =>
            isShownKey(key)
              ? { path: [...issue.path, key], message: `unknown key${didYouMean(key, knownKeysAt(issue.path))}` }
              : hiddenKeyProblem(issue.path, key, 'a rules file'),
          )
        : [{ path: issue.path, message: issue.message }],
    );
    throw new ConfigError(source, renderProblems(problems, locate));
  }
  const { name, tiers } = result.data;
  const out: { -readonly [K in keyof RuleSet['tiers']]: TierMatcher } = {};
  for (const tier of GRANTING_TIERS) {
    const matcher = toMatcher(tiers[tier]);
    if (matcher) out[tier] = matcher;
  }
  return { name, tiers: out };
}
