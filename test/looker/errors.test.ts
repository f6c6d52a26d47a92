/** Clear, safe errors: permission hints, non-JSON bodies, the call budget, and no secret or token anywhere. */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from '@jest/globals';
import { CallBudgetError, LookerApiError, LookerProtocolError } from '../../src/looker/errors.js';
import { fetchAccount } from '../../src/looker/fetch-account.js';
import { fetchAllPages } from '../../src/looker/paginate.js';
import { checkLogin } from '../../src/looker/login-check.js';
import {
  closeAll,
  countOf,
  GROUPS,
  harness,
  LOGIN,
  LOGOUT,
  org,
  rejection,
  ROLES,
  USERS,
  type Harness,
} from './harness.js';

afterEach(closeAll);

describe('error messages', () => {
  it('404 on a list endpoint says it may be a permission problem and names an Admin key', async () => {
    const { fake, client } = await harness();
    fake.inject({ path: USERS }, { kind: 'status', status: 404 });
    const error = await rejection(fetchAccount(client));
    expect(error).toBeInstanceOf(LookerApiError);
    expect(error.message).toMatch(/^GET \/api\/4\.0\/users -> 404/);
    expect(error.message).toMatch(/permission/);
    expect(error.message).toMatch(/Admin/);
  });

  it("Looker's own message is quoted", async () => {
    const { fake, client } = await harness();
    fake.inject(
      { path: ROLES },
      {
        kind: 'status',
        status: 400,
        body: JSON.stringify({ message: 'Invalid fields param', documentation_url: 'https://docs.example/x' }),
      },
    );
    const error = await rejection(client.getJson('roles'));
    expect(error.message).toContain('Looker says "Invalid fields param"');
    expect((error as LookerApiError).documentationUrl).toBe('https://docs.example/x');
  });

  it('an HTML page served with 200 (a proxy): expected JSON, got text/html', async () => {
    const { fake, client } = await harness();
    fake.inject({ path: GROUPS }, { kind: 'html-200' });
    const error = await rejection(fetchAccount(client));
    expect(error).toBeInstanceOf(LookerApiError);
    expect(error.message).toMatch(
      /GET \/api\/4\.0\/groups\/search\/with_hierarchy -> 200, expected JSON, got text\/html/,
    );
    expect(error.message).not.toMatch(/<html|DOCTYPE/i);
  });

  it('malformed JSON: says so, names the endpoint', async () => {
    const { fake, client } = await harness();
    fake.inject({ path: USERS }, { kind: 'malformed-json' });
    const error = await rejection(fetchAccount(client));
    expect(error.message).toMatch(/GET \/api\/4\.0\/users -> 200, malformed JSON/);
    expect(error.message).not.toContain('ada.admin');
  });

  it('an HTML error page on login is still a login problem, named as such', async () => {
    const { fake, client } = await harness();
    fake.inject({ path: LOGIN }, { kind: 'html-200' });
    const error = await rejection(checkLogin(client));
    expect(error.message).toMatch(/POST \/api\/4\.0\/login -> 200, expected a JSON access token/);
  });
});

describe('call budget', () => {
  it('paging sequentially: the request that would leave no room for the logout is not sent', async () => {
    const { fake, client } = await harness({
      fake: { org: org(45, 0), pagingHeaders: false },
      client: { pageSize: 10, maxCalls: 3 },
    });
    const error = await rejection(fetchAllPages(client, 'users'));
    expect(error).toBeInstanceOf(CallBudgetError);
    expect(error.message).toMatch(/call budget of 3 API calls reached before GET \/api\/4\.0\/users/);
    expect(client.calls).toBe(2);
    expect(fake.requests.map((r) => r.path)).toEqual([LOGIN, USERS]);
    // The call kept in reserve is the logout: the budget never leaves a session open.
    await client.logout();
    expect(client.calls).toBe(3);
    expect(fake.liveSessions()).toBe(0);
  });

  it('fetchAccount over budget: CallBudgetError, and no request beyond the budget reached the server', async () => {
    const { fake, client, http } = await harness({ fake: { org: org(2500, 120) }, client: { maxCalls: 4 } });
    const error = await rejection(fetchAccount(client));
    await http.idle();
    expect(error).toBeInstanceOf(CallBudgetError);
    expect(error.message).toMatch(/^call budget of 4 API calls reached/);
    expect(client.calls).toBe(4);
    expect(fake.requests).toHaveLength(4);
    expect(countOf(fake, LOGIN)).toBe(1);
    expect(fake.requests.at(-1)?.method).toBe('DELETE');
    expect(fake.liveSessions()).toBe(0);
  });

  it('retries count against the budget', async () => {
    const { fake, client, waits } = await harness({ client: { maxCalls: 4 } });
    fake.inject({ path: USERS, times: 5 }, { kind: 'status', status: 503 });
    const error = await rejection(client.getJson('users'));
    expect(error).toBeInstanceOf(CallBudgetError);
    expect(fake.requests).toHaveLength(3); // login, users, one retry; the fourth call is kept for the logout
    expect(waits).toEqual([500, 1000]);
  });

  it('says how many calls the full audit needs: exactly once both totals are known, else a lower bound', async () => {
    const short = await harness({ fake: { org: org(2500, 120) }, client: { maxCalls: 6 } });
    const exact = await rejection(fetchAccount(short.client));
    expect(exact.message).toMatch(
      /call budget of 6 API calls reached .*; the full audit needs 8 calls: raise --max-calls$/,
    );
    expect(short.fake.liveSessions()).toBe(0);

    const shorter = await harness({ fake: { org: org(2500, 120) }, client: { maxCalls: 5 } });
    const bound = await rejection(fetchAccount(shorter.client));
    // The users' total is unknown (their first page was never sent): 4 + 1 group page + at least 1 user page.
    expect(bound.message).toMatch(/the full audit needs at least 6 calls: raise --max-calls$/);
  });

  it('exactly the calls needed is enough', async () => {
    const { fake, client } = await harness({ fake: { org: org(2500, 120) }, client: { maxCalls: 8 } });
    const snapshot = await fetchAccount(client);
    expect(snapshot.apiCalls).toBe(8);
    expect(fake.requests).toHaveLength(8);
    expect(fake.liveSessions()).toBe(0);
  });
});

