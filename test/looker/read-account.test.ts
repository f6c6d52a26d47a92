/** readAccount: the account in parts, pulled by its consumer (commands/audit-all.ts feeds them to the audit). */
import { afterEach, describe, expect, it } from '@jest/globals';
import { fetchAccount, readAccount, type AccountPart } from '../../src/looker/fetch-account.js';
import { closeAll, countOf, GROUPS, harness, LOGOUT, org, USERS } from './harness.js';

afterEach(closeAll);

async function partsOf(iterable: AsyncIterable<AccountPart>): Promise<AccountPart[]> {
  const parts: AccountPart[] = [];
  for await (const part of iterable) parts.push(part);
  return parts;
}

describe('readAccount', () => {
  it('gives the lists once, every page of users in order, narrowed, then the end', async () => {
    const { fake, client } = await harness({ fake: { org: org(35, 12) }, client: { pageSize: 10 } });
    const parts = await partsOf(readAccount(client));
    const kinds = parts.map((p) => p.kind);
    expect(kinds.filter((k) => k === 'lists')).toHaveLength(1);
    expect(kinds.at(-1)).toBe('end');
    const pages = parts.flatMap((p) => (p.kind === 'users' ? [p.page] : []));
    expect(pages.map((p) => [p.pass, p.index, p.rows.length])).toEqual([
      [1, 0, 10],
      [1, 1, 10],
      [1, 2, 10],
      [1, 3, 5],
    ]);
    expect(countOf(fake, USERS)).toBe(4);
    // Narrowed: domain objects, not API JSON.
    const users = pages.flatMap((p) => p.rows);
    expect(users.every((u) => Array.isArray(u.loginTimes) && typeof u.allowRolesFromNormalGroups === 'boolean')).toBe(
      true,
    );
    expect(users.map((u) => u.id)).toEqual(fake.org.users.map((u) => u.id));
    const lists = parts.find((p) => p.kind === 'lists');
    expect(lists?.kind === 'lists' && lists.groups).toHaveLength(12);
    const end = parts.at(-1);
    // login + 2 roles + 2 group pages + 4 user pages + the logout still to come
    expect(end?.kind === 'end' && end.apiCalls).toBe(10);
    expect(end?.kind === 'end' && end.warnings).toEqual([]);
  });

  it('a consumer that stops early: the session is closed after every request in flight settled', async () => {
    const { fake, client, http } = await harness({
      fake: { org: org(95, 2) },
      client: { pageSize: 10, concurrency: 4 },
    });
    fake.inject({ path: USERS, skip: 1, times: 9 }, { kind: 'latency', ms: 30 });
    for await (const part of readAccount(client)) if (part.kind === 'users') break;
    await http.idle();
    expect(fake.requests.at(-1)?.path).toBe(LOGOUT);
    expect(fake.liveSessions()).toBe(0);
    // Pages already asked for were waited for, no page was asked for after the consumer left.
    expect(countOf(fake, USERS)).toBeLessThan(10);
  });

  it('a consumer that throws (an audit bug): its error comes out as it is, and the session is closed', async () => {
    const { fake, client } = await harness({ fake: { org: org(35, 2) }, client: { pageSize: 10 } });
    const bug = new TypeError('audit bug');
    const run = async () => {
      for await (const part of readAccount(client)) if (part.kind === 'users') throw bug;
    };
    await expect(run()).rejects.toBe(bug);
    expect(fake.liveSessions()).toBe(0);
  });

  it('a failed groups list: one error, no unhandled rejection, logged out', async () => {
    const { fake, client } = await harness({ fake: { org: org(5, 3) } });
    fake.inject({ path: GROUPS }, { kind: 'status', status: 500 });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let listsSeen = 0;
    try {
      const run = async () => {
        for await (const part of readAccount(client)) if (part.kind === 'lists') listsSeen++;
      };
      await expect(run()).rejects.toThrow(/500/);
      await expect(fetchAccount(client)).resolves.toMatchObject({ account: 'acme-prod' });
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
