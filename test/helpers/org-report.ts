/**
 * An audited report of a sample-instance organisation, without a server: the fake's API views narrowed as the
 * client narrows them (the path bench/local-audit.js takes), then audited. For renderer and snapshot tests that
 * need a realistic or a large organisation.
 */
import { auditAccount } from '../../src/audit/account.js';
import { buildReport } from '../../src/audit/report-model.js';
import { TORII_RULES } from '../../src/audit/rules.js';
import type { AccountAudit, AuditReport } from '../../src/audit/types.js';
import { apiGroup, apiRole, apiUser } from '../../src/fake-looker/api-json.js';
import { indexOrganisation, type Organisation } from '../../src/fake-looker/org.js';
import { narrowGroup, narrowRole, narrowUser } from '../../src/looker/narrow.js';

export function auditOrganisation(
  org: Organisation,
  account = 'bench',
  url = 'https://bench.looker.example',
): AccountAudit {
  const index = indexOrganisation(org);
  return auditAccount(
    {
      account,
      url,
      lookerRelease: null,
      roles: org.roles.map((r) => narrowRole(apiRole(org, r, url))),
      groups: org.groups.map((g) => narrowGroup(apiGroup(index, g, true))),
      users: org.users.map((u) => narrowUser(apiUser(u, url))),
      apiCalls: 7,
    },
    TORII_RULES,
  );
}

export function reportOf(
  accounts: readonly AccountAudit[],
  generatedAt = new Date('2026-11-30T08:00:00Z'),
): AuditReport {
  return buildReport([...accounts], { generatedAt, rules: 'torii' });
}
