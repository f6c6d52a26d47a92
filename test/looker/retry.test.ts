/** Retries: which statuses, how long (Retry-After seconds and HTTP-date, backoff), dropped connections, limits. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { LookerApiError } from '../../src/looker/errors.js';
import { fetchAccount } from '../../src/looker/fetch-account.js';
import { fetchAllPages } from '../../src/looker/paginate.js';
import { closeAll, countOf, harness, LOGIN, org, rejection, USERS } from './harness.js';

afterEach(closeAll);

const statusesOf = (requests: { path: string; status: number }[], path: string) =>
  requests.filter((r) => r.path === path).map((r) => r.status);

describe('Retry-After', () => {
  it('429 with Retry-After: 7 waits 7000 ms, then succeeds', async () => {
    const { fake, client, waits } = await harness();
    fake.inject({ path: USERS }, { kind: 'status', status: 429, retryAfter: '7' });
    const { body } = await client.getJson<unknown[]>('users');
    expect(body).toHaveLength(25);
    expect(waits).toEqual([7000]);
    expect(statusesOf(fake.requests, USERS)).toEqual([429, 200]);
    expect(client.calls).toBe(3); // login + 2
  });

  it('Retry-After as an HTTP-date waits until that date (by the injected clock)', async () => {
    const clock = Date.UTC(2026, 2, 3, 12, 0, 0);
    const { fake, client, waits } = await harness({ client: { now: () => clock } });
    fake.inject({ path: USERS }, { kind: 'status', status: 429, retryAfter: new Date(clock + 12_000).toUTCString() });
    await client.getJson('users');
    expect(waits).toEqual([12_000]);
  });

  // A date in the past (a clock behind ours) must not mean a retry at 0 ms, straight into the same limit.
  it.each([
    ['an HTTP-date in the past', (clock: number) => new Date(clock - 60_000).toUTCString()],
    ['Retry-After: 0', () => '0'],
  ])('%s backs off as if no Retry-After had come (500 ms), not at 0 ms', async (_name, value) => {
    const clock = Date.UTC(2026, 2, 3, 12, 0, 0);
    const { fake, client, waits } = await harness({ client: { now: () => clock } });
    fake.inject({ path: USERS }, { kind: 'status', status: 503, retryAfter: value(clock) });
    await client.getJson('users');
    expect(waits).toEqual([500]);
  });

  it('429 without Retry-After backs off exponentially: 500, 1000, 2000 ms', async () => {
    const { fake, client, waits } = await harness();
    fake.inject({ path: USERS, times: 3 }, { kind: 'status', status: 429 });
    await client.getJson('users');
    expect(waits).toEqual([500, 1000, 2000]);
    expect(statusesOf(fake.requests, USERS)).toEqual([429, 429, 429, 200]);
  });

  it('an unreadable Retry-After falls back to the backoff', async () => {
    const { fake, client, waits } = await harness();
    fake.inject({ path: USERS }, { kind: 'status', status: 429, retryAfter: 'soon' });
    await client.getJson('users');
    expect(waits).toEqual([500]);
  });

  it('Retry-After over maxRetryAfterMs: no retry, an error saying rate-limited', async () => {
    const { fake, client, waits, logs } = await harness({ client: { retry: { maxRetryAfterMs: 30_000 } } });
    fake.inject({ path: USERS }, { kind: 'status', status: 429, retryAfter: '31' });
    const error = await rejection(client.getJson('users'));
    expect(error).toBeInstanceOf(LookerApiError);
    expect((error as LookerApiError).status).toBe(429);
    expect(error.message).toMatch(/rate-limited/);
    expect(waits).toEqual([]);
    expect(countOf(fake, USERS)).toBe(1);
    expect(logs.some((line) => /Retry-After 31 s is over the 30 s cap/.test(line))).toBe(true);
  });

  it('the default cap is 60 s: Retry-After 60 is honoured, 61 is not', async () => {
    const { fake, client, waits } = await harness();
    fake.inject({ path: USERS }, { kind: 'status', status: 429, retryAfter: '60' });
    await client.getJson('users');
    expect(waits).toEqual([60_000]);
    fake.inject({ path: USERS }, { kind: 'status', status: 429, retryAfter: '61' });
    await rejection(client.getJson('users'));
    expect(waits).toEqual([60_000]);
  });
});

describe('which failures are retried', () => {
  for (const status of [502, 503, 504]) {
    it(`${status} is retried`, async () => {
      const { fake, client, waits } = await harness();
      fake.inject({ path: USERS }, { kind: 'status', status });
      const { body } = await client.getJson<unknown[]>('users');
      expect(body).toHaveLength(25);
      expect(statusesOf(fake.requests, USERS)).toEqual([status, 200]);
      expect(waits).toEqual([500]);
    });
  }

  for (const status of [500, 400, 403]) {
    it(`${status} is not retried`, async () => {
      const { fake, client, waits } = await harness();
      fake.inject({ path: USERS }, { kind: 'status', status });
      const error = await rejection(client.getJson('users'));
      expect(error).toBeInstanceOf(LookerApiError);
      expect((error as LookerApiError).status).toBe(status);
      expect(statusesOf(fake.requests, USERS)).toEqual([status]);
      expect(waits).toEqual([]);
    });
  }

  it('a dropped connection is retried', async () => {
    const { fake, client, waits } = await harness();
    fake.inject({ path: USERS }, { kind: 'drop' });
    const { body } = await client.getJson<unknown[]>('users');
    expect(body).toHaveLength(25);
    expect(statusesOf(fake.requests, USERS)).toEqual([-1, 200]);
    expect(waits).toEqual([500]);
  });

  it('a dropped connection at login is retried too', async () => {
    const { fake, client } = await harness();
    fake.inject({ path: LOGIN }, { kind: 'drop' });
    await client.login();
    expect(statusesOf(fake.requests, LOGIN)).toEqual([-1, 200]);
  });

  it('a 503 on a later page is retried and the page list is still complete', async () => {
    const { fake, client, waits } = await harness({ fake: { org: org(35, 0) }, client: { pageSize: 10 } });
    fake.inject({ path: USERS, skip: 2 }, { kind: 'status', status: 503, retryAfter: '2' });
    const rows = await fetchAllPages<{ id: string }>(client, 'users');
    expect(rows.map((r) => r.id)).toEqual(fake.org.users.map((u) => u.id));
    expect(waits).toEqual([2000]);
    expect(countOf(fake, USERS)).toBe(5);
  });
});

describe('retries exhausted', () => {
  it('after the limit (3 retries = 4 requests): a LookerApiError, logout still sent', async () => {
    const { fake, client, waits } = await harness({ account: { name: 'emea' } });
    fake.inject({ path: USERS, times: 4 }, { kind: 'status', status: 503 });
    const error = await rejection(fetchAccount(client));
    expect(error).toBeInstanceOf(LookerApiError);
    expect(error.message).toMatch(/^GET \/api\/4\.0\/users -> 503/);
    expect(error.message).toMatch(/\(after 3 retries\)/);
    expect(statusesOf(fake.requests, USERS)).toEqual([503, 503, 503, 503]);
    expect(waits).toEqual([500, 1000, 2000]);
    expect(fake.liveSessions()).toBe(0);
  });

  it('the retry limit is configurable', async () => {
    const { fake, client, waits } = await harness({ client: { retry: { limit: 1 } } });
    fake.inject({ path: USERS, times: 2 }, { kind: 'status', status: 429 });
    const error = await rejection(client.getJson('users'));
    expect((error as LookerApiError).status).toBe(429);
    expect(countOf(fake, USERS)).toBe(2);
    expect(waits).toEqual([500]);
  });

  it('dropped connections every time: a network error', async () => {
    const { fake, client, waits } = await harness({ account: { name: 'apac' } });
    fake.inject({ path: USERS, times: 4 }, { kind: 'drop' });
    const error = await rejection(fetchAccount(client));
    expect(error).toBeInstanceOf(LookerApiError);
    expect(error.message).toMatch(/^GET \/api\/4\.0\/users: connection reset \(after 3 retries\)$/);
    // The cause keeps the network code (and nothing of the request: see errors.test.ts).
    expect((error as LookerApiError).status).toBeNull();
    expect(error.cause).toMatchObject({ code: 'ECONNRESET' });
    expect(waits).toEqual([500, 1000, 2000]);
    expect(fake.liveSessions()).toBe(0);
  });

  it('a server that is not there: connection refused, retried, then an error', async () => {
    const { fake, client, waits } = await harness();
    await fake.close();
    const error = await rejection(fetchAccount(client));
    expect(error).toBeInstanceOf(LookerApiError);
    expect(error.message).toMatch(/connection refused/);
    expect(waits).toEqual([500, 1000, 2000]);
  });
});
