import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import got from 'got';
import { LookerProtocolError } from '../../src/looker/errors.js';
import {
  authorizationCodeRequest,
  narrowTokenGrant,
  needsRefresh,
  REFRESH_MARGIN_MS,
  REFRESH_TOKEN_LIFETIME_MS,
  refreshTokenRequest,
  refusedGrant,
  tokensFromGrant,
  type TokenRequest,
} from '../../src/looker/oauth-token.js';
import { SAMPLE_OAUTH_CLIENT, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { authorizeUrl } from '../../src/oauth/authorize-url.js';
import { createPkce, createState } from '../../src/oauth/pkce.js';
import { readRedirect } from '../../src/oauth/redirect.js';

const SETTINGS = {
  url: 'https://acme.cloud.looker.com:19999',
  clientId: 'looker-audit',
  redirectUri: 'http://127.0.0.1:7878/callback',
};
const SECRET = 'very-secret-token-value';

describe('token requests', () => {
  it('redeems a code at <API origin>/api/token (outside /api/4.0) with the documented JSON body', () => {
    expect(authorizationCodeRequest(SETTINGS, 'the-code', 'the-verifier')).toEqual({
      method: 'POST',
      url: 'https://acme.cloud.looker.com:19999/api/token',
      path: '/api/token',
      grantType: 'authorization_code',
      json: {
        grant_type: 'authorization_code',
        client_id: 'looker-audit',
        redirect_uri: 'http://127.0.0.1:7878/callback',
        code: 'the-code',
        code_verifier: 'the-verifier',
      },
    });
  });

  it('refreshes with grant_type refresh_token (and the redirect_uri, as Looker’s SDK sends it)', () => {
    const request = refreshTokenRequest(SETTINGS, 'the-refresh-token');
    expect(request.url).toBe('https://acme.cloud.looker.com:19999/api/token');
    expect(request.json).toEqual({
      grant_type: 'refresh_token',
      client_id: 'looker-audit',
      redirect_uri: 'http://127.0.0.1:7878/callback',
      refresh_token: 'the-refresh-token',
    });
  });
});

describe('narrowTokenGrant', () => {
  it('reads the AccessToken shape', () => {
    expect(narrowTokenGrant({ access_token: 'a', token_type: 'Bearer', expires_in: 3600, refresh_token: 'r' })).toEqual(
      { accessToken: 'a', tokenType: 'Bearer', expiresInSeconds: 3600, refreshToken: 'r' },
    );
    expect(narrowTokenGrant({ access_token: 'a', expires_in: 60, refresh_token: null }).refreshToken).toBeNull();
    expect(
      narrowTokenGrant({ access_token: 'a', token_type: 'bearer', expires_in: 60, refresh_token: '' }).refreshToken,
    ).toBeNull();
  });

  it.each([
    ['not an object', [SECRET], 'expected a JSON object'],
    ['no access_token', { expires_in: 60 }, 'no access_token'],
    ['an empty access_token', { access_token: '', expires_in: 60 }, 'no access_token'],
    ['another token type', { access_token: SECRET, token_type: 'mac', expires_in: 60 }, 'token_type is not Bearer'],
    ['no expires_in', { access_token: SECRET }, 'expires_in'],
    ['a text expires_in', { access_token: SECRET, expires_in: '3600' }, 'expires_in'],
    ['expires_in 0', { access_token: SECRET, expires_in: 0 }, 'expires_in'],
    ['a numeric refresh_token', { access_token: SECRET, expires_in: 60, refresh_token: 5 }, 'refresh_token'],
  ])('refuses %s with a LookerProtocolError that names the field, never a value', (_name, body, what) => {
    let thrown: unknown;
    try {
      narrowTokenGrant(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LookerProtocolError);
    expect((thrown as Error).message).toContain(what);
    expect((thrown as Error).message).toMatch(/^POST \/api\/token: /);
    expect((thrown as Error).message).not.toContain(SECRET);
  });
});

describe('refusedGrant', () => {
  it.each([
    [400, { error: 'invalid_grant', error_description: 'x' }, 'invalid_grant'],
    [401, { error: 'invalid_client' }, 'invalid_client'],
    [404, '<html>Not found</html>', null],
    [403, { message: 'Forbidden' }, null],
    [400, { error: '\u001b]8;;https://evil\u0007click' }, null],
  ])('reads %s %j as "log in again" (error %s)', (status, body, error) => {
    expect(refusedGrant(status, body)).toEqual({ error });
  });

  it.each([429, 500, 502, 503])('leaves %s to the retry policy', (status) => {
    expect(refusedGrant(status, { error: 'invalid_grant' })).toBeUndefined();
  });
});

describe('tokensFromGrant and needsRefresh', () => {
  const now = Date.UTC(2026, 10, 23, 12);
  const grant = { accessToken: 'a1', tokenType: 'Bearer' as const, expiresInSeconds: 3600, refreshToken: 'r1' };

  it('dates the access token by expires_in and the refresh token a month ahead', () => {
    expect(tokensFromGrant(grant, now)).toEqual({
      accessToken: 'a1',
      tokenType: 'Bearer',
      expiresAt: now + 3600_000,
      refreshToken: 'r1',
      refreshExpiresAt: now + REFRESH_TOKEN_LIFETIME_MS,
    });
  });

  it('replaces the refresh token with a rotated one, and keeps the old one (and its date) when none comes', () => {
    const first = tokensFromGrant(grant, now);
    const rotated = tokensFromGrant({ ...grant, accessToken: 'a2', refreshToken: 'r2' }, now + 1000, first);
    expect(rotated).toMatchObject({
      accessToken: 'a2',
      refreshToken: 'r2',
      refreshExpiresAt: now + 1000 + REFRESH_TOKEN_LIFETIME_MS,
    });
    const kept = tokensFromGrant({ ...grant, accessToken: 'a3', refreshToken: null }, now + 2000, rotated);
    expect(kept).toMatchObject({ accessToken: 'a3', refreshToken: 'r2', refreshExpiresAt: rotated.refreshExpiresAt });
    expect(tokensFromGrant({ ...grant, refreshToken: null }, now)).toMatchObject({
      refreshToken: null,
      refreshExpiresAt: null,
    });
  });

  it('counts a token within 5 minutes of its end as expired', () => {
    const tokens = tokensFromGrant(grant, now);
    expect(needsRefresh(tokens, now)).toBe(false);
    expect(needsRefresh(tokens, tokens.expiresAt - REFRESH_MARGIN_MS - 1)).toBe(false);
    expect(needsRefresh(tokens, tokens.expiresAt - REFRESH_MARGIN_MS)).toBe(true);
    expect(needsRefresh(tokens, tokens.expiresAt + 1)).toBe(true);
  });
});

describe('against the sample instance (got posting the built requests)', () => {
  let fake: FakeLooker;
  let clock = Date.UTC(2026, 10, 23, 12);
  beforeAll(async () => {
    fake = await startFakeLooker({ now: () => clock });
  });
  afterAll(() => fake.close());

  const post = (request: TokenRequest) =>
    got.post(request.url, { json: request.json, throwHttpErrors: false, retry: { limit: 0 }, responseType: 'json' });

  it('logs in, audits as the person, refreshes after expiry, and the old refresh token is then refused', async () => {
    const settings = { url: fake.url, webUrl: fake.url, ...SAMPLE_OAUTH_CLIENT };
    const pkce = createPkce();
    const state = createState();
    // The browser's part: follow /auth to its redirect, which a loopback listener would receive.
    const consent = await fetch(authorizeUrl(settings, pkce, state), { redirect: 'manual' });
    const { code } = readRedirect(new URL(consent.headers.get('location') ?? '').searchParams, state);

    const redeemed = await post(authorizationCodeRequest(settings, code, pkce.verifier));
    expect(redeemed.statusCode).toBe(200);
    const first = tokensFromGrant(narrowTokenGrant(redeemed.body), clock);
    const me = (access: string) =>
      got(`${fake.url}/api/4.0/user`, {
        headers: { authorization: `Bearer ${access}` },
        throwHttpErrors: false,
        retry: { limit: 0 },
      });
    expect((await me(first.accessToken)).statusCode).toBe(200);

    clock = first.expiresAt;
    expect(needsRefresh(first, clock)).toBe(true);
    expect((await me(first.accessToken)).statusCode).toBe(401);
    const refreshed = await post(refreshTokenRequest(settings, first.refreshToken ?? ''));
    expect(refreshed.statusCode).toBe(200);
    const second = tokensFromGrant(narrowTokenGrant(refreshed.body), clock, first);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await me(second.accessToken)).statusCode).toBe(200);

    const replay = await post(refreshTokenRequest(settings, first.refreshToken ?? ''));
    expect(refusedGrant(replay.statusCode, replay.body)).toEqual({ error: 'invalid_grant' });
  });

  it('a wrong verifier is a refused grant', async () => {
    const settings = { url: fake.url, webUrl: fake.url, ...SAMPLE_OAUTH_CLIENT };
    const state = createState();
    const consent = await fetch(authorizeUrl(settings, createPkce(), state), { redirect: 'manual' });
    const { code } = readRedirect(new URL(consent.headers.get('location') ?? '').searchParams, state);
    const reply = await post(authorizationCodeRequest(settings, code, createPkce().verifier));
    expect(refusedGrant(reply.statusCode, reply.body)).toEqual({ error: 'invalid_grant' });
  });
});
