/**
 * The `roles` view: per role its permission set, model set, the tier it grants under the chosen rules and
 * under the other built-in set, the torii/looker disagreement, and how many users hold it.
 */
import type { AuditReport, RoleAudit } from '../audit/types.js';
import { joinValues, renderCsv } from './csv.js';
import { rowsPerAccount, withAccountColumn, type AccountRow } from './per-account.js';
import { renderAccountsJson } from './json.js';
import { renderTable, tierColor, type TableOptions } from './table.js';
import { RULE_SET_NAMES, type RuleSetName, type Tier } from '../vocabulary.js';

type RoleRow = AccountRow<'role', RoleAudit>;

/** Each built-in rule set's tier of a role (a set added to the vocabulary does not compile until it has one). */
const BUILT_IN_TIER: Readonly<Record<RuleSetName, (role: RoleAudit) => Tier>> = {
  torii: (role) => role.toriiTier,
  looker: (role) => role.lookerTier,
  'system-activity': (role) => role.systemActivityTier,
};
const rowsOf = (report: AuditReport): RoleRow[] => rowsPerAccount(report, 'role', (a) => a.roles);

export function renderRolesTable(report: AuditReport, options: TableOptions): string {
  const columns = withAccountColumn<RoleRow>(report, []);
  columns.push(
    { header: 'role', value: (r) => r.role.name, min: 12, priority: 1 },
    {
      header: `tier (${report.rules})`,
      value: (r) => r.role.tier,
      min: Math.max(9, `tier (${report.rules})`.length),
      priority: 1,
      color: (t, r, c) => tierColor(r.role.tier, c)(t),
    },
  );
  // The other built-in set(s), so a reader sees where torii and looker part ways.
  for (const name of RULE_SET_NAMES) {
    if (name === report.rules) continue;
    const tierOf = BUILT_IN_TIER[name];
    columns.push({
      header: name,
      value: (r) => tierOf(r.role),
      min: Math.max(9, name.length),
      priority: 2,
      color: (t, r, c) => tierColor(tierOf(r.role), c)(t),
    });
  }
  columns.push(
    {
      header: 'disagree',
      value: (r) => (r.role.disagree ? 'yes' : ''),
      min: 8,
      priority: 2,
      color: (t, _r, c) => c.bold(t),
    },
    { header: 'users', value: (r) => String(r.role.userCount), min: 5, priority: 1, align: 'right' },
    { header: 'permission set', value: (r) => r.role.permissionSet ?? '', min: 10, priority: 4 },
    { header: 'model set', value: (r) => r.role.modelSet ?? '', min: 10, priority: 5 },
    { header: 'rule', value: (r) => r.role.rule, min: 16, priority: 3 },
    {
      header: 'permissions',
      value: (r) => (r.role.allAccess ? '(all access)' : r.role.permissions.join(', ')),
      min: 16,
      priority: 6,
    },
  );
  return renderTable(columns, rowsOf(report), options);
}

export const ROLES_CSV_COLUMNS = [
  'account',
  'id',
  'name',
  'tier',
  'rule',
  'torii_tier',
  'looker_tier',
  'system_activity_tier',
  'disagree',
  'users',
  'permission_set',
  'all_access',
  'permissions',
  'model_set',
  'models',
] as const;

export function renderRolesCsv(report: AuditReport): string {
  return renderCsv(
    ROLES_CSV_COLUMNS,
    rowsOf(report).map(({ account, role: r }) => [
      account,
      r.id,
      r.name,
      r.tier,
      r.rule,
      r.toriiTier,
      r.lookerTier,
      r.systemActivityTier,
      r.disagree ? 'true' : 'false',
      r.userCount,
      r.permissionSet,
      r.allAccess ? 'true' : 'false',
      joinValues(r.permissions),
      r.modelSet,
      joinValues(r.models),
    ]),
  );
}

export function renderRolesJson(report: AuditReport): string {
  return renderAccountsJson(report, (a) => ({
    roles: a.roles.map((r) => ({
      id: r.id,
      name: r.name,
      tier: r.tier,
      rule: r.rule,
      torii_tier: r.toriiTier,
      looker_tier: r.lookerTier,
      system_activity_tier: r.systemActivityTier,
      disagree: r.disagree,
      users: r.userCount,
      permission_set: r.permissionSet,
      all_access: r.allAccess,
      permissions: r.permissions,
      model_set: r.modelSet,
      models: r.models,
    })),
  }));
}
