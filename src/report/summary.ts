/**
 * The `summary` view: seats per account and tier, totals, inactive seats and cost when asked, and the
 * roles on which the two built-in rule sets disagree.
 */
import type { AccountSummary, ReportSummary, SeatSummary } from '../audit/summary.js';
import type { ChalkInstance } from 'chalk';
import { isOneOf, RULE_SET_NAMES, TIERS, type RuleSetName, type Tier } from '../vocabulary.js';
import { renderCsv, type CsvCell } from './csv.js';
import { stringifyJson } from './json.js';
import { LOOKER_CSV_COLUMNS, lookerCsvCells, lookerSummaryJson, renderLookerTable } from './looker-count.js';
import { hiddenColumns, renderTable, tierColor, type Column, type TableOptions } from './table.js';
import { wrapWords } from './text-width.js';

interface SummaryRow extends SeatSummary {
  readonly label: string;
  readonly error: string | null;
}

/** Money as a person reads it: `$17,450`, `€1,650` (whole units; the prices are per seat per year). */
export function moneyFormat(currency: string): (n: number | null | undefined) => string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 });
  return (n) => (n === null || n === undefined ? '' : format.format(n));
}

/** A numeric column: never narrower than its header, `-` for an account that could not be audited. */
function numeric(header: string, priority: number, value: (r: SummaryRow) => string, tier?: Tier): Column<SummaryRow> {
  return {
    header,
    value: (r) => (r.error === null ? value(r) : '-'),
    min: header.length,
    priority,
    align: 'right',
    ...(tier === undefined
      ? {}
      : { color: (t: string, _r: SummaryRow, chalk: ChalkInstance) => tierColor(tier, chalk)(t) }),
  };
}

function columnsFor(summary: ReportSummary): Column<SummaryRow>[] {
  const columns: Column<SummaryRow>[] = [
    { header: 'account', value: (r) => (r.error === null ? r.label : `${r.label} (failed)`), min: 10, priority: 1 },
    ...TIERS.map((tier) => numeric(tier, tier === 'none' ? 3 : 1, (r) => String(r.seats[tier]), tier)),
    numeric('users', 4, (r) => String(r.users)),
    numeric('disabled', 5, (r) => String(r.disabled)),
    numeric('excluded', 6, (r) => String(r.excluded)),
  ];
  const days = summary.inactiveDays;
  if (days !== null) {
    const shown = TIERS.filter((t) => t !== 'none');
    columns.push(numeric(`inactive ${days}d`, 2, (r) => shown.map((t) => r.inactiveSeats?.[t] ?? 0).join('/')));
    columns.push(numeric('never logged in', 3, (r) => shown.map((t) => r.neverLoggedInSeats?.[t] ?? 0).join('/')));
  }
  if (summary.totals.totalCost !== null) {
    const money = moneyFormat(summary.currency);
    columns.push(numeric('cost/year', 2, (r) => money(r.totalCost)));
    if (days !== null) columns.push(numeric('inactive cost', 3, (r) => money(r.inactiveCost)));
  }
  return columns;
}

function rowsOf(summary: ReportSummary): SummaryRow[] {
  const rows: SummaryRow[] = summary.accounts.map((a: AccountSummary) => ({ ...a, label: a.account }));
  if (summary.accounts.length > 1) rows.push({ ...summary.totals, label: 'total', error: null });
  return rows;
}

/** What the legend adds after a built-in rule set's name. */
const RULE_SET_HINT: Readonly<Record<RuleSetName, string>> = {
  torii: ' (--rules looker: by permissions instead)',
  looker: '',
  'system-activity': " (Looker's own user flags)",
};

/** What each column means, for the columns shown, and which rules made the tiers: under the table. */
function legend(summary: ReportSummary, hidden: readonly string[]): string[] {
  const days = summary.inactiveDays;
  const shown = (header: string) => !hidden.includes(header);
  const lines = [
    `Tiers by the ${summary.rules} rule set${isOneOf(RULE_SET_NAMES, summary.rules) ? RULE_SET_HINT[summary.rules] : ''}. Seats: active regular and service users only.`,
  ];
  if (shown('disabled') || shown('excluded')) {
    lines.push(
      'disabled: keep their tier, take no seat. excluded: active users who take no seat (embed users, Looker support).',
    );
  }
  if (days !== null && shown(`inactive ${days}d`)) {
    lines.push(
      `inactive ${days}d: developer/standard/viewer seats with no login in ${days} days` +
        (shown('never logged in')
          ? `; never logged in: the part of them that never logged in at all, in accounts older than ${days} days.`
          : '.'),
    );
  }
  if (summary.totals.totalCost !== null)
    lines.push(`Costs per year, in ${summary.currency}, from the config's prices.`);
  return lines;
}

