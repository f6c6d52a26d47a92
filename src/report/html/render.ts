/**
 * The HTML report: one self-contained file that works offline, with the seat figures and charts, the right-sizing
 * recommendations and the users table. PURE apart from drawing the charts, which the caller's ChartRenderer does
 * (vega.ts; tests may pass their own).
 *
 * Security: its Content-Security-Policy (page.ts) allows exactly one script, by its SHA-256 hash, and the charts'
 * data: images. Remote strings reach the page through escape.ts only.
 */
import { createHash } from 'node:crypto';
import type { AccountSummary } from '../../audit/summary.js';
import { grouped as fmt, plural } from '../../counts.js';
import { TIERS } from '../../vocabulary.js';
import { moneyFormat } from '../summary.js';
import { chartsFor, type Chart } from './charts.js';
import { html, htmlCell, jsonForScript } from './escape.js';
import { lookerBlock, lookerSection } from './looker.js';
import { lowerTierOf } from '../../audit/rightsize.js';
import { recommendationLabel, type HtmlReportInput, type HtmlRightsize, type HtmlRightsizeAccount } from './model.js';
import { card, contentSecurityPolicy, htmlPage } from './page.js';
import { PAGE_SCRIPT } from './page-script.js';
import { usersData } from './users-data.js';
import type { ChartRenderer } from './vega.js';

const SEAT_TIERS = TIERS.filter((t) => t !== 'none');
const CSP = contentSecurityPolicy({
  images: true,
  scriptSha256: createHash('sha256').update(PAGE_SCRIPT).digest('base64'),
});

function headline(input: HtmlReportInput): string {
  const { summary } = input;
  const t = summary.totals;
  const money = moneyFormat(summary.currency);
  const seats = SEAT_TIERS.reduce((sum, tier) => sum + t.seats[tier], 0);
  const failed = summary.accounts.filter((a) => a.error !== null).length;
  const cards = [
    ...(failed === 0
      ? []
      : [card('Accounts not audited', fmt(failed), { detail: 'their seats are not in these figures', bad: true })]),
    card('Seats', fmt(seats), { detail: SEAT_TIERS.map((tier) => `${tier} ${fmt(t.seats[tier])}`).join(' · ') }),
    card('Users', fmt(t.users), {
      detail: `${fmt(t.disabled)} disabled · ${fmt(t.excluded)} embed or support (no seat) · ${fmt(t.seats.none)} with no tier`,
    }),
  ];
  if (t.totalCost !== null)
    cards.push(card('Seat cost per year', money(t.totalCost), { detail: 'at the configured prices' }));
  if (summary.inactiveDays !== null && t.inactiveSeats !== null) {
    const inactive = SEAT_TIERS.reduce((sum, tier) => sum + (t.inactiveSeats?.[tier] ?? 0), 0);
    const detail =
      t.inactiveCost === null
        ? SEAT_TIERS.map((tier) => `${tier} ${fmt(t.inactiveSeats?.[tier] ?? 0)}`).join(' · ')
        : `${money(t.inactiveCost)} per year`;
    cards.push(card(`No login in ${summary.inactiveDays} days`, fmt(inactive), { detail }));
  }
  if (input.rightsize !== undefined) {
    const recs = input.rightsize.accounts.flatMap((a) => a.recommendations);
    const reclaim = recs.filter((r) => lowerTierOf(r.to) === null).length;
    const saving = recs.some((r) => r.yearlySaving !== null)
      ? recs.reduce((sum, r) => sum + (r.yearlySaving ?? 0), 0)
      : null;
    cards.push(
      card(
        saving === null ? 'Right-sizing' : 'Right-sizing saving per year',
        saving === null ? plural(recs.length, 'seat', { show: fmt }) : money(saving),
        {
          detail: `${plural(reclaim, 'seat', { show: fmt })} to reclaim · ${fmt(recs.length - reclaim)} to a lower tier`,
        },
      ),
    );
  }
  return `<div class="cards">${cards.join('')}</div>`;
}

function failures(input: HtmlReportInput): string {
  const failed = input.report.accounts.filter((a) => a.error !== null);
  if (failed.length === 0) return '';
  const lines = failed.map((a) => `<p><b>${html(a.name)}</b> could not be audited: ${html(a.error ?? '')}</p>`);
  return `<div class="alert" role="alert">${lines.join('')}</div>`;
}