describe('no secret and no access token in any error or log line', () => {
  const SECRET = 'PLANTED-s3cr3t-Zq7Xw9';
  const CLIENT_ID = 'planted-client-id';

  async function planted(options: { secret?: string; clientOptions?: Record<string, unknown> } = {}): Promise<Harness> {
    return harness({
      fake: { org: org(30, 4), credentials: [{ clientId: CLIENT_ID, clientSecret: SECRET }], tokenTtlSeconds: 3600 },
      account: { clientId: CLIENT_ID, secret: { kind: 'literal', value: options.secret ?? SECRET } },
      client: { pageSize: 10, ...options.clientOptions },
    });
  }

  /** Every text a user could see: log lines, error messages (whole cause chain), and the inspected error. */
  function exposed(h: Harness, error?: unknown): string[] {
    const texts = [...h.logs];
    for (let e: unknown = error; e instanceof Error; e = e.cause) texts.push(e.message, String(e.stack ?? ''));
    if (error !== undefined) texts.push(inspect(error, { depth: 6 }));
    return texts;
  }

  function expectClean(h: Harness, texts: string[], wrongSecret?: string) {
    expect(texts.length).toBeGreaterThan(0);
    const forbidden = [SECRET, ...h.http.tokens, ...(wrongSecret ? [wrongSecret] : [])];
    for (const text of texts) for (const value of forbidden) expect(text).not.toContain(value);
  }

  it('a successful run with a re-login, retries and a 429', async () => {
    const h = await planted();
    h.fake.inject({ path: USERS, skip: 1 }, { kind: 'expire-token' });
    h.fake.inject({ path: USERS, skip: 2 }, { kind: 'status', status: 429, retryAfter: '1' });
    h.fake.inject({ path: GROUPS }, { kind: 'status', status: 503 });
    await fetchAccount(h.client);
    expect(h.http.tokens).toHaveLength(2);
    expect(h.logs.length).toBeGreaterThan(5);
    expectClean(h, exposed(h));
  });

  it('a wrong secret', async () => {
    const wrong = 'WRONG-planted-secret-88';
    const h = await planted({ secret: wrong });
    const error = await rejection(fetchAccount(h.client));
    expect(error.message).toMatch(/login refused/);
    expectClean(h, exposed(h, error), wrong);
  });

  for (const [name, fault] of [
    ['a dropped connection at login, every time', { path: LOGIN, kind: 'drop' }],
    ['a dropped connection on a page, every time', { path: USERS, kind: 'drop' }],
    ['a 500 on a page', { path: USERS, kind: 'status' }],
    ['malformed JSON', { path: USERS, kind: 'malformed-json' }],
  ] as const) {
    it(name, async () => {
      const h = await planted();
      if (fault.kind === 'status') h.fake.inject({ path: fault.path, times: 5 }, { kind: 'status', status: 500 });
      else h.fake.inject({ path: fault.path, times: 5 }, { kind: fault.kind });
      const error = await rejection(fetchAccount(h.client));
      expect(error).toBeInstanceOf(LookerApiError);
      expectClean(h, exposed(h, error));
    });
  }

  it('the call budget running out', async () => {
    const h = await planted({ clientOptions: { maxCalls: 2 } });
    const error = await rejection(fetchAccount(h.client));
    expect(error.message).toMatch(/call budget/);
    expectClean(h, exposed(h, error));
  });

  it('a failed logout', async () => {
    const h = await planted();
    h.fake.inject({ path: LOGOUT, times: 5 }, { kind: 'drop' });
    await fetchAccount(h.client);
    expect(h.logs.some((line) => line.startsWith('logout failed'))).toBe(true);
    expectClean(h, exposed(h));
  });
});
