import { describe, it, expect } from '@jest/globals';
import { evaluateRole, LOOKER_RULES, SYSTEM_ACTIVITY_RULES, TORII_RULES } from '../../src/audit/rules.js';
import { aRole } from './builders.js';

describe('torii rules', () => {
  it.each([
    ['LookML Admins', 'name contains "admin"'],
    ['ADMIN', 'name contains "admin"'],
    ['Senior Developers', 'name contains "develop"'],
    ['lookml-DEVELOPER', 'name contains "develop"'],
  ])('role named %p is developer (%s), whatever its permissions', (name, rule) => {
    expect(evaluateRole(aRole({ name, permissions: [] }), TORII_RULES)).toEqual({ tier: 'developer', rule });
  });

  it.each(['explore', 'use_sql_runner', 'save_content'])('permission %s grants standard', (permission) => {
    const role = aRole({ name: 'Analysts', permissions: ['access_data', permission] });
    expect(evaluateRole(role, TORII_RULES)).toEqual({ tier: 'standard', rule: `has permission "${permission}"` });
  });

  it('access_data alone grants viewer', () => {
    expect(evaluateRole(aRole({ name: 'Readers', permissions: ['access_data', 'see_looks'] }), TORII_RULES)).toEqual({
      tier: 'viewer',
      rule: 'has permission "access_data"',
    });
  });

  it('ignores develop/deploy permissions (torii looks at names) and see_* permissions', () => {
    expect(
      evaluateRole(aRole({ name: 'Builders', permissions: ['develop', 'deploy', 'see_looks'] }), TORII_RULES).tier,
    ).toBe('none');
  });

  it('a role without a permission set grants nothing unless its name matches', () => {
    expect(evaluateRole({ ...aRole({ name: 'Empty' }), permissionSet: null }, TORII_RULES)).toEqual({
      tier: 'none',
      rule: 'no rule matches',
    });
    expect(evaluateRole({ ...aRole({ name: 'Admin' }), permissionSet: null }, TORII_RULES).tier).toBe('developer');
  });

  it('an all-access set holds explore, so an all-access role not named admin is standard', () => {
    expect(evaluateRole(aRole({ name: 'Superuser', allAccess: true }), TORII_RULES)).toEqual({
      tier: 'standard',
      rule: 'all access includes "explore"',
    });
  });
});

describe('looker rules', () => {
  it('all_access grants developer', () => {
    expect(evaluateRole(aRole({ name: 'Root', allAccess: true }), LOOKER_RULES)).toEqual({
      tier: 'developer',
      rule: 'all access',
    });
  });

  it.each(['administer', 'develop', 'deploy'])('permission %s grants developer', (permission) => {
    expect(evaluateRole(aRole({ name: 'X', permissions: ['access_data', permission] }), LOOKER_RULES)).toEqual({
      tier: 'developer',
      rule: `has permission "${permission}"`,
    });
  });

  it.each(['explore', 'use_sql_runner', 'save_content', 'create_table_calculations'])(
    'permission %s grants standard',
    (permission) => {
      expect(evaluateRole(aRole({ name: 'X', permissions: [permission] }), LOOKER_RULES).tier).toBe('standard');
    },
  );

  it('access_data grants viewer', () => {
    expect(evaluateRole(aRole({ name: 'X', permissions: ['access_data'] }), LOOKER_RULES)).toEqual({
      tier: 'viewer',
      rule: 'has permission "access_data"',
    });
  });

  it('any see_* permission grants viewer, and the reason names the permission and the pattern', () => {
    expect(evaluateRole(aRole({ name: 'X', permissions: ['see_user_dashboards'] }), LOOKER_RULES)).toEqual({
      tier: 'viewer',
      rule: 'has permission "see_user_dashboards" (see_*)',
    });
  });

  it('ignores role names', () => {
    expect(evaluateRole(aRole({ name: 'Admin', permissions: ['seen_nothing'] }), LOOKER_RULES).tier).toBe('none');
  });
});

describe('tier precedence', () => {
  it('the highest tier a role qualifies for wins', () => {
    const role = aRole({ name: 'Dev Admins', permissions: ['access_data', 'explore', 'develop'] });
    expect(evaluateRole(role, TORII_RULES).tier).toBe('developer');
    expect(evaluateRole(role, LOOKER_RULES).tier).toBe('developer');
    const analyst = aRole({ name: 'Analyst', permissions: ['access_data', 'see_looks', 'explore'] });
    expect(evaluateRole(analyst, LOOKER_RULES).tier).toBe('standard');
  });
});

describe("system-activity: what Looker's own flags make of one role", () => {
  it.each([
    [{ name: 'Admin', allAccess: true }, 'developer', 'all access'],
    [{ name: 'Modellers', permissions: ['access_data', 'develop'] }, 'developer', 'has permission "develop"'],
    // deploy and administer are no flag of Looker's own.
    [{ name: 'Deployers', permissions: ['access_data', 'deploy'] }, 'viewer', 'has permission "access_data"'],
    [{ name: 'Savers', permissions: ['save_content'] }, 'standard', 'has permission "save_content"'],
    // SQL Runner and table calculations are no flag either: their holders are viewers to Looker.
    [{ name: 'SQL', permissions: ['access_data', 'use_sql_runner'] }, 'viewer', 'has permission "access_data"'],
    [
      { name: 'Calcs', permissions: ['access_data', 'create_table_calculations'] },
      'viewer',
      'has permission "access_data"',
    ],
    // A name is never a flag: "Report Admin" with see_* only gives none.
    [{ name: 'Report Admin', permissions: ['see_looks', 'see_user_dashboards'] }, 'none', 'no rule matches'],
  ])('%j -> %s', (role, tier, rule) => {
    expect(evaluateRole(aRole(role), SYSTEM_ACTIVITY_RULES)).toEqual({ tier, rule });
  });
});
