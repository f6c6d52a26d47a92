/**
 * When and how long to wait before retrying. Looker answers 429 when rate-limited (spec-wide since 24.6,
 * sdk-codegen PR #1455); proxies in front of it answer 502/503/504. Retry-After may be seconds or an HTTP-date
 * (RFC 9110 section 10.2.3).
 */
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

export function isRetryableNetworkError(error: unknown): boolean {
  const code = error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : '';
  return RETRYABLE_CODES.has(code);
}

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
