/**
 * What the commands share to run an `auth: oauth` account: the token store of this user (under the XDG state
 * folder of `env` and `home`), and the client's authenticator built from the account and that store.
 */
import type { AccountConfig, AuditConfig, OAuthAccountConfig } from '../../config/types.js';
import { UsageError } from '../../errors.js';
import type { Authenticator } from '../../looker/authenticator.js';
import { createOAuthAuthenticator, type OAuthAuthenticatorOptions } from '../../looker/oauth-authenticator.js';
import { createTokenStore, loginHint, type TokenStore } from '../../oauth/token-store.js';

export function tokenStoreOf(where: { readonly env: NodeJS.ProcessEnv; readonly home: string }): TokenStore {
  return createTokenStore({ env: where.env, home: where.home });
}

/** The session's authenticator for `account`: its stored tokens, or with `grant` the code of a login in progress. */
export function oauthAuthenticator(
  account: OAuthAccountConfig,
  store: TokenStore,
  grant?: OAuthAuthenticatorOptions['grant'],
): Authenticator {
  return createOAuthAuthenticator({
    account,
    store,
    relogin: loginHint(account.name),
    ...(grant === undefined ? {} : { grant }),
  });
}

/**
 * The `auth: oauth` accounts among the selected ones. Naming (-a) an API3 account is a usage error, and so is a
 * config without any oauth account: API3 keys need no login.
 */
export function oauthAccountsOf(
  command: 'login' | 'logout',
  config: AuditConfig,
  selected: readonly AccountConfig[],
  named: boolean,
): OAuthAccountConfig[] {
  const keyed = selected.find((account) => account.auth !== 'oauth');
  if (named && keyed !== undefined)
    throw new UsageError(
      `${command}: account "${keyed.name}" logs in with an API3 key (client_id and secret), not auth: oauth: it needs no ${command}`,
    );
  const people = selected.filter((account): account is OAuthAccountConfig => account.auth === 'oauth');
  if (people.length === 0)
    throw new UsageError(`${command}: no account in ${config.file} has auth: oauth (API3 accounts need no ${command})`);
  return people;
}
