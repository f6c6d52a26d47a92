/**
 * The `users` view: one row per user, as a table (for people) or CSV (for spreadsheets).
 */
import type { AuditReport, AuditedUser } from '../audit/types.js';
import { csvChunks, joinValues, renderCsv, type CsvCell } from './csv.js';
import { rowsPerAccount, withAccountColumn, type AccountRow } from './per-account.js';
import { tableChunks, tierColor, type Column, type TableOptions } from './table.js';

type UserRow = AccountRow<'user', AuditedUser>;
const rowsOf = (report: AuditReport): UserRow[] => rowsPerAccount(report, 'user', (a) => a.users);

const USER_COLUMNS: readonly Column<UserRow>[] = [
  { header: 'id', value: (r) => r.user.id, min: 4, priority: 9 },
  { header: 'email', value: (r) => r.user.email ?? '', min: 14, priority: 1 },
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
  { header: 'roles', value: (r) => r.user.roles.join(', '), min: 10, priority: 5 },
  { header: 'groups', value: (r) => r.user.groups.join(', '), min: 10, priority: 7 },
  { header: 'last login', value: (r) => r.user.lastLoginAt?.slice(0, 10) ?? 'never', min: 10, priority: 2 },
  { header: 'reason', value: (r) => r.user.reason, min: 24, priority: 8 },
];

/**
 * The account column appears only when the report covers several accounts. In pieces of 1,000 rows, like the CSV:
 * the users view is the one that grows with the org, and is written as it is made, never held as one string.
 */
export function renderUsersTable(report: AuditReport, options: TableOptions): Iterable<string> {
  return tableChunks(withAccountColumn(report, USER_COLUMNS), rowsOf(report), options);
}

export const USERS_CSV_COLUMNS = [
  'account',
  'id',
  'email',
  'name',
  'status',
  'kind',
  'license',
  'roles',
  'groups',
  'last_login_at',
  'reason',
] as const;

export function renderUsersCsv(report: AuditReport): string {
  return renderCsv(USERS_CSV_COLUMNS, userCsvRows(report));
}

/** The same CSV in pieces, made as they are written (the users view is the one that grows with the org). */
export function usersCsvChunks(report: AuditReport): Iterable<string> {
  return csvChunks(USERS_CSV_COLUMNS, userCsvRows(report));
}

// A generator, so each row array is garbage as soon as its batch is stringified (see csv.ts).
function* userCsvRows(report: AuditReport): Generator<CsvCell[]> {
  for (const { name: account, users } of report.accounts) {
    for (const u of users) {
      yield [
        account,
        u.id,
        u.email,
        u.name,
        u.status,
        u.kind,
        u.license,
        joinValues(u.roles),
        joinValues(u.groups),
        u.lastLoginAt,
        u.reason,
      ];
    }
  }
}
