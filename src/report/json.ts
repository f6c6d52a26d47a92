/**
 * The JSON report (the README's "Report formats", json): the machine contract and the snapshot format that `diff` and
 * `check --baseline` read. Its types are the snapshot's (snapshot/types.ts, inferred from the schema the readers
 * validate with), so what is written is what is read. Objects are built key by key so the key order is stable;
 * `error` appears only on accounts that failed.
 *
 * The views that hold a row per user are written in pieces (jsonChunks): the users JSON of a million users is
 * about 536 million characters, at V8's limit for one string (2^29 - 24: beyond it "Invalid string length"), and
 * held as one string it more than doubled the run's peak memory (3.4 GB against 1.2 GB in pieces).
 */
import type { AccountAudit, AuditReport, AuditedUser } from '../audit/types.js';
import type { SnapshotAccount, SnapshotDocument, SnapshotUser } from '../snapshot/types.js';
import { TIERS } from '../vocabulary.js';
import { escapeJsonText } from '../sanitize.js';
import { lookerJson, type LookerLookup } from './looker-verdict.js';
import { usageJson, type UsageLookup } from './usage.js';

function jsonUser(u: AuditedUser): SnapshotUser {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    status: u.status,
    kind: u.kind,
    license: u.license,
    roles: u.roles,
    groups: u.groups,
    last_login_at: u.lastLoginAt,
    reason: u.reason,
  };
}

/** Everything of an account but its users, which `users` makes (as a list, or as rows made while written). */
function jsonAccount<U>(a: AccountAudit, users: U) {
  const head = { name: a.name, url: a.url, api_calls: a.apiCalls };
  // Seats per tier (active regular and service users), in TIERS order.
  // A failed account has no seat counts: null, never zeros that would read as "no seats".
  const seats =
    a.error === null
      ? (Object.fromEntries(TIERS.map((tier) => [tier, a.seats[tier]])) as SnapshotAccount['summary'])
      : null;
  const tail = { summary: seats, users };
  return a.error === null ? { ...head, ...tail } : { ...head, error: a.error, ...tail };
}

export function toJsonDocument(report: AuditReport): SnapshotDocument {
  return {
    schema_version: 1,
    generated_at: report.generatedAt,
    rules: report.rules,
    accounts: report.accounts.map((a) => jsonAccount(a, a.users.map(jsonUser))),
  };
}

/** The per-account JSON views (roles, groups): the report's header, then per account its name, `error` when it failed, and `body`. */
export function renderAccountsJson(
  report: AuditReport,
  body: (account: AccountAudit) => Record<string, unknown>,
): string {
  return stringifyJson({
    schema_version: 1,
    generated_at: report.generatedAt,
    rules: report.rules,
    accounts: report.accounts.map((a) => ({
      name: a.name,
      ...(a.error === null ? {} : { error: a.error }),
      ...body(a),
    })),
  });
}

/**
 * 2-space indent and a trailing newline, for any of the JSON views. Remote text keeps every character, but the ones
 * a terminal would act on are escaped (src/sanitize.ts), so `cat report.json` shows them as \uxxxx.
 */
export function stringifyJson(document: unknown): string {
  return `${escapeJsonText(JSON.stringify(document, null, 2))}\n`;
}

export function renderUsersJson(report: AuditReport): string {
  return stringifyJson(toJsonDocument(report));
}

// ------------------------------------------------------------------------------------------- in pieces

/**
 * Rows per JSON.stringify call: about 55 KB of text for 100 users. A string over V8's largest regular object
 * (128 KB) is made in the large-object space, which only a full garbage collection frees: pieces of 1,000 users
 * (540 KB) piled up as garbage to a peak of 1.47 GB at 1,000,000 users, where pieces under 128 KB die young.
 */
const ROWS_PER_PIECE = 100;

/**
 * A list in a JSON document whose elements are made (by `map`) only as they are written, a batch at a time, so
 * the document never holds a second object per user. JSON.stringify sees the whole list (toJSON), so
 * stringifyJson and jsonChunks of the same document give the same text.
 */
export class JsonRows<T> {
  readonly rows: readonly T[];
  readonly map: (row: T) => unknown;
  constructor(rows: readonly T[], map: (row: T) => unknown) {
    this.rows = rows;
    this.map = map;
  }
  toJSON(): unknown[] {
    return this.rows.map((row) => this.map(row));
  }
}

