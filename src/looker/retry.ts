/**
 * Whether, when and how long to wait before retrying. Looker answers 429 when rate-limited (spec-wide since 24.6,
 * sdk-codegen PR #1455); proxies in front of it answer 502/503/504. Retry-After may be seconds or an HTTP-date
 * (RFC 9110 §10.2.3).
 *
 * Which requests may be retried depends on their kind (request.ts): a read or an idempotent write is sent again
 * after any of those answers and after a dropped or timed-out connection, since a second copy changes nothing. A
 * request that is not idempotent is sent again only when it certainly never left this machine (the connection was
 * refused, or the host name did not resolve): an answer, a reset or a timeout all say it may have reached Looker
 * and been carried out, and a second copy could do it twice.
 */
import type { RequestKind } from './request.js';

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_GOT_REQUEST_ERROR',
]);

/** Failures before the connection was made: nothing of the request was sent. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

const codeOf = (error: unknown): string =>
  error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : '';

export function isRetryableNetworkError(error: unknown): boolean {
  return RETRYABLE_CODES.has(codeOf(error));
}

/** A request of this kind may be sent again after this answer (when retries remain). */
export function mayRetryStatus(kind: RequestKind, status: number): boolean {
  return kind !== 'once' && RETRYABLE_STATUSES.has(status);
}

/** A request of this kind may be sent again after this failure (when retries remain). */
export function mayRetryFailure(kind: RequestKind, error: unknown): boolean {
  return isRetryableNetworkError(error) && (kind !== 'once' || NOT_SENT_CODES.has(codeOf(error)));
}

/** Why a retryable answer or failure was not retried for a request that is not idempotent, for its message. */
export const NOT_SENT_TWICE = 'not retried: it may have reached Looker, and a second copy could act twice';

/**
 * Milliseconds to wait per Retry-After, or undefined when absent, unreadable or not a wait: an HTTP-date that is
 * already past (a server or proxy whose clock is behind ours) asks for no wait at all, and retrying at once would
 * hit the same rate limit again; the caller then backs off as if no header had come.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  if (/^\d+$/.test(raw.trim())) {
    const seconds = Number(raw.trim());
    return seconds > 0 ? seconds * 1000 : undefined;
  }
  const date = Date.parse(raw);
  return Number.isNaN(date) || date <= nowMs ? undefined : date - nowMs;
}

/** Exponential backoff without jitter (deterministic for tests): 500 ms, 1 s, 2 s, ... capped at 8 s. */
export function backoffMs(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 8000);
}
