/**
 * The `people` view: one row per person across the accounts, as a table, CSV, JSON or
 * Markdown. Users without an email are listed apart, after the people, never merged. An account that could not be
 * audited is named in every format: its seats are unknown, not zero.
 */
import type { ChalkInstance } from 'chalk';
import type { PaidTier, PeopleReport, Person, PersonAccount, UnmergedUser } from '../audit/people.js';
import { PAID_TIERS } from '../audit/people.js';
import { noSeatReason } from '../audit/user-facts.js';
import { plural } from '../counts.js';
import { renderCsv, type CsvCell } from './csv.js';
import { jsonChunks, stringifyJson } from './json.js';
import { moneyFormat } from './summary.js';
import { markdownTable, md } from './markdown-text.js';
import { sanitize } from '../sanitize.js';
import { renderTable, tierColor, type Column, type TableOptions } from './table.js';

type Placed = Pick<PersonAccount, 'account' | 'tier' | 'seat' | 'status' | 'kind'>;

/** `developer`, or `viewer (disabled, no seat)`: the tier, and why it holds no seat when it does not. */
export function seatLabel(a: Placed): string {
  if (a.seat !== null) return a.seat;
  const why = noSeatReason(a.status, a.kind);
  return `${a.tier}${why === null ? '' : ` (${why}, no seat)`}`;
}

/** `production: developer`, or `staging: viewer (disabled, no seat)`. */
export function placement(a: Placed): string {
  return `${a.account}: ${seatLabel(a)}`;
}

export function seatsText(seats: Readonly<Record<PaidTier, number>>): string {
  const parts = PAID_TIERS.filter((tier) => seats[tier] > 0).map((tier) => `${seats[tier]} ${tier}`);
  return parts.length === 0 ? '0' : parts.join(', ');
}

/** The highest seat a person holds anywhere: the colour of their row's seats cell. */
function topSeat(seats: Readonly<Record<PaidTier, number>>): PaidTier | null {
  return PAID_TIERS.find((tier) => seats[tier] > 0) ?? null;
}

function failedAccountsNote(report: PeopleReport): string {
  const failed = report.accounts.filter((a) => a.error !== null);
  if (failed.length === 0) return '';
  const names = failed.map((a) => `"${sanitize(a.name)}"`).join(', ');
  return `Incomplete: ${failed.length === 1 ? 'account' : 'accounts'} ${names} could not be audited; their users, seats and costs are not included.\n`;
}

function totalsLine(report: PeopleReport): string {
  const t = report.totals;
  const parts = [
    `${plural(t.people, 'person', { many: 'people' })}${report.flaggedOnly ? ` (${report.people.length} flagged shown)` : ''}`,
    `${t.seatsHeld} seats (${seatsText(t.seats)})`,
    ...(t.yearlyCost === null ? [] : [`yearly cost ${moneyFormat(report.currency)(t.yearlyCost)}`]),
    `${t.severalDeveloperSeats} with more than one Developer seat`,
    ...(t.notInDirectory === null ? [] : [`${t.notInDirectory} not in the directory`]),
    ...(t.inactiveInDirectory === null ? [] : [`${t.inactiveInDirectory} inactive in the directory`]),
    ...(t.withoutEmail === 0 ? [] : [`${plural(t.withoutEmail, 'user')} without email`]),
  ];
  return `${parts.join('; ')}\n`;
}

export function renderPeopleTable(report: PeopleReport, options: TableOptions): string {
  const money = moneyFormat(report.currency);
  const flagColor = (text: string, _p: Person, chalk: ChalkInstance): string => chalk.red(text);
  const columns: Column<Person>[] = [
    { header: 'email', value: (p) => p.email, min: 20, priority: 1, whole: true },
    { header: 'name', value: (p) => p.names.join(' / '), min: 8, priority: 4 },
    { header: 'accounts', value: (p) => p.accounts.map(placement).join('; '), min: 16, priority: 2 },
    {
      header: 'seats',
      value: (p) => seatsText(p.seats),
      min: 11,
      priority: 1,
      color: (t, p, chalk) => {
        const top = topSeat(p.seats);
        return top === null ? chalk.gray(t) : tierColor(top, chalk)(t);
      },
    },
    ...(report.totals.yearlyCost === null
      ? []
      : [
          {
            header: 'cost/year',
            value: (p: Person) => money(p.yearlyCost),
            min: 9,
            priority: 3,
            align: 'right' as const,
          },
        ]),
    ...(report.directoryEntries === null
      ? []
      : [{ header: 'directory', value: (p: Person) => p.directory ?? '', min: 9, priority: 5 }]),
    { header: 'flags', value: (p) => p.flags.join(', '), min: 16, priority: 1, color: flagColor },
  ];
  let out = failedAccountsNote(report);
  out += renderTable(columns, report.people, options);
  if (report.withoutEmail.length > 0) {
    out += '\nUsers without email (not merged with anyone):\n';
    const unmerged: Column<UnmergedUser>[] = [
      { header: 'account', value: (u) => u.account, min: 8, priority: 1 },
      { header: 'id', value: (u) => u.userId, min: 4, priority: 1 },
      { header: 'name', value: (u) => u.name, min: 8, priority: 2 },
      {
        header: 'seat',
        value: (u) => seatLabel(u),
        min: 6,
        priority: 1,
        color: (t, u, chalk) => (u.seat === null ? chalk.gray(t) : tierColor(u.seat, chalk)(t)),
      },
    ];
    out += renderTable(unmerged, report.withoutEmail, options);
  }
  return out + totalsLine(report);
}

