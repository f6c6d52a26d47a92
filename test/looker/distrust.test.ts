/**
 * X-Total-Count is a hint, sent only by some endpoints and releases (sdk-codegen docs/paging.md): a total the
 * pages contradict is distrusted at once, with a warning that names the numbers, and ids repeated across pages
 * are de-duplicated with a warning that gives the count. Never three passes or thousands of calls on a total's
 * word.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { startAccountAudit } from '../../src/audit/account.js';
import { TORII_RULES } from '../../src/audit/rules.js';
import { DEFAULT_CONCURRENCY, type LookerClient } from '../../src/looker/client.js';
import { LookerProtocolError } from '../../src/looker/errors.js';
import { fetchAccount, USER_FIELDS } from '../../src/looker/fetch-account.js';
import { narrowUser } from '../../src/looker/narrow.js';
import { collectPages, pages } from '../../src/looker/paginate.js';
import { closeAll, countOf, harness, org, USERS } from './harness.js';

afterEach(closeAll);

type Row = { id: string };

describe('a total far above what arrives', () => {
  it('X-Total-Count 9,999,999 over 1,000 users: stops at the first short page, warns, keeps every user', async () => {
    const { fake, client } = await harness({ fake: { org: org(1000, 0), paging: { total: 9_999_999 } } });
    const stream = pages<Row>(client, 'users', { fields: 'id' });
    const rows = await collectPages(stream);
    expect(rows).toHaveLength(1000);
    // Page 0 (full) and page 1 (empty: the list ends) are needed; the requests already out when page 1 came
    // back are the only extra ones: at most the concurrency - 1. Before: 3 passes of 10,000 pages.
    expect(countOf(fake, USERS)).toBeLessThanOrEqual(2 + DEFAULT_CONCURRENCY - 1);
    expect(stream.warnings).toEqual([
      'GET /api/4.0/users: X-Total-Count 9999999 not trusted (the list ended after 1000 rows); kept the 1000 distinct rows read',
    ]);
  });

  it('through fetchAccount the warning reaches the snapshot, and the call count stays bounded', async () => {
    const { fake, client } = await harness({
      fake: { org: org(95, 4), paging: { total: 500 } },
      client: { pageSize: 10 },
    });
    const snapshot = await fetchAccount(client);
    expect(snapshot.users).toHaveLength(95);
    expect(snapshot.warnings?.some((w) => /users: X-Total-Count 500 not trusted .*95 rows/.test(w))).toBe(true);
    // 10 pages needed (the last one short), at most concurrency - 1 more.
    expect(countOf(fake, USERS)).toBeLessThanOrEqual(10 + DEFAULT_CONCURRENCY - 1);
  });

  it('a total below what arrives is distrusted too: paging goes on to the first short page', async () => {
    // (A total of exactly one full page cannot be told from an honest one: only a page past it would show it.)
    const { fake, client } = await harness({
      fake: { org: org(35, 0), paging: { total: 15 } },
      client: { pageSize: 10 },
    });
    const stream = pages<Row>(client, 'users');
    const rows = await collectPages(stream);
    expect(rows.map((r) => r.id)).toEqual(fake.org.users.map((u) => u.id));
    expect(stream.warnings.join('\n')).toMatch(/X-Total-Count 15 not trusted \(the pages hold more than 15 rows\)/);
  });
});

/**
 * 25 users in pages of 10, two users created below the second page's offset while the first is read: two ids
 * come again on page 2. The total stays 25 (as if one user was deleted at the end while two were inserted below).
 */
async function twoInsertedBelowPage2() {
  const start = org(25, 0);
  for (const user of start.users) user.id = String(Number(user.id) + 100);
  const h = await harness({ fake: { org: start, paging: { total: 25 } }, client: { pageSize: 10, concurrency: 1 } });
  h.fake.inject({ path: USERS, skip: 1 }, { kind: 'shift-rows', insert: 2 });
  return h;
}