export function renderSummaryTable(summary: ReportSummary, options: TableOptions): string {
  const columns = columnsFor(summary);
  const rows = rowsOf(summary);
  let out = renderTable(columns, rows, options);
  const hidden = hiddenColumns(columns, rows, options);
  for (const line of legend(summary, hidden)) out += `${options.chalk.dim(wrapWords(line, options.width))}\n`;
  if (summary.disagreements.length > 0) {
    out += '\nRoles where the torii and looker rule sets disagree:\n';
    out += renderTable(
      [
        ...(summary.accounts.length > 1
          ? [
              {
                header: 'account',
                value: (d: (typeof summary.disagreements)[number]) => d.account,
                min: 8,
                priority: 2,
              },
            ]
          : []),
        { header: 'role', value: (d) => d.role, min: 10, priority: 1 },
        {
          header: 'torii',
          value: (d) => d.toriiTier,
          min: 9,
          priority: 1,
          color: (t, d, chalk) => tierColor(d.toriiTier, chalk)(t),
        },
        {
          header: 'looker',
          value: (d) => d.lookerTier,
          min: 9,
          priority: 1,
          color: (t, d, chalk) => tierColor(d.lookerTier, chalk)(t),
        },
        { header: 'users', value: (d) => String(d.userCount), min: 5, priority: 2, align: 'right' },
      ],
      summary.disagreements,
      options,
    );
  }
  return out + renderLookerTable(summary, options);
}

function jsonSeats(s: SeatSummary): Record<string, unknown> {
  return {
    seats: { developer: s.seats.developer, standard: s.seats.standard, viewer: s.seats.viewer, none: s.seats.none },
    inactive_seats: s.inactiveSeats,
    never_logged_in_seats: s.neverLoggedInSeats,
    cost: s.cost,
    total_cost: s.totalCost,
    inactive_cost: s.inactiveCost,
    users: s.users,
    disabled: s.disabled,
    excluded: s.excluded,
  };
}

export function renderSummaryJson(summary: ReportSummary): string {
  // With --compare: Looker's own count beside each `seats`, and the seats on which the two disagree.
  const looker = summary.looker === undefined ? undefined : lookerSummaryJson(summary.looker);
  return stringifyJson({
    schema_version: 1,
    generated_at: summary.generatedAt,
    rules: summary.rules,
    inactive_days: summary.inactiveDays,
    currency: summary.currency,
    accounts: summary.accounts.map((a) => ({
      name: a.account,
      ...(a.error === null ? {} : { error: a.error }),
      ...jsonSeats(a),
      ...(looker === undefined ? {} : { looker_count: looker.countOf(a.account) }),
    })),
    totals: { ...jsonSeats(summary.totals), ...(looker === undefined ? {} : { looker_count: looker.totals }) },
    disagreements: summary.disagreements.map((d) => ({
      account: d.account,
      role: d.role,
      torii: d.toriiTier,
      looker: d.lookerTier,
      users: d.userCount,
    })),
    ...(looker === undefined ? {} : { looker_disagreements: looker.disagreements }),
  });
}

export const SUMMARY_CSV_COLUMNS = [
  'account',
  'error',
  ...TIERS,
  'users',
  'disabled',
  'excluded',
  'inactive_developer',
  'inactive_standard',
  'inactive_viewer',
  'never_logged_in_developer',
  'never_logged_in_standard',
  'never_logged_in_viewer',
  'cost',
  'inactive_cost',
] as const;

export function renderSummaryCsv(summary: ReportSummary): string {
  const looker = summary.looker;
  const lookerCount = (account: string | null) =>
    account === null ? (looker?.totals ?? null) : (looker?.accounts.find((a) => a.account === account)?.count ?? null);
  const row = (label: string, error: string | null, s: SeatSummary, account: string | null): CsvCell[] => [
    label,
    error,
    ...TIERS.map((tier) => s.seats[tier]),
    s.users,
    s.disabled,
    s.excluded,
    s.inactiveSeats?.developer ?? null,
    s.inactiveSeats?.standard ?? null,
    s.inactiveSeats?.viewer ?? null,
    s.neverLoggedInSeats?.developer ?? null,
    s.neverLoggedInSeats?.standard ?? null,
    s.neverLoggedInSeats?.viewer ?? null,
    s.totalCost,
    s.inactiveCost,
    // With --compare, Looker's own count after the usual columns.
    ...(looker === undefined ? [] : lookerCsvCells(lookerCount(account))),
  ];
  const rows = summary.accounts.map((a) => row(a.account, a.error, a, a.account));
  if (summary.accounts.length > 1) rows.push(row('total', null, summary.totals, null));
  return renderCsv(looker === undefined ? SUMMARY_CSV_COLUMNS : [...SUMMARY_CSV_COLUMNS, ...LOOKER_CSV_COLUMNS], rows);
}
