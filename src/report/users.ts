/**
 * The `users` view as a table (for people); the CSV (for spreadsheets) is users-csv.ts, which loads no table code.
 */
import { shortReason } from '../audit/short-reason.js';
import type { AuditReport, AuditedUser } from '../audit/types.js';
import { noSeatReason } from '../audit/user-facts.js';
import { rowsPerAccount, withAccountColumn, type AccountRow } from './per-account.js';
import { licenceText } from './seat-text.js';
import { tableChunks, tierColor, type Column, type TableOptions } from './table.js';
import { wrapWords } from './text-width.js';

export type UserRow = AccountRow<'user', AuditedUser>;

// Users holding the same access share its roles and groups arrays (audit/account.ts): joined once per array.
const joins = new WeakMap<readonly string[], string>();
function joined(names: readonly string[]): string {
  let text = joins.get(names);
  if (text === undefined) {
    text = names.join(', ');
    joins.set(names, text);
  }
  return text;
}
const rowsOf = (report: AuditReport): UserRow[] => rowsPerAccount(report, 'user', (a) => a.users);

const ruleOf = (user: AuditedUser): string =>
  user.license === 'none' ? '' : (user.grants.find((g) => g.effective)?.rule ?? '');

/**
 * Made for 80 columns first: the email (never cut), the licence and why it is held always show, and the two
 * answers wrap rather than being cut; then, as width allows, the last login, name, status, the rule, kind, id,
 * roles and groups. The licence of a user who takes no seat says so (`developer · disabled, no seat`), whatever
 * columns the width leaves. The table names the columns it had to hide.
 */
const WHY: Column<UserRow> = { header: 'why', value: (r) => shortReason(r.user), min: 16, priority: 1, answer: true };
const USER_COLUMNS: readonly Column<UserRow>[] = [
  { header: 'id', value: (r) => r.user.id, min: 4, priority: 7 },
  { header: 'email', value: (r) => r.user.email ?? '', min: 14, priority: 1, whole: true },
  { header: 'name', value: (r) => r.user.name, min: 8, priority: 3 },
  {
    header: 'status',
    value: (r) => r.user.status,
    min: 8,
    priority: 4,
    color: (t, r, chalk) => (r.user.status === 'disabled' ? chalk.dim(t) : t),
  },
  { header: 'kind', value: (r) => r.user.kind, min: 7, priority: 6 },
  {
    header: 'license',
    value: (r) => licenceText(r.user.license, r.user.status, r.user.kind),
    min: 9,
    priority: 1,
    answer: true,
    color: (t, r, chalk) => (r.user.countsTowardSeats ? tierColor(r.user.license, chalk)(t) : chalk.dim(t)),
  },
  WHY,
  { header: 'rule', value: (r) => ruleOf(r.user), min: 16, priority: 8 },
  { header: 'last login', value: (r) => r.user.lastLoginAt?.slice(0, 10) ?? 'never', min: 10, priority: 2 },
  { header: 'roles', value: (r) => joined(r.user.roles), min: 10, priority: 9 },
  { header: 'groups', value: (r) => joined(r.user.groups), min: 10, priority: 9 },
];

/**
 * The account column appears only when the report covers several accounts. In pieces of 1,000 rows, like the CSV:
 * the users view is the one that grows with the org, and is written as it is made, never held as one string.
 * `extra` columns come after the usual ones (`users --usage`).
 */
export function* renderUsersTable(
  report: AuditReport,
  options: TableOptions,
  extra: readonly Column<UserRow>[] = [],
  /** A filtered list (`--license developer`): what it holds, said under the table. */
  filterNote?: string,
): Iterable<string> {
  const failed = report.accounts.filter((a) => a.error !== null).map((a) => `"${a.name}"`);
  const rows = rowsOf(report);
  // A failed account has no rows: an empty table of headers would read as "no users". Say what is missing.
  // With usage asked for (`--usage`), the usage is the answer: the why gives way to it at narrow widths.
  const own =
    extra.length === 0
      ? USER_COLUMNS
      : USER_COLUMNS.map((c) => (c === WHY ? { ...WHY, answer: false, priority: 2 } : c));
  if (rows.length > 0 || failed.length === 0)
    yield* tableChunks(withAccountColumn(report, [...own, ...extra]), rows, options);
  if (filterNote !== undefined) yield `${wrapWords(filterNote, options.width)}\n`;
  if (failed.length > 0) {
    yield `${options.chalk.yellow(`not in this table: ${failed.length === 1 ? 'account' : 'accounts'} ${failed.join(', ')} could not be audited (the error is above)`)}\n`;
  }
}

/**
 * What a filtered list holds, counted as `summary` counts: `6 users, 5 of them seats; 1 takes no seat (1
 * disabled)`. A `--license developer` list shows every holder of the tier, seat or not, and says so here.
 */
export function seatNote(report: AuditReport): string {
  const users = report.accounts.flatMap((a) => a.users);
  const seats = users.filter((u) => u.countsTowardSeats).length;
  const reasons = new Map<string, number>();
  for (const u of users) {
    const why = noSeatReason(u.status, u.kind);
    if (why !== null) reasons.set(why, (reasons.get(why) ?? 0) + 1);
  }
  const others = users.length - seats;
  const why = [...reasons].map(([reason, n]) => `${n} ${reason}`).join(', ');
  return (
    `${users.length} ${users.length === 1 ? 'user' : 'users'}, ${seats} of them ${seats === 1 ? 'a seat' : 'seats'} (as summary counts them)` +
    (others === 0 ? '' : `; ${others} ${others === 1 ? 'takes' : 'take'} no seat (${why})`)
  );
}
