/**
 * `login`: a person's OAuth login in the browser for `auth: oauth` accounts (README, "OAuth login"), one account
 * after the other. Per account:
 *
 * 1. a fresh PKCE verifier and state; the loopback listener on the redirect address, listening before the
 *    browser is sent anywhere, so the redirect cannot arrive before it;
 * 2. the browser opened on Looker's `/auth` page, or the address printed (`--no-browser`, SSH, no display, no
 *    browser that opens): on stderr, as every message, stdout staying for reports;
 * 3. the code, from the listener or from the address pasted on a terminal (oauth/await-code.ts), within 5 minutes;
 * 4. the code redeemed and the tokens stored (0600, atomically) through the account's client, then the person
 *    it logged in named (`GET /user`).
 *
 * Ctrl-C leaves nothing: the listener is closed, no token file is written, and the run exits 130.
 */
import type { OAuthAccountConfig } from '../config/types.js';
import { AccountError } from '../errors.js';
import { createLookerClient } from '../looker/client.js';
import { RequestsStoppedError } from '../looker/errors.js';
import { loggedInPerson, type Person } from '../looker/oauth-session.js';
import { awaitCode } from '../oauth/await-code.js';
import { authorizeUrl } from '../oauth/authorize-url.js';
import { noBrowserReason, openBrowser } from '../oauth/browser.js';
import { LOGIN_WAIT_MS, listenForRedirect } from '../oauth/loopback.js';
import { createPkce, createState, type RandomBytes } from '../oauth/pkce.js';
import { OAuthLoginError } from '../oauth/redirect.js';
import type { TokenStore } from '../oauth/token-store.js';
import type { Io } from '../output/io.js';
import { openOutput, type Output } from '../output/output.js';
import { interrupted, isAccountFailure } from './shared/fetch-accounts.js';
import { loadAuditConfig } from './shared/load.js';
import { oauthAccountsOf, oauthAuthenticator, tokenStoreOf } from './shared/oauth.js';
import type { LoginOptions } from './shared/options.js';
import type { Outcome } from './shared/outcome.js';

