import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { SAMPLE_OAUTH_CLIENT, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { validateComponent, validateResponse } from '../helpers/oas.js';
import { call, login } from './client.js';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
let fake: FakeLooker;
let clock = Date.UTC(2026, 10, 23, 12);
const { clientId: CLIENT, redirectUri: REDIRECT } = SAMPLE_OAUTH_CLIENT;

beforeAll(async () => {
  fake = await startFakeLooker({ now: () => clock, tokenTtlSeconds: 3600 });
});
afterAll(() => fake.close());
beforeEach(() => fake.clearFaults());

interface Pkce {
  verifier: string;
  challenge: string;
}
const pkce = (): Pkce => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

function authQuery(overrides: Record<string, string | undefined> = {}, challenge = pkce().challenge) {
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: CLIENT,
    redirect_uri: REDIRECT,
    scope: 'cors_api',
    state: 'state-123',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    ...overrides,
  };
  return new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
}

/** GET /auth without following the redirect (the browser's part). */
async function authorize(query: URLSearchParams) {
  const res = await fetch(`${fake.url}/auth?${query}`, { redirect: 'manual' });
  const location = res.headers.get('location');
  return { status: res.status, location: location === null ? null : new URL(location), res };
}

async function codeFor(p: Pkce, overrides: Record<string, string | undefined> = {}): Promise<string> {
  const { status, location } = await authorize(authQuery(overrides, p.challenge));
  expect(status).toBe(302);
  const code = location?.searchParams.get('code');
  if (!code) throw new Error('no code in the redirect');
  return code;
}

async function token(body: unknown, contentType = 'application/json;charset=UTF-8') {
  const res = await fetch(`${fake.url}/api/token`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as Record<string, unknown> };
}

const redeem = (code: string, verifier: string, redirect: string = REDIRECT) =>
  token({ grant_type: 'authorization_code', client_id: CLIENT, redirect_uri: redirect, code, code_verifier: verifier });
const refresh = (refreshToken: string) =>
  token({ grant_type: 'refresh_token', client_id: CLIENT, redirect_uri: REDIRECT, refresh_token: refreshToken });

async function loginWithOAuth(): Promise<{ access: string; refresh: string }> {
  const p = pkce();
  const reply = await redeem(await codeFor(p), p.verifier);
  expect(reply.status).toBe(200);
  return { access: String(reply.body.access_token), refresh: String(reply.body.refresh_token) };
}

const me = (access: string, scheme: 'Bearer' | 'token' = 'Bearer') =>
  call(fake, 'GET', '/user', { token: access, scheme });

