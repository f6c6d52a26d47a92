/**
 * One typed API error that is safe to print: status, method, path (never a query value, never a host
 * credential), Looker's own message, and a hint for the statuses whose meaning Looker hides.
 */

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

/**
 * A response that is not what the API documents: a list that is not an array, a row that is not an object,
 * paging that never ends or pages that contradict their own X-Total-Count beyond repair.
 */
export class LookerProtocolError extends Error {
  override readonly name = 'LookerProtocolError';
}

/** Looker's Error / ValidationError body (spec components Error, ValidationError); anything else yields nulls. */
export function readLookerErrorBody(text: string): { message: string | null; documentationUrl: string | null } {
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
      return {
        message: base === null ? null : details.length > 0 ? `${base} (${details.join('; ')})` : base,
        documentationUrl: typeof doc === 'string' ? doc : null,
      };
    }
  } catch {
    // not JSON: an HTML error page from a proxy, or a truncated body
  }
  return { message: null, documentationUrl: null };
}

/** A hint for the statuses whose meaning Looker hides (reference.md section 7). */
function hintFor(status: number, method: string, path: string): string {
  if (path.endsWith('/login')) {
    return status === 429
      ? 'login rate-limited by Looker'
      : 'login refused: wrong client_id or client_secret (Looker answers 404)';
  }
  switch (status) {
    case 401:
      return 'not authenticated (the token was refused after a fresh login)';
    case 403:
      return 'permission denied: use an API3 key of an Admin user';
    case 404:
      return method === 'GET'
        ? 'not found: Looker answers 404 when the API user lacks permission, so use an API3 key of an Admin user'
        : 'not found';
    case 429:
      return 'rate-limited by Looker (retries exhausted)';
    default:
      // 502/503/504 are retried first (retry.ts); a 500 is answered at once: it is not a passing state.
      return status === 500
        ? 'Looker server error'
        : status >= 500
          ? 'Looker server error (retries exhausted)'
          : 'unexpected response';
  }
}

export function apiErrorFromResponse(method: string, path: string, status: number, bodyText: string): LookerApiError {
  const { message, documentationUrl } = readLookerErrorBody(bodyText);
  const hint = hintFor(status, method, path);
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

export function networkError(method: string, path: string, error: unknown): LookerApiError {
  const code =
    error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : 'network error';
  const what =
    code === 'ETIMEDOUT'
      ? 'timed out'
      : code === 'ECONNREFUSED'
        ? 'connection refused (is the instance up and the URL right?)'
        : code;
  return new LookerApiError(
    { status: null, method, path, lookerMessage: null, summary: `${method} ${path}: ${what} (retries exhausted)` },
    { cause: safeCause(error, code) },
  );
}

/**
 * got's RequestError carries the whole request (`options.form` with the client_secret at login, the
 * Authorization header with the token): inspecting or logging it would print them. Keep its name, message
 * and code only.
 */
function safeCause(error: unknown, code: string): Error {
  const cause = new Error(error instanceof Error ? error.message : String(error));
  cause.name = error instanceof Error ? error.name : 'Error';
  return Object.assign(cause, { code });
}
