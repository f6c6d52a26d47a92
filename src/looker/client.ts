/**
 * One Looker API client per account, on got: session (login, proactive re-login, one re-login on 401,
 * logout), bounded concurrency per instance, retry with backoff, call counting and an optional call budget.
 *
 * got's own retry is off: the loop here uses the injected `sleep`, so tests control time, and counts every
 * request it sends (the budget of Looker (Google Cloud core) Standard edition is 1,000 admin calls a month).
 */
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { IncomingHttpHeaders } from 'node:http';
import got, { type Got } from 'got';
import pLimit from 'p-limit';
import type { AccountConfig } from '../config/types.js';
import {
  apiErrorFromResponse,
  CallBudgetError,
  LookerApiError,
  networkError,
  RequestsStoppedError,
  ResponseTooLargeError,
  unexpectedBodyError,
  type FailureContext,
} from './errors.js';
import { createSecretSet, displayProxy, proxyCredentials } from './redact.js';
import { backoffMs, isRetryableNetworkError, parseRetryAfter, RETRYABLE_STATUSES } from './retry.js';
import {
  chooseProxy,
  decodeBody,
  DEFAULT_MAX_RESPONSE_MB,
  proxyAgents,
  proxyProblem,
  trustedCertificates,
} from './transport.js';