function accountsTable(input: HtmlReportInput): string {
  const { summary } = input;
  const days = summary.inactiveDays;
  const priced = summary.totals.totalCost !== null;
  const money = moneyFormat(summary.currency);
  const head = [
    '<th>account</th>',
    ...SEAT_TIERS.map((t) => `<th class="num">${t}</th>`),
    '<th class="num">users</th>',
    ...(days === null ? [] : [`<th class="num">no login ${days} d</th>`]),
    ...(priced ? ['<th class="num">cost / year</th>'] : []),
  ];
  const row = (label: string, a: Omit<AccountSummary, 'account'>, calls: number | null) => {
    if (a.error !== null) {
      return `<tr><td>${html(label)}</td><td class="bad" colspan="${head.length - 1}">could not be audited</td></tr>`;
    }
    const inactive = SEAT_TIERS.reduce((sum, t) => sum + (a.inactiveSeats?.[t] ?? 0), 0);
    return (
      `<tr><td>${html(label)}${calls === null ? '' : ` <span class="muted">(${plural(calls, 'API call', { show: fmt })})</span>`}</td>` +
      SEAT_TIERS.map((t) => `<td class="num">${fmt(a.seats[t])}</td>`).join('') +
      `<td class="num">${fmt(a.users)}</td>` +
      (days === null ? '' : `<td class="num">${fmt(inactive)}</td>`) +
      (priced ? `<td class="num">${money(a.totalCost)}</td>` : '') +
      '</tr>'
    );
  };
  const calls = new Map(input.report.accounts.map((a) => [a.name, a.apiCalls]));
  const rows = summary.accounts.map((a) => row(a.account, a, calls.get(a.account) ?? null));
  if (summary.accounts.length > 1) rows.push(row('total', { ...summary.totals, error: null }, null));
  return (
    `<div class="scroll"><table class="accounts"><thead><tr>${head.join('')}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div>`
  );
}

function figure(chart: Chart, svg: string): string {
  return (
    `<figure id="${chart.id}" aria-labelledby="${chart.id}-title"><h3 id="${chart.id}-title">${html(chart.title)}</h3>` +
    `${svg}<figcaption>${html(chart.caption)}</figcaption></figure>`
  );
}

async function summarySection(input: HtmlReportInput, draw: ChartRenderer): Promise<string> {
  const charts = chartsFor(input);
  const svgs = await Promise.all(charts.map((c) => draw(c.spec)));
  return (
    '<section id="summary" aria-labelledby="summary-title"><h2 id="summary-title">Summary</h2>' +
    headline(input) +
    failures(input) +
    `<div class="charts">${charts.map((c, i) => figure(c, svgs[i] ?? '')).join('')}</div>` +
    '<h3 class="sub">Per account</h3>' +
    accountsTable(input) +
    lookerBlock(input.summary) +
    '</section>'
  );
}

function rightsizeAccountLine(a: HtmlRightsizeAccount, money: (n: number | null) => string): string {
  if (a.error !== null)
    return `<tr><td>${html(a.account)}</td><td class="bad" colspan="4">could not be audited</td></tr>`;
  const reclaim = a.recommendations.filter((r) => lowerTierOf(r.to) === null).length;
  const saving = a.recommendations.some((r) => r.yearlySaving !== null)
    ? money(a.recommendations.reduce((s, r) => s + (r.yearlySaving ?? 0), 0))
    : '';
  const usage =
    a.usage === 'system_activity'
      ? `System Activity${a.usageAsOf === null ? '' : `, as of ${html(a.usageAsOf)}`}`
      : 'logins only (System Activity unavailable)';
  return (
    `<tr><td>${html(a.account)}</td><td>${usage}</td><td class="num">${fmt(reclaim)}</td>` +
    `<td class="num">${fmt(a.recommendations.length - reclaim)}</td><td class="num">${saving}</td></tr>`
  );
}

/** The recommendations themselves, when the users table (which shows them per row) is not on the page. */
function recommendationsTable(rightsize: HtmlRightsize, money: (n: number | null) => string): string {
  const multi = rightsize.accounts.length > 1;
  const rows = rightsize.accounts.flatMap((a) =>
    a.recommendations.map(
      (r) =>
        `<tr>${multi ? `<td>${htmlCell(a.account)}</td>` : ''}<td class="user"><span class="name">${htmlCell(r.name || '(no name)')}</span>` +
        `${r.email === null ? '' : `<span class="email">${htmlCell(r.email)}</span>`}</td>` +
        `<td><span class="badge t-${r.tier}">${r.tier}</span></td><td class="rec">${recommendationLabel(r.to)}</td>` +
        `<td class="num">${money(r.yearlySaving)}</td><td>${htmlCell(r.evidence)}</td></tr>`,
    ),
  );
  if (rows.length === 0) return '<p class="note">No recommendation: every seat matches the use seen.</p>';
  return (
    `<div class="scroll"><table class="recommendations"><thead><tr>${multi ? '<th>account</th>' : ''}<th>user</th>` +
    '<th>tier</th><th>recommendation</th><th class="num">saving / year</th><th>evidence</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table></div>`
  );
}

