import { describe, it, expect } from '@jest/globals';
import { ConfigError } from '../../src/errors.js';
import { evaluateRole } from '../../src/audit/rules.js';
import { parseRuleSet } from '../../src/audit/rules-file.js';
import { aRole } from './builders.js';

describe('parseRuleSet', () => {
  it('reads a valid rules file into a rule set the evaluator applies', () => {
    const rules = parseRuleSet(
      {
        name: 'acme',
        description: 'our own',
        tiers: {
          developer: { name_contains: ['ADMIN'], permissions: ['develop'], all_access: true },
          standard: { permissions: ['explore'] },
          viewer: { permissions: ['see_*'] },
        },
      },
      'rules.yaml',
    );
    expect(rules.name).toBe('acme');
    expect(rules.tiers.developer).toEqual({ allAccess: true, nameContains: ['admin'], permissions: ['develop'] });
    expect(evaluateRole(aRole({ name: 'Site Admin' }), rules)).toEqual({
      tier: 'developer',
      rule: 'name contains "admin"',
    });
    expect(evaluateRole(aRole({ name: 'x', permissions: ['see_looks'] }), rules).tier).toBe('viewer');
  });

  it('accepts a file that defines only some tiers', () => {
    const rules = parseRuleSet({ name: 'devs-only', tiers: { developer: { all_access: true } } }, 'r.yaml');
    expect(evaluateRole(aRole({ name: 'x', permissions: ['explore'] }), rules).tier).toBe('none');
  });

  it('reports every problem with its path and the file name', () => {
    let error: unknown;
    try {
      parseRuleSet(
        {
          name: '',
          colour: 'red',
          tiers: {
            developer: { name_contains: [''], permissions: ['Explore!'] },
            standard: {},
            owner: {},
            veiwer: { permissions: ['access_data'] },
          },
        },
        'acme-rules.yaml',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect((error as ConfigError).file).toBe('acme-rules.yaml');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name: /),
        'colour: unknown key',
        expect.stringMatching(/^tiers\.developer\.name_contains\[0\]: must not be empty/),
        expect.stringMatching(/^tiers\.developer\.permissions\[0\]: must be a Looker permission name/),
        expect.stringMatching(/^tiers\.standard: needs at least one of/),
        'tiers.owner: unknown key',
        // A misspelt key is pointed at the one it most likely meant, as in config errors.
        'tiers.veiwer: unknown key (did you mean "viewer"?)',
      ]),
    );
    expect((error as ConfigError).message).toMatch(/^acme-rules\.yaml: \d+ problems: /);
  });

  it('refuses data that is not an object and a file without tiers', () => {
    expect(() => parseRuleSet('torii', 'x.yaml')).toThrow(ConfigError);
    expect(() => parseRuleSet({ name: 'n', tiers: {} }, 'x.yaml')).toThrow(
      /tiers: needs at least one of developer, standard, viewer/,
    );
  });
});