export interface LookerClientOptions {
  readonly account: AccountConfig;
  /**
   * Called at each login only; the secret is not kept for later logins. The client remembers it only inside its
   * redactor, to remove it from what a server echoes back (redact.ts).
   */
  readonly resolveSecret: () => Promise<string>;
  readonly got?: Got;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly pageSize?: number;
  /** Requests in flight per instance (Looker has a hard limit of 200 threads per node: keep it low). */
  readonly concurrency?: number;
  readonly maxCalls?: number;
  readonly retry?: { readonly limit?: number; readonly maxRetryAfterMs?: number };
  readonly log?: (line: string) => void;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY and NODE_EXTRA_CA_CERTS are read from here (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Once aborted, requests in flight are cancelled and no new one is sent (RequestsStoppedError), except the
   * logout, so a stopped run still closes its session (design.md section 11).
   */
  readonly signal?: AbortSignal;
}

export interface JsonResponse<T> {
  readonly body: T;
  readonly headers: IncomingHttpHeaders;
}

/** One answered exchange, its body decoded (and bounded by max_response_mb). */
interface Exchange {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What one request sends besides its method and path. */
interface RequestInit {
  readonly searchParams?: Readonly<Record<string, string | number>>;
  readonly form?: Record<string, string>;
  readonly json?: unknown;
  readonly auth?: string;
}

/** How hard one request tries: the logout gets less (it must not hold a finished run up). */
interface Effort {
  readonly retries: number;
  readonly timeoutMs: number;
  readonly maxRetryAfterMs: number;
}

export interface LookerClient {
  readonly account: AccountConfig;
  readonly pageSize: number;
  readonly concurrency: number;
  /** HTTP requests sent so far: logins, retries and logout included. */
  readonly calls: number;
  /** The --max-calls budget, if any: a caller about to spend several calls can check them all up front. */
  readonly maxCalls: number | undefined;
  login(): Promise<void>;
  logout(): Promise<void>;
  getJson<T>(path: string, searchParams?: Readonly<Record<string, string | number>>): Promise<JsonResponse<T>>;
  /** POST a JSON body and read a JSON answer (System Activity queries: run_inline_query); same session and budget. */
  postJson<T>(path: string, body: unknown): Promise<JsonResponse<T>>;
}

/**
 * Requests in flight per instance. Looker serves the API from at most 200 threads per node and asks callers to
 * keep concurrency low (reference.md, rate limits); 8 is 4% of one node, and it lets a 20-page user list arrive
 * in 3 rounds after the first page instead of 5 (BENCHMARKS.md). Accounts add up: each instance has its own 8.
 */
export const DEFAULT_CONCURRENCY = 8;

/** The official SDK refreshes 10 s before expiry (sdk-rtl authToken.ts lagTime); a long audit must too. */
const TOKEN_LAG_MS = 10_000;

/**
 * A logout that hangs must not hold up a run whose results are in (design.md section 11, bounded waits): it gets
 * at most 10 s per attempt and one retry, and an unanswered logout only leaves a token that expires within the hour.
 */
const LOGOUT_TIMEOUT_MS = 10_000;
const LOGOUT_MAX_RETRY_AFTER_MS = 5_000;

export function createLookerClient(options: LookerClientOptions): LookerClient {
  const { account } = options;
  const now = options.now ?? Date.now;
  // What must end when the run is stopped (requests in flight, an injected retry wait) registers here. The signal
  // has one listener while anything is registered and none after, so neither a `concurrency` over 10 nor a run of
  // many accounts sharing the signal passes Node's 10-listener warning (MaxListenersExceededWarning).
  const onStop = new Set<() => void>();
  const stopAll = () => {
    for (const stop of [...onStop]) stop();
  };
  const untilStopped = (stop: () => void): (() => void) => {
    const { signal } = options;
    if (signal === undefined) return () => {};
    if (onStop.size === 0) signal.addEventListener('abort', stopAll, { once: true });
    onStop.add(stop);
    return () => {
      onStop.delete(stop);
      if (onStop.size === 0) signal.removeEventListener('abort', stopAll);
    };
  };
  // A retry wait ends early when the run is stopped; the loop then sees the signal and sends nothing more.
  const sleep = (ms: number): Promise<void> => {
    const { signal } = options;
    if (options.sleep === undefined) return delay(ms, undefined, { signal }).catch(() => undefined);
    const injected = options.sleep;
    if (signal === undefined) return injected(ms);
    return new Promise<void>((resolve) => {
      const release = untilStopped(resolve);
      void injected(ms).then(() => {
        release();
        resolve();
      });
    });
  };
  const retryLimit = options.retry?.limit ?? 3;
  const maxRetryAfterMs = options.retry?.maxRetryAfterMs ?? 60_000;
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const inFlight = pLimit(concurrency);
  const env = options.env ?? process.env;
  const target = new URL(account.url);
  const maxBytes = account.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_MB * 1024 * 1024;
  const proxy = chooseProxy(target, account.proxy, env);
  const shownProxy = proxy === undefined ? undefined : displayProxy(proxy.url);
  // The proxy's user and password are secrets like the client secret: redacted from every server text.
  const secrets = createSecretSet(proxyCredentials(proxy?.url));
  // A bad proxy or an unreadable ca_file fails this account at its first request, not the whole run.
  let setupProblem = proxy === undefined ? null : proxyProblem(proxy);
  let ca: string[] | undefined;
  try {
    ca = trustedCertificates(account.caFile, env);
  } catch (error) {
    setupProblem ??= error instanceof Error ? error.message : String(error);
  }
  const http = (options.got ?? got).extend({
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
    ...(proxy !== undefined && setupProblem === null ? { agent: proxyAgents(target, proxy.url) } : {}),
  });
  const effort: Effort = { retries: retryLimit, timeoutMs: account.timeoutMs, maxRetryAfterMs };
  const logoutEffort: Effort = {
    retries: Math.min(1, retryLimit),
    timeoutMs: Math.min(account.timeoutMs, LOGOUT_TIMEOUT_MS),
    maxRetryAfterMs: Math.min(maxRetryAfterMs, LOGOUT_MAX_RETRY_AFTER_MS),
  };
  const context = (extra: Partial<FailureContext> = {}): FailureContext => ({
    redact: secrets.redact,
    timeoutMs: account.timeoutMs,
    ...(shownProxy === undefined ? {} : { proxy: shownProxy }),
    ...extra,
  });

  /** One request, its body read up to max_response_mb (raw) and decoded up to the same limit. */
  async function exchange(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    init: RequestInit,
    timeoutMs: number,
  ): Promise<Exchange> {
    const request = http(path, {
      method,
      searchParams: init.searchParams as Record<string, string | number> | undefined,
      form: init.form,
      json: init.json,
      headers: init.auth ? { authorization: `token ${init.auth}` } : {},
      timeout: { request: timeoutMs },
    });
    const stopped = options.signal;
    const cancel = () => request.cancel();
    const release = path === 'logout' ? () => {} : untilStopped(cancel);
    let tooLarge = false;
    request.on('downloadProgress', ({ transferred }: { transferred: number }) => {
      if (transferred > maxBytes && !tooLarge) {
        tooLarge = true;
        request.cancel();
      }
    });
    let response: { statusCode: number; headers: IncomingHttpHeaders; body: unknown };
    try {
      response = (await request) as unknown as typeof response;
    } catch (error) {
      if (tooLarge) throw new ResponseTooLargeError(false);
      if (path !== 'logout' && stopped?.aborted) throw new RequestsStoppedError(`${method} /api/4.0/${path} cancelled`);
      throw error;
    } finally {
      release();
    }
    const raw = Buffer.isBuffer(response.body) ? response.body : Buffer.from(String(response.body ?? ''));
    const body = await decodeBody(raw, response.headers['content-encoding'], maxBytes);
    return { statusCode: response.statusCode, headers: response.headers, body };
  }

  let calls = 0;
  let token: { value: string; expiresAt: number } | null = null;
  let loggingIn: Promise<void> | null = null;

  /**
   * One HTTP exchange with retries; returns any response that is not retryable (or the last one), with the
   * number of retries sent and, when a retryable answer was not retried, why: so messages never claim retries
   * that did not happen.
   */
  async function send(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    init: RequestInit,
    limits: Effort = effort,
  ): Promise<{ response: Exchange; retries: number; notRetried?: string }> {
    const display = `/api/4.0/${path}`;
    // looker/ throws only its own error kinds: a setup problem is this account's API failure (exit 3).
    if (setupProblem !== null)
      throw new LookerApiError({ status: null, method, path: display, lookerMessage: null, summary: setupProblem });
    for (let attempt = 0; ; attempt++) {
      if (path !== 'logout' && options.signal?.aborted) {
        throw new RequestsStoppedError(`stopped before ${method} ${display}`);
      }
      // Every request but the logout leaves room for the logout, so a budget never leaves a session open.
      const reserve = path === 'logout' ? 0 : 1;
      if (options.maxCalls !== undefined && calls + 1 + reserve > options.maxCalls) {
        throw new CallBudgetError(
          `call budget of ${options.maxCalls} API calls reached before ${method} ${display} (one call is kept for the logout)`,
        );
      }
      calls++;
      const started = now();
      let response: Exchange;
      try {
        response = await inFlight(() => exchange(method, path, init, limits.timeoutMs));
      } catch (error) {
        if (error instanceof RequestsStoppedError) throw error;
        if (attempt < limits.retries && isRetryableNetworkError(error)) {
          const wait = backoffMs(attempt);
          log(`${method} ${display} failed (${(error as { code?: string }).code ?? 'network'}), retry in ${wait} ms`);
          await sleep(wait);
          continue;
        }
        throw networkError(method, display, error, context({ retries: attempt, timeoutMs: limits.timeoutMs }));
      }
      log(
        `${method} ${display}${init.searchParams ? `?${new URLSearchParams(init.searchParams as Record<string, string>).toString()}` : ''} ${response.statusCode} ${now() - started} ms`,
      );
      if (!RETRYABLE_STATUSES.has(response.statusCode) || attempt >= limits.retries)
        return { response, retries: attempt };
      const retryAfter = parseRetryAfter(response.headers['retry-after'], now());
      if (retryAfter !== undefined && retryAfter > limits.maxRetryAfterMs) {
        const notRetried = `Retry-After ${Math.round(retryAfter / 1000)} s is over the ${Math.round(limits.maxRetryAfterMs / 1000)} s cap: not retried`;
        log(`${method} ${display}: ${notRetried}`);
        return { response, retries: attempt, notRetried };
      }
      const wait = retryAfter ?? backoffMs(attempt);
      log(`${method} ${display} -> ${response.statusCode}, retry in ${wait} ms`);
      await sleep(wait);
    }
  }

  /** The error for a non-200 answer, with everything the message needs to be true. */
  function statusError(method: string, display: string, sent: Awaited<ReturnType<typeof send>>): LookerApiError {
    const { response, retries, notRetried } = sent;
    const location = response.headers.location;
    return apiErrorFromResponse(
      method,
      display,
      response.statusCode,
      response.body,
      context({ retries, ...(notRetried ? { notRetried } : {}), ...(location ? { location } : {}) }),
    );
  }

  async function doLogin(): Promise<void> {
    // Credentials go in a form body: query-string credentials are deprecated (spec login description).
    const secret = await options.resolveSecret();
    // Kept only to redact it from what the server answers (a WAF or proxy may echo the form body).
    secrets.add(secret);
    const sent = await send('POST', 'login', { form: { client_id: account.clientId, client_secret: secret } });
    const { response } = sent;
    if (response.statusCode !== 200) throw statusError('POST', '/api/4.0/login', sent);
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(response.body) as typeof body;
    } catch {
      throw unexpectedBodyError('POST', '/api/4.0/login', 200, 'expected a JSON access token');
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw unexpectedBodyError('POST', '/api/4.0/login', 200, 'no access_token in the response');
    }
    secrets.add(body.access_token);
    const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    token = { value: body.access_token, expiresAt: now() + expiresIn * 1000 - TOKEN_LAG_MS };
  }

