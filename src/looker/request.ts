/**
 * One request to a Looker instance, as every part of the client sees it: the transport sends it, the sender
 * counts and retries it, the session adds its credential, an authenticator builds its own login and logout.
 *
 * The request says what it is, so no part has to guess from its path: its kind (what sending it twice would do,
 * which decides whether it may be retried) and its purpose in the session (a login's answers mean other things; a
 * logout is still sent after a stop and keeps no call of the budget in reserve).
 */
import type { IncomingHttpHeaders } from 'node:http';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * What sending the request a second time would do to the server:
 * - `read`: nothing (GET);
 * - `idempotent`: nothing more than the first time (RFC 9110 §9.2.2): PUT, DELETE, a PATCH whose body sets
 *   absolute values (`{"is_disabled": true}`), an API3 login (it only issues one more token);
 * - `once`: possibly something more: a POST that creates or runs something, and a PATCH by default (RFC 5789
 *   says a PATCH need not be idempotent).
 */
export type RequestKind = 'read' | 'idempotent' | 'once';

/** The kind a method has unless its caller knows better: only GET, PUT and DELETE are idempotent by definition. */
export function defaultKind(method: HttpMethod): RequestKind {
  if (method === 'GET') return 'read';
  return method === 'PUT' || method === 'DELETE' ? 'idempotent' : 'once';
}

/** The request that opens a session, or the one that closes it; absent for every other API call. */
export type Purpose = 'login' | 'logout';

/** `token` is the scheme Looker's spec shows for API3 tokens; the official SDKs and OAuth send `Bearer`. */
export type AuthScheme = 'token' | 'Bearer';

export interface Authorization {
  readonly scheme: AuthScheme;
  readonly token: string;
}

export type SearchParams = Readonly<Record<string, string | number>>;

export interface ApiRequest {
  readonly method: HttpMethod;
  /** Under /api/4.0/ (`users`), or from the instance's root when it starts with `/` (`/api/token`). */
  readonly path: string;
  readonly kind: RequestKind;
  readonly purpose?: Purpose;
  readonly searchParams?: SearchParams;
  readonly form?: Readonly<Record<string, string>>;
  /** A JSON body; undefined sends none. */
  readonly json?: unknown;
  readonly authorization?: Authorization;
}

/** One answered exchange, its body decoded (and bounded by max_response_mb). */
export interface Answer {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** The path as messages and logs show it, from the instance's root (never with a query: values may be secret). */
export function displayPath(path: string): string {
  return path.startsWith('/') ? path : `/api/4.0/${path}`;
}
