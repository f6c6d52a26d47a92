/**
 * The address the browser is sent to: `<web_url>/auth?...` on Looker's UI host, which differs from the API host on
 * self-hosted instances (API on :19999). Parameters as Google documents them ("Looker API authentication using
 * OAuth", https://cloud.google.com/looker/docs/api-cors) and Looker's SDK sends them (sdk-codegen
 * packages/sdk-rtl/src/oauthSession.ts, createAuthCodeRequestUrl): `scope=cors_api` is the only scope Looker is
 * known to accept.
 */
import type { Pkce } from './pkce.js';

export interface AuthorizeSettings {
  /** The UI origin, e.g. `https://acme.cloud.looker.com`. */
  readonly webUrl: string;
  readonly clientId: string;
  readonly redirectUri: string;
}

export const OAUTH_SCOPE = 'cors_api';

export function authorizeUrl(
  settings: AuthorizeSettings,
  pkce: Pick<Pkce, 'challenge' | 'method'>,
  state: string,
): string {
  const url = new URL('/auth', settings.webUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: settings.redirectUri,
    scope: OAUTH_SCOPE,
    state,
    code_challenge_method: pkce.method,
    code_challenge: pkce.challenge,
  }).toString();
  return url.href;
}
