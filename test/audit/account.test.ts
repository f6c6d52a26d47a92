import { describe, it, expect } from '@jest/globals';
import { auditAccount, failedAccount } from '../../src/audit/account.js';
import { LOOKER_RULES, TORII_RULES } from '../../src/audit/rules.js';
import type { AccountAudit, AuditedUser } from '../../src/audit/types.js';
import { aGroup, aRole, aSnapshot, aUser } from './builders.js';

function userById(audit: AccountAudit, id: string): AuditedUser {
  const user = audit.users.find((u) => u.id === id);
  if (!user) throw new Error(`no user ${id}`);
  return user;
}

const admins = aRole({ id: 'r-admin', name: 'LookML Admins', permissions: ['develop'] });
const explorer = aRole({ id: 'r-explore', name: 'Explorers', permissions: ['access_data', 'explore'] });
const viewer = aRole({ id: 'r-view', name: 'Viewers', permissions: ['access_data'] });

describe('effective roles through nested groups', () => {
  // Looker: a group lists its parents; "BI" is inside "Data", inside "Analytics", which holds the role.
  const analytics = aGroup({ id: 'g-analytics', name: 'Analytics', roleIds: ['r-admin'] });
  const data = aGroup({ id: 'g-data', name: 'Data', parentGroupIds: ['g-analytics'] });
  const bi = aGroup({ id: 'g-bi', name: 'BI', parentGroupIds: ['g-data'] });

  it('a user whose only developer role comes through a group three levels up is developer, with the path', () => {
    const snapshot = aSnapshot({
      roles: [admins],
      groups: [bi, data, analytics],
      users: [aUser({ id: 'u1', groupIds: ['g-bi'] })],
    });
    const user = userById(auditAccount(snapshot, TORII_RULES), 'u1');
    expect(user.license).toBe('developer');
    expect(user.roles).toEqual(['LookML Admins']);
    expect(user.groups).toEqual(['BI']);
    expect(user.reason).toBe(
      'developer: role "LookML Admins" name contains "admin", via group "BI" <- "Data" <- "Analytics"',
    );
  });

  it('a cycle of groups neither hangs nor crashes, and roles anywhere on the cycle are inherited', () => {
    const a = aGroup({ id: 'ga', name: 'A', parentGroupIds: ['gb'] });
    const b = aGroup({ id: 'gb', name: 'B', parentGroupIds: ['gc'], roleIds: ['r-view'] });
    const c = aGroup({ id: 'gc', name: 'C', parentGroupIds: ['ga', 'gc'], roleIds: ['r-explore'] });
    const snapshot = aSnapshot({
      roles: [explorer, viewer],
      groups: [a, b, c],
      users: [aUser({ id: 'u1', groupIds: ['gb'] })],
    });
    const audit = auditAccount(snapshot, TORII_RULES);
    const user = userById(audit, 'u1');
    expect(user.license).toBe('standard');
    expect(user.reason).toBe('standard: role "Explorers" has permission "explore", via group "B" <- "C"');
    expect(audit.groups.map((g) => [g.name, g.effectiveMembers])).toEqual([
      ['A', 1],
      ['B', 1],
      ['C', 1],
    ]);
  });

  it('allow_roles_from_normal_groups: false takes no roles from groups, but keeps direct roles', () => {
    const snapshot = aSnapshot({
      roles: [admins, viewer],
      groups: [analytics],
      users: [
        aUser({ id: 'u1', groupIds: ['g-analytics'], allowRolesFromNormalGroups: false }),
        aUser({ id: 'u2', groupIds: ['g-analytics'], roleIds: ['r-view'], allowRolesFromNormalGroups: false }),
      ],
    });
    const audit = auditAccount(snapshot, TORII_RULES);
    expect(userById(audit, 'u1')).toMatchObject({
      license: 'none',
      roles: [],
      reason: 'none: no roles (roles from groups are not allowed for this user)',
    });
    expect(userById(audit, 'u2')).toMatchObject({
      license: 'viewer',
      roles: ['Viewers'],
      reason: 'viewer: role "Viewers" has permission "access_data", assigned directly',
    });
    expect(audit.roles.find((r) => r.name === 'LookML Admins')?.userCount).toBe(0);
  });

  it('ties prefer a direct assignment, then the shortest path, then the role name', () => {
    const admin2 = aRole({ id: 'r-admin2', name: 'Admin', permissions: [] });
    const holder = aGroup({ id: 'g-h', name: 'Holder', roleIds: ['r-admin', 'r-admin2'] });
    const inner = aGroup({ id: 'g-i', name: 'Inner', parentGroupIds: ['g-h'] });
    const direct = aGroup({ id: 'g-d', name: 'Direct', roleIds: ['r-admin'] });
    const snapshot = aSnapshot({
      roles: [admins, admin2],
      groups: [holder, inner, direct],
      users: [
        aUser({ id: 'direct', groupIds: ['g-i'], roleIds: ['r-admin'] }),
        aUser({ id: 'short', groupIds: ['g-i', 'g-d'] }),
        aUser({ id: 'name', groupIds: ['g-h'] }),
      ],
    });
    const audit = auditAccount(snapshot, TORII_RULES);
    expect(userById(audit, 'direct').reason).toBe(
      'developer: role "LookML Admins" name contains "admin", assigned directly',
    );
    expect(userById(audit, 'short').reason).toBe(
      'developer: role "LookML Admins" name contains "admin", via group "Direct"',
    );
    expect(userById(audit, 'name').reason).toBe('developer: role "Admin" name contains "admin", via group "Holder"');
  });

  it('the tier is the highest over all effective roles', () => {
    const g = aGroup({ id: 'g1', name: 'Everyone', roleIds: ['r-view'] });
    const snapshot = aSnapshot({
      roles: [viewer, explorer],
      groups: [g],
      users: [aUser({ id: 'u1', groupIds: ['g1'], roleIds: ['r-explore'] })],
    });
    const user = userById(auditAccount(snapshot, TORII_RULES), 'u1');
    expect(user.license).toBe('standard');
    expect(user.roles).toEqual(['Explorers', 'Viewers']);
  });
});

