/**
 * No session outlives a failed fetch: the lists are read side by side, and a failure in one must not reach the
 * logout while another request is still in flight (it would answer 401 and log in again, unseen).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { LookerApiError } from '../../src/looker/errors.js';
import { fetchAccount } from '../../src/looker/fetch-account.js';
import { allSettledThenThrow } from '../../src/looker/settle.js';
import { closeAll, countOf, harness, LOGIN, LOGOUT, org, rejection, ROLES, USERS } from './harness.js';

afterEach(closeAll);

describe('allSettledThenThrow', () => {
  it('resolves to every value, in order, when all fulfil', async () => {
    await expect(allSettledThenThrow([Promise.resolve(1), Promise.resolve('two')])).resolves.toEqual([1, 'two']);
  });

  it('rejects with the first rejection only after the slower promises have settled', async () => {
    const order: string[] = [];
    let release: () => void = () => {};
    const slow = new Promise<string>((resolve) => {
      release = () => {
        order.push('slow settled');
        resolve('late');
      };
    });
    const outcome = allSettledThenThrow([
      Promise.reject(new Error('first')),
      slow,
      Promise.reject(new Error('second')),
    ]).catch((error: Error) => {
      order.push(`rejected: ${error.message}`);
    });
    await Promise.resolve();
    release();
    await outcome;
    expect(order).toEqual(['slow settled', 'rejected: first']);
  });
});

describe('fetchAccount when one list fails while another is still in flight', () => {
  it('logs out last, after every request settled, and leaves no session alive', async () => {
    const { fake, client, http } = await harness({ fake: { org: org(25, 3) }, client: { pageSize: 10 } });
    // roles fails at once; the first users page is still on its way for a while.
    fake.inject({ path: ROLES }, { kind: 'status', status: 404 });
    fake.inject({ path: USERS }, { kind: 'latency', ms: 150 });
    const error = await rejection(fetchAccount(client));
    await http.idle();

    expect(error).toBeInstanceOf(LookerApiError);
    expect(error.message).toContain('GET /api/4.0/roles -> 404');
    expect(error.message).toContain('Looker answers 404 when the API user lacks permission');
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', path: LOGOUT, status: 204 });
    expect(countOf(fake, LOGIN)).toBe(1);
    expect(fake.requests.filter((r) => r.status === 401)).toEqual([]);
    expect(fake.liveSessions()).toBe(0);
  });

  it('a failing concurrent page waits for its sibling pages before the logout', async () => {
    const { fake, client, http } = await harness({
      fake: { org: org(45, 2) },
      client: { pageSize: 10, concurrency: 4 },
    });
    // Page 2 (the first concurrent one) fails without retry; pages 3-5 are slow.
    fake.inject({ path: USERS, skip: 1 }, { kind: 'status', status: 400 });
    fake.inject({ path: USERS, skip: 1, times: 3 }, { kind: 'latency', ms: 100 });
    const error = await rejection(fetchAccount(client));
    await http.idle();

    expect(error.message).toContain('GET /api/4.0/users -> 400');
    expect(countOf(fake, USERS)).toBe(5);
    expect(fake.requests.at(-1)?.path).toBe(LOGOUT);
    expect(countOf(fake, LOGIN)).toBe(1);
    expect(fake.liveSessions()).toBe(0);
  });
});