describe('duplicated ids across pages', () => {
  it('total 3,000, the same 1,000 ids on every page: one pass, 1,000 users, a warning with the count', async () => {
    const { fake, client } = await harness({
      fake: { org: org(1000, 0), paging: { total: 3000, ignoreOffset: true } },
    });
    const stream = pages<Row>(client, 'users', { fields: 'id' });
    const rows = await collectPages(stream);
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((r) => r.id)).size).toBe(1000);
    // One pass: the 3 pages the total promised, not 3 passes of 3.
    expect(countOf(fake, USERS)).toBe(3);
    expect(stream.warnings).toEqual([
      'GET /api/4.0/users: X-Total-Count 3000 not trusted (offset 1000 returned only ids already read); kept the 1000 distinct rows read',
      'GET /api/4.0/users: 1000 rows repeated ids already read on earlier pages and were dropped',
    ]);
  });

  it('without a total the same page twice is runaway paging, stopped at the second page', async () => {
    const { fake, client } = await harness({
      fake: { org: org(30, 0), paging: { total: 'none', ignoreOffset: true } },
      client: { pageSize: 10 },
    });
    await expect(collectPages(pages<Row>(client, 'users'))).rejects.toThrow(
      'GET /api/4.0/users: offset 10 returned only rows already read, stopping (runaway paging)',
    );
    expect(countOf(fake, USERS)).toBe(2);
  });

  it('a few ids repeated (rows inserted while reading, total unchanged): each user once, and a warning', async () => {
    const { client } = await twoInsertedBelowPage2();
    const stream = pages<Row>(client, 'users');
    const rows = await collectPages(stream);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(stream.warnings.join('\n')).toMatch(/\d+ rows repeated ids already read on earlier pages and were dropped/);
  });
});

describe('first seen wins, in the paginator only', () => {
  it('a page comes without the ids an earlier page of its pass held, so the audit page by page counts each user once', async () => {
    const { fake, client } = await twoInsertedBelowPage2();
    const stream = pages(client, 'users', { fields: USER_FIELDS }, narrowUser);
    const audit = startAccountAudit(TORII_RULES);
    audit.addLists({ roles: [], groups: [] });
    let ids: string[] = [];
    for await (const page of stream) {
      if (page.index === 0) ids = [];
      ids.push(...page.rows.map((user) => user.id));
      audit.addUsers(page);
    }
    expect(stream.warnings).toContain(
      'GET /api/4.0/users: 2 rows repeated ids already read on earlier pages and were dropped',
    );
    expect(new Set(ids).size).toBe(ids.length);
    const audited = audit.finish({ account: 'acme-prod', url: fake.url, lookerRelease: null, apiCalls: client.calls });
    expect(audited.users.map((user) => user.id)).toEqual(ids);
  });
});

describe('no X-Total-Count', () => {
  it('pages carry their pass and index, in order', async () => {
    const { client } = await harness({
      fake: { org: org(25, 0), paging: { total: 'none' } },
      client: { pageSize: 10 },
    });
    const seen: [number, number, number][] = [];
    for await (const page of pages<Row>(client, 'users')) seen.push([page.pass, page.index, page.rows.length]);
    expect(seen).toEqual([
      [1, 0, 10],
      [1, 1, 10],
      [1, 2, 5],
    ]);
  });
});

describe('responses that are not what the API documents', () => {
  const stub = (body: unknown): LookerClient => ({
    account: { name: 'stub', url: 'http://127.0.0.1:1' } as LookerClient['account'],
    pageSize: 10,
    concurrency: 2,
    calls: 0,
    maxCalls: undefined,
    login: async () => {},
    logout: async () => {},
    getJson: async <T>() => ({ body: body as T, headers: {}, status: 200 }),
    postJson: async <T>() => ({ body: body as T, headers: {}, status: 200 }),
    exchangeJson: async <T>() => ({ body: body as T, headers: {}, status: 200 }),
  });

  it('a null row is a LookerProtocolError naming the endpoint and the row, not a TypeError', async () => {
    const error = await collectPages(pages(stub([{ id: '1' }, null]), 'users')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LookerProtocolError);
    expect((error as Error).message).toBe('GET /api/4.0/users: row 1 is null, not an object');
  });

  it('a list that is not an array is a LookerProtocolError', async () => {
    const error = await collectPages(pages(stub({ users: [] }), 'users')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LookerProtocolError);
    expect((error as Error).message).toBe('GET /api/4.0/users: expected a JSON array');
  });
});