describe('users without a tier', () => {
  it('a user with no roles says so; roles that match no rule are named', () => {
    const plain = aRole({ id: 'r-plain', name: 'Gemini', permissions: ['use_gemini'] });
    const snapshot = aSnapshot({
      roles: [plain],
      users: [aUser({ id: 'u1' }), aUser({ id: 'u2', roleIds: ['r-plain', 'r-gone'] })],
    });
    const audit = auditAccount(snapshot, TORII_RULES);
    expect(userById(audit, 'u1')).toMatchObject({ license: 'none', reason: 'none: no roles' });
    expect(userById(audit, 'u2')).toMatchObject({
      license: 'none',
      reason: 'none: no rule matches roles "Gemini", "role r-gone"',
    });
  });
});

describe('status, kind and seats', () => {
  const snapshot = aSnapshot({
    roles: [admins],
    users: [
      aUser({ id: 'dev', roleIds: ['r-admin'] }),
      aUser({ id: 'svc', roleIds: ['r-admin'], isServiceAccount: true }),
      aUser({ id: 'off', roleIds: ['r-admin'], isDisabled: true }),
      aUser({ id: 'emb', roleIds: ['r-admin'], isEmbed: true, isServiceAccount: true }),
      aUser({ id: 'sup', roleIds: ['r-admin'], verifiedLookerEmployee: true, isEmbed: true }),
      aUser({ id: 'named', roleIds: ['r-support'] }),
    ],
  });
  const supportNamed = aRole({ id: 'r-support', name: 'Support Basic Editor', permissions: ['access_data'] });
  const audit = auditAccount({ ...snapshot, roles: [admins, supportNamed] }, TORII_RULES);

  it('kinds follow the precedence looker_support > embed > service > regular', () => {
    expect(audit.users.map((u) => [u.id, u.status, u.kind])).toEqual([
      ['dev', 'active', 'regular'],
      ['svc', 'active', 'service'],
      ['off', 'disabled', 'regular'],
      ['emb', 'active', 'embed'],
      ['sup', 'active', 'looker_support'],
      ['named', 'active', 'regular'],
    ]);
  });

  it('a role merely named "Support ..." does not make a support user; Looker\'s internal flag does', () => {
    const internal = {
      ...aRole({ id: 'r-int', name: 'Looker Support', permissions: ['access_data'] }),
      internal: true,
    };
    const a = auditAccount(
      aSnapshot({ roles: [internal], users: [aUser({ id: 'u', roleIds: ['r-int'] })] }),
      TORII_RULES,
    );
    expect(userById(a, 'u').kind).toBe('looker_support');
    expect(userById(audit, 'named').kind).toBe('regular');
  });

  it('disabled users keep their tier; only active standard and service users take seats', () => {
    expect(userById(audit, 'off').license).toBe('developer');
    expect(audit.users.filter((u) => u.countsTowardSeats).map((u) => u.id)).toEqual(['dev', 'svc', 'named']);
    expect(audit.seats).toEqual({ developer: 2, standard: 0, viewer: 1, none: 0 });
  });
});

