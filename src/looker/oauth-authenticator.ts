/**
 * Login as a person, with the tokens of an OAuth login in the browser (`looker-audit login`), for people who may
 * not have an API3 key. Facts from Google's "Looker API authentication using OAuth"
 * (https://cloud.google.com/looker/docs/api-cors) and Looker's SDK (sdk-codegen
 * packages/sdk-rtl/src/oauthSession.ts); the requests themselves are built in oauth-token.ts.
 *
 * - A run takes the tokens the login stored; none, or tokens issued for another url or client_id, fail the account
 *   with the command that logs in again. Requests carry `Authorization: Bearer <access token>`.
 * - An access token about to expire (or refused with a 401) is renewed with the refresh token. Refresh tokens
 *   rotate: the new one is written to the store before the new access token is used, so the one that works is
 *   never only in memory. A refused refresh (expired, revoked, or rotated away) asks for a new login, unless another
 *   run of the tool rotated it meanwhile and stored the successor, which is then taken.
 * - The end of a run does not end the person's session: the login is meant to last (a refresh token lives a
 *   month), and Looker's logout would destroy the refresh token too ("logout destroys the access_token AND the
 *   refresh_token", oauthSession.ts). Only `looker-audit logout` ends it.
 * - The login command redeems its authorization code through the same authenticator (`grant`), so the code
 *   exchange is sent, counted, stopped and typed like every other request, and the tokens are stored at once.
 *
 * Every token, code and verifier is handed to `conceal` before it is sent or kept: no message can contain one.
 */
import { AccountError } from '../errors.js';
import { readTokenAnswer, type AccessToken, type Authenticator, type AuthIo } from './authenticator.js';
import {
  authorizationCodeRequest,
  refreshTokenRequest,
  refusedGrant,
  tokensFromAnswer,
  type OAuthClientSettings,
  type OAuthTokens,
} from './oauth-token.js';
import type { ApiRequest, Authorization } from './request.js';

/** An `auth: oauth` account as the authenticator and the token store know it. */
export interface OAuthAccount extends OAuthClientSettings {
  readonly name: string;
  /** The API origin the tokens are issued for. */
  readonly url: string;
}

export type StoredTokens =
  | { readonly found: true; readonly tokens: OAuthTokens }
  | { readonly found: false; readonly reason: 'none' | 'other-instance' };

/**
 * Where a person's tokens live between runs. Declared here, in the client's terms; the file store of
 * `src/oauth/token-store.ts` is one. Its failures (a file others may read, say) are the account's own errors.
 */
export interface OAuthTokenStore {
  read(account: OAuthAccount): Promise<StoredTokens>;
  /** Replaces the account's tokens whole (never half-written). */
  write(account: OAuthAccount, tokens: OAuthTokens, options?: { readonly signal?: AbortSignal }): Promise<void>;
}

/** The person must log in again: no stored login, one for another instance, or a refresh Looker refused. */
export class LoginNeededError extends AccountError {}

export interface OAuthAuthenticatorOptions {
  readonly account: OAuthAccount;
  readonly store: OAuthTokenStore;
  /** What to run to log in again, as the caller words it (e.g. `run: looker-audit login -a prod`). */
  readonly relogin: string;
  /**
   * A login in progress: the authorization code (and its PKCE verifier) to redeem instead of reading the store.
   * The tokens are stored once granted; `signal` stops that write (a stopped login leaves no file).
   */
  readonly grant?: { readonly code: string; readonly verifier: string; readonly signal?: AbortSignal };
}

type Granted = { readonly tokens: OAuthTokens } | { readonly refused: string | null };

const bearer = (token: AccessToken): Authorization => ({ scheme: 'Bearer', token: token.value });

class OAuthAuthenticator implements Authenticator {
  private held: OAuthTokens | null = null;
  private readonly options: OAuthAuthenticatorOptions;

  constructor(options: OAuthAuthenticatorOptions) {
    this.options = options;
  }

  authorization(token: AccessToken): Authorization {
    return bearer(token);
  }

  async login(io: AuthIo): Promise<AccessToken> {
    const { account, store, grant } = this.options;
    if (grant !== undefined) return this.redeem(io, grant);
    const stored = await store.read(account);
    if (!stored.found)
      throw this.needed(
        stored.reason === 'none' ? 'not logged in' : 'the stored login is for another url or client_id',
      );
    // An expired access token is fine here: the session renews it before its first use.
    return this.keep(io, stored.tokens).access;
  }

  async refresh(io: AuthIo): Promise<AccessToken> {
    const current = this.held;
    if (current === null) return this.login(io);
    if (current.refreshToken === null) throw this.needed('the login has expired and Looker gave no refresh token');
    if (current.refreshExpiresAt !== null && io.now() >= current.refreshExpiresAt)
      throw this.needed('the login has expired (a refresh token lasts a month)');
    const granted = await this.request(io, refreshTokenRequest(this.options.account, current.refreshToken), current);
    if ('refused' in granted) {
      const successor = await this.rotatedElsewhere(current);
      if (successor !== undefined) return this.keep(io, successor).access;
      throw this.needed(`Looker refused the stored login${granted.refused === null ? '' : ` (${granted.refused})`}`);
    }
    this.keep(io, granted.tokens);
    await this.options.store.write(this.options.account, granted.tokens);
    return granted.tokens.access;
  }

  /** The session is kept for the next run: only `looker-audit logout` ends it (see the top of this file). */
  async logout(): Promise<void> {}

  private async redeem(io: AuthIo, grant: NonNullable<OAuthAuthenticatorOptions['grant']>): Promise<AccessToken> {
    const { account, store } = this.options;
    io.conceal(grant.code);
    io.conceal(grant.verifier);
    const granted = await this.request(io, authorizationCodeRequest(account, grant.code, grant.verifier));
    if ('refused' in granted)
      throw new AccountError(
        account.name,
        `Looker refused the authorization code${granted.refused === null ? '' : ` (${granted.refused})`}: nothing was saved; log in again`,
      );
    this.keep(io, granted.tokens);
    await store.write(account, granted.tokens, grant.signal === undefined ? {} : { signal: grant.signal });
    return granted.tokens.access;
  }

  /** A token request sent once (kind `once`: a code is single use, a refresh token rotates). */
  private async request(io: AuthIo, request: ApiRequest, previous?: OAuthTokens): Promise<Granted> {
    const sent = await io.send(request);
    const refused = refusedGrant(sent.answer);
    if (refused !== undefined) return { refused: refused.error };
    if (sent.answer.statusCode !== 200) throw io.failure(request, sent);
    const now = io.now();
    return { tokens: tokensFromAnswer(readTokenAnswer(request, sent.answer, now), now, previous) };
  }

  /** Tokens another run stored after rotating the refresh token this one still held. */
  private async rotatedElsewhere(current: OAuthTokens): Promise<OAuthTokens | undefined> {
    const stored = await this.options.store.read(this.options.account);
    if (!stored.found || stored.tokens.refreshToken === current.refreshToken) return undefined;
    return stored.tokens;
  }

  private keep(io: AuthIo, tokens: OAuthTokens): OAuthTokens {
    io.conceal(tokens.access.value);
    if (tokens.refreshToken !== null) io.conceal(tokens.refreshToken);
    this.held = tokens;
    return tokens;
  }

  private needed(why: string): LoginNeededError {
    return new LoginNeededError(this.options.account.name, `${why}: ${this.options.relogin}`);
  }
}

export function createOAuthAuthenticator(options: OAuthAuthenticatorOptions): Authenticator {
  return new OAuthAuthenticator(options);
}
