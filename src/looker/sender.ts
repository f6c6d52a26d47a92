/**
 * One request of one account, sent until it is answered for good: counted against the call budget, bounded in
 * flight per instance, retried as its kind allows (retry.ts) with the injected sleep, cancelled by the stop
 * signal, logged, and turned into the client's own typed errors. got's own retry is off: this loop counts every
 * request it sends, and tests control its time.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { CallBudget } from './budget.js';
import {
  apiErrorFromResponse,
  LookerApiError,
  networkError,
  RequestsStoppedError,
  ResponseTooLargeError,
  type FailureContext,
} from './errors.js';
import { REDACTED, type Redactor } from './redact.js';
import { displayPath, type Answer, type ApiRequest } from './request.js';
import {
  backoffMs,
  isRetryableNetworkError,
  mayRetryFailure,
  mayRetryStatus,
  NOT_SENT_TWICE,
  parseRetryAfter,
  RETRYABLE_STATUSES,
} from './retry.js';
import type { Stopper } from './stop.js';
import type { Transport } from './transport.js';

/** How hard one request tries. */
export interface Effort {
  readonly retries: number;
  readonly timeoutMs: number;
  readonly maxRetryAfterMs: number;
}

/**
 * A logout that hangs must not hold up a run whose results are in (every wait is bounded): it gets at most 10 s
 * per attempt and one retry, and an unanswered logout only leaves a token that expires within the hour.
 */
const LOGOUT_TIMEOUT_MS = 10_000;
const LOGOUT_MAX_RETRY_AFTER_MS = 5_000;

/** The effort of every request, and the smaller one of the logout. */
export function effortsFor(
  timeoutMs: number,
  retry: { readonly limit?: number; readonly maxRetryAfterMs?: number } = {},
): { readonly call: Effort; readonly logout: Effort } {
  const retries = retry.limit ?? 3;
  const maxRetryAfterMs = retry.maxRetryAfterMs ?? 60_000;
  return {
    call: { retries, timeoutMs, maxRetryAfterMs },
    logout: {
      retries: Math.min(1, retries),
      timeoutMs: Math.min(timeoutMs, LOGOUT_TIMEOUT_MS),
      maxRetryAfterMs: Math.min(maxRetryAfterMs, LOGOUT_MAX_RETRY_AFTER_MS),
    },
  };
}

/**
 * An answer that is final: not retryable, or retryable but not retried. `retries` were sent before it, and
 * `notRetried` says why a retryable answer was not retried, so messages never claim retries that did not happen.
 */
export interface Sent {
  readonly answer: Answer;
  readonly retries: number;
  readonly notRetried?: string;
}

export interface Sender {
  send(request: ApiRequest): Promise<Sent>;
  /** The error for an answer that is not the one expected, with everything its message needs to be true. */
  failure(request: ApiRequest, sent: Sent): LookerApiError;
}

export interface SenderParts {
  readonly transport: Transport;
  readonly budget: CallBudget;
  readonly stop: Stopper;
  /** Requests in flight to this instance at once. */
  readonly concurrency: number;
  readonly efforts: ReturnType<typeof effortsFor>;
  /** Removes the account's secrets from server text. */
  readonly redact: Redactor;
  readonly log: (line: string) => void;
  readonly now: () => number;
  /** The account logs in as a person (OAuth): a 403 or 404 names the rights that person lacks. */
  readonly person?: boolean;
}

type Step = { readonly done: Sent } | { readonly wait: number };

const ignoreStop = () => () => {};

/** The verbose line of an answered request: the query (never secret: credentials go in bodies), never a token. */
function answeredLine(request: ApiRequest, answer: Answer, ms: number): string {
  const query = request.searchParams
    ? `?${new URLSearchParams(request.searchParams as Record<string, string>).toString()}`
    : '';
  const auth = request.authorization ? ` (authorization: ${request.authorization.scheme} ${REDACTED})` : '';
  return `${request.method} ${displayPath(request.path)}${query} ${answer.statusCode} ${ms} ms${auth}`;
}

export function createSender(parts: SenderParts): Sender {
  const sender = new RequestSender(parts);
  return { send: (request) => sender.send(request), failure: (request, sent) => sender.failure(request, sent) };
}

/** A stopped run sends nothing but its logout, so that it still closes its session. */
const stoppable = (request: ApiRequest) => request.purpose !== 'logout';

const whereOf = (request: ApiRequest) => `${request.method} ${displayPath(request.path)}`;

class RequestSender {
  private readonly parts: SenderParts;
  private readonly inFlight: LimitFunction;

  constructor(parts: SenderParts) {
    this.parts = parts;
    this.inFlight = pLimit(parts.concurrency);
  }

