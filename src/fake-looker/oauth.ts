/**
 * OAuth login on the sample instance: `GET /auth` (Looker serves it on the UI host) and `POST /api/token` (on the
 * API host, outside /api/4.0), as Google describes them in "Looker API authentication using OAuth"
 * (https://cloud.google.com/looker/docs/api-cors): authorization code with PKCE S256, no client secret, a JSON
 * token body, one-month refresh tokens. Where Looker's behaviour is not documented the fake follows RFC 6749 and
 * RFC 7636, strictly, so that a client that works here does what the standards require:
 *
 * - `/auth` consents at once, as the instance's first user (its admin, the same user `GET /user` returns). An
 *   unknown or disabled client_id, or a redirect_uri that differs from the registered one in any character, is
 *   answered 400 and never redirected (RFC 6749 4.1.2.1; the spec: a mismatch "is assumed to be a forgery and is
 *   rejected"). Other problems (no PKCE, a method other than S256, another response_type or scope) are redirected
 *   back with `error=` and the state.
 * - Codes are single use and short-lived; a code presented twice also revokes what it was exchanged for
 *   (RFC 6749 4.1.2). The verifier is checked here with its own SHA-256, not with the client's PKCE module, so a
 *   mistake there cannot hide behind the same mistake here.
 * - Refresh tokens rotate: a refresh answers a new one and the old one is refused with `invalid_grant` from then
 *   on. Logout ends the session's refresh token with its access token (sdk-codegen oauthSession.ts, logout:
 *   "logout destroys the access_token AND the refresh_token").
 * - Access tokens go into the server's token table, so `Authorization: Bearer <t>`, expiry by the injected clock,
 *   401 after expiry and `DELETE /api/4.0/logout` work as for API3 tokens.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Body } from './body.js';
import type { FakeOAuthApp, Organisation } from './org.js';

export interface OAuthServerOptions {
  readonly org: Organisation;
  readonly now: () => number;
  /** The access token lifetime, as for API3 logins (AccessToken.expires_in). */
  readonly accessTtlSeconds: number;
  /** How long a code may wait to be redeemed (default 60 s; RFC 6749 4.1.2 recommends at most 10 minutes). */
  readonly codeTtlSeconds?: number;
  /** Default 30 days: "A refresh_token has a one-month lifetime". */
  readonly refreshTtlSeconds?: number;
  /** Puts a new access token for the app into the server's token table. */
  readonly issueAccessToken: (clientId: string) => string;
  readonly revokeAccessToken: (token: string) => void;
}

export interface OAuthAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface OAuthServer {
  /** `GET /auth` and `POST /api/token`; undefined for every other request. */
  serve(
    method: string,
    path: string,
    query: Readonly<Record<string, string>>,
    body: Body,
    contentType: string,
  ): OAuthAnswer | undefined;
  /** The session of this access token was logged out: its refresh token ends too. */
  loggedOut(accessToken: string): void;
  /** Honours a refresh token chosen by the caller (tests that must know every secret value in play). */
  adoptRefreshToken(clientId: string, refreshToken: string, accessToken: string): void;
  /** Refresh tokens that would still be honoured (by the injected clock). */
  liveRefreshTokens(clientId?: string): number;
}

interface PendingCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly expiresAt: number;
  used: boolean;
}

interface RefreshGrant {
  readonly clientId: string;
  readonly expiresAt: number;
  /** The code this chain of refresh tokens started from (revoked together if that code is replayed). */
  readonly family: string;
  accessToken: string;
}

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };
const secret = () => randomBytes(24).toString('base64url');

/** RFC 6749 5.2: 400 (401 for the client) with `error` and `error_description`. */
const tokenError = (error: string, description: string, status = 400): OAuthAnswer => ({
  status,
  body: { error, error_description: description },
  headers: NO_STORE,
});

/** The browser is sent back to the app with these parameters (RFC 6749 4.1.2 and 4.1.2.1). */
function redirectTo(redirectUri: string, params: Record<string, string | undefined>): OAuthAnswer {
  const target = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) target.searchParams.append(key, value);
  return { status: 302, headers: { location: target.href, ...NO_STORE } };
}

