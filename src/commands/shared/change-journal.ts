/**
 * What apply and undo share while they write: the run's journal and identity, and the one way a write is sent
 * (its `intent` line synced to disk first, its answer recorded after, never a secret in either).
 */
import type { ChangeItem, ChangeStep } from '../../audit/change-run.js';
import { LookerApiError } from '../../looker/errors.js';
import type { WriteRequest } from '../../looker/remediation-writes.js';
import { displayPath } from '../../looker/request.js';
import type { JournalWriter } from '../../output/journal.js';
import type { JournalEntry, PlanStep } from '../../plan/types.js';
import type { JournalOp } from '../../vocabulary.js';
import { isAccountFailure } from './fetch-accounts.js';

export interface ChangeContext {
  /** null: a dry run, which sends no write and records nothing. */
  readonly journal: JournalWriter | null;
  readonly runId: string;
  readonly now: () => Date;
}

export type SendResult =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly status: number | null; readonly error: string };

type Before = Extract<JournalEntry, { event: 'intent' }>['before'];

/** The failures of an item that belong to the account (Looker's answers, the network, the budget) as one line. */
export function failureOf(error: unknown): string {
  if (!isAccountFailure(error)) throw error;
  return error.message;
}

export function notAttempted(
  head: Omit<ChangeItem, 'status' | 'detail' | 'steps'>,
  steps: ChangeStep[],
  why: string,
): ChangeItem {
  return { ...head, status: 'not-attempted', detail: why, steps };
}

/** Sends the writes of one item, each journaled before and after. */
export function recorder(
  ctx: ChangeContext & { readonly journal: JournalWriter },
  account: { readonly name: string; readonly url: string },
  itemId: string,
  userId: string,
  before: Before,
) {
  const at = () => ctx.now().toISOString();
  return {
    async send(
      stepIndex: number,
      op: JournalOp,
      step: PlanStep,
      request: WriteRequest,
      send: () => Promise<number>,
    ): Promise<SendResult> {
      const ref = {
        v: 1,
        run_id: ctx.runId,
        account: account.name,
        item_id: itemId,
        step_index: stepIndex,
        op,
      } as const;
      await ctx.journal.append({
        ...ref,
        at: at(),
        event: 'intent',
        url: account.url,
        user_id: userId,
        step,
        request: { method: request.method, path: displayPath(request.path), body: request.body },
        before,
      });
      try {
        const status = await send();
        await ctx.journal.append({ ...ref, at: at(), event: 'done', status });
        return { ok: true, status };
      } catch (error) {
        const message = failureOf(error);
        const status = error instanceof LookerApiError ? error.status : null;
        await ctx.journal.append({ ...ref, at: at(), event: 'failed', status, error: message });
        return { ok: false, status, error: message };
      }
    },
  };
}
