/**
 * Fetch every selected account concurrently. One account's failure never drops another's result: each
 * outcome carries either a snapshot or the one-line error that names the account.
 *
 * Only the failures an account can have become its error line: the API's (LookerApiError, including network
 * errors after retries), a response that is not what the API documents (LookerProtocolError), the call budget
 * (CallBudgetError), a secret that cannot be read, and any got RequestError that escaped the client. Anything
 * else is a bug (in audit/, say): rethrown as it is, once every account has settled (no session left open), so it
 * exits 70 with its stack instead of passing for the account's failure.
 */
import { homedir } from 'node:os';
import { RequestError } from 'got';
import pLimit from 'p-limit';
import { resolveSecret } from '../../config/secrets.js';
import type { AccountConfig } from '../../config/types.js';
import { AccountError, stoppedBy, type InterruptedError } from '../../errors.js';
import { createLookerClient, type LookerClient, type LookerClientOptions } from '../../looker/client.js';
import { CallBudgetError, LookerApiError, LookerProtocolError, RequestsStoppedError } from '../../looker/errors.js';
import { fetchAccount } from '../../looker/fetch-account.js';
import { openSessions } from '../../output/io.js';
import type { RawSnapshot } from '../../looker/types.js';
import { oauthAuthenticator, tokenStoreOf } from './oauth.js';

/** Accounts audited at once. Each instance also bounds its own requests in flight (its `concurrency`, default 8). */
const ACCOUNT_CONCURRENCY = 4;

export type AccountOutcome<T = RawSnapshot> =
  | { readonly ok: true; readonly account: AccountConfig; readonly value: T }
  | { readonly ok: false; readonly account: AccountConfig; readonly error: string; readonly apiCalls: number };

export interface FetchDeps {
  readonly env: NodeJS.ProcessEnv;
  /** The home folder, where `auth: oauth` tokens live unless XDG_STATE_HOME says (default os.homedir()). */
  readonly home?: string;
  readonly log: (line: string) => void;
  readonly onAccountDone?: (done: number, total: number) => void;
  readonly maxCalls?: number;
  readonly pageSize?: number;
  /** Test seam: client options such as an injected got, clock or sleep. */
  readonly client?: Partial<Pick<LookerClientOptions, 'got' | 'now' | 'sleep' | 'retry'>>;
  /** The user's stop (Ctrl-C): no request after it, every open session logged out, then InterruptedError. */
  readonly signal?: AbortSignal;
}

/** The error for a run the user stopped, named after the signal (SIGINT -> exit 130, SIGTERM -> 143). */
export function interrupted(signal: AbortSignal, what: string): InterruptedError {
  return stoppedBy(signal, what);
}

/** The failures that belong to an account (its one line) rather than to the tool. */
export function isAccountFailure(error: unknown): error is Error {
  return (
    error instanceof AccountError ||
    error instanceof LookerApiError ||
    error instanceof LookerProtocolError ||
    error instanceof CallBudgetError ||
    error instanceof RequestError
  );
}

/** How the account's session logs in: a person's stored OAuth tokens, or the API3 secret read at each login. */
function loginOf(
  account: AccountConfig,
  deps: FetchDeps,
): Pick<LookerClientOptions, 'authenticator' | 'resolveSecret'> {
  if (account.auth === 'oauth')
    return {
      authenticator: oauthAuthenticator(account, tokenStoreOf({ env: deps.env, home: deps.home ?? homedir() })),
    };
  return {
    // config/secrets.ts throws plain Errors that name the variable or file (never a value): the account's.
    resolveSecret: () =>
      resolveSecret(account.secret, { env: deps.env, signal: deps.signal }).catch((error: unknown) => {
        throw new AccountError(account.name, error instanceof Error ? error.message : String(error), {
          cause: error,
        });
      }),
  };
}

/** Runs `operation` (by default the full fetch of an account: fetchAccount) on every account, a few at once. */
export async function fetchAccounts<T = RawSnapshot>(
  accounts: readonly AccountConfig[],
  deps: FetchDeps,
  operation: (client: LookerClient) => Promise<T> = fetchAccount as unknown as (client: LookerClient) => Promise<T>,
): Promise<AccountOutcome<T>[]> {
  const limit = pLimit(ACCOUNT_CONCURRENCY);
  let done = 0;
  const bugs: unknown[] = [];
  const outcomes = await Promise.all(
    accounts.map((account) =>
      limit(async (): Promise<AccountOutcome<T>> => {
        const client = createLookerClient({
          ...deps.client,
          account,
          ...loginOf(account, deps),
          log: (line) => deps.log(`[${account.name}] ${line}`),
          maxCalls: deps.maxCalls,
          pageSize: deps.pageSize,
          concurrency: account.concurrency,
          signal: deps.signal,
        });
        // Counted while the account may hold a session: the forced exit after a stop says whether a logout is due.
        openSessions.count += 1;
        try {
          return { ok: true, account, value: await operation(client) };
        } catch (error) {
          // A request cancelled by the user's stop is neither the account's failure nor a bug (see below).
          if (!isAccountFailure(error) && !(error instanceof RequestsStoppedError)) bugs.push(error);
          const message =
            error instanceof AccountError
              ? error.message
              : new AccountError(account.name, error instanceof Error ? error.message : String(error)).message;
          return { ok: false, account, error: message, apiCalls: client.calls };
        } finally {
          openSessions.count -= 1;
          deps.onAccountDone?.(++done, accounts.length);
        }
      }),
    ),
  );
  if (bugs.length > 0) throw bugs[0];
  // Every account has settled, so every session it opened is logged out (withSession's finally) before this.
  if (deps.signal?.aborted)
    throw interrupted(
      deps.signal,
      `${accounts.length === 1 ? 'the session was' : 'open sessions were'} logged out; no report written`,
    );
  return outcomes;
}