describe('user facts', () => {
  it('last_login_at is the latest parseable login over all credentials, in UTC ISO-8601', () => {
    const snapshot = aSnapshot({
      users: [
        aUser({ id: 'u1', loginTimes: ['2024-03-01T10:00:00.000+01:00', 'garbage', '2024-02-01T00:00:00Z'] }),
        aUser({ id: 'u2', loginTimes: ['not a date'] }),
      ],
    });
    const audit = auditAccount(snapshot, TORII_RULES);
    expect(userById(audit, 'u1').lastLoginAt).toBe('2024-03-01T09:00:00.000Z');
    expect(userById(audit, 'u2').lastLoginAt).toBeNull();
  });

  it('the name is the display name, else first and last name', () => {
    const audit = auditAccount(
      aSnapshot({
        users: [
          aUser({ id: 'a', displayName: 'Ada L.' }),
          aUser({ id: 'b', firstName: 'Bo', lastName: null }),
          aUser({ id: 'c', firstName: null, lastName: null }),
        ],
      }),
      TORII_RULES,
    );
    expect(audit.users.map((u) => u.name)).toEqual(['Ada L.', 'Bo', '']);
  });
});

describe('roles and groups views', () => {
  const a = aGroup({ id: 'ga', name: 'Analytics', roleIds: ['r-admin'] });
  const b = aGroup({ id: 'gb', name: 'BI', parentGroupIds: ['ga'], roleIds: ['r-view'] });
  const c = aGroup({ id: 'gc', name: 'Contractors', parentGroupIds: ['gb', 'ga'] });
  const snapshot = aSnapshot({
    roles: [admins, viewer, explorer],
    groups: [a, b, c],
    users: [
      aUser({ id: 'u1', groupIds: ['gc'] }),
      aUser({ id: 'u2', groupIds: ['gb', 'gc'], roleIds: ['r-view'] }),
      aUser({ id: 'u3', roleIds: ['r-explore'] }),
    ],
  });
  const audit = auditAccount(snapshot, LOOKER_RULES);

  it('roles: tiers under both built-in sets, the disagreement flag and the effective user count', () => {
    expect(audit.roles.map((r) => [r.name, r.tier, r.toriiTier, r.lookerTier, r.disagree, r.userCount])).toEqual([
      ['Explorers', 'standard', 'standard', 'standard', false, 1],
      ['LookML Admins', 'developer', 'developer', 'developer', false, 2],
      ['Viewers', 'viewer', 'viewer', 'viewer', false, 2],
    ]);
    const builders = auditAccount(
      aSnapshot({ roles: [aRole({ name: 'Builders', permissions: ['develop'] })] }),
      TORII_RULES,
    );
    expect(builders.roles[0]).toMatchObject({
      tier: 'none',
      toriiTier: 'none',
      lookerTier: 'developer',
      disagree: true,
    });
  });

  it('groups: parent and role names, direct and effective member counts', () => {
    expect(audit.groups.map((g) => [g.name, g.parents, g.roles, g.directMembers, g.effectiveMembers])).toEqual([
      ['Analytics', [], ['LookML Admins'], 0, 2],
      ['BI', ['Analytics'], ['Viewers'], 1, 2],
      ['Contractors', ['Analytics', 'BI'], [], 2, 2],
    ]);
  });
});

