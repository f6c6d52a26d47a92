/**
 * The session through the Authenticator interface, with a test double for the login method: one shared login,
 * a refresh (not a new login) ahead of expiry and after a 401, the logout through the authenticator, a login that
 * cannot happen (an OAuth account nobody logged in), the scheme of the Authorization header, and -v lines that
 * show the scheme but never the token.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { SAMPLE_CREDENTIALS } from '../../src/fake-looker/index.js';
import { LookerApiError } from '../../src/looker/errors.js';
import { fetchAccount } from '../../src/looker/fetch-account.js';
import { fetchAllPages } from '../../src/looker/paginate.js';
import { login as loginOnFake } from '../fake-looker/client.js';
import { authenticatorDouble, type DoubleOptions } from './authenticator-double.js';
import { closeAll, countOf, harness, LOGIN, LOGOUT, org, rejection, USERS } from './harness.js';

afterEach(closeAll);

/** A fake Looker and a client whose session logs in through the double, with tokens the fake really issued. */
async function withDouble(options: DoubleOptions = {}, extra: Parameters<typeof harness>[0] = {}) {
  let fakeRef: Parameters<typeof loginOnFake>[0] | undefined;
  const auth = authenticatorDouble({
    mint: () => loginOnFake(fakeRef as Parameters<typeof loginOnFake>[0]),
    ...options,
  });
  const h = await harness({ ...extra, client: { ...extra.client, authenticator: auth } });
  fakeRef = h.fake;
  // The double's tokens come from logins made beside the client: only the client's own requests count.
  const sent = () => h.fake.requests.filter((r) => r.path !== LOGIN);
  return { ...h, auth, sent };
}

