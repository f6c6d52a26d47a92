import { describe, expect, it } from '@jest/globals';
import {
  generateOrganisation,
  loadOrganisation,
  REFERENCE_DATE,
  SAMPLE_CASE_NOTES,
  SAMPLE_CASES,
  sampleOrganisation,
  type Organisation,
} from '../../src/fake-looker/index.js';

/** Nesting depth of a group: 1 for a top-level group; cycles count once. */
function depthOf(org: Organisation, id: string, seen = new Set<string>()): number {
  if (seen.has(id)) return 0;
  seen.add(id);
  const parents = org.groups.find((g) => g.id === id)?.parent_group_ids ?? [];
  return 1 + Math.max(0, ...parents.map((p) => depthOf(org, p, seen)));
}

describe('sampleOrganisation', () => {
  const org = sampleOrganisation();
  const user = (id: string) => org.users.find((u) => u.id === id);

  it('is a fresh copy each time (tests may mutate theirs)', () => {
    const mine = sampleOrganisation();
    mine.users.pop();
    expect(sampleOrganisation().users).toHaveLength(org.users.length);
  });

  it('has 20-30 users, with unique ids everywhere, and every reference resolves', () => {
    expect(org.users.length).toBeGreaterThanOrEqual(20);
    expect(org.users.length).toBeLessThanOrEqual(30);
    for (const list of [org.users, org.groups, org.roles, org.permission_sets, org.model_sets])
      expect(new Set(list.map((x) => x.id)).size).toBe(list.length);
    const groupIds = new Set(org.groups.map((g) => g.id));
    const roleIds = new Set(org.roles.map((r) => r.id));
    for (const u of org.users)
      expect([...u.group_ids.filter((g) => !groupIds.has(g)), ...u.role_ids.filter((r) => !roleIds.has(r))]).toEqual(
        [],
      );
    for (const g of org.groups)
      expect([
        ...g.parent_group_ids.filter((p) => !groupIds.has(p)),
        ...g.role_ids.filter((r) => !roleIds.has(r)),
      ]).toEqual([]);
  });

  it('describes every named case', () => {
    expect(Object.keys(SAMPLE_CASE_NOTES).sort()).toEqual(Object.keys(SAMPLE_CASES).sort());
    for (const id of Object.values(SAMPLE_CASES)) expect(user(id)).toBeDefined();
  });

  it('holds the cases it names', () => {
    expect(depthOf(org, user(SAMPLE_CASES.developerThreeLevelsUp)?.group_ids[0] ?? '')).toBe(4);
    const ops = org.groups.find((g) => g.name === 'Ops');
    const leads = org.groups.find((g) => g.name === 'Ops Leads');
    expect(ops?.parent_group_ids).toContain(leads?.id);
    expect(leads?.parent_group_ids).toContain(ops?.id);
    expect(user(SAMPLE_CASES.noGroupRoles)?.allow_roles_from_normal_groups).toBe(false);
    expect(user(SAMPLE_CASES.embed)?.embed).toBe(true);
    expect(user(SAMPLE_CASES.service)?.is_service_account).toBe(true);
    expect(user(SAMPLE_CASES.support)?.verified_looker_employee).toBe(true);
    expect(user(SAMPLE_CASES.neverLoggedIn)?.logged_in_at).toBeNull();
    expect(user(SAMPLE_CASES.disabledDeveloper)).toMatchObject({ is_disabled: true, role_ids: ['1'] });
    const reportAdmin = org.roles.find((r) => r.name === 'Report Admin');
    const permissions = org.permission_sets.find((p) => p.id === reportAdmin?.permission_set_id)?.permissions ?? [];
    expect(permissions.length).toBeGreaterThan(0);
    expect(permissions.every((p) => p.startsWith('see_'))).toBe(true);
  });
});

