/** Priming resolves users while pages arrive; the audit it feeds must equal the audit without it. */
import { describe, expect, it } from '@jest/globals';
import { auditAccount } from '../../src/audit/account.js';
import { createAccountPrimer } from '../../src/audit/primer.js';
import { TORII_RULES } from '../../src/audit/rules.js';
import { aGroup, aRole, aSnapshot, aUser } from './builders.js';

const roles = [
  aRole({ id: 'r-admin', name: 'LookML Admins', permissions: ['develop'] }),
  aRole({ id: 'r-view', name: 'Viewers', permissions: ['access_data'] }),
];
const groups = [
  aGroup({ id: 'ga', name: 'Analytics', roleIds: ['r-admin'] }),
  aGroup({ id: 'gb', name: 'BI', parentGroupIds: ['ga'], roleIds: ['r-view'] }),
];
const users = Array.from({ length: 30 }, (_, i) =>
  aUser({
    id: `u${i}`,
    groupIds: i % 3 === 0 ? ['gb'] : i % 3 === 1 ? ['ga', 'gb'] : [],
    roleIds: i % 5 === 0 ? ['r-view'] : [],
  }),
);
const snapshot = aSnapshot({ roles, groups, users });

describe('createAccountPrimer', () => {
  it('pages before the lists are kept, pages after are resolved at once; the audit equals the unprimed one', () => {
    const primer = createAccountPrimer(TORII_RULES);
    primer.users(users.slice(0, 10));
    expect(primer.resolver).toBeUndefined();
    primer.lists({ roles: snapshot.roles, groups: snapshot.groups });
    const afterEarly = primer.resolver?.accesses.length ?? 0;
    expect(afterEarly).toBeGreaterThan(0);
    primer.users(users.slice(10));
    primer.users(users.slice(10)); // a page read twice changes nothing
    const primed = primer.resolver?.accesses.length ?? 0;
    const audit = auditAccount(snapshot, TORII_RULES, primer.resolver);
    // Every combination was already known: the audit computed none.
    expect(primer.resolver?.accesses.length).toBe(primed);
    expect(audit).toEqual(auditAccount(snapshot, TORII_RULES));
  });

  it('a resolver made from other lists is not used', () => {
    const primer = createAccountPrimer(TORII_RULES);
    primer.lists({ roles: [...roles], groups: [...groups] });
    const audit = auditAccount(snapshot, TORII_RULES, primer.resolver);
    expect(primer.resolver?.accesses).toHaveLength(0);
    expect(audit).toEqual(auditAccount(snapshot, TORII_RULES));
  });

  it('a page it cannot resolve stops the priming instead of failing; the audit then does the whole work', () => {
    const primer = createAccountPrimer(TORII_RULES);
    primer.lists({ roles: snapshot.roles, groups: snapshot.groups });
    const broken = { ...users[0], roleIds: null } as unknown as (typeof users)[number];
    expect(() => primer.users([broken])).not.toThrow();
    expect(primer.resolver).toBeUndefined();
    primer.users(users);
    expect(primer.resolver).toBeUndefined();
    expect(auditAccount(snapshot, TORII_RULES, primer.resolver).users).toHaveLength(users.length);
  });
});