export interface LoginDeps {
  /** Opens a browser on the login page: true when one opened (default: the system's, oauth/browser.ts). */
  readonly openBrowser?: (url: string) => Promise<boolean>;
  readonly platform?: NodeJS.Platform;
  /** The random source of the verifier and the state (default node:crypto). */
  readonly random?: RandomBytes;
  /** How long to wait for the browser (default 5 minutes), and the timer that measures it. */
  readonly waitMs?: number;
  readonly wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

interface Context {
  readonly options: LoginOptions;
  readonly io: Io;
  readonly output: Output;
  readonly deps: LoginDeps;
  readonly store: TokenStore;
}

export async function runLogin(options: LoginOptions, io: Io, deps: LoginDeps = {}): Promise<Outcome> {
  const output = openOutput(io, options);
  const { config, accounts } = await loadAuditConfig(options, output);
  const people = oauthAccountsOf('login', config, accounts, options.accounts.length > 0);
  const context: Context = { options, io, output, deps, store: tokenStoreOf(io) };
  let failed = false;
  const done: string[] = [];
  const stop = (what: string) =>
    interrupted(
      io.stop ?? AbortSignal.abort('SIGINT'),
      `${what}${done.length === 0 ? '' : ` (logged in before the stop: ${done.join(', ')})`}`,
    );
  for (const account of people) {
    if (io.stop?.aborted === true) throw stop('the other logins were not started');
    try {
      await logIn(account, context);
      done.push(account.name);
    } catch (error) {
      if (stoppedBy(error, io)) throw stop(`the login of account "${account.name}" was stopped; nothing was saved`);
      if (!isAccountFailure(error) && !(error instanceof OAuthLoginError)) throw error;
      output.log.error(
        error instanceof OAuthLoginError ? `account "${account.name}": ${error.message}` : error.message,
      );
      failed = true;
    }
  }
  return failed ? 'accounts-failed' : 'ok';
}

const stoppedBy = (error: unknown, io: Io) =>
  (error instanceof OAuthLoginError && error.failure === 'stopped') ||
  error instanceof RequestsStoppedError ||
  io.stop?.aborted === true;

async function logIn(account: OAuthAccountConfig, context: Context): Promise<void> {
  const { io, deps, store } = context;
  const pkce = createPkce(deps.random);
  const state = createState(deps.random);
  const loopback = new URL(account.redirectUri).protocol === 'http:';
  const paste = io.stdin?.isTTY === true ? io.stdin : undefined;
  if (!loopback && paste === undefined)
    throw new AccountError(
      account.name,
      `redirect_uri ${account.redirectUri} is not on this machine: the login needs a terminal to paste the address the browser ends on`,
    );
  const timing = {
    ...(deps.waitMs === undefined ? {} : { timeoutMs: deps.waitMs }),
    ...(deps.wait ? { wait: deps.wait } : {}),
  };
  // Listening before the browser is sent to Looker, which may redirect at once (a consent given before).
  const listener = loopback
    ? await listenForRedirect({ redirectUri: account.redirectUri, state, signal: io.stop, ...timing })
    : undefined;
  let code: string;
  try {
    await showLoginPage(account, authorizeUrl(account, pkce, state), context, paste !== undefined);
    ({ code } = await awaitCode({
      ...(listener ? { listener } : {}),
      ...(paste ? { paste } : {}),
      tell: (line) => context.output.log.warn(line),
      redirectUri: account.redirectUri,
      state,
      signal: io.stop,
      ...timing,
    }));
  } finally {
    await listener?.close();
  }
  const person = await redeem(account, { code, verifier: pkce.verifier }, context);
  const who = person === undefined ? '' : ` as ${describePerson(person)}`;
  context.output.log.info(
    `account "${account.name}": logged in${who}. Tokens saved in ${store.pathOf(account.name)} (mode 600); they renew on their own for about a month.`,
  );
}

/** The browser opened on the login page, or its address printed with what to do. */
async function showLoginPage(
  account: OAuthAccountConfig,
  url: string,
  { options, io, output, deps }: Context,
  canPaste: boolean,
): Promise<void> {
  const platform = deps.platform ?? process.platform;
  const reason = noBrowserReason(options.noBrowser, io.env, platform);
  const open = deps.openBrowser ?? ((page: string) => openBrowser(page, { platform, env: io.env }));
  const opened = reason === null && (await open(url));
  const minutes = Math.round((deps.waitMs ?? LOGIN_WAIT_MS) / 60_000);
  if (opened) {
    output.log.info(
      `account "${account.name}": log in to Looker in the browser that opened (waiting ${minutes} minutes; Ctrl-C to stop)`,
    );
    return;
  }
  output.log.info(
    `account "${account.name}": open this address in a browser to log in to Looker (${reason ?? 'no browser could be opened'}):`,
  );
  // The address alone on its line, even with -q: it is what the person needs. It holds no secret (the state
  // and the PKCE challenge are public by design) and is URL-encoded, so nothing in it can move the cursor.
  io.stderr.write(`\n  ${url}\n\n`);
  output.log.info(
    canPaste
      ? `Then, if the browser ends on an address starting with ${account.redirectUri} that does not load (another machine, SSH), paste that address here and press Enter. Waiting ${minutes} minutes; Ctrl-C to stop.`
      : `Waiting ${minutes} minutes for Looker to send the browser back to ${account.redirectUri}; Ctrl-C to stop.`,
  );
}

/**
 * The code redeemed through the account's client (the authenticator stores the tokens), then who logged in. Once
 * the tokens are stored the login is done: a failure to name the person is only a warning.
 */
async function redeem(
  account: OAuthAccountConfig,
  grant: { readonly code: string; readonly verifier: string },
  { io, output, store }: Context,
): Promise<Person | undefined> {
  const client = createLookerClient({
    ...io.http,
    account,
    authenticator: oauthAuthenticator(account, store, { ...grant, ...(io.stop ? { signal: io.stop } : {}) }),
    log: (line) => output.log.verbose(`[${account.name}] ${line}`),
    signal: io.stop,
  });
  await client.login();
  try {
    return await loggedInPerson(client);
  } catch (error) {
    if (!isAccountFailure(error) && !(error instanceof RequestsStoppedError)) throw error;
    output.log.warn(`account "${account.name}": logged in, but who it is could not be read: ${error.message}`);
    return undefined;
  } finally {
    await client.logout();
  }
}

function describePerson(person: Person): string {
  const named = person.name ?? person.email ?? `user ${person.id}`;
  return person.email !== null && person.name !== null ? `${named} <${person.email}>` : named;
}
