/** fetchAllPages and fetchAccount against the fake: how many pages are requested, and every row once. */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { FakeUser } from '../../src/fake-looker/index.js';
import { fetchAccount } from '../../src/looker/fetch-account.js';
import { DEFAULT_CONCURRENCY } from '../../src/looker/client.js';
import { fetchAllPages } from '../../src/looker/paginate.js';
import { closeAll, countOf, GROUPS, harness, LOGIN, LOGOUT, org, ROLES, USERS } from './harness.js';

afterEach(closeAll);

type Row = { id: string };
const ids = (rows: readonly Row[]) => rows.map((r) => r.id);
const sortedIds = (rows: readonly { id: string }[]) => rows.map((r) => r.id).sort((a, b) => Number(a) - Number(b));
const offsets = (requests: { path: string; query: Record<string, string> }[]) =>
  requests.filter((r) => r.path === USERS).map((r) => Number(r.query.offset));

describe('fetchAccount on an empty organisation', () => {
  it('makes login + roles (twice) + one group page + one user page + logout, and returns no users or groups', async () => {
    const { fake, client } = await harness({ fake: { org: org(0, 0) } });
    const snapshot = await fetchAccount(client);
    expect(snapshot.users).toEqual([]);
    expect(snapshot.groups).toEqual([]);
    expect(snapshot.roles.length).toBeGreaterThan(0);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      [`POST ${LOGIN}`, `GET ${ROLES}`, `GET ${ROLES}`, `GET ${GROUPS}`, `GET ${USERS}`, `DELETE ${LOGOUT}`].sort(),
    );
    expect(snapshot.apiCalls).toBe(6);
    expect(fake.liveSessions()).toBe(0);
  });
});

describe('fetchAllPages page counts (pageSize 10)', () => {
  // With X-Total-Count (the default) and without it. Without a total the window grows 1, 2, 4, 8 (the default
  // concurrency) and stops at the first short page: the requests already out past it are the waste, at most
  // window - 1. 35 users: pages 0 | 1 | 2, 3 | 4, 5, 6 (page 3 is short: 3 wasted, window 4).
  const cases: Array<{ users: number; withTotal: number; withoutTotal: number }> = [
    { users: 10, withTotal: 1, withoutTotal: 2 }, // exactly one limit: without a total only an empty page says "done"
    { users: 11, withTotal: 2, withoutTotal: 2 }, // one more than a limit
    { users: 35, withTotal: 4, withoutTotal: 7 }, // 3+ pages: 4 needed + 3 past the short page
    { users: 40, withTotal: 4, withoutTotal: 12 }, // 5 needed (the empty page 4) + 7 past it (window 8)
  ];
  for (const { users, withTotal, withoutTotal } of cases) {
    for (const pagingHeaders of [true, false]) {
      const expected = pagingHeaders ? withTotal : withoutTotal;
      it(`${users} users, paging headers ${pagingHeaders ? 'on' : 'off'}: ${expected} /users requests, every user once`, async () => {
        const { fake, client } = await harness({
          fake: { org: org(users, 0), pagingHeaders },
          client: { pageSize: 10 },
        });
        const rows = await fetchAllPages<Row>(client, 'users', { fields: 'id,email' });
        expect(countOf(fake, USERS)).toBe(expected);
        expect(ids(rows)).toEqual(fake.org.users.map((u) => u.id));
        expect(new Set(ids(rows)).size).toBe(users);
        // limit/offset, sorted by id: the offsets are the page starts, each asked once.
        expect(offsets(fake.requests).sort((a, b) => a - b)).toEqual(
          Array.from({ length: expected }, (_, i) => i * 10),
        );
        for (const r of fake.requests.filter((q) => q.path === USERS)) {
          expect(r.query).toMatchObject({ limit: '10', sorts: 'id', fields: 'id,email' });
        }
        expect(client.calls).toBe(expected + 1); // + login
      });
    }
  }
});

