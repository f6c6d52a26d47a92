/**
 * What an `apply` or `undo` run did, per account and user: the model its views render (table, Markdown, JSON).
 * PURE. The JSON view is this object as it is, so its keys are the contract.
 */
import {
  CHANGE_STATUSES,
  INCOMPLETE_STATUSES,
  type ChangeStatus,
  type JournalOp,
  type PlanTarget,
} from '../vocabulary.js';

/** One write of an item: what it does in words, and what came of it. */
export interface ChangeStep {
  readonly op: JournalOp;
  /** The write in words (names as the instance gave them: each view escapes them for its format). */
  readonly what: string;
  /**
   * `sent` (answered, or its answer lost and the re-read found it made); `failed`; `already`: found made before
   * this run sent anything (an earlier run, or someone else); `pending`: not sent (a dry run, or not reached).
   */
  readonly status: 'sent' | 'failed' | 'already' | 'pending';
  /** The HTTP status of the answer; null when none came (or none was sent). */
  readonly http_status: number | null;
}

export interface ChangeItem {
  readonly item_id: string;
  readonly user_id: string;
  readonly email: string | null;
  readonly name: string;
  /** The plan's target (apply); null for undo, whose journal keeps the steps, not the target. */
  readonly to: PlanTarget | null;
  readonly status: ChangeStatus;
  /** Why it drifted, failed or is blocked, or what was found already done; '' when there is nothing to add. */
  readonly detail: string;
  readonly steps: readonly ChangeStep[];
}

export interface ChangeAccount {
  readonly name: string;
  readonly url: string;
  /** The account could not be reached (login refused, network, ...): its items are not attempted. */
  readonly error: string | null;
  /** Requests sent to this instance, the logout included. */
  readonly api_calls: number;
  readonly items: readonly ChangeItem[];
}

export type ChangeTotals = Readonly<Record<ChangeStatus, number>>;

export interface ChangeRun {
  readonly mode: 'apply' | 'undo';
  readonly dry_run: boolean;
  /** The plan (apply) or journal (undo) the run read, as named on the command line. */
  readonly source: string;
  /** The journal this run wrote to; null for a dry run. */
  readonly journal: string | null;
  readonly generated_at: string;
  readonly accounts: readonly ChangeAccount[];
  readonly totals: ChangeTotals;
}

export function changeTotals(accounts: readonly Pick<ChangeAccount, 'items'>[]): ChangeTotals {
  const totals = Object.fromEntries(CHANGE_STATUSES.map((s) => [s, 0])) as Record<ChangeStatus, number>;
  for (const account of accounts) for (const item of account.items) totals[item.status] += 1;
  return totals;
}

/** Some item drifted, failed or was not attempted: the run is incomplete (exit 4). */
export function isIncomplete(run: Pick<ChangeRun, 'totals'>): boolean {
  return INCOMPLETE_STATUSES.some((s) => run.totals[s] > 0);
}
