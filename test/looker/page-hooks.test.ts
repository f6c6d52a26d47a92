/** fetchAccount's hooks: the lists as soon as they are in, each page of users as it arrives (audit/primer.ts uses them). */
import { afterEach, describe, expect, it } from '@jest/globals';
import { fetchAccount } from '../../src/looker/fetch-account.js';
import type { LookerUser, RawSnapshot } from '../../src/looker/types.js';
import { closeAll, countOf, GROUPS, harness, org, USERS } from './harness.js';

afterEach(closeAll);

describe('fetchAccount hooks', () => {
  it("gives the final roles and groups once (the snapshot's own arrays) and every page of users, narrowed", async () => {
    const { fake, client } = await harness({ fake: { org: org(35, 12) }, client: { pageSize: 10 } });
    const lists: Pick<RawSnapshot, 'roles' | 'groups'>[] = [];
    const pages: (readonly LookerUser[])[] = [];
    const snapshot = await fetchAccount(client, { onLists: (l) => lists.push(l), onUsersPage: (p) => pages.push(p) });
    expect(lists).toHaveLength(1);
    expect(lists[0]?.roles).toBe(snapshot.roles);
    expect(lists[0]?.groups).toBe(snapshot.groups);
    expect(pages.map((p) => p.length).sort((a, b) => a - b)).toEqual([5, 10, 10, 10]);
    expect(countOf(fake, USERS)).toBe(4);
    // Narrowed: domain objects, not API JSON.
    expect(
      pages.flat().every((u) => Array.isArray(u.loginTimes) && typeof u.allowRolesFromNormalGroups === 'boolean'),
    ).toBe(true);
    expect(
      pages
        .flat()
        .map((u) => u.id)
        .sort(),
    ).toEqual(snapshot.users.map((u) => u.id).sort());
  });

  it('a failed groups list: no lists hook, one account error, no unhandled rejection, logged out', async () => {
    const { fake, client } = await harness({ fake: { org: org(5, 3) } });
    fake.inject({ path: GROUPS }, { kind: 'status', status: 500 });
    let listsSeen = 0;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await expect(fetchAccount(client, { onLists: () => listsSeen++ })).rejects.toThrow(/500/);
      // Let any stray rejection surface before looking.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(listsSeen).toBe(0);
    expect(unhandled).toEqual([]);
    expect(fake.liveSessions()).toBe(0);
  });
});
