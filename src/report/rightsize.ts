/**
 * The `rightsize` view: per account the seats to reclaim, the seats to downgrade and the
 * yearly saving, whether usage came from System Activity or from logins only, then every recommendation, biggest
 * saving first. Table, CSV, JSON (the shape the README's "Right-sizing from usage" shows) and Markdown (CI step summaries, pull-request comments).
 */
import {
  lowerTierOf,
  type AccountRightsize,
  type Recommendation,
  type RightsizeReport,
  type RightsizeTotals,
} from '../audit/rightsize.js';
import { tierRank } from '../audit/types.js';
import { renderCsv } from './csv.js';
import { jsonChunks, stringifyJson } from './json.js';
import { markdownTable, md } from './markdown-text.js';
import { renderTable, tierColor, type Column, type TableOptions } from './table.js';
import { wrapWords } from './text-width.js';
import { NO_PRICES } from './no-prices.js';

interface Row extends Recommendation {
  readonly account: string;
}

/** Money as a person reads it, `$1,250`, `€850` (whole units, like summary's); '' for no price. */
function moneyOf(currency: string): (n: number | null) => string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 });
  return (n) => (n === null ? '' : format.format(n));
}
const usageLabel = (a: AccountRightsize): string =>
  a.error !== null
    ? 'failed'
    : a.usage === 'system_activity'
      ? `System Activity${a.usageAsOf ? ` (as of ${a.usageAsOf})` : ''}`
      : 'logins only';

/** Every recommendation of the report, biggest saving first (accounts interleaved). */
function allRows(report: RightsizeReport): Row[] {
  return report.accounts
    .flatMap((a) => a.recommendations.map((r) => ({ ...r, account: a.name })))
    .sort(
      (a, b) =>
        (b.yearlySaving ?? -Infinity) - (a.yearlySaving ?? -Infinity) ||
        Number(lowerTierOf(b.to) === null) - Number(lowerTierOf(a.to) === null) ||
        tierRank(b.tier) - tierRank(a.tier) ||
        a.account.localeCompare(b.account) ||
        a.name.localeCompare(b.name),
    );
}

interface TotalsRow {
  readonly label: string;
  readonly usage: string;
  readonly totals: RightsizeTotals;
  readonly failed: boolean;
}

function totalsRows(report: RightsizeReport): TotalsRow[] {
  const rows = report.accounts.map((a) => ({
    label: a.name,
    usage: usageLabel(a),
    totals: a.totals,
    failed: a.error !== null,
  }));
  if (report.accounts.length > 1) rows.push({ label: 'total', usage: '', totals: report.totals, failed: false });
  return rows;
}

export function renderRightsizeTable(report: RightsizeReport, options: TableOptions): string {
  const money = moneyOf(report.currency);
  const count = (value: (r: TotalsRow) => string, header: string, priority: number): Column<TotalsRow> => ({
    header,
    value: (r) => (r.failed ? '-' : value(r)),
    min: header.length,
    priority,
    align: 'right',
  });
  const totals = renderTable<TotalsRow>(
    [
      { header: 'account', value: (r) => (r.failed ? `${r.label} (failed)` : r.label), min: 10, priority: 1 },
      { header: 'usage', value: (r) => r.usage, min: 12, priority: 2, answer: true },
      count((r) => String(r.totals.reclaim), 'reclaim', 1),
      count((r) => String(r.totals.downgrade), 'downgrade', 1),
      // Without prices there is no saving to show: the column is empty, and not drawn (the note below says why).
      count((r) => money(r.totals.yearlySaving), 'saving/year', 1),
    ],
    totalsRows(report),
    options,
  );
  const rows = allRows(report);
  const { chalk } = options;
  const list =
    rows.length === 0
      ? `No seat is bigger than its holder's use in the last ${report.usageDays} days.\n`
      : renderTable<Row>(
          [
            ...(report.accounts.length > 1
              ? [{ header: 'account', value: (r: Row) => r.account, min: 8, priority: 1, whole: true }]
              : []),
            // An email cut short is no email (report/table.ts `whole`).
            { header: 'email', value: (r) => r.email ?? '', min: 12, priority: 1, whole: true },
            { header: 'name', value: (r) => r.name, min: 8, priority: 4 },
            {
              header: 'tier',
              value: (r) => r.tier,
              min: 9,
              priority: 1,
              answer: true,
              color: (t, r, c) => tierColor(r.tier, c)(t),
            },
            {
              header: 'to',
              value: (r) => r.to,
              min: 7,
              priority: 1,
              answer: true,
              color: (t, r) => {
                const lower = lowerTierOf(r.to);
                return lower === null ? chalk.red(t) : tierColor(lower, chalk)(t);
              },
            },
            // The yearly saving (the totals table above says so); empty without prices, and then not drawn.
            {
              header: 'saving',
              value: (r) => money(r.yearlySaving),
              min: 6,
              priority: 1,
              answer: true,
              align: 'right',
            },
            { header: 'evidence', value: (r) => r.evidence, min: 16, priority: 1, answer: true },
          ],
          rows,
          options,
        );
  const priced = report.accounts.some((a) => a.totals.yearlySaving !== null);
  return `${totals}\n${list}${rows.length === 0 || priced ? '' : `${wrapWords(NO_PRICES, options.width)}\n`}`;
}

