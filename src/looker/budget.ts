/**
 * The call budget of one account (--max-calls): every request counts, logins, retries and the logout included.
 * On Looker (Google Cloud core) Standard edition 1,000 administrative API calls a month are the whole allowance,
 * so the budget is checked before each request is sent, never after.
 */
import { CallBudgetError } from './errors.js';
import type { ApiRequest } from './request.js';

export interface CallBudget {
  /** Requests sent so far. */
  readonly calls: number;
  /** The --max-calls budget, if any. */
  readonly max: number | undefined;
  /** Counts `request` as sent, or throws CallBudgetError when it would leave no call for the logout. */
  spend(request: ApiRequest, where: string): void;
}

export function createCallBudget(max: number | undefined): CallBudget {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    max,
    spend(request, where) {
      // Every request but the logout leaves room for the logout, so a budget never leaves a session open.
      const reserve = request.purpose === 'logout' ? 0 : 1;
      if (max !== undefined && calls + 1 + reserve > max)
        throw new CallBudgetError(
          `call budget of ${max} API calls reached before ${where} (one call is kept for the logout)`,
        );
      calls++;
    },
  };
}
