/**
 * The wait for the authorization code of one login: the loopback listener's redirect, raced on a terminal
 * against the address the person pastes (over SSH, or when the browser runs on another machine, the browser ends
 * on the redirect address, which does not load there: its address bar holds the code and the state, as
 * looker-cli's SSH fallback also reads them).
 *
 * - A pasted line that is not the redirect address is answered with why, and another is read; one that is the
 *   redirect decides like the listener's request (a wrong state or Looker's refusal ends the login).
 * - The end of the input (Ctrl-D) ends the paste only: the listener keeps waiting. Without a listener (an
 *   https:// redirect, which this machine cannot receive) it ends the login.
 * - The input is read with `terminal: false`: the terminal stays in its usual mode, so Ctrl-C is a SIGINT to the
 *   process (the stop signal), not a key that a line editor would swallow.
 * - Whichever way the wait ends, the paste read and the listener are closed before this returns, and the wait is
 *   bounded like the listener's (5 minutes).
 */
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOGIN_WAIT_MS, type LoopbackListener } from './loopback.js';
import { OAuthLoginError, parsePastedRedirect } from './redirect.js';

export interface AwaitCodeOptions {
  /** The listener on the redirect's loopback address; absent for an https:// redirect. */
  readonly listener?: LoopbackListener;
  /** A terminal to read a pasted address from; absent when stdin is not one. */
  readonly paste?: NodeJS.ReadableStream;
  /** Says why a pasted line was not taken (on stderr). */
  readonly tell: (line: string) => void;
  readonly redirectUri: string;
  readonly state: string;
  /** The person's stop (Ctrl-C). */
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

type Code = { readonly code: string };

const stopped = () => new OAuthLoginError('stopped', 'the login was stopped; nothing was saved');

/** Lines of `input` until one is this login's redirect (its code), or the input ends ('ended'), or `until` aborts. */
function readPastedCode(options: AwaitCodeOptions, input: NodeJS.ReadableStream, until: AbortSignal) {
  return new Promise<Code | 'ended'>((resolve, reject) => {
    const lines = createInterface({ input, terminal: false, crlfDelay: Infinity });
    const finish = (outcome: () => void) => {
      until.removeEventListener('abort', onAbort);
      lines.removeAllListeners('line').removeAllListeners('close');
      lines.close();
      outcome();
    };
    const onAbort = () => finish(() => reject(stopped()));
    until.addEventListener('abort', onAbort, { once: true });
    lines.on('close', () => finish(() => resolve('ended')));
    lines.on('line', (line) => {
      if (line.trim() === '') return;
      try {
        const code = parsePastedRedirect(line, options.redirectUri, options.state);
        finish(() => resolve(code));
      } catch (error) {
        if (!(error instanceof OAuthLoginError)) return finish(() => reject(error));
        if (error.failure === 'not-the-redirect') options.tell(error.message);
        else finish(() => reject(error));
      }
    });
    if (until.aborted) onAbort();
  });
}

const never = new Promise<never>(() => undefined);

/** The code of this login, by whichever way comes first; OAuthLoginError otherwise (`stopped` on Ctrl-C). */
export async function awaitCode(options: AwaitCodeOptions): Promise<Code> {
  const { listener, paste } = options;
  if (listener === undefined && paste === undefined) throw new TypeError('awaitCode: no way to receive the code');
  const done = new AbortController();
  const onStop = () => done.abort();
  options.signal?.addEventListener('abort', onStop, { once: true });
  if (options.signal?.aborted) done.abort();
  const ways: Promise<Code>[] = [];
  if (listener !== undefined) ways.push(listener.result);
  if (paste !== undefined)
    ways.push(
      readPastedCode(options, paste, done.signal).then((pasted) => {
        if (pasted !== 'ended') return pasted;
        if (listener !== undefined) return never;
        throw new OAuthLoginError(
          'not-the-redirect',
          'the input ended before an address was pasted; nothing was saved',
        );
      }),
    );
  // The listener has its own bound; without one, the paste gets the same.
  if (listener === undefined) ways.push(bound(options, done.signal));
  // The ways that lose are stopped below and reject then: that is no one's error.
  for (const way of ways) way.catch(() => undefined);
  try {
    return await Promise.race(ways);
  } finally {
    options.signal?.removeEventListener('abort', onStop);
    // Closes the paste read and the paste's bound at once (each on this signal), then the listener.
    done.abort();
    await listener?.close();
  }
}

async function bound(options: AwaitCodeOptions, signal: AbortSignal): Promise<never> {
  const timeoutMs = options.timeoutMs ?? LOGIN_WAIT_MS;
  const wait = options.wait ?? ((ms, until) => sleep(ms, undefined, { signal: until }));
  try {
    await wait(timeoutMs, signal);
  } catch {
    throw stopped();
  }
  throw new OAuthLoginError(
    'timeout',
    `no address was pasted within ${Math.round(timeoutMs / 60_000)} minutes; nothing was saved: log in again`,
  );
}