  async send(request: ApiRequest): Promise<Sent> {
    const { transport, budget, stop, log, now } = this.parts;
    // looker/ throws only its own error kinds: a setup problem is this account's API failure (exit 3).
    if (transport.problem !== null)
      throw new LookerApiError({
        status: null,
        method: request.method,
        path: displayPath(request.path),
        lookerMessage: null,
        summary: transport.problem,
      });
    const limits = request.purpose === 'logout' ? this.parts.efforts.logout : this.parts.efforts.call;
    for (let retries = 0; ; retries++) {
      if (stoppable(request) && stop.stopped) throw new RequestsStoppedError(`stopped before ${whereOf(request)}`);
      budget.spend(request, whereOf(request));
      const started = now();
      let answer: Answer;
      try {
        answer = await this.attempt(request, limits.timeoutMs);
      } catch (error) {
        await stop.sleep(this.afterFailure(request, error, retries, limits));
        continue;
      }
      log(answeredLine(request, answer, now() - started));
      const step = this.afterAnswer(request, answer, retries, limits);
      if ('done' in step) return step.done;
      log(`${whereOf(request)} -> ${answer.statusCode}, retry in ${step.wait} ms`);
      await stop.sleep(step.wait);
    }
  }

  failure(request: ApiRequest, sent: Sent): LookerApiError {
    const { answer, retries, notRetried } = sent;
    const location = answer.headers.location;
    return apiErrorFromResponse(
      request.method,
      displayPath(request.path),
      answer.statusCode,
      answer.body,
      this.context({
        retries,
        ...(notRetried ? { notRetried } : {}),
        ...(location ? { location } : {}),
        ...(request.purpose === 'login' ? { login: true } : {}),
      }),
    );
  }

  private context(extra: Partial<FailureContext> = {}): FailureContext {
    const { transport } = this.parts;
    return {
      redact: this.parts.redact,
      timeoutMs: this.parts.efforts.call.timeoutMs,
      ...(transport.shownProxy === undefined ? {} : { proxy: transport.shownProxy }),
      ...(this.parts.person === true ? { person: true } : {}),
      ...extra,
    };
  }

  private attempt(request: ApiRequest, timeoutMs: number): Promise<Answer> {
    const { transport, stop } = this.parts;
    return this.inFlight(async () => {
      // A request that waited for its turn while the run was stopped is not sent at all.
      if (stoppable(request) && stop.stopped) throw new RequestsStoppedError(`stopped before ${whereOf(request)}`);
      try {
        return await transport.exchange(request, timeoutMs, stoppable(request) ? stop.until : ignoreStop);
      } catch (error) {
        if (stoppable(request) && stop.stopped && !(error instanceof ResponseTooLargeError))
          throw new RequestsStoppedError(`${whereOf(request)} cancelled`);
        throw error;
      }
    });
  }

  /** After a failed exchange: the wait before the next attempt, or the error that ends the request. */
  private afterFailure(request: ApiRequest, error: unknown, retries: number, limits: Effort): number {
    if (error instanceof RequestsStoppedError) throw error;
    const retryable = retries < limits.retries && isRetryableNetworkError(error);
    if (retryable && mayRetryFailure(request.kind, error)) {
      const wait = backoffMs(retries);
      this.parts.log(
        `${whereOf(request)} failed (${(error as { code?: string }).code ?? 'network'}), retry in ${wait} ms`,
      );
      return wait;
    }
    const notRetried = retryable ? { notRetried: NOT_SENT_TWICE } : {};
    throw networkError(
      request.method,
      displayPath(request.path),
      error,
      this.context({ retries, timeoutMs: limits.timeoutMs, ...notRetried }),
    );
  }

  /** After an answer: the answer as final, or the wait before the next attempt. */
  private afterAnswer(request: ApiRequest, answer: Answer, retries: number, limits: Effort): Step {
    if (!RETRYABLE_STATUSES.has(answer.statusCode) || retries >= limits.retries) return { done: { answer, retries } };
    if (!mayRetryStatus(request.kind, answer.statusCode))
      return { done: { answer, retries, notRetried: NOT_SENT_TWICE } };
    const retryAfter = parseRetryAfter(answer.headers['retry-after'], this.parts.now());
    if (retryAfter !== undefined && retryAfter > limits.maxRetryAfterMs) {
      const notRetried = `Retry-After ${Math.round(retryAfter / 1000)} s is over the ${Math.round(limits.maxRetryAfterMs / 1000)} s cap: not retried`;
      this.parts.log(`${whereOf(request)}: ${notRetried}`);
      return { done: { answer, retries, notRetried } };
    }
    return { wait: retryAfter ?? backoffMs(retries) };
  }
}
