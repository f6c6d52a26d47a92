/**
 * One typed API error that is safe to print: status, method, path (never a query value, never a host
 * credential), Looker's own message, and a hint for the statuses whose meaning Looker hides.
 *
 * Every piece of server text (Looker's message, its documentation_url, a redirect's Location) enters a message
 * here and only here, through the client's redactor (redact.ts) and a control-character strip, so stderr, the
 * JSON `error` and `<file>.partial` never repeat the tool's own secret or token (a proxy may echo the request).
 */
import { stripVTControlCharacters } from 'node:util';
import { UNSAFE_CHARACTERS } from '../sanitize.js';
import type { Redactor } from './redact.js';

export class LookerApiError extends Error {
  override readonly name = 'LookerApiError';
  readonly status: number | null;
  readonly method: string;
  readonly path: string;
  readonly lookerMessage: string | null;
  readonly documentationUrl: string | null;
  constructor(
    details: {
      status: number | null;
      method: string;
      path: string;
      lookerMessage: string | null;
      documentationUrl?: string | null;
      summary: string;
    },
    options?: { cause?: unknown },
  ) {
    super(details.summary, options);
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.lookerMessage = details.lookerMessage;
    this.documentationUrl = details.documentationUrl ?? null;
  }
}

/** The per-account call budget (--max-calls) would be exceeded by the next request. */
export class CallBudgetError extends Error {
  override readonly name = 'CallBudgetError';
}

/** The caller's stop signal fired (the user pressed Ctrl-C): no request is sent after it, the logout excepted. */
export class RequestsStoppedError extends Error {
  override readonly name = 'RequestsStoppedError';
}

/**
 * A response that is not what the API documents: a list that is not an array, a row that is not an object,
 * paging that never ends or pages that contradict their own X-Total-Count beyond repair.
 */
export class LookerProtocolError extends Error {
  override readonly name = 'LookerProtocolError';
}

/** What the client knows about the exchange that failed, to make the message true. */
export interface FailureContext {
  /** Removes the account's own secrets from server text. */
  readonly redact?: Redactor;
  /** Retries sent before giving up (0: the request was sent once). */
  readonly retries?: number;
  /** Why a retryable answer was not retried, e.g. a Retry-After over the cap. */
  readonly notRetried?: string;
  /** The redirect target (Location header) of a 3xx. */
  readonly location?: string;
  /** The proxy the request went through, fit to print (no credentials). */
  readonly proxy?: string;
  /** The per-request timeout, for "timed out". */
  readonly timeoutMs?: number;
  /** The exchange was a login, whose statuses mean other things (Looker answers 404 to bad credentials). */
  readonly login?: boolean;
  /** The token is a person's (OAuth): a refusal means that person lacks a right, not that a key is wrong. */
  readonly person?: boolean;
}

/** Server text made fit for one line of a message: secrets redacted, control characters removed, length capped. */
export function serverText(text: string, redact: Redactor | undefined, max = 200): string {
  const redacted = redact ? redact(text) : text;
  const clean = stripVTControlCharacters(redacted).replace(UNSAFE_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Looker's Error / ValidationError body (spec components Error, ValidationError); anything else yields nulls. */
export function readLookerErrorBody(
  text: string,
  redact?: Redactor,
): { message: string | null; documentationUrl: string | null } {
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object') {
      const {
        message,
        documentation_url: doc,
        errors,
      } = body as { message?: unknown; documentation_url?: unknown; errors?: unknown };
      const details = Array.isArray(errors)
        ? errors
            .map((e) =>
              e && typeof e === 'object'
                ? `${String((e as { field?: unknown }).field ?? '')} ${String((e as { message?: unknown }).message ?? '')}`.trim()
                : '',
            )
            .filter((s) => s !== '')
        : [];
      const base = typeof message === 'string' ? message : null;
      const full = base === null ? null : details.length > 0 ? `${base} (${details.join('; ')})` : base;
      return {
        message: full === null ? null : serverText(full, redact, 2000),
        documentationUrl: typeof doc === 'string' ? serverText(doc, redact, 500) : null,
      };
    }
  } catch {
    // not JSON: an HTML error page from a proxy, or a truncated body
  }
  return { message: null, documentationUrl: null };
}