function rightsizeSection(input: HtmlReportInput): string {
  const rightsize = input.rightsize;
  if (rightsize === undefined) return '';
  const money = moneyFormat(input.summary.currency);
  return (
    '<section id="rightsize" aria-labelledby="rightsize-title"><h2 id="rightsize-title">Right-sizing</h2>' +
    `<p class="note">The lowest tier each seat holder used in the last ${rightsize.usageDays} days.</p>` +
    '<div class="scroll"><table class="rightsize"><thead><tr><th>account</th><th>usage from</th>' +
    '<th class="num">to reclaim</th><th class="num">to a lower tier</th><th class="num">saving / year</th></tr></thead>' +
    `<tbody>${rightsize.accounts.map((a) => rightsizeAccountLine(a, money)).join('')}</tbody></table></div>` +
    (input.sections.includes('users') ? '' : recommendationsTable(rightsize, money)) +
    '</section>'
  );
}

function usersSection(input: HtmlReportInput): string {
  const data = usersData(input.report.accounts, input.rightsize);
  const multi = data.accounts.length > 1;
  const withRecs = data.recs.length > 0;
  const th = (key: string, label: string, cls = '') =>
    `<th data-key="${key}"${cls === '' ? '' : ` class="${cls}"`}><button type="button" data-key="${key}">${label}</button></th>`;
  const head = [
    ...(multi ? [th('account', 'account')] : []),
    th('user', 'user'),
    th('tier', 'tier'),
    th('status', 'status'),
    th('kind', 'kind', 'kind'),
    th('last', 'last login', 'num'),
    ...(withRecs ? [th('rec', 'recommendation')] : []),
    '<th>details</th>',
  ];
  const options = (values: readonly string[]) =>
    values.map((v, i) => `<option value="${i}">${html(v.replace('_', ' '))}</option>`).join('');
  const failed = input.report.accounts.filter((a) => a.error !== null).map((a) => html(a.name));
  return (
    '<section id="users" aria-labelledby="users-title"><h2 id="users-title">Users</h2>' +
    (input.usersNote === undefined ? '' : `<p class="note">${html(input.usersNote)}</p>`) +
    (failed.length === 0 ? '' : `<p class="note">Not listed: ${failed.join(', ')} (could not be audited).</p>`) +
    '<div class="controls needs-js">' +
    '<label>search<input id="users-q" type="search" placeholder="name, email, role, group" autocomplete="off"></label>' +
    `<label>tier<select id="users-tier"><option value="-1">all tiers</option>${options(data.tiers)}</select></label>` +
    `<label>status<select id="users-status"><option value="-1">any status</option>${options(data.statuses)}</select></label>` +
    (withRecs
      ? '<label>recommendation<select id="users-rec"><option value="-2">all users</option>' +
        `<option value="-1">any recommendation</option>${options(data.recs)}</select></label>`
      : '') +
    '<span id="users-count" aria-live="polite"></span></div>' +
    `<div class="scroll"><table id="users-table"><thead><tr>${head.join('')}</tr></thead><tbody></tbody></table></div>` +
    '<div class="pager needs-js"><button type="button" id="users-prev">previous</button>' +
    '<button type="button" id="users-next">next</button><span id="users-page" class="muted"></span></div>' +
    `<p class="no-js note">The table of ${plural(data.n, 'user', { show: fmt })} needs scripts; the figures and charts above do not.</p>` +
    `<script type="application/json" id="users-data">${jsonForScript(data)}</script>` +
    '</section>'
  );
}

function footer(input: HtmlReportInput): string {
  const { report } = input;
  const asOf = (input.rightsize?.accounts ?? [])
    .map((a) => a.usageAsOf)
    .filter((d): d is string => d !== null)
    .sort();
  const parts = [
    `Rule set <b>${html(report.rules)}</b>`,
    `generated ${html(report.generatedAt.slice(0, 19).replace('T', ' '))} UTC`,
    ...(asOf.length === 0 ? [] : [`usage as of ${html(asOf[0] ?? '')}`]),
    `API calls: ${report.accounts.map((a) => `${html(a.name)} ${fmt(a.apiCalls)}`).join(', ')}`,
  ];
  return `<footer><p>${parts.join(' · ')}</p><p>Made by looker-audit. This file names every user: share it with care.</p></footer>`;
}

export async function renderHtmlReport(input: HtmlReportInput, draw: ChartRenderer): Promise<string> {
  const { report, sections } = input;
  const title = sections.length === 1 && sections[0] === 'users' ? 'Looker users' : 'Looker licence seats';
  const body = [
    sections.includes('summary') ? await summarySection(input, draw) : '',
    sections.includes('rightsize') ? rightsizeSection(input) : '',
    sections.includes('users') ? usersSection(input) : '',
    sections.includes('compare') ? lookerSection(input.summary) : '',
  ].join('');
  return htmlPage({
    title,
    policy: CSP,
    run: { accounts: report.accounts.length, rules: report.rules, generatedAt: report.generatedAt },
    main: body,
    after: footer(input) + (sections.includes('users') ? `<script>${PAGE_SCRIPT}</script>` : ''),
  });
}