describe('GET /auth (the UI host)', () => {
  it('consents at once: redirects to the registered redirect_uri with a code and the state', async () => {
    const { status, location, res } = await authorize(authQuery());
    expect(status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(`${location?.origin}${location?.pathname}`).toBe(REDIRECT);
    expect(location?.searchParams.get('state')).toBe('state-123');
    expect(location?.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect([...(location?.searchParams.keys() ?? [])].sort()).toEqual(['code', 'state']);
  });

  it('sends no state back when none was sent (looker-cli sends none)', async () => {
    const { location } = await authorize(authQuery({ state: undefined }));
    expect(location?.searchParams.has('state')).toBe(false);
    expect(location?.searchParams.has('code')).toBe(true);
  });

  it.each([
    ['an unknown client_id', { client_id: 'someone-else' }],
    ['no client_id', { client_id: undefined }],
    ['no redirect_uri', { redirect_uri: undefined }],
    ['a trailing slash', { redirect_uri: `${REDIRECT}/` }],
    ['another port', { redirect_uri: REDIRECT.replace('7878', '7879') }],
    ['localhost for 127.0.0.1', { redirect_uri: REDIRECT.replace('127.0.0.1', 'localhost') }],
    ['another path case', { redirect_uri: REDIRECT.replace('callback', 'Callback') }],
    ['an added query', { redirect_uri: `${REDIRECT}?x=1` }],
    ['https for http', { redirect_uri: REDIRECT.replace('http:', 'https:') }],
  ])('refuses %s with 400 and never redirects', async (_name, overrides) => {
    const { status, location } = await authorize(authQuery(overrides));
    expect(status).toBe(400);
    expect(location).toBeNull();
  });

  it('refuses a disabled app as unknown', async () => {
    const app = fake.org.oauth_client_apps?.[0];
    if (!app) throw new Error('the sample registers an app');
    app.enabled = false;
    try {
      expect((await authorize(authQuery())).status).toBe(400);
    } finally {
      app.enabled = true;
    }
  });

  it.each([
    ['no code_challenge_method', 'invalid_request', { code_challenge_method: undefined }],
    ['the plain method', 'invalid_request', { code_challenge_method: 'plain' }],
    ['no code_challenge', 'invalid_request', { code_challenge: undefined }],
    ['a malformed code_challenge', 'invalid_request', { code_challenge: 'short' }],
    ['response_type token', 'unsupported_response_type', { response_type: 'token' }],
    ['scope all', 'invalid_scope', { scope: 'all' }],
  ])('redirects %s back with error=%s and the state, without a code', async (_name, error, overrides) => {
    const { status, location } = await authorize(authQuery(overrides));
    expect(status).toBe(302);
    expect(location?.searchParams.get('error')).toBe(error);
    expect(location?.searchParams.get('state')).toBe('state-123');
    expect(location?.searchParams.has('code')).toBe(false);
  });
});

describe('POST /api/token: authorization_code', () => {
  it('answers an AccessToken (spec schema, nothing undeclared) that works as Bearer and token on the API', async () => {
    const p = pkce();
    const reply = await redeem(await codeFor(p), p.verifier);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(validateComponent('AccessToken', reply.body, { closed: true })).toEqual([]);
    expect(reply.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(reply.body.refresh_token).toEqual(expect.any(String));
    const access = String(reply.body.access_token);
    const user = await me(access);
    expect(user.status).toBe(200);
    expect(validateResponse('GET', '/api/4.0/user', 200, user.body)).toEqual([]);
    expect((user.body as { id: string }).id).toBe('1');
    expect((await me(access, 'token')).status).toBe(200);
    expect(fake.requests.at(-1)?.auth).toBe('token');
    expect(fake.liveSessions(CLIENT)).toBeGreaterThan(0);
  });

  it('refuses a wrong verifier with invalid_grant, and the code is then spent for the right one too', async () => {
    const p = pkce();
    const code = await codeFor(p);
    const wrong = await redeem(code, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
    expect((await redeem(code, p.verifier)).body.error).toBe('invalid_grant');
  });

  it('refuses a redirect_uri other than the one the code was issued for', async () => {
    const p = pkce();
    const reply = await redeem(await codeFor(p), p.verifier, `${REDIRECT}/`);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('invalid_grant');
  });

  it('takes a code once: a replay is refused and revokes what the code gave', async () => {
    const p = pkce();
    const code = await codeFor(p);
    const first = await redeem(code, p.verifier);
    expect(first.status).toBe(200);
    expect((await me(String(first.body.access_token))).status).toBe(200);
    const replay = await redeem(code, p.verifier);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    expect((await me(String(first.body.access_token))).status).toBe(401);
    expect((await refresh(String(first.body.refresh_token))).body.error).toBe('invalid_grant');
  });

  it('lets a code expire after a minute (by the injected clock)', async () => {
    const p = pkce();
    const code = await codeFor(p);
    clock += 61_000;
    const reply = await redeem(code, p.verifier);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('invalid_grant');
  });

  it.each([
    ['a form body', 'grant_type=authorization_code', 'application/x-www-form-urlencoded', 400, 'invalid_request'],
    ['malformed JSON', '{"grant_type":', 'application/json', 400, 'invalid_request'],
    [
      'an unknown client_id',
      JSON.stringify({ grant_type: 'refresh_token', client_id: 'x' }),
      'application/json',
      401,
      'invalid_client',
    ],
    [
      'another grant type',
      JSON.stringify({ grant_type: 'password', client_id: CLIENT }),
      'application/json',
      400,
      'unsupported_grant_type',
    ],
    [
      'no code',
      JSON.stringify({ grant_type: 'authorization_code', client_id: CLIENT }),
      'application/json',
      400,
      'invalid_request',
    ],
  ])('refuses %s', async (_name, body, contentType, status, error) => {
    const reply = await token(body, contentType);
    expect(reply.status).toBe(status);
    expect(reply.body.error).toBe(error);
  });
});

describe('POST /api/token: refresh_token', () => {
  it('rotates: a new access and refresh token; the old refresh token is then refused with invalid_grant', async () => {
    const first = await loginWithOAuth();
    const live = fake.liveRefreshTokens(CLIENT);
    const rotated = await refresh(first.refresh);
    expect(rotated.status).toBe(200);
    expect(validateComponent('AccessToken', rotated.body, { closed: true })).toEqual([]);
    expect(rotated.body.refresh_token).not.toBe(first.refresh);
    expect(rotated.body.access_token).not.toBe(first.access);
    expect(fake.liveRefreshTokens(CLIENT)).toBe(live);
    expect((await me(String(rotated.body.access_token))).status).toBe(200);
    const old = await refresh(first.refresh);
    expect(old.status).toBe(400);
    expect(old.body.error).toBe('invalid_grant');
    expect((await refresh(String(rotated.body.refresh_token))).status).toBe(200);
  });

  it('the access token expires per expires_in (401, Looker error body); a refresh then gives a working one', async () => {
    const { access, refresh: refreshToken } = await loginWithOAuth();
    clock += HOUR;
    const expired = await me(access);
    expect(expired.status).toBe(401);
    expect(validateComponent('Error', expired.body, { closed: true })).toEqual([]);
    const renewed = await refresh(refreshToken);
    expect(renewed.status).toBe(200);
    expect((await me(String(renewed.body.access_token))).status).toBe(200);
  });

  it('refuses a refresh token after its month', async () => {
    const { refresh: refreshToken } = await loginWithOAuth();
    clock += 30 * DAY;
    const reply = await refresh(refreshToken);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('invalid_grant');
  });
});

describe('DELETE /api/4.0/logout with an OAuth token', () => {
  it('ends the access token and its refresh token', async () => {
    const { access, refresh: refreshToken } = await loginWithOAuth();
    const out = await call(fake, 'DELETE', '/logout', { token: access, scheme: 'Bearer' });
    expect(out.status).toBe(204);
    expect(validateResponse('DELETE', '/api/4.0/logout', 204, out.text)).toEqual([]);
    expect((await me(access)).status).toBe(401);
    expect((await refresh(refreshToken)).body.error).toBe('invalid_grant');
  });
});

describe('OAuth client apps (register_oauth_client_app)', () => {
  it('registers an app (spec OauthClientApp), which /auth then serves; lists and reads it', async () => {
    const admin = await login(fake);
    const body = {
      redirect_uri: 'http://127.0.0.1:9911/callback',
      display_name: 'looker-audit (test)',
      description: 'Reads seats',
      enabled: true,
    };
    const created = await call(fake, 'POST', '/oauth_client_apps/test-app', { token: admin, json: body });
    expect(created.status).toBe(200);
    expect(
      validateResponse('POST', '/api/4.0/oauth_client_apps/test-app', 200, created.body, { closed: true }),
    ).toEqual([]);
    expect(created.body).toMatchObject({ client_guid: 'test-app', ...body, group_id: null, activated_users: [] });

    const { status, location } = await authorize(
      authQuery({ client_id: 'test-app', redirect_uri: 'http://127.0.0.1:9911/callback' }),
    );
    expect(status).toBe(302);
    expect(location?.searchParams.has('code')).toBe(true);

    const one = await call(fake, 'GET', '/oauth_client_apps/test-app', { token: admin });
    expect(validateResponse('GET', '/api/4.0/oauth_client_apps/test-app', 200, one.body, { closed: true })).toEqual([]);
    expect((one.body as { activated_users: { id: string }[] }).activated_users.map((u) => u.id)).toEqual(['1']);
    const all = await call(fake, 'GET', '/oauth_client_apps', { token: admin });
    expect(validateResponse('GET', '/api/4.0/oauth_client_apps', 200, all.body, { closed: true })).toEqual([]);
    expect((all.body as { client_guid: string }[]).map((a) => a.client_guid)).toEqual([CLIENT, 'test-app']);
  });

  it('answers 409 for a taken client_guid, 422 for a missing redirect_uri, 404 for an unknown one', async () => {
    const admin = await login(fake);
    const dup = await call(fake, 'POST', `/oauth_client_apps/${CLIENT}`, {
      token: admin,
      json: { redirect_uri: REDIRECT, display_name: 'x' },
    });
    expect(dup.status).toBe(409);
    expect(validateResponse('POST', `/api/4.0/oauth_client_apps/${CLIENT}`, 409, dup.body)).toEqual([]);
    const invalid = await call(fake, 'POST', '/oauth_client_apps/new-app', {
      token: admin,
      json: { display_name: 'x' },
    });
    expect(invalid.status).toBe(422);
    expect(validateResponse('POST', '/api/4.0/oauth_client_apps/new-app', 422, invalid.body)).toEqual([]);
    expect((await call(fake, 'GET', '/oauth_client_apps/nope', { token: admin })).status).toBe(404);
  });

  it("denies a user outside the app's group (redirected back with access_denied)", async () => {
    const admin = await login(fake);
    await call(fake, 'POST', '/oauth_client_apps/grouped', {
      token: admin,
      json: { redirect_uri: 'http://127.0.0.1:9912/cb', display_name: 'g', group_id: '999' },
    });
    const { location } = await authorize(authQuery({ client_id: 'grouped', redirect_uri: 'http://127.0.0.1:9912/cb' }));
    expect(location?.searchParams.get('error')).toBe('access_denied');
    expect(location?.searchParams.has('code')).toBe(false);
  });
});

describe('what the fake records', () => {
  it('never the code, the verifier or a token: body fields by name only, secret query values redacted', async () => {
    const before = fake.requests.length;
    const p = pkce();
    const code = await codeFor(p);
    const reply = await redeem(code, p.verifier);
    await refresh(String(reply.body.refresh_token));
    await fetch(`${fake.url}/api/token?code=${code}&refresh_token=${String(reply.body.refresh_token)}`, {
      method: 'POST',
    });
    const recorded = JSON.stringify(fake.requests.slice(before));
    for (const value of [code, p.verifier, reply.body.access_token, reply.body.refresh_token])
      expect(recorded).not.toContain(String(value));
    expect(fake.requests.at(-2)?.bodyKeys).toEqual(['grant_type', 'client_id', 'redirect_uri', 'refresh_token']);
  });
});