describe('the session through an Authenticator', () => {
  it('concurrent first calls share one login; each request carries the scheme the authenticator names', async () => {
    const { client, auth, sent } = await withDouble();
    await Promise.all([client.getJson('roles'), client.getJson('users', { limit: 1 }), client.getJson('versions')]);
    expect(auth.events).toHaveLength(1);
    expect(auth.events[0]).toMatch(/^login /);
    expect(sent().map((r) => r.auth)).toEqual(['bearer', 'bearer', 'bearer']);
    expect(client.calls).toBe(3);
  });

  it('a 401 refreshes the token once (not a new login) and sends the request again with the new one', async () => {
    const { fake, client, auth } = await withDouble();
    await client.login();
    fake.inject({ path: USERS }, { kind: 'expire-token' });
    const { body } = await client.getJson<unknown[]>('users');
    expect(body).toHaveLength(25);
    expect(auth.events.map((e) => e.split(' ')[0])).toEqual(['login', 'refresh']);
    expect(fake.requests.filter((r) => r.path === USERS).map((r) => r.status)).toEqual([401, 200]);
  });

  it('a second 401 is the error: one refresh only', async () => {
    const { fake, client, auth } = await withDouble();
    fake.inject({ path: USERS, times: 2 }, { kind: 'status', status: 401 });
    const error = await rejection(client.getJson('users'));
    expect((error as LookerApiError).status).toBe(401);
    expect(auth.events.map((e) => e.split(' ')[0])).toEqual(['login', 'refresh']);
    expect(countOf(fake, USERS)).toBe(2);
  });

  it('refreshes ahead of expiry by the injected clock, so the server never answers 401', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const now = () => clock;
    const { fake, client, auth } = await withDouble(
      { ttlSeconds: 60 },
      { fake: { org: org(5, 0), now, tokenTtlSeconds: 60 }, client: { now } },
    );
    await client.getJson('users');
    clock += 49_000; // 11 s left: used as it is
    await client.getJson('users');
    clock += 2_000; // 9 s left: within the 10 s lag, renewed first
    await client.getJson('users');
    expect(auth.events.map((e) => e.split(' ')[0])).toEqual(['login', 'refresh']);
    expect(fake.requests.map((r) => r.status)).not.toContain(401);
  });

  it('a paged read whose token expires meanwhile: every row read, one refresh', async () => {
    const { fake, client, auth } = await withDouble({}, { fake: { org: org(45, 0) }, client: { pageSize: 10 } });
    fake.inject({ path: USERS, skip: 1 }, { kind: 'expire-token' });
    const rows = await fetchAllPages<{ id: string }>(client, 'users');
    expect(rows).toHaveLength(45);
    expect(auth.events.filter((e) => e.startsWith('refresh'))).toHaveLength(1);
  });

  it('the logout goes through the authenticator with the current token, and ends the session on the server', async () => {
    const { fake, client, auth } = await withDouble();
    await fetchAccount(client);
    const last = auth.events.at(-1) as string;
    expect(last).toBe(`logout ${auth.events[0]?.split(' ')[1]}`);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', path: LOGOUT, auth: 'bearer', status: 204 });
    expect(fake.liveSessions()).toBe(0);
  });

  it('a logout that fails is logged and does not mask the result', async () => {
    const { client, logs } = await withDouble({ logoutFailure: 'the token store is read-only' });
    const snapshot = await fetchAccount(client);
    expect(snapshot.users).toHaveLength(25);
    expect(logs.at(-1)).toBe('logout failed: the token store is read-only');
  });

  it('a login that cannot happen fails the account with its own line, sends nothing and logs nothing out', async () => {
    const { fake, client, auth } = await withDouble({ loginFailure: 'run: looker-audit login -a acme-prod' });
    const error = await rejection(fetchAccount(client));
    expect(error).toBeInstanceOf(LookerApiError);
    expect(error.message).toBe('run: looker-audit login -a acme-prod');
    expect(fake.requests).toEqual([]);
    expect(auth.events).toEqual(['login refused']);
    expect(client.calls).toBe(0);
  });

  it('after a stop the logout is still sent, and nothing else', async () => {
    const stop = new AbortController();
    const { fake, client } = await withDouble({}, { client: { signal: stop.signal } });
    await client.getJson('versions');
    stop.abort();
    await expect(client.getJson('users')).rejects.toThrow('stopped before GET /api/4.0/users');
    await client.logout();
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${LOGIN}`,
      'GET /api/4.0/versions',
      `DELETE ${LOGOUT}`,
    ]);
  });
});

describe('the API3 authenticator', () => {
  it('a refresh is a new login: the secret is resolved again, and the old token is no longer sent', async () => {
    let resolved = 0;
    const { fake, client, http } = await harness({
      client: { resolveSecret: async () => (resolved++, SAMPLE_CREDENTIALS.clientSecret) },
    });
    await client.login();
    fake.inject({ path: USERS }, { kind: 'expire-token' });
    await client.getJson('users');
    expect(resolved).toBe(2);
    expect(countOf(fake, LOGIN)).toBe(2);
    expect(http.tokens).toHaveLength(2);
    await client.logout();
    expect(fake.liveSessions()).toBe(0);
  });
});

describe('-v shows the Authorization scheme, never the token', () => {
  it('API3: token <redacted>', async () => {
    const { client, logs, http } = await harness();
    await fetchAccount(client);
    const authorized = logs.filter((line) => /^(GET|DELETE) \/api\/4\.0\/.* \d+ ms/.test(line));
    expect(authorized.length).toBeGreaterThanOrEqual(4);
    for (const line of authorized) expect(line).toMatch(/ \(authorization: token <redacted>\)$/);
    // The login carries no Authorization header, so its line names none.
    expect(logs.find((line) => line.startsWith('POST /api/4.0/login'))).not.toMatch(/authorization/);
    for (const token of http.tokens) for (const line of logs) expect(line).not.toContain(token);
  });

  it('a Bearer authenticator: Bearer <redacted>', async () => {
    const { client, logs } = await withDouble({ mint: async () => 'not-a-real-token' });
    await rejection(client.getJson('users'));
    expect(logs[0]).toMatch(/^GET \/api\/4\.0\/users 401 \d+ ms \(authorization: Bearer <redacted>\)$/);
    expect(logs.join('\n')).not.toContain('not-a-real-token');
  });
});
