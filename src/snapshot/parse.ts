/**
 * Reading a snapshot (the JSON report of `users --format json`) from its text. PURE: the caller reads the file.
 * Every way it can fail is one InputFileError (exit 2) naming the file and, inside it, the path of each problem,
 * e.g. `old.json: accounts[0].users[3].license: must be one of developer, standard, viewer, none`.
 *
 * Memory (`diff` of two 300,000-user snapshots, BENCHMARKS.md "Growth curve"): zod's parse returns a copy of every object it
 * validates, so the whole-document parse held every user twice, the parsed JSON and zod's copy, and made a
 * garbage collector's worth of short-lived copies besides. Here the document is validated level by level with
 * the same schema (schema.ts), and a user that is exactly what the writer writes (report/json.ts: the known keys
 * in their order, each of its type) is checked by hand and kept as JSON.parse made it; any other user goes through
 * zod, which gives its output or its problems, so the result and every message are what snapshotSchema gives.
 */
import { InputFileError } from '../errors.js';
import { parseJsonDocument } from '../json-document.js';
import { TIERS, USER_KINDS, USER_STATUSES } from '../vocabulary.js';
import { snapshotAccountHeadSchema, snapshotHeadSchema, snapshotUserSchema } from './schema.js';
import type { SnapshotDocument, SnapshotUser } from './types.js';

/** As many problems as a person reads in one line; the message says how many there were in all. */
const MAX_PROBLEMS = 10;
const EXPECTED = 'expected the JSON report of `users --format json`';

/** `accounts[0].users[3].license`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out;
}

/** Parses and validates a snapshot; throws an InputFileError naming `file` (as given on the command line). */
export function parseSnapshot(text: string, file: string): SnapshotDocument {
  return checkSnapshot(parseJsonDocument(text, file, EXPECTED), file);
}

/** The checks of parseSnapshot after JSON.parse, for a document parsed in pieces (split.ts). */
export function checkSnapshot(data: unknown, file: string): SnapshotDocument {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputFileError(file, ['must be a JSON object: the report of `users --format json`']);
  }
  // The version first and alone: a snapshot of another version would otherwise list every field it renamed.
  const version = (data as { schema_version?: unknown }).schema_version;
  if (version === undefined) throw new InputFileError(file, [`schema_version: missing: ${EXPECTED}`]);
  if (version !== 1) {
    // Only a small whole number is shown: the message never repeats anything else of a file's content.
    const small = typeof version === 'number' && Number.isInteger(version) && version >= 0 && version < 1000;
    const shown = small ? String(version) : 'this value';
    throw new InputFileError(file, [`schema_version: ${shown} is not supported (this version reads 1)`]);
  }
  const problems: string[] = [];
  const document = validate(data, problems);
  if (document !== undefined && problems.length === 0) return document;
  throw new InputFileError(file, problems.slice(0, MAX_PROBLEMS), { total: problems.length });
}

interface Issues {
  readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[];
}

function collect(problems: string[], prefix: readonly PropertyKey[], error: Issues): void {
  for (const issue of error.issues) problems.push(`${formatPath([...prefix, ...issue.path])}: ${issue.message}`);
}

/** The document, or undefined with its problems added to `problems` (in the order snapshotSchema lists them). */
function validate(data: unknown, problems: string[]): SnapshotDocument | undefined {
  const head = snapshotHeadSchema.safeParse(data);
  if (!head.success) collect(problems, [], head.error);
  const rawAccounts = (data as { accounts?: unknown }).accounts;
  if (!Array.isArray(rawAccounts)) return undefined;
  const accounts = rawAccounts.map((rawAccount: unknown, i) => {
    const account = snapshotAccountHeadSchema.safeParse(rawAccount);
    if (!account.success) collect(problems, ['accounts', i], account.error);
    const rawUsers = (rawAccount as { users?: unknown } | null)?.users;
    const users = Array.isArray(rawUsers) ? rawUsers.map((u: unknown, j) => user(u, i, j, problems)) : [];
    return account.success ? { ...account.data, users } : undefined;
  });
  if (!head.success || problems.length > 0) return undefined;
  return { ...head.data, accounts } as SnapshotDocument;
}

const USER_KEYS = Object.keys(snapshotUserSchema.shape);
// Snapshots written before the `seat` field are read on the same fast path.
const USER_KEYS_WITHOUT_SEAT = USER_KEYS.filter((key) => key !== 'seat');
const sameKeys = (keys: readonly string[], expected: readonly string[]): boolean =>
  keys.length === expected.length && keys.every((key, i) => key === expected[i]);
const oneOf = (values: readonly string[]) => {
  const set = new Set(values);
  return (value: unknown): boolean => typeof value === 'string' && set.has(value);
};
const isStatus = oneOf(USER_STATUSES);
const isKind = oneOf(USER_KINDS);
const isTier = oneOf(TIERS);
const isText = (value: unknown): boolean => typeof value === 'string';
const isTextOrNull = (value: unknown): boolean => value === null || typeof value === 'string';
const isTexts = (value: unknown): boolean => Array.isArray(value) && value.every(isText);

/** A user just as report/json.ts writes it: the schema's keys in its order, each of its type (see the file comment). */
function isWritten(u: Record<string, unknown>): boolean {
  const keys = Object.keys(u);
  if (!sameKeys(keys, USER_KEYS) && !sameKeys(keys, USER_KEYS_WITHOUT_SEAT)) return false;
  return (
    (u.seat === undefined || typeof u.seat === 'boolean') &&
    isText(u.id) &&
    isTextOrNull(u.email) &&
    isText(u.name) &&
    isStatus(u.status) &&
    (isKind(u.kind) || u.kind === 'standard') &&
    isTier(u.license) &&
    isTexts(u.roles) &&
    isTexts(u.groups) &&
    isTextOrNull(u.last_login_at) &&
    isText(u.reason)
  );
}

function user(raw: unknown, account: number, index: number, problems: string[]): SnapshotUser | undefined {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && isWritten(raw as Record<string, unknown>)) {
    const u = raw as Record<string, unknown>;
    // As the schema reads it: snapshots written before 0.2 call the regular kind `standard`.
    if (u.kind === 'standard') u.kind = 'regular';
    return u as unknown as SnapshotUser;
  }
  const parsed = snapshotUserSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  collect(problems, ['accounts', account, 'users', index], parsed.error);
  return undefined;
}
