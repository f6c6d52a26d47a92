/**
 * The config rules of `auth: oauth` accounts: the keys that only OAuth uses (`redirect_uri`, `web_url`), and no
 * client secret (Looker's OAuth for apps has none: https://cloud.google.com/looker/docs/api-cors).
 *
 * - `redirect_uri` is kept exactly as written: Looker compares it with the registered one character for character
 *   (a trailing `/` is a different URI). It must be `http://` on a loopback host with an explicit port, where
 *   the login listens (RFC 8252 §7.3), or `https://` (then the person pastes the address the browser was
 *   sent to). No query, fragment or user name.
 * - `web_url` is the UI host, where Looker serves `/auth`: the API host when not given. Like `url`, https unless
 *   the host is loopback or the account allows insecure http.
 *
 * No message quotes a value: a secret pasted into the wrong key must not reach a terminal or a CI log.
 */
import type { Problem } from './issues.js';
import { SECRET_KEYS } from './schema.js';
import { isLoopbackHost } from './url.js';

export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:7878/callback';
const OAUTH_ONLY_KEYS = ['redirect_uri', 'web_url'] as const;
const EXPLICIT_PORT = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*:\d+(?=[/?#]|$)/i;

export function redirectUriProblem(input: string): string | null {
  const text = input.trim();
  const example = `e.g. ${DEFAULT_REDIRECT_URI}`;
  if (!URL.canParse(text)) return `must be a URL (${example})`;
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `must be an http:// loopback or an https:// URL (${example})`;
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (text.includes('#')) return 'must not have a fragment (#...)';
  if (text.includes('?')) return "must not have a query string (Looker's answer comes back in it)";
  if (url.protocol === 'https:') return null;
  if (!isLoopbackHost(url.hostname))
    return `http:// is accepted only on this machine (127.0.0.1, [::1] or localhost), where the login listens; otherwise use https:// (${example})`;
  if (!EXPLICIT_PORT.test(text) || url.port === '0')
    return `must name the port the login listens on (${example}); register the same address with the OAuth app`;
  return null;
}

export function webUrlProblem(input: string, allowInsecureHttp: boolean): string | null {
  const text = input.trim();
  const example = 'e.g. https://acme.cloud.looker.com';
  if (!URL.canParse(text)) return `must be an https URL (${example})`;
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `must be an https URL (${example})`;
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (text.includes('?') || text.includes('#') || url.pathname.replace(/\/+$/, '') !== '')
    return `must be the Looker UI host only, without a path (${example})`;
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname))
    return 'must be an https URL: http:// is accepted only for loopback hosts or with allow_insecure_http: true';
  return null;
}

/** The OAuth problems of `accounts[i]` (the raw value, whatever its shape). */
export function authProblems(account: Readonly<Record<string, unknown>>, i: number): Problem[] {
  const problems: Problem[] = [];
  const at = (key: string) => ['accounts', i, key];
  if (account.auth === 'oauth') {
    for (const key of SECRET_KEYS.filter((k) => account[k] !== undefined))
      problems.push({ path: at(key), message: 'not used with auth: oauth (OAuth has no client secret): remove it' });
    if (typeof account.redirect_uri === 'string') {
      const problem = redirectUriProblem(account.redirect_uri);
      if (problem !== null) problems.push({ path: at('redirect_uri'), message: problem });
    }
    if (typeof account.web_url === 'string') {
      const problem = webUrlProblem(account.web_url, account.allow_insecure_http === true);
      if (problem !== null) problems.push({ path: at('web_url'), message: problem });
    }
    return problems;
  }
  // The API3 secret rules (exactly one source) are validate.ts's own.
  for (const key of OAUTH_ONLY_KEYS.filter((k) => account[k] !== undefined))
    problems.push({ path: at(key), message: 'is used only with auth: oauth' });
  return problems;
}
