/**
 * `logout`: for each selected `auth: oauth` account, the person's session ended on Looker (`DELETE /logout` with
 * its token, which ends the refresh token too; an expired access token is renewed first) and the local tokens
 * deleted. Idempotent: an account without tokens says so and is not an error.
 *
 * The local tokens are deleted even when Looker cannot be told (the person asked to be logged out here); that
 * account then fails (exit 3) with what remains: a refresh token Looker honours until it expires, or an admin
 * revokes it. A session Looker had already ended (its refresh refused) is simply over. A stop (Ctrl-C) before
 * the session is ended keeps the tokens, so that nothing is lost.
 */
import type { OAuthAccountConfig } from '../config/types.js';
import { AccountError } from '../errors.js';
import { createLookerClient } from '../looker/client.js';
import { RequestsStoppedError } from '../looker/errors.js';
import { LoginNeededError } from '../looker/oauth-authenticator.js';
import { endSession } from '../looker/oauth-session.js';
import type { TokenStore } from '../oauth/token-store.js';
import type { Io } from '../output/io.js';
import { openOutput, type Output } from '../output/output.js';
import { interrupted, isAccountFailure } from './shared/fetch-accounts.js';
import { loadAuditConfig } from './shared/load.js';
import { oauthAccountsOf, oauthAuthenticator, tokenStoreOf } from './shared/oauth.js';
import type { LogoutOptions } from './shared/options.js';
import type { Outcome } from './shared/outcome.js';

export async function runLogout(options: LogoutOptions, io: Io): Promise<Outcome> {
  const output = openOutput(io, options);
  const { config, accounts } = await loadAuditConfig(options, output);
  const people = oauthAccountsOf('logout', config, accounts, options.accounts.length > 0);
  const store = tokenStoreOf(io);
  let failed = false;
  for (const account of people) {
    try {
      output.log.info(await logOut(account, store, io, output));
    } catch (error) {
      if (error instanceof RequestsStoppedError || io.stop?.aborted === true)
        throw interrupted(io.stop ?? AbortSignal.abort('SIGINT'), `the tokens of account "${account.name}" are kept`);
      if (!isAccountFailure(error)) throw error;
      output.log.error(error.message);
      failed = true;
    }
  }
  return failed ? 'accounts-failed' : 'ok';
}

/** One account logged out; the line that says how. */
async function logOut(account: OAuthAccountConfig, store: TokenStore, io: Io, output: Output): Promise<string> {
  const path = store.pathOf(account.name);
  const stored = await store.read(account);
  if (!stored.found) {
    if (stored.reason === 'none')
      return `account "${account.name}": not logged in (no tokens in ${path}): nothing to do`;
    await store.delete(account.name);
    return `account "${account.name}": the tokens in ${path} were issued for another url or client_id: deleted`;
  }
  const client = createLookerClient({
    ...io.http,
    account,
    authenticator: oauthAuthenticator(account, store),
    log: (line) => output.log.verbose(`[${account.name}] ${line}`),
    signal: io.stop,
  });
  let unreachable: string | undefined;
  try {
    await endSession(client);
  } catch (error) {
    // The session was already over on Looker: its refresh token expired, or was revoked or refused.
    if (!(error instanceof LoginNeededError)) {
      if (!isAccountFailure(error)) throw error;
      unreachable = error.message;
    }
  }
  await store.delete(account.name);
  if (unreachable !== undefined)
    throw new AccountError(
      account.name,
      `deleted ${path}, but the session could not be ended on Looker (${unreachable}): its refresh token works until it expires (a month after the last renewal) unless a Looker admin revokes it`,
    );
  return `account "${account.name}": logged out: the session on Looker is ended and ${path} is deleted`;
}
