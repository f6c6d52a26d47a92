/**
 * startAccountAudit: the account audited page by page while the fetch goes on. Whatever the order and however
 * often a page comes, it must equal the audit of the whole snapshot at once, and count nobody twice.
 */
import { describe, expect, it } from '@jest/globals';
import { auditAccount, startAccountAudit } from '../../src/audit/account.js';
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
const whole = auditAccount(snapshot, TORII_RULES);
const page = (pass: number, index: number) => ({ pass, index, rows: users.slice(index * 10, index * 10 + 10) });

describe('startAccountAudit', () => {
  it('lists first, then pages: the same audit as the whole snapshot at once', () => {
    const audit = startAccountAudit(TORII_RULES);
    audit.addLists({ roles, groups });
    for (const index of [0, 1, 2]) audit.addUsers(page(1, index));
    expect(audit.finish(snapshot)).toEqual(whole);
  });

  it('pages before the lists (the lists came late): the same audit', () => {
    const audit = startAccountAudit(TORII_RULES);
    audit.addUsers(page(1, 0));
    audit.addUsers(page(1, 1));
    audit.addLists({ roles, groups });
    audit.addUsers(page(1, 2));
    expect(audit.finish(snapshot)).toEqual(whole);
  });

  it('a second pass (the list moved) replaces the first: nobody is counted twice', () => {
    const audit = startAccountAudit(TORII_RULES);
    audit.addLists({ roles, groups });
    audit.addUsers(page(1, 0));
    audit.addUsers(page(1, 1));
    for (const index of [0, 1, 2]) audit.addUsers(page(2, index));
    const result = audit.finish(snapshot);
    expect(result.users).toHaveLength(30);
    expect(result.seats).toEqual(whole.seats);
    expect(result).toEqual(whole);
  });

  it('a page of an earlier pass arriving late changes nothing', () => {
    const audit = startAccountAudit(TORII_RULES);
    audit.addLists({ roles, groups });
    for (const index of [0, 1, 2]) audit.addUsers(page(2, index));
    audit.addUsers(page(1, 1));
    expect(audit.finish(snapshot)).toEqual(whole);
  });

  it('says which users each call audited: in page order, nothing twice, the early pages when the lists come', () => {
    const audit = startAccountAudit(TORII_RULES);
    expect(audit.addUsers(page(1, 1))).toEqual([]);
    expect(audit.addUsers(page(1, 0))).toEqual([]);
    const early = audit.addLists({ roles, groups });
    expect(early.map((u) => u.id)).toEqual(users.slice(0, 20).map((u) => u.id));
    const late = audit.addUsers(page(1, 2));
    expect(late.map((u) => u.id)).toEqual(users.slice(20).map((u) => u.id));
    const result = audit.finish(snapshot);
    // The very objects of the report, so a CSV rendered from them ahead is the report's own (report/users.ts).
    expect([...early, ...late].every((u, i) => u === result.users[i])).toBe(true);
    expect(result).toEqual(whole);
  });

  it('a page ahead of its turn waits for the ones before it', () => {
    const audit = startAccountAudit(TORII_RULES);
    audit.addLists({ roles, groups });
    expect(audit.addUsers(page(1, 2))).toEqual([]);
    expect(audit.addUsers(page(1, 0)).map((u) => u.id)).toEqual(users.slice(0, 10).map((u) => u.id));
    expect(audit.addUsers(page(1, 1))).toHaveLength(20);
    expect(audit.finish(snapshot)).toEqual(whole);
  });

  it('finishing before the lists is a bug, said as such', () => {
    const audit = startAccountAudit(TORII_RULES);
    audit.addUsers(page(1, 0));
    expect(() => audit.finish(snapshot)).toThrow('finish before the lists');
  });
});