describe('users with the same roles and groups', () => {
  const a = aGroup({ id: 'ga', name: 'Analytics', roleIds: ['r-admin'] });
  const b = aGroup({ id: 'gb', name: 'BI', parentGroupIds: ['ga'], roleIds: ['r-view'] });
  const snapshot = aSnapshot({
    roles: [admins, viewer, explorer],
    groups: [a, b],
    users: [
      aUser({ id: 'u1', groupIds: ['gb', 'ga'], roleIds: ['r-explore'] }),
      aUser({ id: 'u2', groupIds: ['gb', 'ga'], roleIds: ['r-explore'] }),
      aUser({ id: 'u3', groupIds: ['ga', 'gb', 'ga'], roleIds: ['r-explore', 'r-explore'] }),
      aUser({ id: 'u4', groupIds: ['gb', 'ga'], roleIds: ['r-explore'], allowRolesFromNormalGroups: false }),
    ],
  });
  const audit = auditAccount(snapshot, TORII_RULES);
  const [u1, u2, u3, u4] = ['u1', 'u2', 'u3', 'u4'].map((id) => userById(audit, id));

  it('share one set of computed facts (the same arrays), which is why 100,000 users stay cheap', () => {
    expect(u2?.roles).toBe(u1?.roles);
    expect(u2?.grants).toBe(u1?.grants);
    expect(u2?.groups).toBe(u1?.groups);
  });

  it('the same ids in another order or repeated give equal facts; the group flag gives different ones', () => {
    for (const key of ['license', 'roles', 'groups', 'reason', 'grants'] as const) expect(u3?.[key]).toEqual(u1?.[key]);
    expect(u1?.license).toBe('developer');
    expect(u4?.license).toBe('standard');
    expect(u4?.roles).toEqual(['Explorers']);
    expect(
      u4?.grants
        .filter((g) => !g.effective)
        .map((g) => g.roleName)
        .sort(),
    ).toEqual(['LookML Admins', 'LookML Admins', 'Viewers']);
  });

  it('an id that looks like anything cannot move the boundary between role ids and group ids', () => {
    const odd = '\u0000groups';
    const oddRole = aRole({ id: odd, name: 'Odd Admins', permissions: ['develop'] });
    const oddGroup = aGroup({ id: odd, name: 'Odd' });
    const result = auditAccount(
      aSnapshot({
        roles: [oddRole],
        groups: [oddGroup],
        users: [aUser({ id: 'a', roleIds: [odd] }), aUser({ id: 'b', groupIds: [odd] })],
      }),
      TORII_RULES,
    );
    expect([userById(result, 'a').license, userById(result, 'a').groups]).toEqual(['developer', []]);
    expect([userById(result, 'b').license, userById(result, 'b').groups]).toEqual(['none', ['Odd']]);
  });

  it("grants that tie on every name are ordered by role id, whatever the order of the user's ids", () => {
    const twins = [
      aRole({ id: 'r2', name: 'Twin', permissions: ['access_data'] }),
      aRole({ id: 'r1', name: 'Twin', permissions: ['access_data'] }),
    ];
    const result = auditAccount(
      aSnapshot({
        roles: twins,
        users: [aUser({ id: 'x', roleIds: ['r1', 'r2'] }), aUser({ id: 'y', roleIds: ['r2', 'r1'] })],
      }),
      TORII_RULES,
    );
    expect(userById(result, 'x').grants.map((g) => g.roleId)).toEqual(['r1', 'r2']);
    expect(userById(result, 'y').grants.map((g) => g.roleId)).toEqual(['r1', 'r2']);
  });

  it('counts every holder once in the role and group counts', () => {
    expect(audit.roles.map((r) => [r.name, r.userCount])).toEqual([
      ['Explorers', 4],
      ['LookML Admins', 3],
      ['Viewers', 3],
    ]);
    expect(audit.groups.map((g) => [g.name, g.directMembers, g.effectiveMembers])).toEqual([
      ['Analytics', 4, 4],
      ['BI', 4, 4],
    ]);
  });
});

describe('failedAccount', () => {
  it('carries the error and the calls spent, with empty lists and zero seats', () => {
    expect(failedAccount('staging', 'https://s.test', 'login refused (404)', 1)).toEqual({
      name: 'staging',
      url: 'https://s.test',
      apiCalls: 1,
      lookerRelease: null,
      error: 'login refused (404)',
      seats: { developer: 0, standard: 0, viewer: 0, none: 0 },
      users: [],
      roles: [],
      groups: [],
    });
  });
});

describe('scale', () => {
  // Correctness at scale only: speed is measured by `npm run bench` (BENCHMARKS.md), never asserted here.
  it('audits 100,000 users in 400 nested groups with cycles, every one of them tiered', () => {
    const roles = [admins, explorer, viewer];
    const groups = Array.from({ length: 400 }, (_, i) =>
      aGroup({
        id: `g${i}`,
        name: `Group ${i}`,
        // a forest of chains 8 deep, plus a back edge every 50 groups to exercise cycles
        parentGroupIds: i % 8 === 0 ? (i % 50 === 0 && i > 0 ? [`g${i - 1}`] : []) : [`g${i - 1}`],
        roleIds: i % 8 === 0 ? [roles[i % 3]?.id ?? 'r-view'] : [],
      }),
    );
    const users = Array.from({ length: 100_000 }, (_, i) =>
      aUser({ id: `u${i}`, groupIds: [`g${(i * 7) % 400}`, `g${(i * 13) % 400}`, `g${(i * 31) % 400}`] }),
    );
    const audit = auditAccount(aSnapshot({ roles, groups, users }), TORII_RULES);
    expect(audit.users).toHaveLength(100_000);
    expect(audit.users.every((u) => u.license !== 'none')).toBe(true);
  });
});
