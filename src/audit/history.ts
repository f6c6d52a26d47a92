/**
 * Seats per tier over time, for the trend chart of the HTML report (`--history`). PURE.
 *
 * Each earlier snapshot's accounts are matched to the current report's with the one matcher that `diff` and
 * `check --baseline` use (snapshot/match.ts: the same name, case-insensitively), so a point is filed under the
 * account's current name. An account that failed in a snapshot, or that the current report does not have, gives
 * no point there: a gap, never a zero. A snapshot's seat counts are its own `summary` (active standard and service
 * users, as counted when it was taken).
 */
import { grouped } from '../counts.js';
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

/** More seats than any Looker instance holds: a count above this is not one. */
const MAX_SEAT_COUNT = 10_000_000;
const isSeatCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0 && n <= MAX_SEAT_COUNT;

/**
 * Snapshots whose seat counts could not be true (negative, fractional, or beyond any instance: -5, 0.5, 1e308)
 * are not drawn: such an account's `summary` is dropped (a gap in its line, as for a failed account), with one
 * warning per file naming the accounts by position (`file` names each snapshot as the user gave it).
 */
export function withPlausibleSeats(
  snapshots: readonly SnapshotDocument[],
  files: readonly string[],
): { readonly snapshots: SnapshotDocument[]; readonly warnings: string[] } {
  const warnings: string[] = [];
  const checked = snapshots.map((snapshot, s) => {
    const bad: number[] = [];
    const accounts = snapshot.accounts.map((account, i) => {
      if (account.summary === null || Object.values(account.summary).every(isSeatCount)) return account;
      bad.push(i);
      return { ...account, summary: null };
    });
    if (bad.length > 0)
      warnings.push(
        `${files[s] ?? `snapshot ${s + 1}`}: ${bad.map((i) => `accounts[${i}]`).join(', ')}: seat counts that are not whole numbers from 0 to ${grouped(MAX_SEAT_COUNT)}: left out of the trend`,
      );
    return bad.length === 0 ? snapshot : { ...snapshot, accounts };
  });
  return { snapshots: checked, warnings };
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
