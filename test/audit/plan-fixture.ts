/**
 * A small instance for the planner's tests: roles of each tier, groups in groups, identity-provider groups, and
 * a builder for the candidates' state as the remediation reads return it.
 */
import { auditAccount } from '../../src/audit/account.js';
import { planAccount } from '../../src/audit/plan-account.js';
import type { PlanCandidate, RemediationSettings } from '../../src/audit/plan-item.js';
import { TORII_RULES } from '../../src/audit/rules.js';
import type { RemediationReads, RemediationUser, ScheduleFact } from '../../src/looker/remediation-reads.js';
import { addTotals } from '../../src/plan/parse.js';
import type { PlanAccount, PlanDocument } from '../../src/plan/types.js';
import type { PlanTarget } from '../../src/vocabulary.js';
import { aGroup, aRole, aSnapshot, aUser } from './builders.js';

export const URL = 'https://acme.cloud.looker.test';

export const ROLES = [
  aRole({ id: 'r1', name: 'Admin', allAccess: true }),
  aRole({ id: 'r2', name: 'LookML Developer', permissions: ['develop', 'explore', 'access_data'] }),
  aRole({ id: 'r3', name: 'Explorer', permissions: ['explore', 'access_data'] }),
  aRole({ id: 'r4', name: 'Viewer', permissions: ['access_data'] }),
  aRole({ id: 'r5', name: 'Looker Support', allAccess: true, internal: true }),
];

export const GROUPS = [
  aGroup({ id: 'g1', name: 'Analytics', roleIds: ['r2'] }),
  aGroup({ id: 'g2', name: 'BI', parentGroupIds: ['g1'] }),
  aGroup({ id: 'g3', name: 'BI Engineers', parentGroupIds: ['g2'] }),
  aGroup({ id: 'g4', name: 'Okta Devs', roleIds: ['r2'], externallyManaged: true }),
  aGroup({ id: 'g5', name: 'Viewers', roleIds: ['r4'] }),
  aGroup({ id: 'g6', name: 'Explorers', roleIds: ['r3'] }),
  aGroup({ id: 'g7', name: 'Okta Viewers', roleIds: ['r4'], externallyManaged: true }),
];

export function aCandidateUser(id: string, overrides: Partial<RemediationUser> = {}): RemediationUser {
  return { ...aUser({ id, email: `u${id}@acme.test` }), rolesExternallyManaged: false, apiKeys: [], ...overrides };
}

export const SETTINGS: RemediationSettings = {
  roles: { standard: 'Explorer' },
  groups: { viewer: 'Viewers' },
  includeServiceAccounts: false,
  reassignSchedulesTo: null,
};

export interface World {
  readonly users: readonly RemediationUser[];
  readonly apiUserId?: string | null;
  readonly schedules?: readonly ScheduleFact[];
  readonly reads?: Partial<RemediationReads>;
}

export function readsOf(world: World): RemediationReads {
  return {
    apiUserId: world.apiUserId ?? 'api',
    lookerRelease: '26.12.3',
    users: new Map(world.users.map((u) => [u.id, u])),
    directRoleIds: new Map(world.users.map((u) => [u.id, u.roleIds])),
    schedules: world.schedules ?? [],
    alerts: [],
    content: new Map(),
    ...world.reads,
  };
}

export const candidate = (userId: string, to: PlanTarget, saving: number | null = 400): PlanCandidate => ({
  userId,
  email: `u${userId}@acme.test`,
  name: `User ${userId}`,
  tier: 'developer',
  to,
  evidence: 'test evidence',
  yearlySaving: saving,
});

/** The plan of one account of this instance, for these candidates. */
export function planOf(
  world: World,
  candidates: readonly PlanCandidate[],
  settings: Partial<RemediationSettings> = {},
): ReturnType<typeof planAccount> {
  const audit = auditAccount(aSnapshot({ url: URL, roles: ROLES, groups: GROUPS, users: world.users }), TORII_RULES);
  return planAccount({
    audit,
    rules: TORII_RULES,
    lists: { roles: ROLES, groups: GROUPS },
    reads: readsOf(world),
    candidates,
    settings: { ...SETTINGS, ...settings },
    apiCalls: 12,
  });
}

/** A plan file holding these accounts, as the planner's service makes one. */
export function planDocumentOf(accounts: readonly PlanAccount[]): PlanDocument {
  return {
    schema_version: 1,
    kind: 'looker-audit-plan',
    generated_at: '2026-11-23T08:00:00.000Z',
    rules: 'torii',
    source: 'rightsize',
    usage_days: 90,
    currency: 'USD',
    accounts,
    totals: addTotals(accounts.map((a) => a.totals)),
  };
}
