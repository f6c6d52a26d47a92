/**
 * The session of one account: its access token, obtained, renewed and given back through an Authenticator.
 *
 * - Concurrent requests share one login, and one renewal.
 * - The token is renewed 10 s before it expires, as the official SDK does (sdk-rtl authToken.ts, lagTime), so a
 *   long audit never sends a token the server is about to drop.
 * - A 401 (the token expired or was revoked early: a server restart, an admin's action;
 *   spectacles-ci/spectacles#114) renews the token once and sends the request again, whatever its kind: a 401
 *   says the request was not carried out (RFC 9110 §15.5.2). A second 401 is the caller's error.
 * - The logout is the authenticator's, and never fails the run: a failure is logged, and the token expires on its
 *   own within the hour.
 */
import type { AccessToken, Authenticator, AuthIo } from './authenticator.js';
import type { ApiRequest } from './request.js';
import type { Sent } from './sender.js';

/** The official SDK renews a token 10 s before it expires (sdk-rtl authToken.ts lagTime); a long audit must too. */
const TOKEN_LAG_MS = 10_000;

export interface Session {
  /** Opens a session (concurrent callers share one login). */
  login(): Promise<void>;
  /** Closes it, if one is open; never throws. */
  logout(): Promise<void>;
  /** Sends `request` with the session's token, renewed first when it is about to expire, and once more after a 401. */
  send(request: ApiRequest): Promise<Sent>;
}

export function createSession(auth: Authenticator, io: AuthIo, log: (line: string) => void): Session {
  let token: AccessToken | null = null;
  let renewing: Promise<AccessToken> | null = null;

  /** A new token, by login (none yet, or none usable) or by refresh of the current one; one at a time. */
  function renew(refresh: boolean): Promise<AccessToken> {
    renewing ??= (async () => {
      const current = token;
      token = null;
      const next = refresh && current !== null ? await auth.refresh(io, current) : await auth.login(io);
      io.conceal(next.value);
      token = next;
      return next;
    })().finally(() => {
      renewing = null;
    });
    return renewing;
  }

  function usable(): Promise<AccessToken> {
    if (token === null) return renew(false);
    if (io.now() >= token.expiresAt - TOKEN_LAG_MS) return renew(true);
    return Promise.resolve(token);
  }

  async function send(request: ApiRequest): Promise<Sent> {
    const used = await usable();
    const sent = await io.send({ ...request, authorization: auth.authorization(used) });
    if (sent.answer.statusCode !== 401) return sent;
    // Renewed once by whichever request saw the 401 first; the others take the token it brought.
    const fresh = token === used ? await renew(true) : await usable();
    return io.send({ ...request, authorization: auth.authorization(fresh) });
  }

  async function logout(): Promise<void> {
    if (token === null) return;
    const current = token;
    token = null;
    try {
      await auth.logout(io, current);
    } catch (error) {
      // A failed logout must not mask the real outcome; the token expires on its own within the hour.
      log(`logout failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return {
    login: async () => {
      await renew(false);
    },
    logout,
    send,
  };
}