const isPlainObject = (value: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** What JSON.stringify leaves out of an object (and writes as null in a list). */
const isSkipped = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** JSON.stringify(value, null, 2) of a value whose line starts with `pad` (its inner lines indented to match). */
function nested(value: unknown, pad: string): string {
  const text = JSON.stringify(value, null, 2);
  return pad === '' ? text : text.replaceAll('\n', `\n${pad}`);
}

/**
 * A long list as batches: JSON.stringify of ROWS_PER_PIECE elements at a time (one native call, not a JavaScript
 * walk per field), its brackets cut off and its lines indented one level per depth. JSON.stringify never writes a
 * raw line break inside a string (it writes \n), so every line break it writes is the layout's.
 */
function* listPieces<T>(rows: readonly T[], map: (row: T) => unknown, pad: string): Generator<string> {
  yield '[\n';
  for (let start = 0; start < rows.length; start += ROWS_PER_PIECE) {
    const batch = rows.slice(start, start + ROWS_PER_PIECE).map((row) => map(row));
    const text = JSON.stringify(batch, null, 2);
    const inner = text.slice(2, -2); // "[\n" ... "\n]"
    yield `${start === 0 ? '' : ',\n'}${pad === '' ? inner : `${pad}${inner.replaceAll('\n', `\n${pad}`)}`}`;
  }
  yield `\n${pad}]`;
}

const identity = (row: unknown): unknown => row;

/** What JSON.stringify writes for `value` under `key`: its toJSON(key) when it has one (a Date), else itself. */
function resolved(value: unknown, key: string): unknown {
  if (value instanceof JsonRows) return value;
  const toJSON = (value as { toJSON?: unknown } | null | undefined)?.toJSON;
  return typeof toJSON === 'function' ? (toJSON as (key: string) => unknown).call(value, key) : value;
}

function* valuePieces(value: unknown, pad: string): Generator<string> {
  if (value instanceof JsonRows) {
    if (value.rows.length === 0) yield '[]';
    else yield* listPieces(value.rows, value.map, pad);
    return;
  }
  if (typeof value !== 'object' || value === null) {
    yield JSON.stringify(value);
    return;
  }
  const inner = `${pad}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) yield '[]';
    else if (value.length > ROWS_PER_PIECE) yield* listPieces(value, identity, pad);
    else {
      yield '[\n';
      for (let i = 0; i < value.length; i++) {
        yield `${i === 0 ? '' : ',\n'}${inner}`;
        const element = resolved(value[i], String(i));
        if (isSkipped(element)) yield 'null';
        else yield* valuePieces(element, inner);
      }
      yield `\n${pad}]`;
    }
    return;
  }
  if (!isPlainObject(value)) {
    // A Map, a boxed primitive, a class instance: JSON.stringify's own answer (toJSON was called above).
    yield nested(value, pad);
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const element = resolved((value as Record<string, unknown>)[key], key);
    if (isSkipped(element)) continue;
    yield `${first ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* valuePieces(element, inner);
  }
  yield first ? '{}' : `\n${pad}}`;
}

/** Characters per piece written, at most (unless one batch is longer): the layout's small pieces gathered up to it. */
const PIECE_CHARS = 120_000;

/**
 * The text of stringifyJson(document), byte for byte, in pieces: long lists (JsonRows, or any list of over
 * ROWS_PER_PIECE elements) are stringified a batch at a time, so the whole text is never one string. Each piece
 * is escaped as stringifyJson escapes the whole (escapeJsonText works character by character) and ends between
 * two elements, never inside a string, so no surrogate pair is split.
 */
export function* jsonChunks(document: unknown): Generator<string> {
  let buffer = '';
  for (const piece of valuePieces(resolved(document, ''), '')) {
    if (buffer.length > 0 && buffer.length + piece.length > PIECE_CHARS) {
      yield escapeJsonText(buffer);
      buffer = '';
    }
    buffer += piece;
  }
  yield `${escapeJsonText(buffer)}\n`;
}

/**
 * The users document with each account's users made as they are written, `usage` (users --usage) and `looker`
 * (users --compare: Looker's own tier, reason and flags) last on each.
 */
export function usersJsonDocument(report: AuditReport, usage?: UsageLookup, looker?: LookerLookup) {
  const userOf = (account: string) =>
    usage === undefined && looker === undefined
      ? jsonUser
      : (u: AuditedUser) => {
          const verdict = looker?.(account, u);
          return {
            ...jsonUser(u),
            ...(usage === undefined ? {} : { usage: usageJson(usage(account, u)?.usage ?? null) }),
            ...(looker === undefined
              ? {}
              : { looker: verdict === null || verdict === undefined ? null : lookerJson(verdict) }),
          };
        };
  return {
    schema_version: 1,
    generated_at: report.generatedAt,
    rules: report.rules,
    accounts: report.accounts.map((a) => jsonAccount(a, new JsonRows(a.users, userOf(a.name)))),
  };
}

/** `users --format json` in pieces: the text of renderUsersJson (with `usage`, `looker`: of --usage, --compare). */
export function usersJsonChunks(report: AuditReport, usage?: UsageLookup, looker?: LookerLookup): Iterable<string> {
  return jsonChunks(usersJsonDocument(report, usage, looker));
}
