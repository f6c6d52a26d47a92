/**
 * One Looker API client per account: a thin facade over its parts, each in its own file.
 *
 * - transport.ts: the account's got instance (base URL, timeout, TLS, proxy), one request and its bounded body;
 * - sender.ts: one request until it is answered for good: the call budget (budget.ts), requests in flight per
 *   instance, the retry policy by request kind (retry.ts), the stop signal (stop.ts), typed errors;
 * - session.ts: the access token, through an Authenticator (API3 by default: api3-authenticator.ts; a person's
 *   OAuth tokens: oauth-authenticator.ts): one shared login, renewal ahead of expiry and once after a 401, the
 *   logout;
 * - json-exchange.ts: JSON in and out for GET, POST, PATCH, PUT and DELETE.
 */
import type { Got } from 'got';
import type { AccountConfig } from '../config/types.js';
import { createApi3Authenticator } from './api3-authenticator.js';
import type { Authenticator, AuthIo } from './authenticator.js';
import { createCallBudget } from './budget.js';
import { exchangeJson, requireBody, type JsonResponse } from './json-exchange.js';
import { createSecretSet } from './redact.js';
import { defaultKind, type ApiRequest, type HttpMethod, type RequestKind, type SearchParams } from './request.js';
import { createSender, effortsFor } from './sender.js';
import { createSession } from './session.js';
import { createStopper } from './stop.js';
import { createTransport } from './transport.js';

export interface LookerClientOptions {
  readonly account: AccountConfig;
  /**
   * The API3 login's secret, resolved at each login only and not kept for later logins. The client remembers it
   * only inside its redactor, to remove it from what a server echoes back (redact.ts). Not needed when an
   * `authenticator` is given.
   */
  readonly resolveSecret?: () => Promise<string>;
  /** How the session logs in (default: API3, with `account.clientId` and `resolveSecret`). */
  readonly authenticator?: Authenticator;
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
   * logout, so a stopped run still closes its session.
   */
  readonly signal?: AbortSignal;
}

export type { JsonResponse };

export interface JsonRequestOptions {
  readonly searchParams?: SearchParams;
  /** The JSON body; none when undefined. */
  readonly body?: unknown;
  /**
   * What a second copy of the request would do, which decides its retries (request.ts). By default from the
   * method: GET a read, PUT and DELETE idempotent, POST and PATCH not; a PATCH that sets absolute values (`{
   * "is_disabled": true }`) says `idempotent`.
   */
  readonly kind?: RequestKind;
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
  getJson<T>(path: string, searchParams?: SearchParams): Promise<JsonResponse<T>>;
  /**
   * POST a JSON body and read a JSON answer. Sent once unless the caller says sending it twice changes nothing
   * (`kind`): a System Activity query only reads, so it is retried like a GET.
   */
  postJson<T>(path: string, body: unknown, kind?: RequestKind): Promise<JsonResponse<T>>;
  /** Any method with a JSON body or none; the answer's body is undefined for 204 No Content only. */
  exchangeJson<T>(method: HttpMethod, path: string, options?: JsonRequestOptions): Promise<JsonResponse<T | undefined>>;
}

/**
 * Requests in flight per instance. Looker serves the API from at most 200 threads per node and asks callers to
 * keep concurrency low (docs/looker-api.md, rate limits); 8 is 4% of one node, and it lets a 20-page user list
 * arrive in 3 rounds after the first page instead of 5 (BENCHMARKS.md). Accounts add up: each instance has its
 * own 8.
 */
export const DEFAULT_CONCURRENCY = 8;

function authenticatorOf(options: LookerClientOptions): Authenticator {
  if (options.authenticator !== undefined) return options.authenticator;
  if (options.resolveSecret === undefined)
    throw new TypeError('createLookerClient: give an authenticator, or resolveSecret for an API3 login');
  return createApi3Authenticator(options.account.clientId, options.resolveSecret);
}

export function createLookerClient(options: LookerClientOptions): LookerClient {
  const { account } = options;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const transport = createTransport({
    account,
    env: options.env ?? process.env,
    ...(options.got ? { got: options.got } : {}),
  });
  // The proxy's user and password are secrets like the client secret: redacted from every server text.
  const secrets = createSecretSet(transport.secrets);
  const budget = createCallBudget(options.maxCalls);
  const sender = createSender({
    transport,
    budget,
    stop: createStopper(options.signal, options.sleep),
    concurrency,
    efforts: effortsFor(account.timeoutMs, options.retry),
    redact: secrets.redact,
    log,
    now,
    person: account.auth === 'oauth',
  });
  const io: AuthIo = { send: sender.send, failure: sender.failure, conceal: secrets.add, now };
  const session = createSession(authenticatorOf(options), io, log);

  const exchange = (method: HttpMethod, path: string, init: JsonRequestOptions = {}) => {
    const request: ApiRequest = {
      method,
      path,
      kind: init.kind ?? defaultKind(method),
      ...(init.searchParams === undefined ? {} : { searchParams: init.searchParams }),
      ...(init.body === undefined ? {} : { json: init.body }),
    };
    return { request, response: exchangeJson(session, sender.failure, request) };
  };

  return {
    account,
    pageSize: options.pageSize ?? 1000,
    concurrency,
    get calls() {
      return budget.calls;
    },
    maxCalls: options.maxCalls,
    login: session.login,
    logout: session.logout,
    async getJson<T>(path: string, searchParams?: SearchParams) {
      const { request, response } = exchange('GET', path, searchParams === undefined ? {} : { searchParams });
      return requireBody<T>(request, await response);
    },
    async postJson<T>(path: string, body: unknown, kind?: RequestKind) {
      const { request, response } = exchange('POST', path, kind === undefined ? { body } : { body, kind });
      return requireBody<T>(request, await response);
    },
    async exchangeJson<T>(method: HttpMethod, path: string, init?: JsonRequestOptions) {
      return (await exchange(method, path, init).response) as JsonResponse<T | undefined>;
    },
  };
}
