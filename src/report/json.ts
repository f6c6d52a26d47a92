/**
 * The JSON report of design.md section 7: the machine contract and the snapshot format that `diff` and
 * `check --baseline` read. Objects are built key by key so the key order is stable; `error` appears only on
 * accounts that failed.
 */
import type { AccountAudit, AuditReport, AuditedUser, TierCounts } from '../audit/types.js';
import type { Tier, UserKind, UserStatus } from '../vocabulary.js';
import { escapeJsonText } from './sanitize.js';

export interface AuditJsonUser {
  readonly id: string;
  readonly email: string | null;
  readonly name: string;
  readonly status: UserStatus;
  readonly kind: UserKind;
  readonly license: Tier;
  readonly roles: readonly string[];
  readonly groups: readonly string[];
  readonly last_login_at: string | null;
  readonly reason: string;
}

export interface AuditJsonAccount {
  readonly name: string;
  readonly url: string;
  readonly api_calls: number;
  readonly error?: string;
  /** Seats per tier (active standard and service users). */
  readonly summary: TierCounts;
  readonly users: readonly AuditJsonUser[];
}

export interface AuditJsonDocument {
  readonly schema_version: 1;
  readonly generated_at: string;
  readonly rules: string;
  readonly accounts: readonly AuditJsonAccount[];
}

function jsonUser(u: AuditedUser): AuditJsonUser {
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

function jsonAccount(a: AccountAudit): AuditJsonAccount {
  const head = { name: a.name, url: a.url, api_calls: a.apiCalls };
  const seats = {
    developer: a.seats.developer,
    standard: a.seats.standard,
    viewer: a.seats.viewer,
    none: a.seats.none,
  };
  const tail = { summary: seats, users: a.users.map(jsonUser) };
  return a.error === null ? { ...head, ...tail } : { ...head, error: a.error, ...tail };
}

export function toJsonDocument(report: AuditReport): AuditJsonDocument {
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