describe('concurrent pages', () => {
  it('after page 1 fetches the remaining offsets with at most `concurrency` requests in flight', async () => {
    const { fake, client, http } = await harness({
      fake: { org: org(75, 0) },
      client: { pageSize: 10, concurrency: 2 },
    });
    // Every later page is slow, so requests that may overlap do overlap.
    fake.inject({ path: USERS, skip: 1, times: 7 }, { kind: 'latency', ms: 40 });
    const rows = await fetchAllPages<Row>(client, 'users');
    expect(ids(rows)).toEqual(fake.org.users.map((u) => u.id));
    const users = fake.requests.filter((r) => r.path === USERS);
    expect(users).toHaveLength(8);
    expect(Number(users[0]?.query.offset)).toBe(0);
    expect(
      offsets(fake.requests)
        .slice(1)
        .sort((a, b) => a - b),
    ).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(http.maxInFlight).toBe(2);
  });

  it('uses the client concurrency of 8 by default', async () => {
    expect(DEFAULT_CONCURRENCY).toBe(8);
    const { fake, client, http } = await harness({ fake: { org: org(125, 0) }, client: { pageSize: 10 } });
    fake.inject({ path: USERS, skip: 1, times: 12 }, { kind: 'latency', ms: 40 });
    const rows = await fetchAllPages<Row>(client, 'users');
    expect(rows).toHaveLength(125);
    expect(http.maxInFlight).toBe(8);
  });

  it('without X-Total-Count: a growing window (1, 2, 4 up to the concurrency), complete, at most window - 1 wasted', async () => {
    const { fake, client, http } = await harness({
      fake: { org: org(65, 0), pagingHeaders: false },
      client: { pageSize: 10, concurrency: 4 },
    });
    fake.inject({ path: USERS, times: 12 }, { kind: 'latency', ms: 20 });
    const rows = await fetchAllPages<Row>(client, 'users');
    expect(ids(rows)).toEqual(fake.org.users.map((u) => u.id));
    // 0 | 1 | 2, 3 | 4, 5, 6 | 7 | 8 | 9: page 6 (5 rows) is the first short one; 7, 8, 9 were already out.
    expect(offsets(fake.requests).sort((a, b) => a - b)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(http.maxInFlight).toBe(4);
  });

  it('20,000 users without X-Total-Count: concurrently, at most window - 1 extra calls', async () => {
    const { fake, client, http } = await harness({ fake: { org: org(20_000, 0), pagingHeaders: false } });
    const rows = await fetchAllPages<Row>(client, 'users', { fields: 'id' });
    expect(rows).toHaveLength(20_000);
    expect(new Set(ids(rows)).size).toBe(20_000);
    // 20 full pages, then the empty page 20 says "done": 21 needed; the window is 8 by then, so 7 more were out.
    expect(countOf(fake, USERS)).toBe(21 + (DEFAULT_CONCURRENCY - 1));
    expect(http.maxInFlight).toBe(DEFAULT_CONCURRENCY);
  });
});

describe('rows shifting between pages', () => {
  it('users deleted before page 2 (rows move left): nobody lost or doubled against the final state', async () => {
    const { fake, client } = await harness({ fake: { org: org(25, 0) }, client: { pageSize: 10, concurrency: 1 } });
    fake.inject({ path: USERS, skip: 1 }, { kind: 'shift-rows', remove: 2 });
    const rows = await fetchAllPages<Row>(client, 'users');
    expect(fake.org.users).toHaveLength(23);
    expect(ids(rows)).toEqual(sortedIds(fake.org.users));
    expect(new Set(ids(rows)).size).toBe(rows.length);
    // The first pass saw the total drop from 25 to 23 and read the list once more (3 pages each).
    expect(countOf(fake, USERS)).toBe(6);
  });

  it('users inserted below the current offset before page 2 (rows move right): nobody lost or doubled', async () => {
    const start = org(25, 0);
    // Ids start at 101, so the shift inserts ids 100 and 99: below the rows page 1 already returned.
    for (const user of start.users) user.id = String(Number(user.id) + 100);
    const { fake, client } = await harness({ fake: { org: start }, client: { pageSize: 10, concurrency: 1 } });
    fake.inject({ path: USERS, skip: 1 }, { kind: 'shift-rows', insert: 2 });
    const rows = await fetchAllPages<Row>(client, 'users');
    expect(fake.org.users).toHaveLength(27);
    expect(fake.org.users.some((u: FakeUser) => u.id === '99')).toBe(true);
    expect(ids(rows)).toEqual(sortedIds(fake.org.users));
    expect(new Set(ids(rows)).size).toBe(27);
  });

  it('users appended while paging: the newest total says more rows remain, so paging continues past the first total', async () => {
    const { fake, client } = await harness({ fake: { org: org(25, 0) }, client: { pageSize: 10, concurrency: 1 } });
    // Ids start at 1: no room below, so the 12 new users take ids 26..37 at the end of the list.
    fake.inject({ path: USERS, skip: 1 }, { kind: 'shift-rows', insert: 12 });
    const rows = await fetchAllPages<Row>(client, 'users');
    expect(fake.org.users).toHaveLength(37);
    expect(ids(rows)).toEqual(sortedIds(fake.org.users));
    // Pass 1 read offsets 0, 10, 20 (first total 25) and then 30 (newest total 37); pass 2 read 4 pages.
    expect(offsets(fake.requests)).toEqual([0, 10, 20, 30, 0, 10, 20, 30]);
  });

  it('remove then insert in one shift (concurrent pages): the result equals the final state', async () => {
    const { fake, client } = await harness({ fake: { org: org(42, 0) }, client: { pageSize: 10 } });
    fake.inject({ path: USERS, skip: 1 }, { kind: 'shift-rows', remove: 3, insert: 2 });
    const rows = await fetchAllPages<Row>(client, 'users');
    expect(fake.org.users).toHaveLength(41);
    expect(ids(rows)).toEqual(sortedIds(fake.org.users));
  });
});

describe('THE call count', () => {
  it('2,500 users and 120 groups with pageSize 1,000: exactly 8 calls', async () => {
    const { fake, client } = await harness({ fake: { org: org(2500, 120) } });
    const snapshot = await fetchAccount(client);
    expect(snapshot.users).toHaveLength(2500);
    expect(snapshot.groups).toHaveLength(120);
    expect(snapshot.apiCalls).toBe(8);
    expect(fake.requests).toHaveLength(8);
    expect(countOf(fake, LOGIN, 'POST')).toBe(1);
    // With and without get_all_support_roles: right under either reading of the flag.
    expect(countOf(fake, ROLES, 'GET')).toBe(2);
    expect(countOf(fake, GROUPS, 'GET')).toBe(1);
    expect(countOf(fake, USERS, 'GET')).toBe(3);
    expect(countOf(fake, LOGOUT, 'DELETE')).toBe(1);
    expect(fake.requests.every((r) => r.status >= 200 && r.status < 300)).toBe(true);
  });

  // 4 (login, roles twice, logout) + one request per page of each list, and a list always needs its first page
  // even when empty: 4 + max(1, ceil(users/ps)) + max(1, ceil(groups/ps)). With X-Total-Count an exact multiple
  // of the page size needs no trailing empty page.
  const sizes: Array<{ users: number; groups: number; ps: number }> = [
    { users: 0, groups: 0, ps: 1000 },
    { users: 999, groups: 5, ps: 1000 },
    { users: 1000, groups: 1000, ps: 1000 },
    { users: 1001, groups: 1, ps: 1000 },
    { users: 4321, groups: 250, ps: 1000 },
    { users: 4321, groups: 250, ps: 500 },
    { users: 300, groups: 100, ps: 100 },
  ];
  const pages = (n: number, ps: number) => Math.max(1, Math.ceil(n / ps));
  for (const { users, groups, ps } of sizes) {
    const expected = 4 + pages(users, ps) + pages(groups, ps);
    it(`${users} users, ${groups} groups, pageSize ${ps}: ${expected} calls`, async () => {
      const { fake, client } = await harness({ fake: { org: org(users, groups) }, client: { pageSize: ps } });
      const snapshot = await fetchAccount(client);
      expect(snapshot.users).toHaveLength(users);
      expect(snapshot.groups).toHaveLength(groups);
      expect(snapshot.apiCalls).toBe(expected);
      expect(fake.requests).toHaveLength(expected);
      expect(countOf(fake, USERS)).toBe(pages(users, ps));
      expect(countOf(fake, GROUPS)).toBe(pages(groups, ps));
    });
  }

  it('without X-Total-Count an exact multiple costs the empty page, plus the window past it, per list', async () => {
    const { fake, client } = await harness({
      fake: { org: org(1000, 1000), pagingHeaders: false },
      client: { pageSize: 500 },
    });
    const snapshot = await fetchAccount(client);
    expect(snapshot.users).toHaveLength(1000);
    // 0 | 1 | 2, 3: page 2 is empty (needed to know the end), page 3 was already out (window 2).
    expect(countOf(fake, USERS)).toBe(4);
    expect(countOf(fake, GROUPS)).toBe(4);
    expect(snapshot.apiCalls).toBe(12);
    expect(fake.requests).toHaveLength(12);
  });
});