export function createOAuthServer(options: OAuthServerOptions): OAuthServer {
  const { org, now } = options;
  const codeTtlMs = (options.codeTtlSeconds ?? 60) * 1000;
  const refreshTtlMs = (options.refreshTtlSeconds ?? 30 * 24 * 3600) * 1000;
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Map<string, RefreshGrant>();
  const appOf = (clientId: string | undefined): FakeOAuthApp | undefined =>
    clientId === undefined ? undefined : org.oauth_client_apps?.find((a) => a.client_guid === clientId && a.enabled);

  function authorize(query: Readonly<Record<string, string>>): OAuthAnswer {
    const app = appOf(query.client_id);
    // Never redirect to an address the app did not register: the answer stays in the browser.
    if (!app) return { status: 400, body: { message: 'Unknown or disabled OAuth client application' } };
    if (query.redirect_uri !== app.redirect_uri)
      return { status: 400, body: { message: 'redirect_uri does not match the registered one' } };
    const back = (params: Record<string, string | undefined>) =>
      redirectTo(app.redirect_uri, { ...params, state: query.state });
    if (query.response_type !== 'code')
      return back({ error: 'unsupported_response_type', error_description: 'response_type must be code' });
    if (query.scope !== 'cors_api')
      return back({ error: 'invalid_scope', error_description: 'scope must be cors_api' });
    if (query.code_challenge_method !== 'S256')
      return back({ error: 'invalid_request', error_description: 'code_challenge_method S256 is required' });
    if (query.code_challenge === undefined || !CHALLENGE.test(query.code_challenge))
      return back({ error: 'invalid_request', error_description: 'code_challenge is missing or malformed' });
    const user = org.users[0];
    if (!user || (app.group_id !== null && !user.group_ids.includes(app.group_id)))
      return back({ error: 'access_denied', error_description: 'the user may not use this application' });
    if (!app.activated_user_ids.includes(user.id)) app.activated_user_ids.push(user.id);
    const code = secret();
    codes.set(code, {
      clientId: app.client_guid,
      redirectUri: app.redirect_uri,
      challenge: query.code_challenge,
      expiresAt: now() + codeTtlMs,
      used: false,
    });
    return back({ code });
  }

  function grantTokens(clientId: string, family: string): OAuthAnswer {
    const accessToken = options.issueAccessToken(clientId);
    const refreshToken = secret();
    refreshTokens.set(refreshToken, { clientId, expiresAt: now() + refreshTtlMs, family, accessToken });
    return {
      status: 200,
      body: {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: options.accessTtlSeconds,
        refresh_token: refreshToken,
      },
      headers: NO_STORE,
    };
  }

  function revokeFamily(family: string): void {
    for (const [token, grant] of refreshTokens) {
      if (grant.family !== family) continue;
      options.revokeAccessToken(grant.accessToken);
      refreshTokens.delete(token);
    }
  }

  function redeemCode(fields: Readonly<Record<string, string>>): OAuthAnswer {
    const { code, code_verifier: verifier, redirect_uri: redirectUri } = fields;
    if (code === undefined || verifier === undefined || redirectUri === undefined)
      return tokenError('invalid_request', 'code, code_verifier and redirect_uri are required');
    const pending = codes.get(code);
    if (!pending || pending.clientId !== fields.client_id)
      return tokenError('invalid_grant', 'unknown authorization code');
    if (pending.used) {
      revokeFamily(code);
      return tokenError('invalid_grant', 'authorization code already used');
    }
    // Spent by any attempt: a wrong verifier does not leave the code open to more guesses.
    pending.used = true;
    if (now() >= pending.expiresAt) return tokenError('invalid_grant', 'authorization code expired');
    if (redirectUri !== pending.redirectUri) return tokenError('invalid_grant', 'redirect_uri does not match');
    if (!VERIFIER.test(verifier) || createHash('sha256').update(verifier).digest('base64url') !== pending.challenge)
      return tokenError('invalid_grant', 'code_verifier does not match the code_challenge');
    return grantTokens(pending.clientId, code);
  }

  function refresh(fields: Readonly<Record<string, string>>): OAuthAnswer {
    const presented = fields.refresh_token;
    if (presented === undefined) return tokenError('invalid_request', 'refresh_token is required');
    const grant = refreshTokens.get(presented);
    if (!grant || grant.clientId !== fields.client_id) return tokenError('invalid_grant', 'unknown refresh token');
    refreshTokens.delete(presented);
    if (now() >= grant.expiresAt) return tokenError('invalid_grant', 'refresh token expired');
    return grantTokens(grant.clientId, grant.family);
  }

  function token(body: Body, contentType: string): OAuthAnswer {
    // The documented body is JSON; a form body is refused, so a client that sends one is caught here.
    if (!contentType.includes('json') || body.invalid)
      return tokenError('invalid_request', 'the body must be a JSON object (Content-Type: application/json)');
    const fields = body.fields;
    if (!appOf(fields.client_id)) return tokenError('invalid_client', 'unknown or disabled client_id', 401);
    switch (fields.grant_type) {
      case 'authorization_code':
        return redeemCode(fields);
      case 'refresh_token':
        return refresh(fields);
      default:
        return tokenError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
    }
  }

  return {
    serve: (method, path, query, body, contentType) => {
      if (path === '/auth' && method === 'GET') return authorize(query);
      if (path === '/api/token' && method === 'POST') return token(body, contentType);
      return undefined;
    },
    adoptRefreshToken: (clientId, refreshToken, accessToken) => {
      refreshTokens.set(refreshToken, { clientId, expiresAt: now() + refreshTtlMs, family: refreshToken, accessToken });
    },
    loggedOut: (accessToken) => {
      for (const [token, grant] of refreshTokens) if (grant.accessToken === accessToken) refreshTokens.delete(token);
    },
    liveRefreshTokens: (clientId) =>
      [...refreshTokens.values()].filter(
        (g) => now() < g.expiresAt && (clientId === undefined || g.clientId === clientId),
      ).length,
  };
}
