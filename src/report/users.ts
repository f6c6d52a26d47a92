/**
 * The `users` view as a table (for people); the CSV (for spreadsheets) is users-csv.ts, which loads no table code.
 */
import type { AuditReport, AuditedUser, Grant } from '../audit/types.js';
import { rowsPerAccount, withAccountColumn, type AccountRow } from './per-account.js';
import { tableChunks, tierColor, type Column, type TableOptions } from './table.js';

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

/**
 * The "why" of a row in a few words, for tables: the role that decided the tier and the group path it came
 * through (`LookML Developer via BI <- Analytics`, `Admin (direct)`); the rule that fired has its own column, and
 * the full sentence is the CSV's and JSON's `reason`. Users holding the same access share their grants array,
 * so the text is made once per access.
 */
const shortReasons = new WeakMap<readonly Grant[], string>();
export function shortReason(user: AuditedUser): string {
  let text = shortReasons.get(user.grants);
  if (text === undefined) {
    const best = user.license === 'none' ? undefined : user.grants.find((g) => g.effective);
    text =
      best === undefined
        ? user.reason.replace(/^none: /, '')
        : `${best.roleName}${best.via.length === 0 ? ' (direct)' : ` via ${best.via.join(' <- ')}`}`;
    shortReasons.set(user.grants, text);
  }
  return text;
}

const ruleOf = (user: AuditedUser): string =>
  user.license === 'none' ? '' : (user.grants.find((g) => g.effective)?.rule ?? '');

/**
 * Made for 80 columns first (the width of most terminals and CI logs): the email (never cut), the tier and why it is held
 * always show; then, as width allows, the last login, name, status, the rule, kind, id, roles and groups. The
 * table names the columns it had to hide.
 */
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
    value: (r) => r.user.license,
    min: 9,
    priority: 1,
    color: (t, r, chalk) => tierColor(r.user.license, chalk)(t),
  },
  { header: 'why', value: (r) => shortReason(r.user), min: 24, priority: 1 },
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
): Iterable<string> {
  const failed = report.accounts.filter((a) => a.error !== null).map((a) => `"${a.name}"`);
  const rows = rowsOf(report);
  // A failed account has no rows: an empty table of headers would read as "no users". Say what is missing.
  if (rows.length > 0 || failed.length === 0)
    yield* tableChunks(withAccountColumn(report, [...USER_COLUMNS, ...extra]), rows, options);
  if (failed.length > 0) {
    yield `${options.chalk.yellow(`not in this table: ${failed.length === 1 ? 'account' : 'accounts'} ${failed.join(', ')} could not be audited (the error is above)`)}\n`;
  }
}
