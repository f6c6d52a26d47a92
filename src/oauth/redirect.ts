/**
 * The browser's return to the redirect URI (`?code=...&state=...`, or `?error=...&state=...`), read the same way
 * whether the loopback listener received it or the person pasted the address (over SSH, with `--no-browser`, or
 * when no browser opened): the state first (an answer to another login, or a forged one, is never used), then
 * Looker's refusal, then the code.
 *
 * Everything in the query is remote text: anyone who can make the browser open the loopback address can put
 * anything there. No message quotes the code or the pasted text; Looker's `error` is kept only when it is an RFC
 * 6749 error code, and its description is made safe for one terminal line.
 */
import { ExitCode } from '../errors.js';
import { sanitize } from '../sanitize.js';
import { sameState } from './pkce.js';

export type LoginFailure =
  /** The state is missing or differs: not the answer to this login. */
  | 'wrong-state'
  /** Looker (or the person) refused: `error=` in the redirect. */
  | 'refused'
  /** No usable code in the redirect. */
  | 'no-code'
  /** A paste that is not the redirect address. */
  | 'not-the-redirect'
  /** No answer within the time allowed. */
  | 'timeout'
  /** The person stopped the login (Ctrl-C). */
  | 'stopped'
  /** The loopback address could not be listened on (port taken, no such address). */
  | 'listen';

/** A login that did not yield a code. Its message is fit to print: no code, token or pasted text in it. */
export class OAuthLoginError extends Error {
  override readonly name = 'OAuthLoginError';
  readonly exitCode = ExitCode.account;
  readonly failure: LoginFailure;
  constructor(failure: LoginFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.failure = failure;
  }
}

/** RFC 6749 appendix A.7 (error) and A.11 (code): printable ASCII; a code of any sane length. */
const ERROR_CODE = /^[\x20-\x21\x23-\x5B\x5D-\x7E]{1,64}$/;
const CODE = /^[\x21-\x7E]{1,2048}$/;
const MAX_DESCRIPTION = 200;

function refusal(params: URLSearchParams): OAuthLoginError {
  const error = params.get('error') ?? '';
  const code = ERROR_CODE.test(error) ? error : 'an unreadable error';
  const raw = sanitize(params.get('error_description') ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  const description = raw.length > MAX_DESCRIPTION ? `${raw.slice(0, MAX_DESCRIPTION - 1)}…` : raw;
  return new OAuthLoginError(
    'refused',
    `Looker refused the login (${code}${description === '' ? '' : `: ${description}`})`,
  );
}

/** The code of a redirect that answers the login whose state is `state`; OAuthLoginError otherwise. */
export function readRedirect(params: URLSearchParams, state: string): { readonly code: string } {
  if (!sameState(state, params.get('state')))
    throw new OAuthLoginError(
      'wrong-state',
      'the answer does not belong to this login (its state differs): nothing was saved; log in again',
    );
  if (params.has('error')) throw refusal(params);
  const code = params.get('code');
  if (code === null || !CODE.test(code))
    throw new OAuthLoginError('no-code', 'the answer carries no usable authorization code: log in again');
  return { code };
}

const MAX_PASTE = 8192;

/**
 * A pasted redirect address -> its code. It must be the registered redirect URI (scheme, host, port and path; the
 * browser shows it in the address bar even when nothing listens there) with the query Looker added. A bare code
 * is refused: without the state nothing proves it answers this login.
 */
export function parsePastedRedirect(text: string, redirectUri: string, state: string): { readonly code: string } {
  const expected = new URL(redirectUri);
  const where = `${expected.origin}${expected.pathname}`;
  const pasted = text.trim();
  const notIt = (why: string) =>
    new OAuthLoginError(
      'not-the-redirect',
      `${why}: paste the whole address from the browser's address bar, starting with ${where}?`,
    );
  if (pasted === '') throw notIt('nothing was pasted');
  if (pasted.length > MAX_PASTE || /\s/.test(pasted)) throw notIt('that is not one address');
  if (!URL.canParse(pasted)) throw notIt('that is not an address');
  const url = new URL(pasted);
  if (url.origin !== expected.origin || url.pathname !== expected.pathname)
    throw notIt('that is not the address Looker sent the browser back to');
  return readRedirect(url.searchParams, state);
}