export const RIGHTSIZE_CSV_COLUMNS = [
  'account',
  'user_id',
  'email',
  'name',
  'kind',
  'tier',
  'to',
  'yearly_saving',
  'evidence',
  'usage',
  'usage_as_of',
] as const;

export function renderRightsizeCsv(report: RightsizeReport): string {
  const byName = new Map(report.accounts.map((a) => [a.name, a]));
  return renderCsv(
    RIGHTSIZE_CSV_COLUMNS,
    allRows(report).map((r) => {
      const account = byName.get(r.account);
      return [
        r.account,
        r.userId,
        r.email,
        r.name,
        r.kind,
        r.tier,
        r.to,
        r.yearlySaving,
        r.evidence,
        account?.usage ?? null,
        account?.usageAsOf ?? null,
      ];
    }),
  );
}

function jsonTotals(t: RightsizeTotals) {
  return { reclaim: t.reclaim, downgrade: t.downgrade, yearly_saving: t.yearlySaving };
}

/** The JSON of `rightsize -f json`, key by key for a stable order; `error` only on failed accounts. */
export function toRightsizeJson(report: RightsizeReport) {
  return {
    schema_version: 1,
    generated_at: report.generatedAt,
    rules: report.rules,
    usage_days: report.usageDays,
    currency: report.currency,
    accounts: report.accounts.map((a) => ({
      name: a.name,
      url: a.url,
      api_calls: a.apiCalls,
      usage: a.usage,
      usage_as_of: a.usageAsOf,
      ...(a.error === null ? {} : { error: a.error }),
      recommendations: a.recommendations.map((r) => ({
        user_id: r.userId,
        email: r.email,
        name: r.name,
        kind: r.kind,
        tier: r.tier,
        to: r.to,
        evidence: r.evidence,
        yearly_saving: r.yearlySaving,
      })),
      totals: jsonTotals(a.totals),
    })),
    totals: jsonTotals(report.totals),
  };
}

export function renderRightsizeJson(report: RightsizeReport): string {
  return stringifyJson(toRightsizeJson(report));
}

/** The same text in pieces (a recommendation per seat: as long as the org). */
export function rightsizeJsonChunks(report: RightsizeReport): Iterable<string> {
  return jsonChunks(toRightsizeJson(report));
}

export function renderRightsizeMarkdown(report: RightsizeReport): string {
  const money = moneyOf(report.currency);
  // Without prices there is no saving to show: no saving column, and a note on how to add prices (as the table).
  const priced = report.accounts.some((a) => a.totals.yearlySaving !== null);
  const totals = totalsRows(report).map((r) => {
    const [reclaim, downgrade, saving] = r.failed
      ? ['-', '-', '-']
      : [String(r.totals.reclaim), String(r.totals.downgrade), money(r.totals.yearlySaving) || 'n/a'];
    const label = r.label === 'total' && r.usage === '' ? '**total**' : md(r.failed ? `${r.label} (failed)` : r.label);
    return [label, md(r.usage), reclaim, downgrade, ...(priced ? [md(saving)] : [])];
  });
  const rows = allRows(report);
  const list =
    rows.length === 0
      ? `No seat is bigger than its holder's use in the last ${report.usageDays} days.\n`
      : markdownTable(
          ['account', 'email', 'name', 'tier', 'to', ...(priced ? ['saving/year'] : []), 'evidence'],
          rows.map((r) => [
            md(r.account),
            md(r.email ?? ''),
            md(r.name),
            r.tier,
            r.to,
            ...(priced ? [md(money(r.yearlySaving))] : []),
            md(r.evidence),
          ]),
          ['l', 'l', 'l', 'l', 'l', ...(priced ? (['r'] as const) : [])],
        );
  return (
    `## Right-sizing: seats bigger than their holders' use (last ${report.usageDays} days)\n\n` +
    markdownTable(['account', 'usage', 'reclaim', 'downgrade', ...(priced ? ['saving/year'] : [])], totals, [
      'l',
      'l',
      'r',
      'r',
      ...(priced ? (['r'] as const) : []),
    ]) +
    `\n${list}` +
    (rows.length === 0 || priced ? '' : `\n${md(NO_PRICES)}\n`)
  );
}
