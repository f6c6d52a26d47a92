/**
 * The transport of one account: its own got instance (base URL, timeout, TLS, proxy), one request sent and its
 * answer read, bounded and decoded. No retry, no counting, no session: those are the sender's and the session's.
 *
 * - Proxies: the account's `proxy:` (a URL, or `none`), else HTTPS_PROXY / HTTP_PROXY / NO_PROXY, either case,
 *   the lower-case one first (as curl and proxy-from-env read them); an https URL falls back to HTTP_PROXY when no
 *   HTTPS_PROXY is set, as npm does. The tunnels are https-proxy-agent's (the proxy-agents family), not
 *   hand-written CONNECT code.
 * - Loopback hosts are never sent to a proxy taken from the environment: a remote proxy cannot reach this
 *   machine's 127.0.0.1, and `demo` must work in a shell that exports a corporate HTTPS_PROXY. An account's own
 *   `proxy:` is always used.
 * - CAs: got's `certificateAuthority` (Node's `ca`) *replaces* the trusted store, so `ca_file` alone would drop
 *   every public root and NODE_EXTRA_CA_CERTS. Node reads NODE_EXTRA_CA_CERTS only at start-up into its default
 *   store, and Node 20 has no tls.getCACertificates() to read that store back, so the list is built explicitly:
 *   tls.rootCertificates (Node's bundled roots), the NODE_EXTRA_CA_CERTS file, then the account's ca_file.
 */
import { readFileSync } from 'node:fs';
import type { Agent as HttpAgent, IncomingHttpHeaders } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import got, { type Got } from 'got';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { AccountConfig } from '../config/types.js';
import { isLoopbackHost } from '../config/url.js';
import { ResponseTooLargeError } from './errors.js';
import { displayProxy, proxyCredentials } from './redact.js';
import type { Answer, ApiRequest } from './request.js';

/** Where a proxy setting came from, for messages (never its value: it may hold credentials). */
export interface ProxyChoice {
  readonly url: string;
  readonly source: string;
}

const envValue = (env: NodeJS.ProcessEnv, name: string): { name: string; value: string } | undefined => {
  for (const key of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[key]?.trim();
    if (value) return { name: key, value };
  }
  return undefined;
};

/** NO_PROXY as curl reads it: `*`, or host names (a leading `.` or `*.` optional) that also match subdomains. */
export function bypassesProxy(target: URL, env: NodeJS.ProcessEnv): boolean {
  const list = envValue(env, 'no_proxy')?.value.toLowerCase();
  if (!list) return false;
  const host = target.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return list.split(/[\s,]+/).some((raw) => {
    if (raw === '') return false;
    if (raw === '*') return true;
    const withPort = /^(.*?)(?::(\d+))?$/.exec(raw.replace(/^\[(.*)\](:\d+)?$/, '$1$2'));
    const name = (withPort?.[1] ?? raw).replace(/^\*?\./, '');
    const entryPort = withPort?.[2];
    if (name === '' || (entryPort !== undefined && entryPort !== port)) return false;
    return host === name || host.endsWith(`.${name}`);
  });
}

/**
 * The proxy for requests to `target`, or undefined for a direct connection. `accountProxy` is the account's
 * `proxy:` ('none' to bypass every proxy).
 */
export function chooseProxy(
  target: URL,
  accountProxy: string | undefined,
  env: NodeJS.ProcessEnv,
): ProxyChoice | undefined {
  if (accountProxy === 'none') return undefined;
  if (accountProxy !== undefined) return { url: accountProxy, source: 'the proxy key' };
  if (isLoopbackHost(target.hostname) || bypassesProxy(target, env)) return undefined;
  const found =
    target.protocol === 'https:'
      ? (envValue(env, 'https_proxy') ?? envValue(env, 'http_proxy'))
      : envValue(env, 'http_proxy');
  if (found === undefined) return undefined;
  // curl and npm accept `host:port` without a scheme and read it as http.
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(found.value) ? found.value : `http://${found.value}`;
  return { url, source: found.name };
}