describe('generateOrganisation', () => {
  it('is deterministic for a seed, and differs between seeds', () => {
    const a = generateOrganisation({ seed: 42, users: 300, groups: 30 });
    expect(generateOrganisation({ seed: 42, users: 300, groups: 30 })).toEqual(a);
    expect(generateOrganisation({ seed: 43, users: 300, groups: 30 })).not.toEqual(a);
  });

  // Generation speed is measured by `npm run bench`, never asserted here.
  it('generates 20,000 users and 400 groups nested 4 deep', () => {
    const org = generateOrganisation({ seed: 7, users: 20_000, groups: 400, nestingDepth: 4 });
    expect(org.users).toHaveLength(20_000);
    expect(org.groups).toHaveLength(400);
    expect(Math.max(...org.groups.map((g) => depthOf(org, g.id)))).toBe(4);
  });

  it('mixes every kind of user, and spreads last logins over the year before the reference date', () => {
    const org = generateOrganisation({ seed: 1, users: 5_000, groups: 50 });
    const count = (pred: (u: Organisation['users'][number]) => boolean) => org.users.filter(pred).length;
    expect(count((u) => u.embed === true)).toBeGreaterThan(0);
    expect(count((u) => u.is_service_account === true)).toBeGreaterThan(0);
    expect(count((u) => u.verified_looker_employee === true)).toBeGreaterThan(0);
    expect(count((u) => u.is_disabled)).toBeGreaterThan(0);
    expect(count((u) => u.logged_in_at === null)).toBeGreaterThan(0);
    expect(count((u) => u.allow_roles_from_normal_groups === false && u.embed !== true)).toBeGreaterThan(0);
    const times = org.users.flatMap((u) => (u.logged_in_at ? [Date.parse(u.logged_in_at)] : []));
    expect(Math.max(...times)).toBeLessThanOrEqual(REFERENCE_DATE);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(REFERENCE_DATE - 366 * 86_400_000);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(300 * 86_400_000);
  });

  it('takes its reference date from the spec, never the wall clock', () => {
    const org = generateOrganisation({ seed: 3, users: 500, groups: 5, referenceDate: '2020-01-01T00:00:00Z' });
    const times = org.users.flatMap((u) => (u.logged_in_at ? [Date.parse(u.logged_in_at)] : []));
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.parse('2020-01-01T00:00:00Z'));
    expect(() => generateOrganisation({ seed: 3, users: 1, groups: 1, referenceDate: 'not a date' })).toThrow(
      RangeError,
    );
  });

  it('builds extra roles on the realistic permission sets (Admin all-access, Developer, User, Viewer, see_* only)', () => {
    const org = generateOrganisation({ seed: 5, users: 10, groups: 3, roles: 20 });
    expect(org.roles).toHaveLength(20);
    expect(new Set(org.roles.map((r) => r.name)).size).toBe(20);
    const sets = org.permission_sets;
    expect(sets.some((p) => p.all_access)).toBe(true);
    expect(sets.some((p) => p.permissions.includes('develop'))).toBe(true);
    expect(sets.some((p) => p.permissions.includes('explore') && !p.permissions.includes('develop'))).toBe(true);
    expect(sets.some((p) => p.permissions.length > 0 && p.permissions.every((x) => x.startsWith('see_')))).toBe(true);
  });
});

describe('loadOrganisation', () => {
  it('loads a plain JSON fixture, filling the defaults Looker has', () => {
    const org = loadOrganisation(
      JSON.stringify({
        roles: [{ id: '1', name: 'Admin', permission_set_id: '1', model_set_id: '1' }],
        users: [{ id: '5', email: 'a@b.example' }],
        groups: [{ id: '2', name: 'G' }],
      }),
    );
    expect(org.permission_sets).toEqual([]);
    expect(org.users[0]).toMatchObject({
      id: '5',
      role_ids: [],
      group_ids: [],
      is_disabled: false,
      logged_in_at: null,
      first_name: null,
    });
    expect(org.groups[0]).toMatchObject({ parent_group_ids: [], role_ids: [] });
  });

  it('copies an object, so the fixture is not mutated through the server', () => {
    const fixture = sampleOrganisation();
    const org = loadOrganisation(fixture);
    org.users.pop();
    expect(fixture.users).toHaveLength(sampleOrganisation().users.length);
  });

  it('rejects documents that are not an organisation, naming the problem', () => {
    expect(() => loadOrganisation('[]')).toThrow(/JSON object/);
    expect(() => loadOrganisation('{"users": {}}')).toThrow(/"users" must be an array/);
    expect(() => loadOrganisation('{"users": [{"id": 5}]}')).toThrow(/users\[0\]\.id must be a string/);
  });
});
