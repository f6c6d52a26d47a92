/**
 * One Looker API client per account, on got: session (login, proactive re-login, one re-login on 401,
 * logout), bounded concurrency per instance, retry with backoff, call counting and an optional call budget.
 *
 * got's own retry is off: the loop here uses the injected `sleep`, so tests control time, and counts every
 * request it sends (the budget of Looker (Google Cloud core) Standard edition is 1,000 admin calls a month).
 */
import { readFileSync } from 'node:fs';
import got, { type Got, type Response } from 'got';
import pLimit from 'p-limit';
import type { AccountConfig } from '../config/types.js';
import { apiErrorFromResponse, CallBudgetError, LookerApiError, networkError, unexpectedBodyError } from './errors.js';
import { backoffMs, isRetryableNetworkError, parseRetryAfter, RETRYABLE_STATUSES } from './retry.js';

export interface LookerClientOptions {
  readonly account: AccountConfig;
  /** Called at each login only; the secret is never stored on the client. */
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
}

export interface JsonResponse<T> {
  readonly body: T;
  readonly headers: Response['headers'];
}

export interface LookerClient {
  readonly account: AccountConfig;
  readonly pageSize: number;
  readonly concurrency: number;
  /** HTTP requests sent so far: logins, retries and logout included. */
  readonly calls: number;
  login(): Promise<void>;
  logout(): Promise<void>;
  getJson<T>(path: string, searchParams?: Readonly<Record<string, string | number>>): Promise<JsonResponse<T>>;
}

/**
 * Requests in flight per instance. Looker serves the API from at most 200 threads per node and asks callers to
 * keep concurrency low (reference.md, rate limits); 8 is 4% of one node, and it lets a 20-page user list arrive
 * in 3 rounds after the first page instead of 5 (BENCHMARKS.md). Accounts add up: each instance has its own 8.
 */
export const DEFAULT_CONCURRENCY = 8;

/** The official SDK refreshes 10 s before expiry (sdk-rtl authToken.ts lagTime); a long audit must too. */
const TOKEN_LAG_MS = 10_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createLookerClient(options: LookerClientOptions): LookerClient {
  const { account } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const retryLimit = options.retry?.limit ?? 3;
  const maxRetryAfterMs = options.retry?.maxRetryAfterMs ?? 60_000;
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const inFlight = pLimit(concurrency);
  const http = (options.got ?? got).extend({
    prefixUrl: `${account.url}/api/4.0/`,
    timeout: { request: account.timeoutMs },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'text',
    headers: { 'user-agent': 'looker-audit', 'x-looker-appid': 'looker-audit' },
    // TLS settings belong to this account's instance only: never NODE_TLS_REJECT_UNAUTHORIZED.
    https: {
      rejectUnauthorized: account.verifyTls,
      ...(account.caFile ? { certificateAuthority: readFileSync(account.caFile) } : {}),
    },
  });

  let calls = 0;
  let token: { value: string; expiresAt: number } | null = null;
  let loggingIn: Promise<void> | null = null;

  /** One HTTP exchange with retries; returns any response that is not retryable (or the last one). */
  async function send(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    init: { searchParams?: Readonly<Record<string, string | number>>; form?: Record<string, string>; auth?: string },
  ): Promise<Response<string>> {
    const display = `/api/4.0/${path}`;
    for (let attempt = 0; ; attempt++) {
      // Every request but the logout leaves room for the logout, so a budget never leaves a session open.
      const reserve = path === 'logout' ? 0 : 1;
      if (options.maxCalls !== undefined && calls + 1 + reserve > options.maxCalls) {
        throw new CallBudgetError(
          `call budget of ${options.maxCalls} API calls reached before ${method} ${display} (one call is kept for the logout)`,
        );
      }
      calls++;
      const started = now();
      let response: Response<string>;
      try {
        response = await inFlight(() =>
          http(path, {
            method,
            searchParams: init.searchParams as Record<string, string | number> | undefined,
            form: init.form,
            headers: init.auth ? { authorization: `token ${init.auth}` } : {},
          }),
        );
      } catch (error) {
        if (attempt < retryLimit && isRetryableNetworkError(error)) {
          const wait = backoffMs(attempt);
          log(`${method} ${display} failed (${(error as { code?: string }).code ?? 'network'}), retry in ${wait} ms`);
          await sleep(wait);
          continue;
        }
        throw networkError(method, display, error);
      }
      log(
        `${method} ${display}${init.searchParams ? `?${new URLSearchParams(init.searchParams as Record<string, string>).toString()}` : ''} ${response.statusCode} ${now() - started} ms`,
      );
      if (!RETRYABLE_STATUSES.has(response.statusCode) || attempt >= retryLimit) return response;
      const retryAfter = parseRetryAfter(response.headers['retry-after'], now());
      if (retryAfter !== undefined && retryAfter > maxRetryAfterMs) {
        log(
          `${method} ${display}: Retry-After ${Math.round(retryAfter / 1000)} s is over the ${Math.round(maxRetryAfterMs / 1000)} s cap, not retrying`,
        );
        return response;
      }
      const wait = retryAfter ?? backoffMs(attempt);
      log(`${method} ${display} -> ${response.statusCode}, retry in ${wait} ms`);
      await sleep(wait);
    }
  }

  async function doLogin(): Promise<void> {
    // Credentials go in a form body: query-string credentials are deprecated (spec login description).
    const secret = await options.resolveSecret();
    const response = await send('POST', 'login', { form: { client_id: account.clientId, client_secret: secret } });
    if (response.statusCode !== 200)
      throw apiErrorFromResponse('POST', '/api/4.0/login', response.statusCode, response.body);
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(response.body) as typeof body;
    } catch {
      throw unexpectedBodyError('POST', '/api/4.0/login', 200, 'expected a JSON access token');
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw unexpectedBodyError('POST', '/api/4.0/login', 200, 'no access_token in the response');
    }
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
    const display = `/api/4.0/${path}`;
    let used = await validToken();
    let response = await send('GET', path, { searchParams, auth: used });
    if (response.statusCode === 401) {
      // Expired or revoked early (server restart, admin action): log in again, once (spectacles #114).
      if (token?.value === used) token = null;
      used = await validToken();
      response = await send('GET', path, { searchParams, auth: used });
    }
    if (response.statusCode !== 200) throw apiErrorFromResponse('GET', display, response.statusCode, response.body);
    const type = String(response.headers['content-type'] ?? '');
    if (!type.includes('json'))
      throw unexpectedBodyError('GET', display, 200, `expected JSON, got ${type.split(';')[0] || 'no content type'}`);
    try {
      return { body: JSON.parse(response.body) as T, headers: response.headers };
    } catch {
      throw unexpectedBodyError('GET', display, 200, 'malformed JSON in the response');
    }
  }

  async function logout(): Promise<void> {
    if (token === null) return;
    const current = token.value;
    token = null;
    try {
      await send('DELETE', 'logout', { auth: current });
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
    login,
    logout,
    getJson,
  };
}

export { LookerApiError, CallBudgetError };
