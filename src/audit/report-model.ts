/**
 * Assembling and filtering the report model.
 */
import type { Tier, UserStatus } from '../vocabulary.js';
import type { AccountAudit, AuditedUser, AuditReport } from './types.js';
import { isInactive } from './user-facts.js';

export function buildReport(
  accounts: readonly AccountAudit[],
  options: { readonly generatedAt: Date; readonly rules: string },
): AuditReport {
  return { generatedAt: options.generatedAt.toISOString(), rules: options.rules, accounts };
}

export interface UserFilter {
  readonly licenses?: readonly Tier[];
  /** Default `all`. */
  readonly status?: UserStatus | 'all';
  /** Only users with no login in this many days (never-logged-in included). */
  readonly inactiveDays?: number;
  readonly now: Date;
}

export function filterUsers(users: readonly AuditedUser[], filter: UserFilter): AuditedUser[] {
  const licenses = filter.licenses && filter.licenses.length > 0 ? new Set(filter.licenses) : null;
  const status = filter.status ?? 'all';
  const days = filter.inactiveDays;
  return users.filter(
    (u) =>
      (licenses === null || licenses.has(u.license)) &&
      (status === 'all' || u.status === status) &&
      (days === undefined || isInactive(u, filter.now, days)),
  );
}

/** The same report with each account's users filtered; seats and the other views are left whole. */
export function filterReport(report: AuditReport, filter: UserFilter): AuditReport {
  return {
    ...report,
    accounts: report.accounts.map((a) => ({ ...a, users: filterUsers(a.users, filter) })),
  };
}
