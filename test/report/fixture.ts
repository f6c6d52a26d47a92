/** A small audited report for the renderer tests: nested groups, every tier, a disabled and an embed user. */
import { auditAccount, failedAccount } from '../../src/audit/account.js';
import { buildReport } from '../../src/audit/report-model.js';
import { TORII_RULES } from '../../src/audit/rules.js';
import type { AuditReport } from '../../src/audit/types.js';
import type { LookerUser } from '../../src/looker/types.js';
import { aGroup, aRole, aSnapshot, aUser } from '../audit/builders.js';

export const generatedAt = new Date('2025-06-30T12:00:00Z');

export function snapshotWith(users: readonly LookerUser[]) {
  return aSnapshot({
    roles: [
      aRole({ id: 'r-admin', name: 'LookML Admins', permissions: ['develop'] }),
      aRole({ id: 'r-explore', name: 'Explorers', permissions: ['access_data', 'explore'] }),
      aRole({ id: 'r-view', name: 'Viewers', permissions: ['access_data', 'see_looks'] }),
      aRole({ id: 'r-build', name: 'Builders', permissions: ['deploy'] }),
    ],
    groups: [
      aGroup({ id: 'g-an', name: 'Analytics', roleIds: ['r-admin'] }),
      aGroup({ id: 'g-bi', name: 'BI', parentGroupIds: ['g-an'], roleIds: ['r-view'] }),
    ],
    users,
  });
}

export const baseUsers: readonly LookerUser[] = [
  aUser({
    id: '1',
    email: 'ada@acme.test',
    displayName: 'Ada Lovelace',
    groupIds: ['g-bi'],
    loginTimes: ['2025-06-01T08:00:00Z'],
  }),
  aUser({ id: '2', email: 'bob@acme.test', firstName: 'Bob', lastName: 'Stone', roleIds: ['r-explore'] }),
  aUser({ id: '3', email: 'cy@acme.test', firstName: 'Cy', lastName: 'Ng', roleIds: ['r-view'], isDisabled: true }),
  aUser({
    id: '4',
    email: 'embed-7@acme.test',
    firstName: 'Embed',
    lastName: '7',
    isEmbed: true,
    allowRolesFromNormalGroups: false,
    groupIds: ['g-bi'],
  }),
];

export function oneAccount(users: readonly LookerUser[] = baseUsers): AuditReport {
  return buildReport([auditAccount(snapshotWith(users), TORII_RULES)], { generatedAt, rules: 'torii' });
}

export function twoAccounts(): AuditReport {
  return buildReport(
    [
      auditAccount(snapshotWith(baseUsers), TORII_RULES),
      auditAccount(
        { ...snapshotWith(baseUsers.slice(0, 2)), account: 'staging', url: 'https://staging.test' },
        TORII_RULES,
      ),
      failedAccount('eu', 'https://eu.test', 'login refused (HTTP 404)', 1),
    ],
    { generatedAt, rules: 'torii' },
  );
}
