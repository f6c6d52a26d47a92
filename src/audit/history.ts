/**
 * Seats per tier over time, for the trend chart of the HTML report (`--history`). PURE.
 *
 * Each earlier snapshot's accounts are matched to the current report's with the one matcher that `diff` and
 * `check --baseline` use (snapshot/match.ts: the same name, case-insensitively), so a point is filed under the
 * account's current name. An account that failed in a snapshot, or that the current report does not have, gives
 * no point there: a gap, never a zero. A snapshot's seat counts are its own `summary` (active standard and service
 * users, as counted when it was taken).
 */
import { matchAccounts } from '../snapshot/match.js';
import type { SnapshotDocument } from '../snapshot/types.js';
import type { Tier } from '../vocabulary.js';
import type { AuditReport } from './types.js';

/** Seats per tier of one account at one earlier time. */
export interface HistoryPoint {
  readonly at: string;
  /** The account's name in the current report. */
  readonly account: string;
  readonly seats: Readonly<Record<Tier, number>>;
}

export function seatHistory(snapshots: readonly SnapshotDocument[], report: AuditReport): HistoryPoint[] {
  const points: HistoryPoint[] = [];
  for (const snapshot of snapshots) {
    const { pairs } = matchAccounts(snapshot.accounts, report.accounts);
    for (const { before, after } of pairs) {
      if (before.error !== undefined || before.summary === null) continue;
      points.push({ at: snapshot.generated_at, account: after.name, seats: before.summary });
    }
  }
  return points.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
