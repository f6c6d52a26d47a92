/**
 * Looker's own count beside the report's (`--compare`): in the summary (table, JSON, CSV, Prometheus; Markdown in
 * markdown.ts, HTML in html/looker.ts), and per user in `users --compare` and `explain --compare`. PURE.
 */
import type { ChalkInstance } from 'chalk';
import type { LookerComparison, LookerDisagreement } from '../audit/looker-flags.js';
import type { ReportSummary } from '../audit/summary.js';
import type { TierCounts } from '../audit/types.js';
import { TIERS, type Tier } from '../vocabulary.js';
import type { CsvCell } from './csv.js';
import type { ExplainExtra } from './explain.js';
import { renderTable, tierColor, type Column, type TableOptions } from './table.js';
import { flagsText, LOOKER_SOURCE, lookerJson, type LookerLookup } from './looker-verdict.js';
import type { UserRow } from './users.js';
import { wrapWords } from './text-width.js';

const countRecord = (count: TierCounts): Record<Tier, number> =>
  Object.fromEntries(TIERS.map((tier) => [tier, count[tier]])) as Record<Tier, number>;

/** `looker_count` of each account and of the totals, and `looker_disagreements`, for the summary's JSON. */
export function lookerSummaryJson(comparison: LookerComparison) {
  const byAccount = new Map(comparison.accounts.map((a) => [a.account, a.count]));
  return {
    countOf: (account: string) => {
      const count = byAccount.get(account) ?? null;
      return count === null ? null : countRecord(count);
    },
    totals: comparison.totals === null ? null : countRecord(comparison.totals),
    disagreements: comparison.disagreements.map((d) => ({
      account: d.account,
      user_id: d.user.id,
      email: d.user.email,
      name: d.user.name,
      license: d.user.license,
      reason: d.user.reason,
      looker: lookerJson(d.looker),
    })),
  };
}

export const LOOKER_CSV_COLUMNS = TIERS.map((tier) => `looker_${tier}`);

/** The summary CSV's Looker columns for one row: the counts, or empty cells where there is none. */
export function lookerCsvCells(count: TierCounts | null): CsvCell[] {
  return TIERS.map((tier) => (count === null ? null : count[tier]));
}

interface CountRow {
  readonly account: string;
  readonly by: string;
  readonly count: TierCounts | null;
  readonly note: string;
}

/** The table: per account the report's seats, then Looker's count; then the seats where they disagree. */
export function renderLookerTable(summary: ReportSummary, options: TableOptions): string {
  const comparison = summary.looker;
  if (comparison === undefined) return '';
  const rows: CountRow[] = [];
  for (const account of summary.accounts) {
    if (account.error !== null) continue;
    const looker = comparison.accounts.find((a) => a.account === account.account);
    rows.push({ account: account.account, by: summary.rules, count: account.seats, note: '' });
    rows.push({
      account: account.account,
      by: 'Looker',
      count: looker?.count ?? null,
      note: looker?.count === null || looker === undefined ? 'not read: System Activity could not be read' : '',
    });
  }
  if (summary.accounts.length > 1 && comparison.totals !== null) {
    rows.push({ account: 'total', by: summary.rules, count: summary.totals.seats, note: '' });
    rows.push({ account: 'total', by: 'Looker', count: comparison.totals, note: '' });
  }
  const cell = (tier: Tier) => (r: CountRow) => (r.count === null ? '-' : String(r.count[tier]));
  const columns: Column<CountRow>[] = [
    { header: 'account', value: (r) => r.account, min: 8, priority: 1 },
    { header: 'counted by', value: (r) => r.by, min: 10, priority: 1 },
    ...TIERS.map((tier): Column<CountRow> => ({
      header: tier,
      value: cell(tier),
      min: tier.length,
      priority: tier === 'none' ? 3 : 1,
      align: 'right',
      color: (t, _r, chalk) => tierColor(tier, chalk)(t),
    })),
    ...(rows.some((r) => r.note !== '')
      ? [{ header: 'note', value: (r: CountRow) => r.note, min: 12, priority: 2 }]
      : []),
  ];
  let out = `\n${LOOKER_SOURCE} beside the ${summary.rules} rule set:\n`;
  out += renderTable(columns, rows, options);
  out += dim(
    'Looker counts users that are not disabled, not Looker staff and not embed users: Developer = is_admin or ' +
      'is_developer, Standard = is_explorer or is_content_saver, Viewer = is_viewer. Google does not publish which ' +
      'count a bill follows.',
    options,
  );
  const { disagreements } = comparison;
  if (disagreements.length === 0) return `${out}\nNo seat has another tier under Looker's own flags.\n`;
  out += `\nSeats whose tier differs under Looker's own flags (${disagreements.length}):\n`;
  return out + renderDisagreements(disagreements, summary.rules, summary.accounts.length > 1, options);
}

function dim(text: string, options: TableOptions): string {
  return `${options.chalk.dim(wrapWords(text, options.width))}\n`;
}

function renderDisagreements(
  rows: readonly LookerDisagreement[],
  rules: string,
  multi: boolean,
  options: TableOptions,
): string {
  const tier = (pick: (d: LookerDisagreement) => Tier) => (t: string, d: LookerDisagreement, chalk: ChalkInstance) =>
    tierColor(pick(d), chalk)(t);
  return renderTable<LookerDisagreement>(
    [
      ...(multi ? [{ header: 'account', value: (d: LookerDisagreement) => d.account, min: 8, priority: 2 }] : []),
      { header: 'user', value: (d) => d.user.email ?? d.user.name, min: 14, priority: 1, whole: true },
      { header: rules, value: (d) => d.user.license, min: 9, priority: 1, color: tier((d) => d.user.license) },
      { header: 'Looker', value: (d) => d.looker.tier, min: 9, priority: 1, color: tier((d) => d.looker.tier) },
      { header: `${rules} reason`, value: (d) => d.user.reason, min: 20, priority: 3 },
      { header: 'Looker reason', value: (d) => d.looker.reason, min: 20, priority: 2 },
    ],
    rows,
    options,
  );
}

/** `users --compare`: Looker's tier and reason after the usual columns (table) and cells (CSV). */
export function lookerTableColumns(lookup: LookerLookup): Column<UserRow>[] {
  const of = (r: UserRow) => lookup(r.account, r.user);
  return [
    {
      header: 'Looker',
      value: (r) => of(r)?.tier ?? '?',
      min: 9,
      priority: 1,
      color: (t, r, chalk) => {
        const tier = of(r)?.tier;
        return tier === undefined ? t : tierColor(tier, chalk)(t);
      },
    },
    { header: 'Looker reason', value: (r) => of(r)?.reason ?? '', min: 20, priority: 2 },
  ];
}

/** `explain --compare`: Looker's flags and the tier they give, under the user's own. */
export function explainLooker(lookup: LookerLookup): ExplainExtra {
  return {
    lines: (m) => {
      const verdict = lookup(m.account, m.user);
      if (verdict === null) return ["Looker's own flags: not read (System Activity could not be read)"];
      return [
        `Looker's own flags (System Activity): ${flagsText(verdict)}`,
        `Looker's tier: ${verdict.reason}${verdict.tier === m.user.license ? '' : ` (differs from ${m.user.license})`}`,
      ];
    },
    json: (m) => {
      const verdict = lookup(m.account, m.user);
      return { looker: verdict === null ? null : lookerJson(verdict) };
    },
  };
}
