/**
 * The one place where System Activity query rows (untrusted API data) become typed records. The facts, and how
 * sure they are, are in docs/looker-api.md (System Activity); every narrowing here is defensive where a fact is
 * only "seen in use":
 * - `user.id` is a JSON number in these rows (its LookML type is number, seen in use) while API 4.0 sends string
 *   ids everywhere else: both are accepted and compared as strings.
 * - yes/no fields are the strings "Yes"/"No" (seen in use); booleans are accepted too.
 * - `_date` fields are "YYYY-MM-DD" (seen in use); a `_time` or ISO value is cut to its date.
 * - numbers are usually JSON numbers, but one public fixture has "2" (seen in use): both are accepted.
 * - a key that is absent from a row means the field is unknown on this release (Looker probably drops unknown
 *   fields silently: unconfirmed), so it narrows to `undefined`, never to zero; `null` is a known empty value.
 * Nothing here knows about licences: sources stay the strings Looker sent (audit/usage.ts classifies them).
 */

/** A value that breaks the shapes above: the whole result is distrusted (the caller falls back to logins only). */
export class SystemActivityRowError extends Error {
  override readonly name = 'SystemActivityRowError';
}

export type Row = Readonly<Record<string, unknown>>;

/** undefined: the field is not in the row (unknown); null: Looker sent no value. */
export type Known<T> = T | null | undefined;

function bad(field: string, value: unknown): never {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
  throw new SystemActivityRowError(`field ${field} has an unexpected value (${shown})`);
}

/** A user id as a string (number or string in the row), or null when the row belongs to no user. */
export function userIdOf(row: Row, field = 'user.id'): string | null {
  const value = row[field];
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return value.trim();
  return bad(field, value);
}

export function yesNoOf(row: Row, field: string): Known<boolean> {
  if (!(field in row)) return undefined;
  const value = row[field];
  if (value === null) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'yes' || v === 'true') return true;
    if (v === 'no' || v === 'false') return false;
  }
  return bad(field, value);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[ T])/;

/** "YYYY-MM-DD" (a `_time` or ISO value is cut to its date), null, or undefined when the field is absent. */
export function dateOf(row: Row, field: string): Known<string> {
  if (!(field in row)) return undefined;
  const value = row[field];
  if (value === null || value === '') return null;
  if (typeof value === 'string') {
    const match = DATE.exec(value.trim());
    if (match) {
      const [, y, m, d] = match.map(Number) as [number, number, number, number];
      const date = new Date(Date.UTC(y, m - 1, d));
      if (date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d)
        return value.trim().slice(0, 10);
    }
  }
  return bad(field, value);
}

/** A count >= 0 (number or numeric string); null counts as 0 (no rows behind it). */
export function countOf(row: Row, field: string): Known<number> {
  if (!(field in row)) return undefined;
  const value = row[field];
  if (value === null) return 0;
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (Number.isFinite(n) && n >= 0) return Math.round(n);
  return bad(field, value);
}

export function textOf(row: Row, field: string): Known<string> {
  if (!(field in row)) return undefined;
  const value = row[field];
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return bad(field, value);
}

/** One row of the `user` explore: logins as System Activity records them. */
export interface UserFactsRow {
  readonly userId: string;
  readonly lastUiLoginDate: Known<string>;
  readonly lastApiLoginDate: Known<string>;
}

/** One row of the `history` explore, grouped by user, source and workspace. */
export interface HistoryRow {
  readonly userId: string;
  /** `history.source` as sent: a raw value (`explore`) or an older display label (`Explore`). */
  readonly source: string | null;
  /** `history.workspace_id`: `production`, `dev` or null; undefined when the field is missing. */
  readonly workspace: Known<string>;
  readonly queryRunCount: number;
  readonly mostRecentQueryDate: string | null;
}

/** One row of a count per user (git events, Looks or dashboards created). */
export interface UserCountRow {
  readonly userId: string;
  readonly count: number;
}

export function narrowUserFacts(row: Row): UserFactsRow | null {
  const userId = userIdOf(row);
  if (userId === null) return null;
  return {
    userId,
    lastUiLoginDate: dateOf(row, 'user_facts.last_ui_login_date'),
    lastApiLoginDate: dateOf(row, 'user_facts.last_api_login_date'),
  };
}

export function narrowHistory(row: Row): HistoryRow | null {
  const userId = userIdOf(row);
  if (userId === null) return null;
  const count = countOf(row, 'history.query_run_count');
  if (count === undefined) throw new SystemActivityRowError('field history.query_run_count is missing from the rows');
  return {
    userId,
    source: textOf(row, 'history.source') ?? null,
    workspace: textOf(row, 'history.workspace_id'),
    queryRunCount: count ?? 0,
    mostRecentQueryDate: dateOf(row, 'history.most_recent_query_date') ?? null,
  };
}

export function narrowCount(field: string): (row: Row) => UserCountRow | null {
  return (row) => {
    const userId = userIdOf(row);
    if (userId === null) return null;
    const count = countOf(row, field);
    if (count === undefined) throw new SystemActivityRowError(`field ${field} is missing from the rows`);
    return { userId, count: count ?? 0 };
  };
}

/**
 * Rows of a synchronous `json` result. SQL and database errors come back as HTTP 200 with rows shaped like
 * `[{"looker_error": "..."}]` (seen in use: spectacles `ErrorRow`), so every row is checked for it.
 */
export function readRows(body: unknown): Row[] {
  if (!Array.isArray(body)) throw new SystemActivityRowError('the query result is not a JSON array of rows');
  for (const row of body) {
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      throw new SystemActivityRowError('a query result row is not an object');
    const error = (row as Row).looker_error;
    if (error !== undefined)
      throw new SystemActivityRowError(`the query failed in Looker: ${String(error).slice(0, 200)}`);
  }
  return body as Row[];
}

/**
 * Looker's own per-user flags in the `user_facts` view of System Activity, each a yes/no derived from the user's
 * permissions (llooker/native_sys_activity, user_facts.view.lkml: seen in use).
 */
export const USER_FLAGS = [
  'is_admin',
  'is_developer',
  'is_explorer',
  'is_content_saver',
  'is_viewer',
  'is_embed',
  'is_looker_employee',
] as const;
export type UserFlag = (typeof USER_FLAGS)[number];
export type UserFlags = Readonly<Record<UserFlag, boolean>>;

/** One row of the flags query on the `user` explore. */
export interface UserFlagsRow {
  readonly userId: string;
  readonly disabled: boolean;
  /**
   * null: the row has no `user_facts` values. The `user` explore LEFT JOINs user_facts, which Looker refreshes
   * hourly, so a user created since has no flags yet.
   */
  readonly flags: UserFlags | null;
}

export function narrowUserFlags(row: Row): UserFlagsRow | null {
  const userId = userIdOf(row);
  if (userId === null) return null;
  const values = USER_FLAGS.map((flag) => yesNoOf(row, `user_facts.${flag}`));
  const known = values.every((value): value is boolean => typeof value === 'boolean');
  return {
    userId,
    disabled: yesNoOf(row, 'user.is_disabled') === true,
    flags: known ? (Object.fromEntries(USER_FLAGS.map((flag, i) => [flag, values[i]])) as UserFlags) : null,
  };
}