/** A proxy URL the agents can use, or the reason it cannot be (never quoting it: it may hold a password). */
export function proxyProblem(choice: ProxyChoice): string | null {
  let url: URL;
  try {
    url = new URL(choice.url);
  } catch {
    return `${choice.source} is not a valid proxy URL (expected http://host:port)`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `${choice.source}: only http:// and https:// proxies are supported (not ${url.protocol.replace(':', '')})`;
  if (url.hostname === '') return `${choice.source}: the proxy URL names no host`;
  try {
    // https-proxy-agent decodes them for the Proxy-Authorization header: a bad escape would throw mid-request.
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    return `${choice.source}: the proxy URL's user name or password has a malformed %-escape`;
  }
  return null;
}

/**
 * One agent for the whole account: a CONNECT tunnel through the proxy, for https targets and for the rare plain
 * http one (`allow_insecure_http`) alike. Plain forwarding (http-proxy-agent 7 and 9) was tried and dropped: with
 * got 14 it sends a POST's request head twice (the head, the form body, then the head again), so the proxy
 * answered the login 400 (test/looker/network.test.ts proves the tunnel for both).
 */
export function proxyAgents(target: URL, proxyUrl: string): { http?: HttpAgent; https?: HttpsAgent } {
  // keepAlive: tunnels are reused across the pages of one audit, like got's default agents do. The TLS options of
  // the request (ca, rejectUnauthorized) reach the TLS connection inside the tunnel (https-proxy-agent connect()).
  const agent = new HttpsProxyAgent(proxyUrl, { keepAlive: true });
  return target.protocol === 'https:' ? { https: agent as unknown as HttpsAgent } : { http: agent };
}

/**
 * The CA list for an account with a `ca_file`, or undefined to keep Node's default store (which already holds
 * the bundled roots and NODE_EXTRA_CA_CERTS). Throws a message naming the file when it cannot be read.
 */
export function trustedCertificates(
  caFile: string | undefined,
  env: NodeJS.ProcessEnv,
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): string[] | undefined {
  if (caFile === undefined) return undefined;
  const extra: string[] = [];
  const extraFile = env.NODE_EXTRA_CA_CERTS;
  if (extraFile) {
    try {
      extra.push(read(extraFile));
    } catch {
      // Node itself already warned at start-up that it could not load this file, and ignored it: so do we.
    }
  }
  let own: string;
  try {
    own = read(caFile);
  } catch (error) {
    const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : 'read failed';
    throw new Error(`cannot read ca_file ${caFile}: ${code === 'ENOENT' ? 'no such file' : code}`);
  }
  if (!own.includes('-----BEGIN CERTIFICATE-----'))
    throw new Error(`ca_file ${caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return [...rootCertificates, ...extra, own];
}

export const DEFAULT_MAX_RESPONSE_MB = 512;

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

/**
 * A raw body (got's own decompression is off, so every byte that arrives is counted against the limit) decoded
 * per Content-Encoding, never to more than `maxBytes`: a gzip bomb stops at the limit instead of filling memory.
 */
export async function decodeBody(raw: Buffer, contentEncoding: unknown, maxBytes: number): Promise<string> {
  const encoding = String(contentEncoding ?? '')
    .trim()
    .toLowerCase();
  const options = { maxOutputLength: maxBytes };
  let decoded: Buffer;
  try {
    if (encoding === '' || encoding === 'identity') decoded = raw;
    else if (encoding === 'gzip' || encoding === 'x-gzip') decoded = await gunzip(raw, options);
    // "deflate" is zlib-wrapped per RFC 9110, but some servers send it raw.
    else if (encoding === 'deflate') decoded = await inflate(raw, options).catch(() => inflateRaw(raw, options));
    else if (encoding === 'br') decoded = await brotli(raw, options);
    else throw Object.assign(new Error('unsupported content-encoding'), { code: 'ERR_INVALID_CONTENT_ENCODING' });
  } catch (error) {
    const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : '';
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new ResponseTooLargeError(true);
    if (code === 'ERR_INVALID_CONTENT_ENCODING') throw error;
    throw Object.assign(new Error('corrupt compressed body'), { code: 'ERR_INVALID_CONTENT_ENCODING' });
  }
  if (decoded.length > maxBytes) throw new ResponseTooLargeError(encoding !== '' && encoding !== 'identity');
  return decoded.toString('utf8');
}

export interface Transport {
  /** Why this account cannot send anything (a bad proxy URL, an unreadable ca_file), or null. */
  readonly problem: string | null;
  /** The proxy fit to print (scheme, host and port), or undefined for a direct connection. */
  readonly shownProxy: string | undefined;
  /** The proxy's user name and password in every form a server could echo: secrets like the client secret. */
  readonly secrets: readonly string[];
  /**
   * Sends `request` and reads its answer within `timeoutMs`. `cancellable` is given the function that cancels the
   * exchange (for the stop signal) and returns the one that forgets it once the exchange is over.
   */
  exchange(request: ApiRequest, timeoutMs: number, cancellable: (cancel: () => void) => () => void): Promise<Answer>;
}

export interface TransportOptions {
  readonly account: AccountConfig;
  readonly got?: Got;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY and NODE_EXTRA_CA_CERTS are read from here. */
  readonly env: NodeJS.ProcessEnv;
}

export function createTransport({ account, env, got: base = got }: TransportOptions): Transport {
  const target = new URL(account.url);
  const proxy = chooseProxy(target, account.proxy, env);
  // A bad proxy or an unreadable ca_file fails this account at its first request, not the whole run.
  let problem = proxy === undefined ? null : proxyProblem(proxy);
  let ca: string[] | undefined;
  try {
    ca = trustedCertificates(account.caFile, env);
  } catch (error) {
    problem ??= error instanceof Error ? error.message : String(error);
  }
  const http = base.extend({
    prefixUrl: `${account.url}/api/4.0/`,
    timeout: { request: account.timeoutMs },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    // Bodies arrive raw and are decoded by decodeBody, so max_response_mb bounds what arrives *and* what a
    // compressed body expands to (got's own decompression has no limit).
    decompress: false,
    responseType: 'buffer',
    headers: {
      'user-agent': 'looker-audit',
      'x-looker-appid': 'looker-audit',
      'accept-encoding': 'gzip, deflate, br',
    },
    // TLS settings belong to this account's instance only: never NODE_TLS_REJECT_UNAUTHORIZED.
    https: {
      rejectUnauthorized: account.verifyTls,
      ...(ca ? { certificateAuthority: ca } : {}),
    },
    ...(proxy !== undefined && problem === null ? { agent: proxyAgents(target, proxy.url) } : {}),
  });
  const maxBytes = account.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_MB * 1024 * 1024;
  return {
    problem,
    shownProxy: proxy === undefined ? undefined : displayProxy(proxy.url),
    secrets: proxyCredentials(proxy?.url),
    exchange: (request, timeoutMs, cancellable) =>
      exchangeOnce(http, account.url, maxBytes, { request, timeoutMs, cancellable }),
  };
}

/** One request on the account's got instance, its body read up to `maxBytes` (raw) and decoded up to the same. */
async function exchangeOnce(
  http: Got,
  root: string,
  maxBytes: number,
  {
    request,
    timeoutMs,
    cancellable,
  }: {
    readonly request: ApiRequest;
    readonly timeoutMs: number;
    readonly cancellable: (cancel: () => void) => () => void;
  },
): Promise<Answer> {
  const { authorization } = request;
  // A path from the instance's root (OAuth's /api/token) leaves the /api/4.0/ prefix out.
  const rooted = request.path.startsWith('/');
  const call = http(rooted ? `${root}${request.path}` : request.path, {
    ...(rooted ? { prefixUrl: '' } : {}),
    method: request.method,
    searchParams: request.searchParams as Record<string, string | number> | undefined,
    form: request.form,
    json: request.json,
    headers: authorization ? { authorization: `${authorization.scheme} ${authorization.token}` } : {},
    timeout: { request: timeoutMs },
  });
  const release = cancellable(() => call.cancel());
  let tooLarge = false;
  call.on('downloadProgress', ({ transferred }: { transferred: number }) => {
    if (transferred > maxBytes && !tooLarge) {
      tooLarge = true;
      call.cancel();
    }
  });
  let response: { statusCode: number; headers: IncomingHttpHeaders; body: unknown };
  try {
    response = (await call) as unknown as typeof response;
  } catch (error) {
    throw tooLarge ? new ResponseTooLargeError(false) : error;
  } finally {
    release();
  }
  const raw = Buffer.isBuffer(response.body) ? response.body : Buffer.from(String(response.body ?? ''));
  const body = await decodeBody(raw, response.headers['content-encoding'], maxBytes);
  return { statusCode: response.statusCode, headers: response.headers, body };
}
