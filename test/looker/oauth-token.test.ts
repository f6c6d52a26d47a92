import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import got from 'got';
import { readTokenAnswer } from '../../src/looker/authenticator.js';
import {
  authorizationCodeRequest,
  REFRESH_TOKEN_LIFETIME_MS,
  refreshTokenRequest,
  refusedGrant,
  tokensFromAnswer,
  type OAuthTokens,
} from '../../src/looker/oauth-token.js';
import type { Answer, ApiRequest } from '../../src/looker/request.js';
import { SAMPLE_OAUTH_CLIENT, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { authorizeUrl } from '../../src/oauth/authorize-url.js';
import { createPkce, createState } from '../../src/oauth/pkce.js';
import { readRedirect } from '../../src/oauth/redirect.js';

const SETTINGS = { clientId: 'looker-audit', redirectUri: 'http://127.0.0.1:7878/callback' };

describe('token requests', () => {
  it('redeems a code at /api/token (from the root, outside /api/4.0), JSON body, sent once', () => {
    expect(authorizationCodeRequest(SETTINGS, 'the-code', 'the-verifier')).toEqual({
      method: 'POST',
      path: '/api/token',
      kind: 'once',
      json: {
        grant_type: 'authorization_code',
        client_id: 'looker-audit',
        redirect_uri: 'http://127.0.0.1:7878/callback',
        code: 'the-code',
        code_verifier: 'the-verifier',
      },
    });
  });

  it('refreshes with grant_type refresh_token (and the redirect_uri, as Looker’s SDK sends it), sent once', () => {
    expect(refreshTokenRequest(SETTINGS, 'the-refresh-token')).toEqual({
      method: 'POST',
      path: '/api/token',
      kind: 'once',
      json: {
        grant_type: 'refresh_token',
        client_id: 'looker-audit',
        redirect_uri: 'http://127.0.0.1:7878/callback',
        refresh_token: 'the-refresh-token',
      },
    });
  });
});

describe('refusedGrant', () => {
  it.each([
    [400, JSON.stringify({ error: 'invalid_grant', error_description: 'x' }), 'invalid_grant'],
    [401, JSON.stringify({ error: 'invalid_client' }), 'invalid_client'],
    [404, '<html>Not found</html>', null],
    [403, JSON.stringify({ message: 'Forbidden' }), null],
    [400, JSON.stringify({ error: '\u001b]8;;https://evil\u0007click' }), null],
    [400, 'null', null],
  ])('reads %s %s as "log in again" (error %s)', (statusCode, body, error) => {
    expect(refusedGrant({ statusCode, body })).toEqual({ error });
  });

  it.each([200, 429, 500, 502, 503])('does not read %s as a refusal', (statusCode) => {
    expect(refusedGrant({ statusCode, body: JSON.stringify({ error: 'invalid_grant' }) })).toBeUndefined();
  });
});

describe('tokensFromAnswer', () => {
  const now = Date.UTC(2026, 10, 23, 12);
  const token = { value: 'a1', expiresAt: now + 3600_000 };

  it('dates a new refresh token a month ahead', () => {
    expect(tokensFromAnswer({ token, refreshToken: 'r1' }, now)).toEqual({
      access: token,
      refreshToken: 'r1',
      refreshExpiresAt: now + REFRESH_TOKEN_LIFETIME_MS,
    });
  });

  it('replaces the refresh token with a rotated one, and keeps the old one (and its date) when none comes', () => {
    const first = tokensFromAnswer({ token, refreshToken: 'r1' }, now);
    const rotated = tokensFromAnswer({ token: { ...token, value: 'a2' }, refreshToken: 'r2' }, now + 1000, first);
    expect(rotated).toEqual({
      access: { ...token, value: 'a2' },
      refreshToken: 'r2',
      refreshExpiresAt: now + 1000 + REFRESH_TOKEN_LIFETIME_MS,
    });
    const kept = tokensFromAnswer({ token: { ...token, value: 'a3' }, refreshToken: null }, now + 2000, rotated);
    expect(kept).toMatchObject({ refreshToken: 'r2', refreshExpiresAt: rotated.refreshExpiresAt });
    expect(tokensFromAnswer({ token, refreshToken: null }, now)).toMatchObject({
      refreshToken: null,
      refreshExpiresAt: null,
    });
  });
});

describe('against the sample instance (got posting the built requests)', () => {
  let fake: FakeLooker;
  let clock = Date.UTC(2026, 10, 23, 12);
  beforeAll(async () => {
    fake = await startFakeLooker({ now: () => clock });
  });
  afterAll(() => fake.close());

  const settings = () => ({ webUrl: fake.url, ...SAMPLE_OAUTH_CLIENT });
  const post = async (request: ApiRequest): Promise<Answer> => {
    const res = await got.post(`${fake.url}${request.path}`, {
      json: request.json,
      throwHttpErrors: false,
      retry: { limit: 0 },
    });
    return { statusCode: res.statusCode, headers: res.headers, body: res.body };
  };
  /** The browser's part: follow /auth to the redirect a loopback listener would receive. */
  async function codeFor(challengeOf: ReturnType<typeof createPkce>): Promise<string> {
    const state = createState();
    const consent = await fetch(authorizeUrl(settings(), challengeOf, state), { redirect: 'manual' });
    return readRedirect(new URL(consent.headers.get('location') ?? '').searchParams, state).code;
  }
  const me = (access: string) =>
    got(`${fake.url}/api/4.0/user`, {
      headers: { authorization: `Bearer ${access}` },
      throwHttpErrors: false,
      retry: { limit: 0 },
    });

  it('logs in, reads as the person, refreshes after expiry; the old refresh token is then refused', async () => {
    const pkce = createPkce();
    const redeem = authorizationCodeRequest(SAMPLE_OAUTH_CLIENT, await codeFor(pkce), pkce.verifier);
    const redeemed = await post(redeem);
    expect(redeemed.statusCode).toBe(200);
    const first: OAuthTokens = tokensFromAnswer(readTokenAnswer(redeem, redeemed, clock), clock);
    expect((await me(first.access.value)).statusCode).toBe(200);

    clock = first.access.expiresAt;
    expect((await me(first.access.value)).statusCode).toBe(401);
    const refresh = refreshTokenRequest(SAMPLE_OAUTH_CLIENT, first.refreshToken ?? '');
    const refreshed = await post(refresh);
    expect(refreshed.statusCode).toBe(200);
    const second = tokensFromAnswer(readTokenAnswer(refresh, refreshed, clock), clock, first);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await me(second.access.value)).statusCode).toBe(200);

    const replay = await post(refreshTokenRequest(SAMPLE_OAUTH_CLIENT, first.refreshToken ?? ''));
    expect(refusedGrant(replay)).toEqual({ error: 'invalid_grant' });
  });

  it('a wrong verifier is a refused grant', async () => {
    const code = await codeFor(createPkce());
    const reply = await post(authorizationCodeRequest(SAMPLE_OAUTH_CLIENT, code, createPkce().verifier));
    expect(refusedGrant(reply)).toEqual({ error: 'invalid_grant' });
  });
});
