/**
 * The `groups` view: nesting (parents), roles, direct and effective member counts.
 */
import type { AuditReport, GroupAudit } from '../audit/types.js';
import { joinValues, renderCsv } from './csv.js';
import { rowsPerAccount, withAccountColumn, type AccountRow } from './per-account.js';
import { renderAccountsJson } from './json.js';
import { renderTable, type TableOptions } from './table.js';

type GroupRow = AccountRow<'group', GroupAudit>;
const rowsOf = (report: AuditReport): GroupRow[] => rowsPerAccount(report, 'group', (a) => a.groups);

export function renderGroupsTable(report: AuditReport, options: TableOptions): string {
  const columns = withAccountColumn<GroupRow>(report, []);
  columns.push(
    { header: 'group', value: (r) => r.group.name, min: 12, priority: 1 },
    { header: 'parents', value: (r) => r.group.parents.join(', '), min: 10, priority: 2 },
    { header: 'roles', value: (r) => r.group.roles.join(', '), min: 10, priority: 2 },
    { header: 'direct', value: (r) => String(r.group.directMembers), min: 6, priority: 1, align: 'right' },
    { header: 'effective', value: (r) => String(r.group.effectiveMembers), min: 6, priority: 1, align: 'right' },
    { header: 'external', value: (r) => (r.group.externallyManaged ? 'yes' : ''), min: 8, priority: 4 },
  );
  return renderTable(columns, rowsOf(report), options);
}

export const GROUPS_CSV_COLUMNS = [
  'account',
  'id',
  'name',
  'parents',
  'roles',
  'direct_members',
  'effective_members',
  'externally_managed',
] as const;

export function renderGroupsCsv(report: AuditReport): string {
  return renderCsv(
    GROUPS_CSV_COLUMNS,
    rowsOf(report).map(({ account, group: g }) => [
      account,
      g.id,
      g.name,
      joinValues(g.parents),
      joinValues(g.roles),
      g.directMembers,
      g.effectiveMembers,
      g.externallyManaged ? 'true' : 'false',
    ]),
  );
}

export function renderGroupsJson(report: AuditReport): string {
  return renderAccountsJson(report, (a) => ({
    groups: a.groups.map((g) => ({
      id: g.id,
      name: g.name,
      parents: g.parents,
      roles: g.roles,
      direct_members: g.directMembers,
      effective_members: g.effectiveMembers,
      externally_managed: g.externallyManaged,
    })),
  }));
}
