/**
 * What the HTML report is made from: the audit's report model and its summary, plus what only some runs have
 * (right-sizing recommendations, earlier snapshots for the trend). Which sections appear depends on the command:
 * `users`, `summary` and `rightsize` show their own, `report` shows all three.
 */
import type { HistoryPoint } from '../../audit/history.js';
import { lowerTierOf } from '../../audit/rightsize.js';
import type { AuditReport } from '../../audit/types.js';
import type { ReportSummary } from '../../audit/summary.js';
import type { SeatCounts } from '../../config/types.js';
import type { RecommendationKind, Tier } from '../../vocabulary.js';

export type RecommendationTo = RecommendationKind;

/** `reclaim`, or `to viewer`: a recommendation in the report's words. */
export function recommendationLabel(to: RecommendationTo): string {
  const lower = lowerTierOf(to);
  return lower === null ? 'reclaim' : `to ${lower}`;
}

/** One right-sizing recommendation (audit/rightsize.ts), as the renderer needs it. */
export interface HtmlRecommendation {
  readonly userId: string;
  readonly email: string | null;
  readonly name: string;
  readonly tier: Tier;
  readonly to: RecommendationTo;
  readonly evidence: string;
  readonly yearlySaving: number | null;
}

export interface HtmlRightsizeAccount {
  readonly account: string;
  readonly usage: 'system_activity' | 'logins_only';
  /** The newest System Activity date seen (it can be up to 12 h old), or null. */
  readonly usageAsOf: string | null;
  readonly error: string | null;
  readonly recommendations: readonly HtmlRecommendation[];
}

export interface HtmlRightsize {
  readonly usageDays: number;
  readonly accounts: readonly HtmlRightsizeAccount[];
}

export type { HistoryPoint } from '../../audit/history.js';

/** `compare`: the seats whose tier differs from Looker's own flags (`users --compare -f html`). */
export type HtmlSection = 'summary' | 'users' | 'rightsize' | 'compare';

export interface HtmlReportInput {
  readonly report: AuditReport;
  readonly summary: ReportSummary;
  readonly sections: readonly HtmlSection[];
  /** Prices per seat and year (config `prices`), for the cost of inactive seats. */
  readonly prices?: SeatCounts;
  readonly rightsize?: HtmlRightsize;
  readonly history?: readonly HistoryPoint[];
  /** `users --license ...` and the like: the table shows only these users, the figures still count everyone. */
  readonly usersNote?: string;
}
