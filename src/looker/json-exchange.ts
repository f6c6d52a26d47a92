/**
 * A JSON exchange over the session: any method, a JSON body or none, and a JSON answer (200, 201) or none (204 No
 * Content, as Looker answers a DELETE). Whatever else comes back is a typed error that says what came instead.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { LookerApiError } from './errors.js';
import { unexpectedBodyError } from './errors.js';
import { displayPath, type ApiRequest } from './request.js';
import type { Sent } from './sender.js';
import type { Session } from './session.js';

export interface JsonResponse<T> {
  readonly body: T;
  readonly headers: IncomingHttpHeaders;
  /** The HTTP status of the answer (a write's is recorded in the apply journal). */
  readonly status: number;
}

const WITH_BODY: ReadonlySet<number> = new Set([200, 201]);
const NO_CONTENT = 204;

/** Sends `request` through `session`; the body is undefined for a 204 answer only. */
export async function exchangeJson(
  session: Session,
  failure: (request: ApiRequest, sent: Sent) => LookerApiError,
  request: ApiRequest,
): Promise<JsonResponse<unknown>> {
  const sent = await session.send(request);
  const { answer } = sent;
  if (answer.statusCode === NO_CONTENT) return { body: undefined, headers: answer.headers, status: NO_CONTENT };
  if (!WITH_BODY.has(answer.statusCode)) throw failure(request, sent);
  const where = displayPath(request.path);
  const type = String(answer.headers['content-type'] ?? '');
  if (!type.includes('json'))
    throw unexpectedBodyError(
      request.method,
      where,
      answer.statusCode,
      `expected JSON, got ${type.split(';')[0] || 'no content type'}`,
    );
  try {
    return { body: JSON.parse(answer.body) as unknown, headers: answer.headers, status: answer.statusCode };
  } catch {
    throw unexpectedBodyError(request.method, where, answer.statusCode, 'malformed JSON in the response');
  }
}

/** For the callers that need a JSON value (reads, queries): a 204 is not one. */
export function requireBody<T>(request: ApiRequest, response: JsonResponse<unknown>): JsonResponse<T> {
  if (response.body === undefined)
    throw unexpectedBodyError(request.method, displayPath(request.path), NO_CONTENT, 'expected JSON, got no content');
  return response as JsonResponse<T>;
}
