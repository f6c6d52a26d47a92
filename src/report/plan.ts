/**
 * Views of a remediation plan (the document `plan` writes and `apply` reads): a table for the terminal, Markdown
 * for a pull-request review of the plan, and the JSON file itself. PURE.
 *
 * Every name in a plan comes from the instance (users, roles, groups, schedules, server messages in a failed
 * account's error): the table sanitises every cell (table.ts), the Markdown escapes every remote string (md),
 * the JSON escapes what JSON.stringify leaves raw (stringifyJson).
 */
import { stepText } from '../audit/step-words.js';
import { tierRank } from '../audit/types.js';
import type {
  NotPlanned,
  PlanAccount,
  PlanDocument,
  PlanImpact,
  PlanItem,
  PlanStep,
  PlanTotals,
} from '../plan/types.js';
import { stringifyJson } from './json.js';
import { markdownTable, md } from './markdown-text.js';
import { moneyFormat } from './summary.js';
import { renderTable, tierColor, type Column, type TableOptions } from './table.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
export { stepText };

/** What a reviewer weighs besides the seat, in one line ('' when the user owns nothing). */
export function impactText(impact: PlanImpact, before: PlanItem['before']): string {
  const enabled = before.schedules.filter((s) => s.enabled).length;
  const parts = [
    impact.schedules_owned > 0 ? `${plural(impact.schedules_owned, 'schedule')} owned (${enabled} on)` : '',
    impact.run_as_recipient > 0 ? `${plural(impact.run_as_recipient, 'schedule')} run as them` : '',
    impact.alerts_owned > 0 ? plural(impact.alerts_owned, 'alert') : '',
    impact.content_created.looks > 0 ? plural(impact.content_created.looks, 'Look') : '',
    impact.content_created.dashboards > 0 ? plural(impact.content_created.dashboards, 'dashboard') : '',
    impact.api_keys > 0 ? plural(impact.api_keys, 'API key') : '',
  ];
  return parts.filter((p) => p !== '').join(', ');
}

const userLabel = (item: PlanItem) => item.email ?? (item.name === '' ? `user ${item.user_id}` : item.name);
const whatText = (item: PlanItem, wrap?: (text: string) => string) =>
  item.status === 'blocked'
    ? `blocked (${item.block ?? ''}): ${item.blocked_reason ?? ''}`
    : item.steps.map((s) => stepText(s, wrap)).join('; ');

interface Row {
  readonly account: string;
  readonly item: PlanItem;
}

/** Planned items first (biggest saving first), then the blocked ones; by account, then user id. */
function rows(plan: PlanDocument): Row[] {
  return plan.accounts
    .flatMap((a) => a.items.map((item) => ({ account: a.name, item })))
    .sort(
      (a, b) =>
        Number(a.item.status === 'blocked') - Number(b.item.status === 'blocked') ||
        (b.item.yearly_saving ?? -1) - (a.item.yearly_saving ?? -1) ||
        tierRank(b.item.tier) - tierRank(a.item.tier) ||
        a.account.localeCompare(b.account) ||
        a.item.user_id.localeCompare(b.item.user_id, 'en', { numeric: true }),
    );
}

interface NamedRow {
  readonly account: string;
  readonly named: NotPlanned;
}

/** Users named with --user that the plan leaves alone, by account and user id. */
function namedRows(plan: PlanDocument): NamedRow[] {
  return plan.accounts.flatMap((a) => a.not_planned.map((named) => ({ account: a.name, named })));
}

const namedLabel = (named: NotPlanned) => named.email ?? (named.name === '' ? `user ${named.user_id}` : named.name);

interface TotalsRow {
  readonly label: string;
  readonly account: PlanAccount | null;
  readonly totals: PlanTotals;
}

function totalsRows(plan: PlanDocument): TotalsRow[] {
  const out: TotalsRow[] = plan.accounts.map((a) => ({ label: a.name, account: a, totals: a.totals }));
  if (plan.accounts.length > 1) out.push({ label: 'total', account: null, totals: plan.totals });
  return out;
}

const failed = (r: TotalsRow) => r.account !== null && r.account.error !== undefined;

