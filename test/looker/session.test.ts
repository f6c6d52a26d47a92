/** The session: form-body login, token auth, wrong secret, re-login on 401, proactive refresh, logout always. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { SAMPLE_CREDENTIALS } from '../../src/fake-looker/index.js';
import { LookerApiError } from '../../src/looker/errors.js';
import { fetchAccount } from '../../src/looker/fetch-account.js';
import { fetchAllPages } from '../../src/looker/paginate.js';
import { checkLogin } from '../../src/looker/login-check.js';
import { closeAll, countOf, harness, LOGIN, LOGOUT, org, rejection, USERS } from './harness.js';

afterEach(closeAll);

describe('login', () => {
  it('sends client_id and client_secret in a form body, never in the query, and a token on every other call', async () => {
    const { fake, client } = await harness();
    await fetchAccount(client);
    const logins = fake.requests.filter((r) => r.path === LOGIN);
    expect(logins).toHaveLength(1);
    expect(logins[0]).toMatchObject({ method: 'POST', auth: 'none', status: 200 });
    expect(logins[0]?.bodyKeys.sort()).toEqual(['client_id', 'client_secret']);
    expect(logins[0]?.query).toEqual({});
    const others = fake.requests.filter((r) => r.path !== LOGIN);
    expect(others.length).toBeGreaterThanOrEqual(4);
    for (const request of others) {
      expect(request.auth).toBe('token');
      expect(Object.keys(request.query)).not.toContain('client_secret');
      expect(Object.keys(request.query)).not.toContain('access_token');
      expect(request.bodyKeys).toEqual([]);
    }
  });

  it('a wrong secret: a LookerApiError saying login refused, no further call', async () => {
    const { fake, client } = await harness({
      account: { name: 'eu-staging', secret: { kind: 'literal', value: 'not-the-secret' } },
    });
    const error = await rejection(fetchAccount(client));
    expect(error).toBeInstanceOf(LookerApiError);
    expect(error.message).toMatch(/login refused/);
    expect((error as LookerApiError).status).toBe(404);
    // Login failed: nothing else is sent, not even a logout (there is no session).
    expect(fake.requests.map((r) => r.path)).toEqual([LOGIN]);
    expect(fake.liveSessions()).toBe(0);
  });

  it('a wrong client_id is refused the same way', async () => {
    const { client } = await harness({ account: { clientId: 'someone-else' } });
    const error = await rejection(checkLogin(client));
    expect(error).toBeInstanceOf(LookerApiError);
    expect(error.message).toMatch(/login refused/);
  });

  it('the secret is resolved at login time, once per login', async () => {
    let resolved = 0;
    const { client } = await harness({
      client: { resolveSecret: async () => (resolved++, SAMPLE_CREDENTIALS.clientSecret) },
    });
    expect(resolved).toBe(0);
    await client.login();
    expect(resolved).toBe(1);
  });

  it('concurrent first calls share one login', async () => {
    const { fake, client } = await harness();
    await Promise.all([client.getJson('roles'), client.getJson('users', { limit: 1 }), client.getJson('versions')]);
    expect(countOf(fake, LOGIN)).toBe(1);
  });
});

describe('checkLogin (accounts --test)', () => {
  it('logs in, reads the release, logs out: three calls', async () => {
    const { fake, client } = await harness({ fake: { org: org(3, 1), release: '25.8.1' } });
    const result = await checkLogin(client);
    expect(result).toEqual({ release: '25.8.1', apiCalls: 3 });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${LOGIN}`,
      'GET /api/4.0/versions',
      `DELETE ${LOGOUT}`,
    ]);
    expect(fake.liveSessions()).toBe(0);
  });
});

describe('re-login on 401', () => {
  it('a token expiring in the middle of paging: one extra login, a complete result', async () => {
    const { fake, client } = await harness({ fake: { org: org(45, 0) }, client: { pageSize: 10 } });
    fake.inject({ path: USERS, skip: 1 }, { kind: 'expire-token' });
    const rows = await fetchAllPages<{ id: string }>(client, 'users');
    expect(rows.map((r) => r.id)).toEqual(fake.org.users.map((u) => u.id));
    expect(countOf(fake, LOGIN)).toBe(2);
    expect(fake.requests.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
    // Every page offset was answered 200 in the end.
    const ok = fake.requests.filter((r) => r.path === USERS && r.status === 200).map((r) => Number(r.query.offset));
    expect(new Set(ok)).toEqual(new Set([0, 10, 20, 30, 40]));
  });

  it('a fetchAccount with the token revoked mid-run still completes, then logs out', async () => {
    const { fake, client } = await harness({ fake: { org: org(30, 12) }, client: { pageSize: 10, concurrency: 1 } });
    fake.inject({ path: USERS, skip: 2 }, { kind: 'expire-token' });
    const snapshot = await fetchAccount(client);
    expect(snapshot.users).toHaveLength(30);
    expect(snapshot.groups).toHaveLength(12);
    expect(countOf(fake, LOGIN)).toBe(2);
    expect(snapshot.apiCalls).toBe(fake.requests.length);
    expect(fake.liveSessions()).toBe(0);
  });

  it('re-logs in only once: a second 401 is an error saying not authenticated', async () => {
    const { fake, client } = await harness();
    fake.inject({ path: USERS, times: 2 }, { kind: 'status', status: 401 });
    const error = await rejection(client.getJson('users'));
    expect(error).toBeInstanceOf(LookerApiError);
    expect((error as LookerApiError).status).toBe(401);
    expect(error.message).toMatch(/not authenticated/);
    expect(countOf(fake, LOGIN)).toBe(2);
    expect(countOf(fake, USERS)).toBe(2);
  });
});

describe('proactive refresh with an injected clock', () => {
  it('logs in again before sending a token that has expired (no 401 is ever seen)', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const now = () => clock;
    const { fake, client } = await harness({ fake: { org: org(5, 0), now, tokenTtlSeconds: 60 }, client: { now } });
    await client.getJson('users');
    expect(countOf(fake, LOGIN)).toBe(1);

    clock += 30_000; // half-way: the token is reused
    await client.getJson('users');
    expect(countOf(fake, LOGIN)).toBe(1);

    clock += 31_000; // 61 s: the fake would now refuse the first token
    await client.getJson('users');
    expect(countOf(fake, LOGIN)).toBe(2);
    expect(fake.requests.map((r) => r.status)).not.toContain(401);
    expect(fake.requests.map((r) => r.path)).toEqual([LOGIN, USERS, USERS, LOGIN, USERS]);
  });

  it('refreshes within the last 10 s of the token, before the server would expire it', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const now = () => clock;
    const { fake, client } = await harness({ fake: { org: org(5, 0), now, tokenTtlSeconds: 60 }, client: { now } });
    await client.getJson('users');
    clock += 55_000; // still valid on the server, but about to expire
    await client.getJson('users');
    expect(countOf(fake, LOGIN)).toBe(2);
    expect(fake.requests.map((r) => r.status)).not.toContain(401);
  });

  it('a long paged read across token expiry re-logs in without a 401', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const now = () => clock;
    const { fake, client } = await harness({
      fake: { org: org(35, 0), now, tokenTtlSeconds: 60, pagingHeaders: false },
      // One request at a time: the injected clock jumps as each response lands.
      client: { now, pageSize: 10, concurrency: 1 },
    });
    // Each page "takes" 40 s of the injected clock, so the token expires during the read.
    const original = client.getJson.bind(client);
    const rows = await fetchAllPages<{ id: string }>(
      {
        ...client,
        pageSize: client.pageSize,
        concurrency: client.concurrency,
        calls: client.calls,
        getJson: async <T>(path: string, params?: Readonly<Record<string, string | number>>) => {
          const result = await original<T>(path, params);
          clock += 40_000;
          return result;
        },
      },
      'users',
    );
    expect(rows).toHaveLength(35);
    expect(countOf(fake, LOGIN)).toBeGreaterThanOrEqual(2);
    expect(fake.requests.map((r) => r.status)).not.toContain(401);
  });
});

describe('logout', () => {
  it('after success', async () => {
    const { fake, client } = await harness();
    await fetchAccount(client);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', path: LOGOUT, status: 204, auth: 'token' });
    expect(fake.liveSessions()).toBe(0);
  });

  it('after an API error', async () => {
    const { fake, client } = await harness();
    fake.inject({ path: USERS }, { kind: 'status', status: 500 });
    const error = await rejection(fetchAccount(client));
    expect(error).toBeInstanceOf(LookerApiError);
    expect(countOf(fake, LOGOUT, 'DELETE')).toBe(1);
    expect(fake.liveSessions()).toBe(0);
  });

  it('after retries are exhausted', async () => {
    const { fake, client } = await harness();
    fake.inject({ path: USERS, times: 10 }, { kind: 'status', status: 503 });
    await rejection(fetchAccount(client));
    expect(countOf(fake, LOGOUT, 'DELETE')).toBe(1);
    expect(fake.liveSessions()).toBe(0);
  });

  it('after a malformed response', async () => {
    const { fake, client } = await harness();
    fake.inject({ path: /\/groups\// }, { kind: 'malformed-json' });
    await rejection(fetchAccount(client));
    expect(fake.liveSessions()).toBe(0);
  });

  it('after a re-login: the second token is the one logged out', async () => {
    const { fake, client } = await harness({ client: { pageSize: 10, concurrency: 1 } });
    fake.inject({ path: USERS, skip: 1 }, { kind: 'expire-token' });
    fake.inject({ path: USERS, skip: 2 }, { kind: 'status', status: 500 });
    await rejection(fetchAccount(client));
    expect(countOf(fake, LOGIN)).toBe(2);
    expect(fake.liveSessions()).toBe(0);
  });

  it('a failed logout does not mask the result and is logged', async () => {
    const { fake, client, logs } = await harness();
    fake.inject({ path: LOGOUT, times: 10 }, { kind: 'status', status: 500 });
    const snapshot = await fetchAccount(client);
    expect(snapshot.users).toHaveLength(25);
    expect(countOf(fake, LOGOUT)).toBe(1); // 500 is not retried
    expect(logs.some((line) => /logout/.test(line) && /500/.test(line))).toBe(true);
  });

  it('logout without a session sends nothing', async () => {
    const { fake, client } = await harness();
    await client.logout();
    expect(fake.requests).toEqual([]);
  });
});
