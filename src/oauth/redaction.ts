/**
 * What an OAuth login adds to the secrets the client removes from every piece of server text (an authenticator's
 * AuthIo.conceal, over looker/redact.ts createSecretSet): the access and refresh tokens of every grant (a rotated
 * refresh token too), and during the login the authorization code and the PKCE verifier. The state and the code challenge are
 * not secrets: they travel in the /auth URL, which is printed for the person to open when no browser can be.
 */
import type { OAuthTokens } from '../looker/oauth-token.js';

export interface OAuthSecretParts {
  readonly tokens?: Pick<OAuthTokens, 'access' | 'refreshToken'>;
  readonly code?: string;
  readonly verifier?: string;
}

/** The values to add to the account's SecretSet, empty ones left out. */
export function oauthSecrets(parts: OAuthSecretParts): string[] {
  return [parts.tokens?.access.value, parts.tokens?.refreshToken, parts.code, parts.verifier].filter(
    (value): value is string => typeof value === 'string' && value !== '',
  );
}

/** An Authorization header as `-v` may show it: the scheme, never the credential (`Bearer <redacted>`). */
export function redactedAuthorization(header: string): string {
  const scheme = /^\s*([A-Za-z][A-Za-z0-9-]*)\s/.exec(header)?.[1];
  return scheme === undefined ? '<redacted>' : `${scheme} <redacted>`;
}
