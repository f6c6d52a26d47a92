/**
 * docs/rules-file.md against the code: the built-in rule sets written there as files are the built-in sets, the
 * example file is accepted, and the matchers behave as the page says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { parseRuleSet } from '../../src/audit/rules-file.js';
import { BUILT_IN_RULE_SETS, evaluateRole } from '../../src/audit/rules.js';
import { aRole } from './builders.js';

const page = readFileSync(new URL('../../docs/rules-file.md', import.meta.url), 'utf8');
const yamlBlocks = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parseYaml(m[1] ?? '') as unknown);
const named = (name: string) => yamlBlocks.find((b) => (b as { name?: unknown }).name === name);

describe('docs/rules-file.md', () => {
  it.each(Object.entries(BUILT_IN_RULE_SETS))('writes the built-in set %s as the rules file it is', (name, set) => {
    expect(named(name)).toBeDefined();
    // A set of Looker's own flags is written as what each role makes of them: no rules file reads the flags.
    const { fromLookerFlags, ...asFile } = set;
    expect(parseRuleSet(named(name), 'docs/rules-file.md')).toEqual(asFile);
    expect(fromLookerFlags === true).toBe(name === 'system-activity');
  });

  it('shows an example file the parser accepts, with every key a tier can hold', () => {
    const example = parseRuleSet(named('acme'), 'docs/rules-file.md');
    expect(example.tiers.developer).toEqual({
      allAccess: true,
      nameContains: ['admin', 'lookml'],
      permissions: ['develop', 'deploy'],
    });
  });

  it('says what the matchers do: an all-access set matches any permission, a role without a set only by name', () => {
    const torii = BUILT_IN_RULE_SETS.torii;
    expect(evaluateRole(aRole({ name: 'Everything', allAccess: true }), torii)).toEqual({
      tier: 'standard',
      rule: 'all access includes "explore"',
    });
    expect(evaluateRole({ ...aRole({ name: 'Site admins' }), permissionSet: null }, torii).tier).toBe('developer');
    expect(evaluateRole({ ...aRole({ name: 'Analysts' }), permissionSet: null }, torii).tier).toBe('none');
    // The disagreement the page gives as its example.
    const role = aRole({ name: 'Admin Viewers', permissions: ['access_data'] });
    expect([evaluateRole(role, torii).tier, evaluateRole(role, BUILT_IN_RULE_SETS.looker).tier]).toEqual([
      'developer',
      'viewer',
    ]);
  });
});