/** A redirect target fit to print: no query (an SSO redirect carries tokens there), no user info. */
function displayLocation(location: string | undefined, redact: Redactor | undefined): string {
  if (location === undefined || location.trim() === '') return 'no Location given';
  let shown = location;
  try {
    const url = new URL(location);
    shown = `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    shown = location.split(/[?#]/)[0] ?? '';
  }
  return serverText(shown, redact, 150);
}

const retried = (ctx: FailureContext) =>
  ctx.notRetried !== undefined
    ? ` (${ctx.notRetried})`
    : (ctx.retries ?? 0) > 0
      ? ` (after ${ctx.retries} ${ctx.retries === 1 ? 'retry' : 'retries'})`
      : '';

const PROXY_AUTH = 'the proxy requires authentication (407): give its user and password in the proxy URL';

/**
 * Login answers: Looker says 404 for bad credentials (the spec declares no 401 or 403 for login; an answer seen in
 * bufferapp/lookerpy#7); everything else means something else.
 */
function loginHint(status: number, ctx: FailureContext): string {
  if (status >= 300 && status < 400)
    return (
      `login redirected to ${displayLocation(ctx.location, ctx.redact)} (not followed): the url must be the ` +
      'API host (e.g. https://acme.cloud.looker.com:19999), not the web UI or a single sign-on page'
    );
  switch (status) {
    case 404:
      return 'login refused: wrong client_id or client_secret (Looker answers 404)';
    case 400:
      return 'login rejected as a bad request (400): is the url a Looker API host?';
    case 401:
      return 'login refused (401): wrong client_id or client_secret, or a proxy in front of Looker refused it';
    case 403:
      return 'login forbidden (403): the API is blocked for this machine (an IP allowlist, a firewall or a proxy)';
    case 407:
      return PROXY_AUTH;
    case 429:
      return `login rate-limited by Looker${retried(ctx)}`;
    case 500:
      return 'Looker server error at login';
    default:
      return status >= 500
        ? `Looker unavailable at login (${status} from Looker or a proxy in front of it)${retried(ctx)}`
        : `login failed: unexpected status ${status}`;
  }
}

/** What an OAuth login (which acts as the person) needs to read what the audit reads. */
const PERSON_RIGHTS = 'the audit needs the Admin role, or the see_users and see_system_activity permissions';

/**
 * A hint for the statuses whose meaning Looker hides: it answers 404 when the caller lacks permission (as a
 * maintainer of lookr says in lookr#22), and 401, undeclared in the spec, for a missing or expired token.
 */
function hintFor(status: number, method: string, path: string, ctx: FailureContext): string {
  if (ctx.login === true) return loginHint(status, ctx);
  if (status >= 300 && status < 400)
    return (
      `redirected to ${displayLocation(ctx.location, ctx.redact)} (not followed, the token would go with it): ` +
      'the url must be the API host, not the web UI or a single sign-on page'
    );
  switch (status) {
    case 401:
      return 'not authenticated (the token was refused after a fresh login)';
    case 403:
      return ctx.person === true
        ? `permission denied: the person logged in lacks the right to read this; ${PERSON_RIGHTS}`
        : 'permission denied: use an API3 key of an Admin user';
    case 404:
      if (method !== 'GET') return 'not found';
      return ctx.person === true
        ? `not found: Looker answers 404 when the person logged in lacks the right to see it; ${PERSON_RIGHTS}`
        : 'not found: Looker answers 404 when the API user lacks permission, so use an API3 key of an Admin user';
    case 407:
      return PROXY_AUTH;
    case 429:
      return `rate-limited by Looker${retried(ctx)}`;
    default:
      // 502/503/504 are retried first (retry.ts); a 500 is answered at once: it is not a passing state.
      return status === 500
        ? 'Looker server error'
        : status >= 500
          ? `Looker unavailable (${status} from Looker or a proxy in front of it)${retried(ctx)}`
          : 'unexpected response';
  }
}

export function apiErrorFromResponse(
  method: string,
  path: string,
  status: number,
  bodyText: string,
  ctx: FailureContext = {},
): LookerApiError {
  const { message, documentationUrl } = readLookerErrorBody(bodyText, ctx.redact);
  const hint = hintFor(status, method, path, ctx);
  const lookerPart = message && !/^not found$/i.test(message) ? `: Looker says "${message.slice(0, 200)}"` : '';
  return new LookerApiError({
    status,
    method,
    path,
    lookerMessage: message,
    documentationUrl,
    summary: `${method} ${path} -> ${status}, ${hint}${lookerPart}`,
  });
}

export function unexpectedBodyError(method: string, path: string, status: number, what: string): LookerApiError {
  return new LookerApiError({
    status,
    method,
    path,
    lookerMessage: null,
    summary: `${method} ${path} -> ${status}, ${what}`,
  });
}

/** A response over the account's max_response_mb (raw, or once decompressed): read no further. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  readonly code = 'ERR_RESPONSE_TOO_LARGE';
  readonly decompressed: boolean;
  constructor(decompressed: boolean) {
    super(decompressed ? 'the decompressed response is over the limit' : 'the response is over the limit');
    this.decompressed = decompressed;
  }
}

const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);
const UNKNOWN_CA = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
]);

function codeOf(error: unknown): string {
  return error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : '';
}

/** The cause of a failed exchange, and what to do about it, in words (never the raw error message). */
function networkCause(error: unknown, ctx: FailureContext): string {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : '';
  const via = ctx.proxy === undefined ? '' : ` (through the proxy ${ctx.proxy})`;
  if (error instanceof ResponseTooLargeError || code === 'ERR_RESPONSE_TOO_LARGE') {
    const decompressed = error instanceof ResponseTooLargeError && error.decompressed;
    return decompressed
      ? 'the compressed response expands past max_response_mb (a decompression bomb?): not read further'
      : 'the response is larger than max_response_mb: not read further (raise max_response_mb for this account if its lists really are that large)';
  }
  if (SELF_SIGNED.has(code))
    return 'self-signed certificate: add the CA with ca_file, or verify_ssl: false for this account';
  if (UNKNOWN_CA.has(code))
    return 'certificate signed by an unknown CA (a corporate proxy or private CA?): add the CA with ca_file, or verify_ssl: false for this account';
  if (code === 'CERT_HAS_EXPIRED') return "the server's TLS certificate has expired";
  if (code === 'CERT_NOT_YET_VALID')
    return "the server's TLS certificate is not valid yet (check this machine's clock)";
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'the TLS certificate is for another host name: check the url';
  if (
    code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    (code === 'EPROTO' && /wrong version number|packet length too long/i.test(message))
  )
    return 'https:// to a port that speaks plain HTTP (no TLS handshake): check the scheme and port of the url';
  if (code === 'EPROTO' || code.startsWith('ERR_SSL_')) return `TLS handshake failed (${code})`;
  switch (code) {
    case 'ETIMEDOUT':
      return ctx.timeoutMs === undefined
        ? 'timed out'
        : `timed out (no complete response within the ${ctx.timeoutMs < 1000 ? `${ctx.timeoutMs} ms` : `${Math.round(ctx.timeoutMs / 1000)} s`} timeout)`;
    case 'ECONNREFUSED':
      return ctx.proxy === undefined
        ? 'connection refused (is the instance up and the URL right?)'
        : `connection to the proxy ${ctx.proxy} refused (is the proxy URL right?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return ctx.proxy === undefined
        ? 'host not found (DNS): check the url, or set HTTPS_PROXY if this network needs a proxy'
        : `the proxy ${ctx.proxy} was not found (DNS)`;
    case 'ECONNRESET':
      return `connection reset${via}`;
    case 'EPIPE':
      return `connection closed while sending${via}`;
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return `network unreachable${via}`;
    case 'ERR_INVALID_CONTENT_ENCODING':
      return 'the response is compressed in an unsupported or corrupt way';
    default:
      return code === '' ? 'network error' : code;
  }
}

export function networkError(method: string, path: string, error: unknown, ctx: FailureContext = {}): LookerApiError {
  const code = codeOf(error) || 'network error';
  return new LookerApiError(
    {
      status: null,
      method,
      path,
      lookerMessage: null,
      summary: `${method} ${path}: ${networkCause(error, ctx)}${retried(ctx)}`,
    },
    { cause: safeCause(error, code, ctx.redact) },
  );
}

/**
 * got's RequestError carries the whole request (`options.form` with the client_secret at login, the
 * Authorization header with the token): inspecting or logging it would print them. Keep its name, message
 * (redacted: a proxy agent's message may hold the proxy URL) and code only.
 */
function safeCause(error: unknown, code: string, redact: Redactor | undefined): Error {
  const text = error instanceof Error ? error.message : String(error);
  const cause = new Error(redact ? redact(text) : text);
  cause.name = error instanceof Error ? error.name : 'Error';
  return Object.assign(cause, { code });
}