export function renderPlanTable(plan: PlanDocument, options: TableOptions): string {
  const money = moneyFormat(plan.currency);
  const { chalk } = options;
  const totals = renderTable<TotalsRow>(
    [
      { header: 'account', value: (r) => (failed(r) ? `${r.label} (failed)` : r.label), min: 10, priority: 1 },
      { header: 'release', value: (r) => r.account?.looker_release ?? '', min: 7, priority: 3 },
      {
        header: 'planned',
        value: (r) => (failed(r) ? '-' : String(r.totals.planned)),
        min: 7,
        priority: 1,
        align: 'right',
      },
      {
        header: 'blocked',
        value: (r) => (failed(r) ? '-' : String(r.totals.blocked)),
        min: 7,
        priority: 1,
        align: 'right',
      },
      {
        header: 'saving/year',
        value: (r) => (failed(r) ? '-' : money(r.totals.yearly_saving) || 'n/a'),
        min: 11,
        priority: 1,
        align: 'right',
      },
    ],
    totalsRows(plan),
    options,
  );
  const list = rows(plan);
  const items =
    list.length === 0
      ? 'Nothing to change: no seat to reclaim or lower.\n'
      : renderTable<Row>(
          [
            ...(plan.accounts.length > 1
              ? [{ header: 'account', value: (r: Row) => r.account, min: 8, priority: 3 }]
              : []),
            { header: 'user', value: (r) => userLabel(r.item), min: 12, priority: 1, whole: true },
            {
              header: 'tier',
              value: (r) => r.item.tier,
              min: 9,
              priority: 2,
              color: (t, r, c) => tierColor(r.item.tier, c)(t),
            },
            {
              header: 'to',
              value: (r) => r.item.to,
              min: 8,
              priority: 1,
              color: (t, r) => (r.item.to === 'reclaim' ? chalk.red(t) : tierColor(r.item.to, chalk)(t)),
            },
            { header: 'saving', value: (r) => money(r.item.yearly_saving), min: 6, priority: 2, align: 'right' },
            {
              header: 'what',
              value: (r) => whatText(r.item),
              min: 20,
              priority: 1,
              color: (t, r) => (r.item.status === 'blocked' ? chalk.yellow(t) : t),
            },
            { header: 'impact', value: (r) => impactText(r.item.impact, r.item.before), min: 12, priority: 4 },
          ],
          list,
          options,
        );
  const named = namedRows(plan);
  const left =
    named.length === 0
      ? ''
      : `\nNamed with --user, not planned:\n${renderTable<NamedRow>(
          [
            ...(plan.accounts.length > 1
              ? [{ header: 'account', value: (r: NamedRow) => r.account, min: 8, priority: 3 }]
              : []),
            { header: 'user', value: (r) => namedLabel(r.named), min: 12, priority: 1, whole: true },
            { header: 'tier', value: (r) => r.named.tier, min: 9, priority: 2 },
            { header: 'why', value: (r) => r.named.reason, min: 20, priority: 1 },
          ],
          named,
          options,
        )}`;
  const errors = plan.accounts.flatMap((a) => (a.error === undefined ? [] : [`${a.error}\n`]));
  return `${totals}\n${items}${left}${errors.join('')}`;
}

/** The plan for a pull request: totals, then what each user's item does or why it is blocked. */
export function renderPlanMarkdown(plan: PlanDocument): string {
  const format = moneyFormat(plan.currency);
  // Escaped like remote text: GitHub reads two `$` on one line as inline maths.
  const money = (n: number | null): string => md(format(n));
  const totals = totalsRows(plan).map((r) => {
    const label = r.account === null ? '**total**' : md(failed(r) ? `${r.label} (failed)` : r.label);
    const cells = failed(r)
      ? ['-', '-', '-']
      : [String(r.totals.planned), String(r.totals.blocked), money(r.totals.yearly_saving) || 'n/a'];
    return [label, md(r.account?.looker_release ?? ''), ...cells];
  });
  const failures = plan.accounts.flatMap((a) =>
    a.error === undefined ? [] : [`\n> **${md(a.name)}**: ${md(a.error)}\n`],
  );
  const list = rows(plan);
  const many = plan.accounts.length > 1;
  const items =
    list.length === 0
      ? 'Nothing to change: no seat to reclaim or lower.\n'
      : markdownTable(
          [...(many ? ['account'] : []), 'user', 'tier', 'to', 'saving/year', 'what', 'impact'],
          list.map(({ account, item }) => [
            ...(many ? [md(account)] : []),
            md(userLabel(item)),
            item.tier,
            item.to,
            money(item.yearly_saving),
            item.status === 'blocked'
              ? `**blocked** (${item.block ?? ''}): ${md(item.blocked_reason ?? '')}`
              : whatText(item, md),
            md(impactText(item.impact, item.before)),
          ]),
          [...(many ? ['l' as const] : []), 'l', 'l', 'l', 'r'],
        );
  return (
    '## Seat remediation plan\n\n' +
    `Made ${md(plan.generated_at)} from ${plan.source === 'rightsize' ? 'right-sizing' : 'idle-developer violations'}` +
    ` with the ${md(plan.rules)} rules${plan.usage_days === null ? '' : ` over ${plan.usage_days} days of usage`}.` +
    ' Nothing has been changed: `looker-audit apply` sends these steps after review.\n\n' +
    markdownTable(['account', 'release', 'planned', 'blocked', 'saving/year'], totals, ['l', 'l', 'r', 'r', 'r']) +
    failures.join('') +
    `\n${items}` +
    notPlannedMarkdown(plan)
  );
}

/** The users named with --user that the plan leaves alone, and why ('' when there are none). */
function notPlannedMarkdown(plan: PlanDocument): string {
  const named = namedRows(plan);
  if (named.length === 0) return '';
  const many = plan.accounts.length > 1;
  return (
    '\nNamed with `--user`, not planned:\n\n' +
    markdownTable(
      [...(many ? ['account'] : []), 'user', 'tier', 'why'],
      named.map((r) => [...(many ? [md(r.account)] : []), md(namedLabel(r.named)), r.named.tier, md(r.named.reason)]),
    )
  );
}

/** The plan file: the document as it is, keys in the schema's order. */
export function renderPlanJson(plan: PlanDocument): string {
  return stringifyJson(plan);
}
