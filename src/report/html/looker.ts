/**
 * Looker's own count in the HTML report (`--compare`, and always in `report`): per account the seats beside what
 * Looker's user flags count, then the seats whose tier differs, with both reasons. Static HTML, no script.
 */
import { grouped, plural } from '../../counts.js';
import type { LookerComparison } from '../../audit/looker-flags.js';
import type { ReportSummary } from '../../audit/summary.js';
import { GRANTING_TIERS, type Tier } from '../../vocabulary.js';
import { LOOKER_SOURCE } from '../looker-verdict.js';
import { html } from './escape.js';

const badge = (tier: Tier) => `<span class="badge t-${tier}">${tier}</span>`;

function countsTable(summary: ReportSummary, comparison: LookerComparison): string {
  const head = ['<th>account</th>', '<th>counted by</th>', ...GRANTING_TIERS.map((t) => `<th class="num">${t}</th>`)];
  const row = (account: string, by: string, count: Readonly<Record<Tier, number>> | null, why = '') =>
    `<tr><td>${html(account)}</td><td>${html(by)}</td>` +
    (count === null
      ? `<td class="bad" colspan="${GRANTING_TIERS.length}">not read${why === '' ? '' : `: ${html(why)}`}</td>`
      : GRANTING_TIERS.map((t) => `<td class="num">${grouped(count[t])}</td>`).join('')) +
    '</tr>';
  const rows = summary.accounts.flatMap((a) => {
    if (a.error !== null) return [];
    const looker = comparison.accounts.find((c) => c.account === a.account);
    return [
      row(a.account, summary.rules, a.seats),
      row(a.account, 'Looker', looker?.count ?? null, looker?.unavailable ?? ''),
    ];
  });
  if (summary.accounts.length > 1 && comparison.totals !== null)
    rows.push(row('total', summary.rules, summary.totals.seats), row('total', 'Looker', comparison.totals));
  return (
    `<div class="scroll"><table class="looker-count"><thead><tr>${head.join('')}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div>`
  );
}

function disagreementsTable(summary: ReportSummary, comparison: LookerComparison): string {
  const { disagreements } = comparison;
  if (disagreements.length === 0) return '<p class="note">No seat has another tier under Looker&#39;s own flags.</p>';
  const multi = summary.accounts.length > 1;
  const rows = disagreements.map(
    (d) =>
      `<tr>${multi ? `<td data-label="account:">${html(d.account)}</td>` : ''}<td class="user"><span class="name">${html(d.user.name || '(no name)')}</span>` +
      `${d.user.email === null ? '' : `<span class="email">${html(d.user.email)}</span>`}</td>` +
      `<td class="tier" data-label="${html(summary.rules)}:">${badge(d.user.license)}</td>` +
      `<td class="tier" data-label="Looker:">${badge(d.looker.tier)}</td>` +
      `<td class="why" data-label="${html(summary.rules)}:">${html(d.user.reason)}</td>` +
      `<td class="why" data-label="Looker:">${html(d.looker.reason)}</td></tr>`,
  );
  return (
    `<p class="note">${plural(disagreements.length, 'seat', { show: grouped })} with another tier under Looker&#39;s own flags:</p>` +
    `<div class="scroll"><table class="looker-disagreements"><thead><tr>${multi ? '<th>account</th>' : ''}<th>user</th>` +
    `<th>${html(summary.rules)}</th><th>Looker</th><th>${html(summary.rules)} reason</th><th>Looker reason</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div>`
  );
}

/** The comparison as a block of the summary section; '' when Looker's flags were not read. */
export function lookerBlock(summary: ReportSummary): string {
  const comparison = summary.looker;
  if (comparison === undefined) return '';
  return (
    `<h3 class="sub" id="looker-title">${html(LOOKER_SOURCE)}</h3>` +
    '<p class="note">Looker counts users that are not disabled, not Looker staff and not embed users: Developer = ' +
    'is_admin or is_developer, Standard = is_explorer or is_content_saver, Viewer = is_viewer. Google does not ' +
    'publish which count a bill follows.</p>' +
    countsTable(summary, comparison) +
    disagreementsTable(summary, comparison)
  );
}

/** `users --compare -f html`: the comparison as the page's one section. */
export function lookerSection(summary: ReportSummary): string {
  return (
    '<section id="looker" aria-labelledby="looker-section-title">' +
    '<h2 id="looker-section-title">Where the tiers differ from Looker&#39;s own</h2>' +
    lookerBlock(summary) +
    '</section>'
  );
}
