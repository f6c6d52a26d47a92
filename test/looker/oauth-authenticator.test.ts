/**
 * The OAuth authenticator against the sample instance, with a token store in memory: the stored login used as it
 * is (Bearer, no login request, the session kept at the end of a run), the refresh ahead of expiry with the
 * rotated refresh token stored (the old one then refused by Looker), every way a login can be missing or over,
 * a successor stored by another run taken instead of failing, the redemption of a code (and its refusals), and
 * a 403/404 that names the rights a person lacks.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { OAuthAccountConfig } from '../../src/config/types.js';
import { SAMPLE_OAUTH_CLIENT, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { createLookerClient } from '../../src/looker/client.js';
import { LookerApiError } from '../../src/looker/errors.js';
import { withSession } from '../../src/looker/fetch-account.js';
import {
  createOAuthAuthenticator,
  LoginNeededError,
  type OAuthAccount,
  type OAuthTokenStore,
  type StoredTokens,
} from '../../src/looker/oauth-authenticator.js';
import { REFRESH_TOKEN_LIFETIME_MS, type OAuthTokens } from '../../src/looker/oauth-token.js';
import { authorizeUrl } from '../../src/oauth/authorize-url.js';
import { createPkce, createState } from '../../src/oauth/pkce.js';
import { visitLoginPage } from '../helpers/oauth-login.js';
import { rejection } from './harness.js';

const HOUR = 3600_000;
const CLIENT = SAMPLE_OAUTH_CLIENT.clientId;
const RELOGIN = 'run: looker-audit login -a person';

let fake: FakeLooker | undefined;
let clock = Date.UTC(2026, 10, 23, 12);
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(): Promise<FakeLooker> {
  fake = await startFakeLooker({ now: () => clock, tokenTtlSeconds: 3600 });
  return fake;
}

const accountOf = (f: FakeLooker, redirectUri: string = SAMPLE_OAUTH_CLIENT.redirectUri): OAuthAccountConfig => ({
  name: 'person',
  auth: 'oauth',
  url: f.url,
  webUrl: f.url,
  clientId: CLIENT,
  redirectUri,
  verifyTls: true,
  timeoutMs: 5000,
  allowInsecureHttp: false,
});

/** A token store in memory that records what it is asked to write. */
function memoryStore(initial?: OAuthTokens, issuedFor?: string) {
  let saved = initial;
  const writes: OAuthTokens[] = [];
  const store: OAuthTokenStore & { writes: OAuthTokens[]; set(tokens: OAuthTokens): void; saved(): unknown } = {
    writes,
    set: (tokens) => (saved = tokens),
    saved: () => saved,
    read: async (account: OAuthAccount): Promise<StoredTokens> => {
      if (saved === undefined) return { found: false, reason: 'none' };
      if (issuedFor !== undefined && issuedFor !== account.url) return { found: false, reason: 'other-instance' };
      return { found: true, tokens: saved };
    },
    write: async (_account, tokens) => {
      writes.push(tokens);
      saved = tokens;
    },
  };
  return store;
}

const tokens = (access: string, refresh: string | null, accessLeftMs = HOUR): OAuthTokens => ({
  access: { value: access, expiresAt: clock + accessLeftMs },
  refreshToken: refresh,
  refreshExpiresAt: refresh === null ? null : clock + REFRESH_TOKEN_LIFETIME_MS,
});

function clientFor(f: FakeLooker, store: OAuthTokenStore, grant?: { code: string; verifier: string }) {
  const logs: string[] = [];
  const account = accountOf(f);
  const client = createLookerClient({
    account,
    authenticator: createOAuthAuthenticator({ account, store, relogin: RELOGIN, ...(grant ? { grant } : {}) }),
    now: () => clock,
    sleep: async () => undefined,
    log: (line) => logs.push(line),
  });
  return { client, logs };
}

/**
 * The sample with a grant of known values (acc-1, ref-1), and a client whose store holds it, its access token
 * `accessLeftMs` from expiry (negative: already expired).
 */
async function withGrant(accessLeftMs = HOUR) {
  const f = await start();
  f.grantOAuth(CLIENT, { accessToken: 'acc-1', refreshToken: 'ref-1' });
  const store = memoryStore(tokens('acc-1', 'ref-1', accessLeftMs));
  return { f, store, ...clientFor(f, store) };
}

const sent = (f: FakeLooker) => f.requests.map((r) => `${r.method} ${r.path} ${r.status}`);

