/**
 * `people --format html`: one self-contained page with the people table, built from the same PeopleReport as the
 * other formats. Static: no script at all, so its Content-Security-Policy (html/page.ts) allows none, and nothing is
 * fetched from anywhere. Remote text reaches the page through html() only (report/html/escape.ts); the look and the
 * page around the table are the HTML report's own (html/page.ts).
 */
import type { PeopleReport, Person, UnmergedUser } from '../audit/people.js';
import { grouped as fmt } from '../counts.js';
import { GRANTING_TIERS } from '../vocabulary.js';
import { html, htmlCell } from './html/escape.js';
import { card, contentSecurityPolicy, htmlPage } from './html/page.js';
import { placement, seatLabel, seatsText } from './people.js';
import { moneyFormat } from './summary.js';

function personRow(p: Person, money: ((n: number | null) => string) | null, directory: boolean): string {
  const cells = [
    `<td>${htmlCell(p.email)}</td>`,
    `<td>${htmlCell(p.names.join(' / '))}</td>`,
    `<td>${p.accounts.map((a) => htmlCell(placement(a))).join('<br>')}</td>`,
    `<td>${html(seatsText(p.seats))}</td>`,
    ...(money ? [`<td class="num">${money(p.yearlyCost)}</td>`] : []),
    ...(directory ? [`<td>${html(p.directory ?? '')}</td>`] : []),
    `<td${p.flags.length > 0 ? ' class="bad"' : ''}>${html(p.flags.join(', '))}</td>`,
  ];
  return `<tr>${cells.join('')}</tr>`;
}

function unmergedRow(u: UnmergedUser): string {
  return `<tr><td>${htmlCell(u.account)}</td><td>${htmlCell(u.userId)}</td><td>${htmlCell(u.name)}</td><td>${html(seatLabel(u))}</td></tr>`;
}

export function renderPeopleHtml(report: PeopleReport): string {
  const t = report.totals;
  const money = moneyFormat(report.currency);
  const cost = t.yearlyCost !== null;
  const directory = report.directoryEntries !== null;
  const failed = report.accounts.filter((a) => a.error !== null);
  const cards = [
    card('People', fmt(t.people)),
    card('Seats held', fmt(t.seatsHeld)),
    ...(cost ? [card('Yearly cost', money(t.yearlyCost))] : []),
    card('More than one Developer seat', fmt(t.severalDeveloperSeats), { bad: t.severalDeveloperSeats > 0 }),
    ...(t.notInDirectory === null
      ? []
      : [card('Not in the directory', fmt(t.notInDirectory), { bad: t.notInDirectory > 0 })]),
    ...(t.inactiveInDirectory === null
      ? []
      : [card('Inactive in the directory', fmt(t.inactiveInDirectory), { bad: t.inactiveInDirectory > 0 })]),
    ...(failed.length === 0 ? [] : [card('Accounts not audited', fmt(failed.length), { bad: true })]),
  ];
  const head = [
    'Email',
    'Name',
    'Accounts',
    'Seats',
    ...(cost ? ['Cost / year'] : []),
    ...(directory ? ['Directory'] : []),
    'Flags',
  ];
  const alert =
    failed.length === 0
      ? ''
      : `<div class="alert">${failed.map((a) => `<p><b>${html(a.name)}</b> could not be audited: ${html(a.error ?? '')}. Its users, seats and costs are not included.</p>`).join('')}</div>`;
  const seats = GRANTING_TIERS.map((tier) => `${fmt(t.seats[tier])} ${tier}`).join(', ');
  const body =
    alert +
    `<div class="cards">${cards.join('')}</div>` +
    `<h2>People${report.flaggedOnly ? ` (the ${fmt(report.people.length)} with a flag)` : ''}</h2>` +
    `<p class="note">${fmt(t.seatsHeld)} seats: ${seats}. One row per person, merged by email across the accounts.</p>` +
    `<div class="scroll"><table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>` +
    report.people.map((p) => personRow(p, cost ? money : null, directory)).join('') +
    '</tbody></table></div>' +
    (report.withoutEmail.length === 0
      ? ''
      : '<h2>Users without email</h2><p class="note">Not merged with anyone.</p>' +
        '<table><thead><tr><th>Account</th><th>Id</th><th>Name</th><th>Seat</th></tr></thead><tbody>' +
        report.withoutEmail.map(unmergedRow).join('') +
        '</tbody></table>');
  return htmlPage({
    title: 'Looker seats per person',
    policy: contentSecurityPolicy(),
    run: { accounts: report.accounts.length, rules: report.rules, generatedAt: report.generatedAt },
    main: body,
  });
}
