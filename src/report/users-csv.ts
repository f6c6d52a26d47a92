/**
 * The `users` view as CSV (for spreadsheets). Apart from the table (users.ts), so `users --format csv` loads
 * neither cli-table3 nor the colour code: less to load before the first request.
 */
import type { AuditReport, AuditedUser } from '../audit/types.js';
import { csvChunks, csvHeader, csvLines, csvRows, joinValues, renderCsv, type CsvCell } from './csv.js';

/** Columns added after the users CSV's own (`users --usage`). */
export interface ExtraCsvColumns {
  readonly columns: readonly string[];
  readonly cells: (account: string, user: AuditedUser) => readonly CsvCell[];
}

/** Several sets of extra columns as one, in the order given (`users --usage --compare`); undefined for none. */
export function joinExtraColumns(extras: readonly (ExtraCsvColumns | undefined)[]): ExtraCsvColumns | undefined {
  const given = extras.filter((extra): extra is ExtraCsvColumns => extra !== undefined);
  if (given.length <= 1) return given[0];
  return {
    columns: given.flatMap((extra) => extra.columns),
    cells: (account, user) => given.flatMap((extra) => extra.cells(account, user)),
  };
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
 * CSV pieces made ahead, while the pages of users arrive and the main thread would idle (BENCHMARKS.md: rendering
 * 20,000 rows after the last page was 250 ms of tail). A piece is used only where the report holds the very same
 * user objects in the same order under the same account, so a filtered report, a pass read again or a user
 * audited twice falls back to rendering: the output is the same bytes either way. Bounded: past `maxChars` of
 * pieces nothing more is kept, and the rest is rendered at the end as before.
 */
export interface UsersCsvAhead {
  /** Renders these users (in this order, of this account) now. */
  add(account: string, users: readonly AuditedUser[]): void;
  /** The piece made for `users` from `at` on, when it holds those very users of that account. */
  pieceAt(account: string, users: readonly AuditedUser[], at: number): AheadPiece | undefined;
}

interface AheadPiece {
  readonly account: string;
  readonly users: readonly AuditedUser[];
  readonly text: string;
}

const AHEAD_MAX_CHARS = 64 * 1024 * 1024;

export function usersCsvAhead(maxChars = AHEAD_MAX_CHARS): UsersCsvAhead {
  const pieces = new Map<AuditedUser, AheadPiece>();
  let chars = 0;
  return {
    add(account, users) {
      // In pieces of CSV_BATCH rows, like the CSV made at the end: each stays under V8's large-object size.
      for (let from = 0; from < users.length && chars < maxChars; from += CSV_BATCH) {
        const part = users.slice(from, from + CSV_BATCH);
        const text = usersText(account, part);
        chars += text.length;
        pieces.set(part[0] as AuditedUser, { account, users: part, text });
      }
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
export function usersCsvChunks(report: AuditReport, extra?: ExtraCsvColumns, ahead?: UsersCsvAhead): Iterable<string> {
  const columns = [...USERS_CSV_COLUMNS, ...(extra?.columns ?? [])];
  if (extra !== undefined) return csvChunks(columns, userCsvRows(report, extra));
  return usersChunks(report, columns, ahead);
}

function* usersChunks(
  report: AuditReport,
  columns: readonly string[],
  ahead: UsersCsvAhead | undefined,
): Generator<string> {
  yield csvHeader(columns);
  for (const { name: account, users } of report.accounts) {
    let batch: AuditedUser[] = [];
    for (let i = 0; i < users.length;) {
      const piece = ahead?.pieceAt(account, users, i);
      if (piece !== undefined) {
        if (batch.length > 0) yield usersText(account, batch);
        batch = [];
        yield piece.text;
        i += piece.users.length;
        continue;
      }
      batch.push(users[i] as AuditedUser);
      i++;
      if (batch.length === CSV_BATCH) {
        yield usersText(account, batch);
        batch = [];
      }
    }
    if (batch.length > 0) yield usersText(account, batch);
  }
}

// 250 rows (about 57 KB): a string over 128 KB is made in V8's large-object space and freed only by a full collection.
const CSV_BATCH = 250;

/**
 * The rows of these users, each put together from pieces that csv-stringify made: the account's cell once, the
 * cells of the user's own once per user, and license, roles, groups and reason once per access (users holding the
 * same access share its arrays and text, audit/account.ts). Same bytes as stringifying every cell of every row
 * (test/report/users.test.ts), at about half the cells (csv-stringify's own cost is per cell: a CPU profile of
 * `bench/cpu-profile.js` put most of the CSV time there).
 */
function usersText(account: string, users: readonly AuditedUser[]): string {
  // One csv-stringify call per batch: the account, each user's own cells, each user's last login, then the cells
  // of each access the batch holds (csv-stringify's cost is per call as well as per cell). Kept for the batch only:
  // a cache for the whole report would hold a copy of every access's text (38,000 in the benchmark's organisation).
  const accesses = new Map<object, AuditedUser>();
  for (const u of users) if (!accesses.has(u.grants)) accesses.set(u.grants, u);
  // Pieces pay only where accesses repeat: each costs csv-stringify two more records. A batch of mostly distinct
  // accesses (the benchmark's random group pairs) is rendered row by row, as one record per user.
  if (accesses.size * 4 > users.length) return csvRows(users.map((u) => userCells(account, u)));
  const lines = csvLines([
    [account],
    ...users.map((u) => [u.id, u.email, u.name, u.status, u.kind]),
    ...users.map((u) => [u.lastLoginAt]),
    ...[...accesses.values()].flatMap((u) => [[u.license, joinValues(u.roles), joinValues(u.groups)], [u.reason]]),
  ]);
  const n = users.length;
  const cells = new Map<object, AccessCells>();
  let next = 1 + 2 * n;
  for (const [key, u] of accesses)
    cells.set(key, { of: u, middle: lines[next++] as string, reason: lines[next++] as string });
  const accountCell = lines[0] as string;
  let text = '';
  for (let i = 0; i < n; i++) {
    const u = users[i] as AuditedUser;
    const shared = cells.get(u.grants) as AccessCells;
    const access = sameAccess(shared.of, u) ? shared : alone(u);
    text += `${accountCell},${lines[1 + i]},${access.middle},${lines[1 + n + i]},${access.reason}\n`;
  }
  return text;
}

interface AccessCells {
  /** The user whose fields these cells were made from. */
  readonly of: AuditedUser;
  /** license,roles,groups as CSV cells. */
  readonly middle: string;
  readonly reason: string;
}

// Users holding one access share its grants array and the rest (audit/account.ts); a user built some other way, with
// a grants array shared by a different access, is rendered on its own.
const sameAccess = (a: AuditedUser, b: AuditedUser): boolean =>
  a === b || (a.license === b.license && a.roles === b.roles && a.groups === b.groups && a.reason === b.reason);

function alone(u: AuditedUser): AccessCells {
  const [middle, reason] = csvLines([[u.license, joinValues(u.roles), joinValues(u.groups)], [u.reason]]);
  return { of: u, middle: middle as string, reason: reason as string };
}

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
