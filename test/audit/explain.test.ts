import { describe, it, expect } from '@jest/globals';
import { auditAccount } from '../../src/audit/account.js';
import { explainUser } from '../../src/audit/explain.js';
import { TORII_RULES } from '../../src/audit/rules.js';
import { aGroup, aRole, aSnapshot, aUser } from './builders.js';

const snapshot = aSnapshot({
  roles: [
    aRole({ id: 'r-admin', name: 'LookML Admins', permissions: ['develop'] }),
    aRole({ id: 'r-view', name: 'Viewers', permissions: ['access_data'] }),
  ],
  groups: [
    aGroup({ id: 'g-an', name: 'Analytics', roleIds: ['r-admin'] }),
    aGroup({ id: 'g-bi', name: 'BI', parentGroupIds: ['g-an'] }),
  ],
  users: [aUser({ id: '42', email: 'Ada@Acme.test', groupIds: ['g-bi'], roleIds: ['r-view'] })],
});
const audit = auditAccount(snapshot, TORII_RULES);

describe('explainUser', () => {
  it('lists every grant of a nested-group user, the winning one marked', () => {
    const result = explainUser(audit, 'ada@acme.TEST');
    expect(result.found).toBe(true);
    if (!result.found) return;
    expect(result.matches).toHaveLength(1);
    const [match] = result.matches;
    expect(match?.account).toBe('production');
    expect(match?.grants.map((g) => [g.roleName, g.tier, g.rule, g.via, g.winning])).toEqual([
      ['LookML Admins', 'developer', 'name contains "admin"', ['BI', 'Analytics'], true],
      ['Viewers', 'viewer', 'has permission "access_data"', [], false],
    ]);
  });

  it('finds a user by id, across several accounts', () => {
    const other = auditAccount({ ...snapshot, account: 'staging' }, TORII_RULES);
    const result = explainUser([audit, other], '42');
    expect(result.found && result.matches.map((m) => m.account)).toEqual(['production', 'staging']);
  });

  it('says clearly when no user matches', () => {
    expect(explainUser(audit, 'nobody@acme.test')).toEqual({
      found: false,
      query: 'nobody@acme.test',
      message: 'no user with email or id "nobody@acme.test" in account "production"',
    });
  });

  it('marks no winner when no role grants a tier', () => {
    const a = auditAccount(
      aSnapshot({ roles: [aRole({ id: 'r', name: 'Nothing' })], users: [aUser({ id: '1', roleIds: ['r'] })] }),
      TORII_RULES,
    );
    const result = explainUser(a, '1');
    expect(result.found && result.matches[0]?.grants.map((g) => g.winning)).toEqual([false]);
  });
});