/** A direct refresh, as another program holding the same refresh token would send it. */
async function refreshDirectly(f: FakeLooker, refreshToken: string) {
  const res = await fetch(`${f.url}/api/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'refresh_token', client_id: CLIENT, refresh_token: refreshToken }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('a stored login', () => {
  it('is used as it is: Bearer on every request, no login request, and the end of the run keeps the session', async () => {
    const { f, store, client, logs } = await withGrant();
    const { body } = await withSession(client, () => client.getJson<{ id: string }>('user'));
    expect(body.id).toBe('1');
    expect(sent(f)).toEqual(['GET /api/4.0/user 200']);
    expect(f.requests[0]?.auth).toBe('bearer');
    expect(logs.join('\n')).toContain('(authorization: Bearer <redacted>)');
    expect(logs.join('\n')).not.toContain('acc-1');
    // Neither token was ended: the next run uses them again.
    expect(f.liveSessions(CLIENT)).toBe(1);
    expect(f.liveRefreshTokens(CLIENT)).toBe(1);
    expect(store.writes).toEqual([]);
  });

  it('expired: refreshed before its first use, the rotated refresh token stored, the old one refused from then on', async () => {
    const { f, store, client } = await withGrant(-1);
    await withSession(client, () => client.getJson('user'));
    expect(sent(f)).toEqual(['POST /api/token 200', 'GET /api/4.0/user 200']);
    expect(f.requests[0]?.bodyKeys).toEqual(['grant_type', 'client_id', 'redirect_uri', 'refresh_token']);
    expect(store.writes).toHaveLength(1);
    const [rotated] = store.writes;
    expect(rotated?.refreshToken).not.toBe('ref-1');
    expect(rotated?.access.value).not.toBe('acc-1');
    expect(rotated?.access.expiresAt).toBe(clock + HOUR);
    expect(rotated?.refreshExpiresAt).toBe(clock + REFRESH_TOKEN_LIFETIME_MS);
    expect(await refreshDirectly(f, 'ref-1')).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('a 401 in the middle of a run (revoked early) is answered by one refresh and the request sent again', async () => {
    const { f, store, client } = await withGrant();
    f.inject({ path: '/api/4.0/user' }, { kind: 'expire-token' });
    await withSession(client, () => client.getJson('user'));
    expect(sent(f)).toEqual(['GET /api/4.0/user 401', 'POST /api/token 200', 'GET /api/4.0/user 200']);
    expect(store.writes).toHaveLength(1);
  });
});

describe('a login that is missing or over fails the account with the command that logs in again', () => {
  it.each([
    ['no stored login', memoryStore(), /not logged in: run: looker-audit login -a person$/],
    [
      'a login issued for another url',
      memoryStore(tokens('acc-1', 'ref-1'), 'https://other.example'),
      /the stored login is for another url or client_id: run: looker-audit login -a person$/,
    ],
  ])('%s: nothing is sent', async (_title, store, message) => {
    const f = await start();
    const { client } = clientFor(f, store);
    const error = await rejection(withSession(client, () => client.getJson('user')));
    expect(error).toBeInstanceOf(LoginNeededError);
    expect(error.message).toMatch(/^account "person": /);
    expect(error.message).toMatch(message);
    expect(f.requests).toEqual([]);
  });

  it('a refresh Looker refuses (its refresh token expired there): invalid_grant, and the stored tokens stay', async () => {
    const f = await start();
    f.grantOAuth(CLIENT, { accessToken: 'acc-1', refreshToken: 'ref-1' });
    clock += 31 * 24 * HOUR;
    // The file says the refresh token is still good (saved by a clock that was behind, say): Looker decides.
    const store = memoryStore(tokens('acc-1', 'ref-1', -1));
    const { client } = clientFor(f, store);
    const error = await rejection(withSession(client, () => client.getJson('user')));
    expect(error).toBeInstanceOf(LoginNeededError);
    expect(error.message).toBe(
      'account "person": Looker refused the stored login (invalid_grant): run: looker-audit login -a person',
    );
    expect(sent(f)).toEqual(['POST /api/token 400']);
    expect(store.writes).toEqual([]);
  });

  it('a refresh token known to be over a month old is not even sent', async () => {
    const f = await start();
    const store = memoryStore({
      access: { value: 'acc-1', expiresAt: clock - 1 },
      refreshToken: 'ref-1',
      refreshExpiresAt: clock - 1,
    });
    const { client } = clientFor(f, store);
    const error = await rejection(withSession(client, () => client.getJson('user')));
    expect(error.message).toMatch(/the login has expired \(a refresh token lasts a month\): run: looker-audit login/);
    expect(f.requests).toEqual([]);
  });

  it('an expired access token without a refresh token is a new login, not a request', async () => {
    const f = await start();
    const { client } = clientFor(f, memoryStore(tokens('acc-1', null, -1)));
    const error = await rejection(withSession(client, () => client.getJson('user')));
    expect(error.message).toMatch(/Looker gave no refresh token: run: looker-audit login -a person$/);
    expect(f.requests).toEqual([]);
  });
});

it('a refresh token another run rotated meanwhile: the successor it stored is taken instead of failing', async () => {
  const { f, store, client } = await withGrant(-1);
  await client.login();
  // Another terminal refreshes first and stores what it got.
  const other = await refreshDirectly(f, 'ref-1');
  expect(other.status).toBe(200);
  store.set(tokens(other.body.access_token ?? '', other.body.refresh_token ?? ''));
  const { body } = await client.getJson<{ id: string }>('user');
  expect(body.id).toBe('1');
  expect(sent(f).slice(-2)).toEqual(['POST /api/token 400', 'GET /api/4.0/user 200']);
  expect(store.writes).toEqual([]);
});

describe('redeeming the code of a login', () => {
  /** A code from the sample's /auth for a fresh PKCE pair, as the browser brings it back. */
  async function codeFor(f: FakeLooker, challengeOf = createPkce()) {
    const url = authorizeUrl(accountOf(f), challengeOf, createState());
    const visit = await visitLoginPage(url, { follow: false });
    return { code: visit.location?.searchParams.get('code') ?? '', verifier: challengeOf.verifier };
  }

  it('stores the tokens it grants, and uses them', async () => {
    const f = await start();
    const grant = await codeFor(f);
    const store = memoryStore();
    const { client } = clientFor(f, store, grant);
    await withSession(client, () => client.getJson('user'));
    expect(sent(f).slice(1)).toEqual(['POST /api/token 200', 'GET /api/4.0/user 200']);
    expect(f.requests[1]?.bodyKeys).toEqual(['grant_type', 'client_id', 'redirect_uri', 'code', 'code_verifier']);
    expect(store.writes).toHaveLength(1);
    expect(store.writes[0]?.refreshToken).toEqual(expect.any(String));
  });

  it.each([
    ['a wrong verifier', (g: { code: string; verifier: string }) => ({ ...g, verifier: createPkce().verifier })],
    ['a code already used', (g: { code: string; verifier: string }) => g],
  ])('%s: refused, nothing stored', async (title, tamper) => {
    const f = await start();
    const grant = await codeFor(f);
    if (title === 'a code already used') await withSession(clientFor(f, memoryStore(), grant).client, async () => 0);
    const store = memoryStore();
    const { client } = clientFor(f, store, tamper(grant));
    const error = await rejection(client.login());
    expect(error.message).toBe(
      'account "person": Looker refused the authorization code (invalid_grant): nothing was saved; log in again',
    );
    expect(store.writes).toEqual([]);
    expect(error.message).not.toContain(grant.code);
  });

  it('a redirect_uri that differs from the one the code was issued for: refused, nothing stored', async () => {
    const f = await start();
    const grant = await codeFor(f);
    const store = memoryStore();
    const account = accountOf(f, 'http://127.0.0.1:7879/callback');
    const client = createLookerClient({
      account,
      authenticator: createOAuthAuthenticator({ account, store, relogin: RELOGIN, grant }),
      now: () => clock,
    });
    const error = await rejection(client.login());
    expect(error.message).toMatch(/Looker refused the authorization code \(invalid_grant\)/);
    expect(store.writes).toEqual([]);
  });
});

describe('a 403 or 404 for a person names the rights the audit needs', () => {
  it.each([403, 404])('%i on the users list', async (status) => {
    const { f, client } = await withGrant();
    f.inject({ path: '/api/4.0/users' }, { kind: 'status', status });
    const error = await rejection(withSession(client, () => client.getJson('users')));
    expect(error).toBeInstanceOf(LookerApiError);
    expect(error.message).toMatch(/the person logged in lacks the right/);
    expect(error.message).toContain('the audit needs the Admin role, or the see_users and see_system_activity');
    expect(error.message).not.toContain('API3 key');
  });
});
