/**
 * Rows that belong to an account (users, roles, groups), and the account column that tables show only when a
 * report covers several accounts.
 */
import type { AccountAudit, AuditReport } from '../audit/types.js';
import type { Column } from './table.js';

export type AccountRow<K extends string, T> = { readonly account: string } & { readonly [key in K]: T };

export function rowsPerAccount<K extends string, T>(
  report: AuditReport,
  key: K,
  pick: (account: AccountAudit) => readonly T[],
): AccountRow<K, T>[] {
  return report.accounts.flatMap((a) => pick(a).map((item) => ({ account: a.name, [key]: item }) as AccountRow<K, T>));
}

/** `columns` with an account column in front when the report covers several accounts. */
export function withAccountColumn<Row extends { readonly account: string }>(
  report: AuditReport,
  columns: readonly Column<Row>[],
): Column<Row>[] {
  return report.accounts.length > 1
    ? [{ header: 'account', value: (r) => r.account, min: 8, priority: 1, whole: true }, ...columns]
    : [...columns];
}
