/**
 * The JSON report of design.md section 7: the machine contract and the snapshot format that `diff` and
 * `check --baseline` read. Its types are the snapshot's (snapshot/types.ts, inferred from the schema the readers
 * validate with), so what is written is what is read. Objects are built key by key so the key order is stable;
 * `error` appears only on accounts that failed.
 */
import type { AccountAudit, AuditReport, AuditedUser } from '../audit/types.js';
import type { SnapshotAccount, SnapshotDocument, SnapshotUser } from '../snapshot/types.js';
import { TIERS } from '../vocabulary.js';
import { escapeJsonText } from './sanitize.js';

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

function jsonAccount(a: AccountAudit): SnapshotAccount {
  const head = { name: a.name, url: a.url, api_calls: a.apiCalls };
  // Seats per tier (active regular and service users), in TIERS order.
  // A failed account has no seat counts: null, never zeros that would read as "no seats".
  const seats =
    a.error === null
      ? (Object.fromEntries(TIERS.map((tier) => [tier, a.seats[tier]])) as SnapshotAccount['summary'])
      : null;
  const tail = { summary: seats, users: a.users.map(jsonUser) };
  return a.error === null ? { ...head, ...tail } : { ...head, error: a.error, ...tail };
}

export function toJsonDocument(report: AuditReport): SnapshotDocument {
  return {
    schema_version: 1,
    generated_at: report.generatedAt,
    rules: report.rules,
    accounts: report.accounts.map(jsonAccount),
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
 * a terminal would act on are escaped (report/sanitize.ts), so `cat report.json` shows them as \uxxxx.
 */
export function stringifyJson(document: unknown): string {
  return `${escapeJsonText(JSON.stringify(document, null, 2))}\n`;
}

export function renderUsersJson(report: AuditReport): string {
  return stringifyJson(toJsonDocument(report));
}
