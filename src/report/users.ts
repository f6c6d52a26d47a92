/**
 * The `users` view: one row per user, as a table (for people) or CSV (for spreadsheets).
 */
import type { AuditReport, AuditedUser, Grant } from '../audit/types.js';
import { csvChunks, csvHeader, csvRows, joinValues, renderCsv, type CsvCell } from './csv.js';
import { rowsPerAccount, withAccountColumn, type AccountRow } from './per-account.js';
import { tableChunks, tierColor, type Column, type TableOptions } from './table.js';

export type UserRow = AccountRow<'user', AuditedUser>;
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
 * Made for 80 columns first (design.md section 7, issue 14): the email (never cut), the tier and why it is held
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
  { header: 'roles', value: (r) => r.user.roles.join(', '), min: 10, priority: 9 },
  { header: 'groups', value: (r) => r.user.groups.join(', '), min: 10, priority: 9 },
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

/** Columns added after the users CSV's own (`users --usage`). */
export interface ExtraCsvColumns {
  readonly columns: readonly string[];
  readonly cells: (account: string, user: AuditedUser) => readonly CsvCell[];
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

/**
 * CSV pieces made ahead, while the pages of users arrive and the main thread would idle (issue 15: rendering
 * 20,000 rows after the last page was 250 ms of tail). A piece is used only where the report holds the very same
 * user objects in the same order under the same account, so a filtered report, a pass read again or a user
 * audited twice falls back to rendering: the output is the same bytes either way. Bounded: past `maxChars` of
 * pieces nothing more is kept, and the rest is rendered at the end as before.
 */
export interface UsersCsvAhead {
  /** Renders these users (in this order, of this account) now. */
  add(account: string, users: readonly AuditedUser[]): void;
}

interface AheadPiece {
  readonly account: string;
  readonly users: readonly AuditedUser[];
  readonly text: string;
}

const AHEAD_MAX_CHARS = 64 * 1024 * 1024;

export function usersCsvAhead(maxChars = AHEAD_MAX_CHARS): UsersCsvAhead & {
  pieceAt(account: string, users: readonly AuditedUser[], at: number): AheadPiece | undefined;
} {
  const pieces = new Map<AuditedUser, AheadPiece>();
  let chars = 0;
  return {
    add(account, users) {
      if (users.length === 0 || chars >= maxChars) return;
      const text = csvRows(users.map((u) => userCells(account, u)));
      chars += text.length;
      pieces.set(users[0] as AuditedUser, { account, users, text });
    },
    pieceAt(account, users, at) {
      const piece = pieces.get(users[at] as AuditedUser);
      if (piece === undefined || piece.account !== account || at + piece.users.length > users.length) return undefined;
      for (let i = 1; i < piece.users.length; i++) if (piece.users[i] !== users[at + i]) return undefined;
      return piece;
    },
  };
}

/**
 * The same CSV in pieces, made as they are written (the users view is the one that grows with the org); with
 * `ahead`, the pieces rendered while the audit ran are used where they fit.
 */
export function usersCsvChunks(
  report: AuditReport,
  extra?: ExtraCsvColumns,
  ahead?: ReturnType<typeof usersCsvAhead>,
): Iterable<string> {
  const columns = [...USERS_CSV_COLUMNS, ...(extra?.columns ?? [])];
  if (ahead === undefined || extra !== undefined) return csvChunks(columns, userCsvRows(report, extra));
  return aheadChunks(report, columns, ahead);
}

function* aheadChunks(
  report: AuditReport,
  columns: readonly string[],
  ahead: ReturnType<typeof usersCsvAhead>,
): Generator<string> {
  yield csvHeader(columns);
  for (const { name: account, users } of report.accounts) {
    let batch: CsvCell[][] = [];
    for (let i = 0; i < users.length;) {
      const piece = ahead.pieceAt(account, users, i);
      if (piece !== undefined) {
        if (batch.length > 0) yield csvRows(batch);
        batch = [];
        yield piece.text;
        i += piece.users.length;
        continue;
      }
      batch.push(userCells(account, users[i] as AuditedUser));
      i++;
      if (batch.length === CSV_BATCH) {
        yield csvRows(batch);
        batch = [];
      }
    }
    if (batch.length > 0) yield csvRows(batch);
  }
}

const CSV_BATCH = 1000;

function userCells(account: string, u: AuditedUser): CsvCell[] {
  return [
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

// A generator, so each row array is garbage as soon as its batch is stringified (see csv.ts).
function* userCsvRows(report: AuditReport, extra?: ExtraCsvColumns): Generator<CsvCell[]> {
  for (const { name: account, users } of report.accounts) {
    for (const u of users) {
      const cells = userCells(account, u);
      if (extra !== undefined) cells.push(...extra.cells(account, u));
      yield cells;
    }
  }
}
