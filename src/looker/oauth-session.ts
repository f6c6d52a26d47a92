/**
 * The two calls the `login` and `logout` commands make with a person's OAuth session, besides the token requests
 * of oauth-authenticator.ts.
 *
 * - Who logged in: `GET /api/4.0/user` (spec operation `me`), so that the login names the person whose rights the
 *   audits will have.
 * - The end of the session: `DELETE /api/4.0/logout` with the bearer token, which ends the refresh token with the
 *   access token (sdk-codegen packages/sdk-rtl/src/oauthSession.ts, logout: "logout destroys the access_token AND
 *   the refresh_token"). It goes through the session, so an expired access token is renewed first: the refresh
 *   token, which outlives it by a month, must end too.
 */
import type { LookerClient } from './client.js';
import { unexpectedBodyError } from './errors.js';
import { withSession } from './fetch-account.js';

export interface Person {
  readonly id: string;
  readonly email: string | null;
  readonly name: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The person the session acts as (the session is opened by the caller). */
export async function loggedInPerson(client: LookerClient): Promise<Person> {
  const { body } = await client.getJson<Record<string, unknown> | null>('user', { fields: 'id,email,display_name' });
  const id = body?.id;
  if (typeof id !== 'string' && typeof id !== 'number')
    throw unexpectedBodyError('GET', '/api/4.0/user', 200, 'no user id in the response');
  return { id: String(id), email: text(body?.email), name: text(body?.display_name) };
}

/** Ends the session on Looker: a login (the stored tokens, renewed if needed), then the logout. */
export async function endSession(client: LookerClient): Promise<void> {
  await withSession(client, () => client.exchangeJson('DELETE', 'logout', { kind: 'idempotent' }));
}
