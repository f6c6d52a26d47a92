/**
 * An account's `url` -> the API origin the looker/ client prefixes with `/api/4.0`.
 *
 * Tolerated: a trailing `/`, an `/api/4.0` suffix (people paste the API URL from the admin page), an explicit port
 * (AWS-hosted instances from before 2020-07-07 serve the API on :19999; Google doc "Admin settings - API").
 * Refused: any other path, a query or fragment, and userinfo. `user:pass@host` would put a secret in every URL
 * the tool logs, so it is refused and the input is never echoed: no message here quotes the input at all.
 * `http://` is refused unless the host is loopback (tests, demo) or the account sets `allow_insecure_http`,
 * because the login form body carries the client secret, which must never cross a network in clear text.
 */
import { isIP } from 'node:net';

export type NormalisedUrl = { readonly url: string } | { readonly problem: string };

const EXAMPLE = 'e.g. https://acme.cloud.looker.com';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '::ffff:7f00:1';
  return false;
}

export function normaliseLookerUrl(input: string, opts: { allowInsecureHttp?: boolean } = {}): NormalisedUrl {
  const text = input.trim();
  if (text === '') return { problem: `must be an https URL (${EXAMPLE})` };
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { problem: `must be an https URL (${EXAMPLE})` };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    // `acme.looker.com:19999` parses with the "protocol" `acme.looker.com:`: the scheme is missing.
    return { problem: `must be an https URL starting with https:// (${EXAMPLE})` };
  }
  if (parsed.username !== '' || parsed.password !== '' || /^[a-z]+:\/\/[^/?#]*@/i.test(text)) {
    return { problem: 'must not contain a user name or password (user:pass@): give the secret with client_secret_env' };
  }
  if (parsed.hostname === '') return { problem: `must name a host (${EXAMPLE})` };
  if (text.includes('?')) return { problem: 'must not have a query string' };
  if (text.includes('#')) return { problem: 'must not have a fragment (#...)' };

  const pathname = parsed.pathname.replace(/\/+$/, '');
  if (pathname !== '' && pathname !== '/api/4.0') {
    return /^\/api\/\d/.test(pathname)
      ? {
          problem:
            'must use API 4.0: API 3.x was removed in Looker 23.18 (give the host only, e.g. https://acme.cloud.looker.com:19999)',
        }
      : { problem: 'must be the API host only, without a path (":19999" and "/api/4.0" are tolerated)' };
  }
  if (parsed.protocol === 'http:' && !opts.allowInsecureHttp && !isLoopbackHost(parsed.hostname)) {
    return {
      problem: 'must be an https URL: http:// is accepted only for loopback hosts or with allow_insecure_http: true',
    };
  }
  // `origin` lower-cases scheme and host, and drops a default port (https://host:443 -> https://host).
  return { url: parsed.origin };
}

/**
 * What two accounts on one instance share, from a normalised URL (an origin): scheme, host without a final dot,
 * port. `https://ACME.looker.com:443/api/4.0/` and `https://acme.looker.com.` are one instance.
 */
export function sameInstanceKey(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname.replace(/\.$/, '')}${url.port === '' ? '' : `:${url.port}`}`;
}

/**
 * An account's `proxy:` -> the reason it is unusable, or null. `none` bypasses every proxy. The value may hold
 * a user name and password (they are secrets), so no message quotes it.
 */
export function proxyUrlProblem(input: string): string | null {
  const text = input.trim();
  if (text.toLowerCase() === 'none') return null;
  // `proxy.corp:3128` parses with the "protocol" `proxy.corp:`: the scheme is missing.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return 'must be a proxy URL like http://proxy.example.com:3128, or none';
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return 'must be a proxy URL like http://proxy.example.com:3128, or none';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return 'must be an http:// or https:// proxy URL (other proxy kinds are not supported), or none';
  if (parsed.hostname === '') return 'must name the proxy host (http://proxy.example.com:3128)';
  if (parsed.pathname.replace(/\/+$/, '') !== '' || parsed.search !== '' || parsed.hash !== '')
    return 'must be the proxy host and port only, without a path or query';
  return null;
}