export const PEOPLE_CSV_COLUMNS = [
  'email',
  'name',
  'accounts',
  'user_ids',
  'seats_held',
  'developer_seats',
  'standard_seats',
  'viewer_seats',
  'yearly_cost',
  'directory',
  'flags',
] as const;

/**
 * One row per person, then one per user without email (empty email, flag `no-email`), then one per failed
 * account (its name in `accounts`, flag `account-failed`), so a spreadsheet never reads a gap as zero seats.
 */
export function renderPeopleCsv(report: PeopleReport): string {
  const rows: CsvCell[][] = report.people.map((p) => [
    p.email,
    p.names.join(' / '),
    p.accounts.map(placement).join('; '),
    p.accounts.map((a) => `${a.account}: ${a.userId}`).join('; '),
    p.seatsHeld,
    p.seats.developer,
    p.seats.standard,
    p.seats.viewer,
    p.yearlyCost,
    p.directory,
    p.flags.join('; '),
  ]);
  for (const u of report.withoutEmail) {
    const seat = (tier: PaidTier): number => (u.seat === tier ? 1 : 0);
    rows.push([
      null,
      u.name,
      placement(u),
      `${u.account}: ${u.userId}`,
      u.seat === null ? 0 : 1,
      seat('developer'),
      seat('standard'),
      seat('viewer'),
      u.yearlyCost,
      null,
      'no-email',
    ]);
  }
  for (const a of report.accounts) {
    if (a.error !== null) rows.push([null, null, a.name, null, null, null, null, null, null, null, 'account-failed']);
  }
  return renderCsv(PEOPLE_CSV_COLUMNS, rows);
}

function jsonPlacement(a: PersonAccount | UnmergedUser): Record<string, unknown> {
  return {
    account: a.account,
    user_id: a.userId,
    ...('email' in a ? { email: a.email } : {}),
    name: a.name,
    status: a.status,
    kind: a.kind,
    tier: a.tier,
    seat: a.seat,
    last_login_at: a.lastLoginAt,
  };
}

/** The documented JSON shape (README, "people"): key order is stable. */
function peopleJsonDocument(report: PeopleReport) {
  const t = report.totals;
  return {
    schema_version: 1,
    generated_at: report.generatedAt,
    rules: report.rules,
    currency: report.currency,
    accounts: report.accounts.map((a) => ({
      name: a.name,
      url: a.url,
      ...(a.error === null ? {} : { error: a.error }),
      users: a.error === null ? a.users : null,
    })),
    directory: report.directoryEntries === null ? null : { entries: report.directoryEntries },
    people: report.people.map((p) => ({
      email: p.email,
      names: p.names,
      accounts: p.accounts.map(jsonPlacement),
      seats: { developer: p.seats.developer, standard: p.seats.standard, viewer: p.seats.viewer },
      seats_held: p.seatsHeld,
      yearly_cost: p.yearlyCost,
      directory: p.directory,
      flags: p.flags,
    })),
    without_email: report.withoutEmail.map((u) => ({ ...jsonPlacement(u), yearly_cost: u.yearlyCost })),
    totals: {
      people: t.people,
      without_email: t.withoutEmail,
      seats: { developer: t.seats.developer, standard: t.seats.standard, viewer: t.seats.viewer },
      seats_held: t.seatsHeld,
      yearly_cost: t.yearlyCost,
      several_developer_seats: t.severalDeveloperSeats,
      not_in_directory: t.notInDirectory,
      inactive_in_directory: t.inactiveInDirectory,
    },
  };
}

export function renderPeopleJson(report: PeopleReport): string {
  return stringifyJson(peopleJsonDocument(report));
}

/** The same text in pieces (a row per person: as long as the org). */
export function peopleJsonChunks(report: PeopleReport): Iterable<string> {
  return jsonChunks(peopleJsonDocument(report));
}

export function renderPeopleMarkdown(report: PeopleReport): string {
  const t = report.totals;
  // Escaped like remote text: GitHub reads two dollar signs on a line as inline maths.
  const format = moneyFormat(report.currency);
  const money = (n: number | null): string => md(format(n));
  let out = '## Looker seats per person\n\n';
  const failed = report.accounts.filter((a) => a.error !== null);
  if (failed.length > 0) {
    out += `> **Incomplete:** not audited: ${failed.map((a) => `${md(a.name)} (${md(a.error ?? '')})`).join(', ')}. Their users, seats and costs are not included.\n\n`;
  }
  // The totals line is our own words and numbers: no remote text to escape.
  out += `${totalsLine(report).trim().replace(/\$/g, '\\$')}\n\n`;
  const withCost = t.yearlyCost !== null;
  const withDirectory = report.directoryEntries !== null;
  const header = [
    'Email',
    'Name',
    'Accounts',
    'Seats',
    ...(withCost ? ['Cost/year'] : []),
    ...(withDirectory ? ['Directory'] : []),
    'Flags',
  ];
  out += markdownTable(
    header,
    report.people.map((p) => [
      md(p.email),
      md(p.names.join(' / ')),
      md(p.accounts.map(placement).join('; ')),
      md(seatsText(p.seats)),
      ...(withCost ? [money(p.yearlyCost)] : []),
      ...(withDirectory ? [p.directory ?? ''] : []),
      p.flags.length === 0 ? '' : `**${p.flags.join(', ')}**`,
    ]),
  );
  if (report.withoutEmail.length > 0) {
    out += '\n### Users without email (not merged with anyone)\n\n';
    out += markdownTable(
      ['Account', 'Id', 'Name', 'Seat'],
      report.withoutEmail.map((u) => [md(u.account), md(u.userId), md(u.name), md(seatLabel(u))]),
    );
  }
  return out;
}
