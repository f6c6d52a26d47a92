/**
 * get_all_support_roles is ambiguous (spec: "Get all Looker support roles."): it may add the support roles to the
 * list or return only them. Roles are read both ways and united by id, so the tiers are
 * right under either reading; a role id in no list is warned about once per account.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { auditAccount, TORII_RULES } from '../../src/audit/index.js';
import { sampleOrganisation } from '../../src/fake-looker/index.js';
import { fetchAccount } from '../../src/looker/fetch-account.js';
import { closeAll, countOf, harness, ROLES } from './harness.js';

afterEach(closeAll);

describe('roles under both readings of get_all_support_roles', () => {
  for (const reading of ['added', 'only'] as const) {
    it(`support roles ${reading === 'added' ? 'added to' : 'instead of'} the customer roles: every role, the same tiers`, async () => {
      const { fake, client } = await harness({ fake: { org: sampleOrganisation(), supportRoles: reading } });
      const snapshot = await fetchAccount(client);
      expect(snapshot.roles.map((r) => r.id).sort()).toEqual(fake.org.roles.map((r) => r.id).sort());
      expect(snapshot.roles.filter((r) => r.internal).map((r) => r.name)).toEqual(['Looker Support']);
      expect(countOf(fake, ROLES)).toBe(2);
      expect(snapshot.warnings).toEqual([]);
      // No user's role became "role <id>".
      const audit = auditAccount(snapshot, TORII_RULES);
      expect(audit.users.flatMap((u) => u.roles).filter((name) => /^role \d+$/.test(name))).toEqual([]);
    });
  }

  it('the tiers are the same under both readings', async () => {
    const seats = [];
    for (const reading of ['added', 'only'] as const) {
      const { client } = await harness({ fake: { org: sampleOrganisation(), supportRoles: reading } });
      seats.push(auditAccount(await fetchAccount(client), TORII_RULES).seats);
    }
    expect(seats[1]).toEqual(seats[0]);
  });
});

describe('a role id in no role list', () => {
  it('is warned about once for the account, with the users and groups that hold it', async () => {
    const organisation = sampleOrganisation();
    for (const user of organisation.users.slice(0, 3)) user.role_ids = [...user.role_ids, '9001'];
    const group = organisation.groups[0];
    if (group) group.role_ids = [...group.role_ids, '9002'];
    const { client } = await harness({ fake: { org: organisation } });
    const snapshot = await fetchAccount(client);
    expect(snapshot.warnings).toEqual([
      "2 role ids in no role list: 9001 (3 users), 9002 (1 group); their holders' seats are computed without them",
    ]);
  });
});