  function login(): Promise<void> {
    // Concurrent pages share one login.
    loggingIn ??= doLogin().finally(() => {
      loggingIn = null;
    });
    return loggingIn;
  }

  async function validToken(): Promise<string> {
    if (token === null || now() >= token.expiresAt) {
      token = null;
      await login();
    }
    if (token === null) throw new Error('login did not yield a token');
    return (token as { value: string }).value;
  }

  async function getJson<T>(
    path: string,
    searchParams?: Readonly<Record<string, string | number>>,
  ): Promise<JsonResponse<T>> {
    return jsonExchange<T>('GET', path, { searchParams });
  }

  async function postJson<T>(path: string, body: unknown): Promise<JsonResponse<T>> {
    return jsonExchange<T>('POST', path, { json: body });
  }

  async function jsonExchange<T>(
    method: 'GET' | 'POST',
    path: string,
    init: Omit<RequestInit, 'auth'>,
  ): Promise<JsonResponse<T>> {
    const display = `/api/4.0/${path}`;
    let used = await validToken();
    let sent = await send(method, path, { ...init, auth: used });
    if (sent.response.statusCode === 401) {
      // Expired or revoked early (server restart, admin action): log in again, once (spectacles #114).
      if (token?.value === used) token = null;
      used = await validToken();
      sent = await send(method, path, { ...init, auth: used });
    }
    const { response } = sent;
    if (response.statusCode !== 200) throw statusError(method, display, sent);
    const type = String(response.headers['content-type'] ?? '');
    if (!type.includes('json'))
      throw unexpectedBodyError(method, display, 200, `expected JSON, got ${type.split(';')[0] || 'no content type'}`);
    try {
      return { body: JSON.parse(response.body) as T, headers: response.headers };
    } catch {
      throw unexpectedBodyError(method, display, 200, 'malformed JSON in the response');
    }
  }

  async function logout(): Promise<void> {
    if (token === null) return;
    const current = token.value;
    token = null;
    try {
      await send('DELETE', 'logout', { auth: current }, logoutEffort);
    } catch (error) {
      // A failed logout must not mask the real outcome; the token expires on its own within the hour.
      log(`logout failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return {
    account,
    pageSize: options.pageSize ?? 1000,
    concurrency,
    get calls() {
      return calls;
    },
    maxCalls: options.maxCalls,
    login,
    logout,
    getJson,
    postJson,
  };
}

export { LookerApiError, CallBudgetError };
