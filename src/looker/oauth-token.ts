/**
 * Looker's OAuth token endpoint as pure functions: the two requests (redeem an authorization code, refresh) and
 * the narrowing of what comes back. The HTTP call itself goes through the client's transport; nothing here sends.
 *
 * Facts (Google, "Looker API authentication using OAuth", https://cloud.google.com/looker/docs/api-cors):
 * - `POST /api/token` exists only on the API host, outside `/api/4.0`, and takes a JSON body
 *   (`grant_type`, `client_id`, `redirect_uri`, `code`, `code_verifier`); there is no client secret.
 * - The answer is the AccessToken shape (`access_token`, `token_type`, `expires_in`, `refresh_token`), and a
 *   refresh token lives one month.
 * - The refresh body is `grant_type: refresh_token` with `client_id` and `refresh_token`. Looker's own SDK also
 *   sends `redirect_uri` (sdk-codegen packages/sdk-rtl/src/oauthSession.ts, getToken); looker-cli does not, so
 *   both are accepted: it is sent, as the SDK does.
 * - Refresh tokens are treated as rotating: a new one replaces the old. When an answer carries none, the old one
 *   is kept (looker-cli, internal/client/oauth.go, RefreshOAuthToken).
 * - How Looker words a refused grant is not documented: RFC 6749 section 5.2 says 400 with `error:
 *   invalid_grant`. Any 400/401/403/404 answer to a token request is read as "log in again"; 429 and 5xx are the
 *   retry policy's.
 *
 * No message here quotes a token, a code, a verifier or the body: only field names.
 */
import { LookerProtocolError } from './errors.js';

export const TOKEN_PATH = '/api/token';

/** What a token request needs of an `auth: oauth` account. */
export interface OAuthClientSettings {
  /** The API origin (no `/api/4.0`), e.g. `https://acme.cloud.looker.com`. */
  readonly url: string;
  /** The registered app's client_guid. */
  readonly clientId: string;
  /** Exactly as registered with the app. */
  readonly redirectUri: string;
}

export interface TokenRequest {
  readonly method: 'POST';
  /** `<API origin>/api/token`. */
  readonly url: string;
  readonly path: typeof TOKEN_PATH;
  readonly grantType: 'authorization_code' | 'refresh_token';
  /** The JSON body: every value in it but client_id and redirect_uri is a secret. */
  readonly json: Readonly<Record<string, string>>;
}

function tokenUrl(settings: OAuthClientSettings): string {
  return new URL(TOKEN_PATH, settings.url).href;
}

export function authorizationCodeRequest(settings: OAuthClientSettings, code: string, verifier: string): TokenRequest {
  return {
    method: 'POST',
    url: tokenUrl(settings),
    path: TOKEN_PATH,
    grantType: 'authorization_code',
    json: {
      grant_type: 'authorization_code',
      client_id: settings.clientId,
      redirect_uri: settings.redirectUri,
      code,
      code_verifier: verifier,
    },
  };
}

export function refreshTokenRequest(settings: OAuthClientSettings, refreshToken: string): TokenRequest {
  return {
    method: 'POST',
    url: tokenUrl(settings),
    path: TOKEN_PATH,
    grantType: 'refresh_token',
    json: {
      grant_type: 'refresh_token',
      client_id: settings.clientId,
      redirect_uri: settings.redirectUri,
      refresh_token: refreshToken,
    },
  };
}

/** A 200 answer of the token endpoint, narrowed. */
export interface TokenGrant {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresInSeconds: number;
  /** Null when the answer carries none (the previous one then stays in use). */
  readonly refreshToken: string | null;
}

const protocol = (what: string) => new LookerProtocolError(`POST ${TOKEN_PATH}: ${what}`);

/** Throws LookerProtocolError naming the field that is wrong, never its value. */
export function narrowTokenGrant(body: unknown): TokenGrant {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw protocol('expected a JSON object (AccessToken)');
  const {
    access_token: access,
    token_type: type,
    expires_in: expiresIn,
    refresh_token: refresh,
  } = body as Record<string, unknown>;
  if (typeof access !== 'string' || access === '') throw protocol('no access_token in the response');
  // The spec declares token_type; an answer without it is read as Bearer, the only type Looker issues.
  if (type !== undefined && (typeof type !== 'string' || type.toLowerCase() !== 'bearer'))
    throw protocol('token_type is not Bearer');
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0)
    throw protocol('expires_in is not a positive number of seconds');
  if (refresh !== undefined && refresh !== null && typeof refresh !== 'string')
    throw protocol('refresh_token is not a string');
  return {
    accessToken: access,
    tokenType: 'Bearer',
    expiresInSeconds: expiresIn,
    refreshToken: typeof refresh === 'string' && refresh !== '' ? refresh : null,
  };
}

/**
 * A non-200 answer to a token request that means the grant itself is refused (expired, revoked, already used,
 * wrong verifier or redirect): the person must log in again. `error` is the RFC 6749 error code when the body
 * carries a well-formed one (it is remote text: only `[a-z_]` names are kept). Undefined: not a refusal (429,
 * 5xx), for the retry policy.
 */
export function refusedGrant(status: number, body: unknown): { readonly error: string | null } | undefined {
  if (![400, 401, 403, 404].includes(status)) return undefined;
  const error =
    body !== null && typeof body === 'object' && 'error' in body ? (body as { error: unknown }).error : undefined;
  return { error: typeof error === 'string' && /^[a-z_]{1,64}$/.test(error) ? error : null };
}

/** One account's tokens as kept between runs. Times are epoch milliseconds. */
export interface OAuthTokens {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresAt: number;
  readonly refreshToken: string | null;
  /** When the refresh token stops working, as far as we know (Looker: one month after it was issued). */
  readonly refreshExpiresAt: number | null;
}

/** "A refresh_token has a one-month lifetime" (the Looker OAuth page above); 30 days is read as that month. */
export const REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** A grant -> the tokens to keep; with no new refresh token the previous one (and its expiry) stays. */
export function tokensFromGrant(grant: TokenGrant, now: number, previous?: OAuthTokens): OAuthTokens {
  const refreshToken = grant.refreshToken ?? previous?.refreshToken ?? null;
  return {
    accessToken: grant.accessToken,
    tokenType: grant.tokenType,
    expiresAt: now + grant.expiresInSeconds * 1000,
    refreshToken,
    refreshExpiresAt:
      grant.refreshToken !== null ? now + REFRESH_TOKEN_LIFETIME_MS : (previous?.refreshExpiresAt ?? null),
  };
}

/**
 * Refresh ahead of expiry: a token within this margin of its end counts as expired, so a long run (a large
 * instance pages for minutes) never sends one that dies in flight. looker-cli uses the same 5 minutes.
 */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export function needsRefresh(
  tokens: Pick<OAuthTokens, 'expiresAt'>,
  now: number,
  marginMs = REFRESH_MARGIN_MS,
): boolean {
  return now >= tokens.expiresAt - marginMs;
}
