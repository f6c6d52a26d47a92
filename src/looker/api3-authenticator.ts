/**
 * Login with an API3 key (client_id and client_secret): `POST /api/4.0/login` with the credentials in a form
 * body (the spec's login description deprecates them in the query string), `DELETE /api/4.0/logout` at the end.
 * The secret is resolved at each login and not kept: only the redactor remembers it, to remove it from what a
 * server echoes back (a WAF or proxy may repeat the form body).
 *
 * API3 has no refresh token: a token about to expire, or refused, is replaced by a new login, as the official
 * SDK does ahead of expiry (sdk-rtl authToken.ts). The login is sent as idempotent: a second copy only makes
 * Looker issue one more token, which expires on its own, so a dropped or refused login may be retried.
 */
import { readTokenAnswer, type AccessToken, type Authenticator, type AuthIo } from './authenticator.js';
import type { ApiRequest, Authorization } from './request.js';

/** The spec's scheme for API3 tokens (the official SDKs send `Bearer`, which Looker accepts too). */
const authorization = (token: AccessToken): Authorization => ({ scheme: 'token', token: token.value });

export function createApi3Authenticator(clientId: string, resolveSecret: () => Promise<string>): Authenticator {
  async function login(io: AuthIo): Promise<AccessToken> {
    const secret = await resolveSecret();
    io.conceal(secret);
    const request: ApiRequest = {
      method: 'POST',
      path: 'login',
      kind: 'idempotent',
      purpose: 'login',
      form: { client_id: clientId, client_secret: secret },
    };
    const sent = await io.send(request);
    if (sent.answer.statusCode !== 200) throw io.failure(request, sent);
    return readTokenAnswer(request, sent.answer, io.now()).token;
  }

  return {
    authorization,
    login,
    refresh: (io) => login(io),
    async logout(io, current) {
      // Whatever the answer, the session is over for this client; the token expires within the hour anyway.
      await io.send({
        method: 'DELETE',
        path: 'logout',
        kind: 'idempotent',
        purpose: 'logout',
        authorization: authorization(current),
      });
    },
  };
}
