/**
 * A test double of the Authenticator: it hands out tokens it is given (or makes up), with a lifetime by the
 * injected clock, and writes down every call, so the session's logic (one shared login, a refresh ahead of
 * expiry, one refresh after a 401, the logout) can be asserted without an API3 login in the way. Its login sends
 * no request, as an OAuth login with a stored token would not; its logout sends the usual DELETE.
 */
import type { AccessToken, Authenticator, AuthIo } from '../../src/looker/authenticator.js';
import { LookerApiError } from '../../src/looker/errors.js';
import type { AuthScheme } from '../../src/looker/request.js';

export interface DoubleOptions {
  /** The Authorization scheme (default Bearer, as OAuth sends). */
  readonly scheme?: AuthScheme;
  /** The value of each new token (default tok-1, tok-2, ...); e.g. a real login on the fake Looker. */
  readonly mint?: () => Promise<string>;
  /** Lifetime of each token in seconds (default an hour). */
  readonly ttlSeconds?: number;
  /** Login is impossible (no stored token): it fails with this line, as an OAuth account without a login would. */
  readonly loginFailure?: string;
  /** The logout fails with this message after sending its request. */
  readonly logoutFailure?: string;
}

export interface AuthenticatorDouble extends Authenticator {
  /** `login tok-1`, `refresh tok-1 -> tok-2`, `logout tok-2`, in order. */
  readonly events: string[];
}

export function authenticatorDouble(options: DoubleOptions = {}): AuthenticatorDouble {
  const events: string[] = [];
  let issued = 0;
  const scheme = options.scheme ?? 'Bearer';
  const mint = options.mint ?? (async () => `tok-${++issued}`);
  const token = async (io: AuthIo): Promise<AccessToken> => ({
    value: await mint(),
    expiresAt: io.now() + (options.ttlSeconds ?? 3600) * 1000,
  });
  return {
    events,
    authorization: (current) => ({ scheme, token: current.value }),
    async login(io) {
      if (options.loginFailure !== undefined) {
        events.push('login refused');
        throw new LookerApiError({
          status: null,
          method: 'POST',
          path: '/api/token',
          lookerMessage: null,
          summary: options.loginFailure,
        });
      }
      const next = await token(io);
      events.push(`login ${next.value}`);
      return next;
    },
    async refresh(io, current) {
      const next = await token(io);
      events.push(`refresh ${current.value} -> ${next.value}`);
      return next;
    },
    async logout(io, current) {
      events.push(`logout ${current.value}`);
      await io.send({
        method: 'DELETE',
        path: 'logout',
        kind: 'idempotent',
        purpose: 'logout',
        authorization: { scheme, token: current.value },
      });
      if (options.logoutFailure !== undefined) throw new Error(options.logoutFailure);
    },
  };
}
