/**
 * How a session gets, renews and gives back its access token: the one part of the client that differs between
 * login methods. An API3 key logs in with a form post (api3-authenticator.ts); OAuth (a person's login in the
 * browser) would take its token from a store and renew it with a refresh token. The session (session.ts) decides
 * when: a login when it has no token, a refresh ahead of expiry and after a 401, a logout at the end.
 *
 * An authenticator sends its own requests through the `AuthIo` it is given, so they are counted, retried as
 * their kind allows, stopped and typed like every other request of the account.
 */
import { unexpectedBodyError, type LookerApiError } from './errors.js';
import { displayPath, type Answer, type ApiRequest, type Authorization } from './request.js';
import type { Sent } from './sender.js';

export interface AccessToken {
  readonly value: string;
  /** When the server stops accepting it, in ms since the epoch by the client's clock. */
  readonly expiresAt: number;
}

/** What the client lends an authenticator. */
export interface AuthIo {
  /** Sends a request through the account's transport, call budget, retry policy and stop signal. */
  send(request: ApiRequest): Promise<Sent>;
  /** The typed error for an answer that is not the one expected. */
  failure(request: ApiRequest, sent: Sent): LookerApiError;
  /** Keeps a value out of every message from now on: a secret read for a login, a refresh token. */
  conceal(value: string): void;
  now(): number;
}

export interface Authenticator {
  /** The Authorization header a request carries with `token`: API3 sends `token <value>`, OAuth `Bearer <value>`. */
  authorization(token: AccessToken): Authorization;
  /** A token for a new session. Fails with a LookerApiError (that account's failure) when none can be had. */
  login(io: AuthIo): Promise<AccessToken>;
  /** A token in place of `current`, which is about to expire or was refused (401). */
  refresh(io: AuthIo, current: AccessToken): Promise<AccessToken>;
  /**
   * Ends the session of `current` on Looker (and whatever else the method keeps). A failure is thrown: the
   * session logs it and never lets it mask the run's outcome.
   */
  logout(io: AuthIo, current: AccessToken): Promise<void>;
}

/** Looker's expires_in when an answer leaves it out: tokens last an hour. */
const DEFAULT_EXPIRES_IN_S = 3600;

/**
 * The AccessToken of a 200 answer to a login or a token request (spec schema AccessToken: access_token,
 * expires_in in seconds, refresh_token), with the refresh token when one came.
 */
export function readTokenAnswer(
  request: ApiRequest,
  answer: Answer,
  now: number,
): { readonly token: AccessToken; readonly refreshToken: string | null } {
  const where = displayPath(request.path);
  let body: { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown };
  try {
    body = JSON.parse(answer.body) as typeof body;
  } catch {
    throw unexpectedBodyError(request.method, where, answer.statusCode, 'expected a JSON access token');
  }
  if (typeof body?.access_token !== 'string' || body.access_token === '')
    throw unexpectedBodyError(request.method, where, answer.statusCode, 'no access_token in the response');
  const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_EXPIRES_IN_S;
  return {
    token: { value: body.access_token, expiresAt: now + expiresIn * 1000 },
    refreshToken: typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : null,
  };
}
