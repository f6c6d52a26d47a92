/**
 * Looker's OAuth token endpoint as pure functions: the two requests (redeem an authorization code, refresh) as
 * ApiRequests for the client's transport, and what their answers mean. Nothing here sends.
 *
 * Facts (Google, "Looker API authentication using OAuth", https://cloud.google.com/looker/docs/api-cors):
 * - `POST /api/token` exists only on the API host, outside `/api/4.0`, and takes a JSON body
 *   (`grant_type`, `client_id`, `redirect_uri`, `code`, `code_verifier`); there is no client secret.
 * - The answer is the AccessToken shape (read by authenticator.ts readTokenAnswer, as a login's is), and a refresh
 *   token lives one month.
 * - The refresh body is `grant_type: refresh_token` with `client_id` and `refresh_token`. Looker's own SDK also
 *   sends `redirect_uri` (sdk-codegen packages/sdk-rtl/src/oauthSession.ts, getToken); looker-cli does not, so
 *   both are accepted: it is sent, as the SDK does.
 * - Refresh tokens are treated as rotating: a new one replaces the old. When an answer carries none, the old one
 *   is kept (looker-cli, internal/client/oauth.go, RefreshOAuthToken).
 * - Both requests are sent once, never retried: a code is single use (RFC 6749 §4.1.2: a second attempt
 *   is refused and may revoke what the first one gave) and a refresh token rotates, so a second copy of either is
 *   refused even when the first was lost.
 * - How Looker words a refused grant is not documented: RFC 6749 §5.2 says 400 with `error:
 *   invalid_grant`. Any 400/401/403/404 answer to a token request is read as "log in again"; 429 and 5xx are
 *   errors like any other.
 *
 * No message here quotes a token, a code, a verifier or a body.
 */
import type { AccessToken } from './authenticator.js';
import type { Answer, ApiRequest } from './request.js';

export const TOKEN_PATH = '/api/token';

/** What a token request needs of an `auth: oauth` account. */
export interface OAuthClientSettings {
  /** The registered app's client_guid. */
  readonly clientId: string;
  /** Exactly as registered with the app. */
  readonly redirectUri: string;
}

/** Every value in the body but client_id and redirect_uri is a secret. */
export function authorizationCodeRequest(settings: OAuthClientSettings, code: string, verifier: string): ApiRequest {
  return {
    method: 'POST',
    path: TOKEN_PATH,
    kind: 'once',
    json: {
      grant_type: 'authorization_code',
      client_id: settings.clientId,
      redirect_uri: settings.redirectUri,
      code,
      code_verifier: verifier,
    },
  };
}

export function refreshTokenRequest(settings: OAuthClientSettings, refreshToken: string): ApiRequest {
  return {
    method: 'POST',
    path: TOKEN_PATH,
    kind: 'once',
    json: {
      grant_type: 'refresh_token',
      client_id: settings.clientId,
      redirect_uri: settings.redirectUri,
      refresh_token: refreshToken,
    },
  };
}

/**
 * An answer to a token request that means the grant itself is refused (expired, revoked, already used, wrong
 * verifier or redirect): the person must log in again. `error` is the RFC 6749 error code when the body carries a
 * well-formed one (it is remote text: only `[a-z_]` names are kept). Undefined: not a refusal.
 */
export function refusedGrant(
  answer: Pick<Answer, 'statusCode' | 'body'>,
): { readonly error: string | null } | undefined {
  if (![400, 401, 403, 404].includes(answer.statusCode)) return undefined;
  let error: unknown;
  try {
    const body = JSON.parse(answer.body) as unknown;
    error = body !== null && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  } catch {
    // Not JSON (a proxy's page): still a refusal, without a code.
  }
  return { error: typeof error === 'string' && /^[a-z_]{1,64}$/.test(error) ? error : null };
}

/** One account's tokens as kept between runs. Times are epoch milliseconds. */
export interface OAuthTokens {
  readonly access: AccessToken;
  readonly refreshToken: string | null;
  /** When the refresh token stops working, as far as we know (Looker: one month after it was issued). */
  readonly refreshExpiresAt: number | null;
}

/** "A refresh_token has a one-month lifetime" (the Looker OAuth page above); 30 days is read as that month. */
export const REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * A token answer (readTokenAnswer's) -> the tokens to keep: a new refresh token replaces the previous one and is
 * dated a month ahead; with none, the previous one and its date stay.
 */
export function tokensFromAnswer(
  answer: { readonly token: AccessToken; readonly refreshToken: string | null },
  now: number,
  previous?: OAuthTokens,
): OAuthTokens {
  if (answer.refreshToken !== null)
    return {
      access: answer.token,
      refreshToken: answer.refreshToken,
      refreshExpiresAt: now + REFRESH_TOKEN_LIFETIME_MS,
    };
  return {
    access: answer.token,
    refreshToken: previous?.refreshToken ?? null,
    refreshExpiresAt: previous?.refreshExpiresAt ?? null,
  };
}
