import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SAMPLE_CASES, sampleOrganisation, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { call, login, type Row } from './client.js';

let fake: FakeLooker;
let token: string;
const sample = sampleOrganisation();
const userCount = sample.users.length;

beforeAll(async () => {
  fake = await startFakeLooker();
  token = await login(fake);
});
afterAll(() => fake.close());

const get = (path: string, query: Record<string, string | number> = {}) =>
  call<Row[]>(fake, 'GET', path, { token, query });
const ids = (rows: Row[]) => rows.map((r) => r.id);

describe('fields', () => {
  it('keeps only the requested fields, with nested credentials_email(logged_in_at)', async () => {
    const { body } = await get('/users', {
      fields: 'id,email,credentials_email(logged_in_at),credentials_saml(logged_in_at)',
      ids: '1,4',
    });
    expect(body).toEqual([
      {
        id: '1',
        email: 'ada.admin@acme.example',
        credentials_email: { logged_in_at: '2026-11-20T09:15:00.000+00:00' },
        credentials_saml: null,
      },
      {
        id: '4',
        email: 'dan.diaz@acme.example',
        credentials_email: null,
        credentials_saml: { logged_in_at: '2026-10-30T09:15:00.000+00:00' },
      },
    ]);
  });

  it("selects inside arrays of objects (credentials_embed) and embedded objects (a role's permission_set)", async () => {
    const users = await get('/users', { fields: 'id,credentials_embed(id)', ids: SAMPLE_CASES.embed });
    expect(users.body).toEqual([
      { id: SAMPLE_CASES.embed, credentials_embed: [{ id: `embed-${SAMPLE_CASES.embed}` }] },
    ]);
    const roles = await get('/roles', { fields: 'id,permission_set(all_access)', ids: '1' });
    expect(roles.body).toEqual([{ id: '1', permission_set: { all_access: true } }]);
  });

  it('applies to single objects too and ignores unknown names', async () => {
    const reply = await call(fake, 'GET', '/users/1', { token, query: { fields: 'id, first_name ,no_such_field' } });
    expect(reply.body).toEqual({ id: '1', first_name: 'Ada' });
  });

  it('without fields, a user carries every credential type (null where absent) and no is_iam_admin', async () => {
    const { body } = await get('/users', { ids: SAMPLE_CASES.severalLogins });
    const user = body[0] as Row;
    expect(Object.keys(user)).toEqual(
      expect.arrayContaining([
        'credentials_email',
        'credentials_saml',
        'credentials_google',
        'credentials_oidc',
        'credentials_ldap',
        'credentials_looker_openid',
        'credentials_embed',
        'role_ids',
        'group_ids',
      ]),
    );
    expect(user).not.toHaveProperty('is_iam_admin');
    expect((user.credentials_email as Row).logged_in_at).toBe('2025-06-30T08:00:00.000+00:00');
    expect((user.credentials_saml as Row).logged_in_at).toBe('2026-11-12T09:15:00.000+00:00');
  });
});

describe('paging', () => {
  it('limit/offset cut the id-sorted list; the last page is short, past the end is empty', async () => {
    const pages = [];
    for (let offset = 0; offset <= 30; offset += 10)
      pages.push(ids((await get('/users', { limit: 10, offset, sorts: 'id' })).body));
    expect(pages.map((p) => p.length)).toEqual([10, 10, userCount - 20, 0]);
    expect(pages.flat()).toEqual(sample.users.map((u) => u.id));
  });

  it('sends X-Total-Count and a GitHub-style Link with first, next, prev and last', async () => {
    const reply = await get('/users', { limit: 10, offset: 10, fields: 'id' });
    expect(reply.headers.get('x-total-count')).toBe(String(userCount));
    const link = reply.headers.get('link') ?? '';
    const rels = Object.fromEntries(
      [...link.matchAll(/<([^>]+)>;\s*rel="(\w+)"/g)].map((m) => [m[2], new URL(m[1] as string)]),
    );
    expect(Object.keys(rels).sort()).toEqual(['first', 'last', 'next', 'prev']);
    expect(rels.next?.origin).toBe(fake.url);
    expect(rels.next?.pathname).toBe('/api/4.0/users');
    expect(rels.next?.searchParams.get('offset')).toBe('20');
    expect(rels.next?.searchParams.get('fields')).toBe('id');
    expect(rels.prev?.searchParams.get('offset')).toBe('0');
    expect(rels.first?.searchParams.get('offset')).toBe('0');
    expect(rels.last?.searchParams.get('offset')).toBe('20');
  });

  it('the last page has no next link, the first no prev', async () => {
    const last = (await get('/users', { limit: 10, offset: 20 })).headers.get('link') ?? '';
    expect(last).not.toContain('rel="next"');
    const first = (await get('/users', { limit: 10 })).headers.get('link') ?? '';
    expect(first).not.toContain('rel="prev"');
  });

  it('sends no paging headers without limit, and returns the whole list', async () => {
    const reply = await get('/users');
    expect(reply.body).toHaveLength(userCount);
    expect(reply.headers.get('x-total-count')).toBeNull();
    expect(reply.headers.get('link')).toBeNull();
  });

  it('honours the deprecated 1-based page/per_page, and limit/offset win over them', async () => {
    const paged = await get('/users', { page: 2, per_page: 5 });
    expect(ids(paged.body)).toEqual(['6', '7', '8', '9', '10']);
    expect(paged.headers.get('x-total-count')).toBe(String(userCount));
    const both = await get('/users', { page: 2, per_page: 5, limit: 3, offset: 0 });
    expect(ids(both.body)).toEqual(['1', '2', '3']);
  });

  it('pages groups/search/with_hierarchy and group users the same way', async () => {
    const groups = await get('/groups/search/with_hierarchy', { limit: 4, offset: 8 });
    expect(ids(groups.body)).toEqual(['9', '10', '11', '12']);
    expect(groups.headers.get('x-total-count')).toBe(String(sample.groups.length));
    const members = await get('/groups/7/users', { limit: 2, fields: 'id' });
    expect(members.body).toEqual([{ id: '6' }, { id: '7' }]);
    expect(members.headers.get('x-total-count')).toBe('5');
  });

  it('can be told not to send paging headers (an older Looker)', async () => {
    const quiet = await startFakeLooker({ pagingHeaders: false });
    try {
      const reply = await call<Row[]>(quiet, 'GET', '/users', { token: await login(quiet), query: { limit: 5 } });
      expect(reply.body).toHaveLength(5);
      expect(reply.headers.get('x-total-count')).toBeNull();
      expect(reply.headers.get('link')).toBeNull();
    } finally {
      await quiet.close();
    }
  });
});

describe('sorts, ids and search', () => {
  it('sorts by a comma list of fields, with desc', async () => {
    const byName = await get('/users', { sorts: 'last_name desc', fields: 'last_name', limit: 3 });
    expect(byName.body.map((u) => u.last_name)).toEqual(['Young', 'Wood', 'Vance']);
    const byTwo = await get('/users', { sorts: 'is_disabled desc,id desc', fields: 'id,is_disabled', limit: 3 });
    expect(byTwo.body).toEqual([
      { id: '22', is_disabled: true },
      { id: '7', is_disabled: true },
      { id: '25', is_disabled: false },
    ]);
    const numeric = await get('/groups', { sorts: 'id desc', fields: 'id' });
    expect(ids(numeric.body).slice(0, 3)).toEqual(['12', '11', '10']);
  });

  it('ids picks rows on users, groups and roles', async () => {
    expect(ids((await get('/users', { ids: '3,1' })).body)).toEqual(['1', '3']);
    expect(ids((await get('/groups', { ids: '2' })).body)).toEqual(['2']);
    expect(ids((await get('/roles', { ids: '6,2' })).body)).toEqual(['2', '6']);
  });

  it('search_users filters by email (case-insensitive, % wildcard), is_disabled, group_id, embed_user, is_service_account and id', async () => {
    expect(ids((await get('/users/search', { email: 'ADA.%' })).body)).toEqual(['1']);
    expect(ids((await get('/users/search', { is_disabled: 'true' })).body)).toEqual(['7', '22']);
    expect(ids((await get('/users/search', { group_id: '7' })).body)).toEqual(['6', '7', '18', '19', '21']);
    expect(ids((await get('/users/search', { embed_user: 'true' })).body)).toEqual([SAMPLE_CASES.embed]);
    expect(ids((await get('/users/search', { is_service_account: 'true' })).body)).toEqual([SAMPLE_CASES.service]);
    expect(ids((await get('/users/search', { id: '2,5' })).body)).toEqual(['2', '5']);
    expect(ids((await get('/users/search', { group_id: '7', is_disabled: 'false', limit: 2 })).body)).toEqual([
      '6',
      '18',
    ]);
  });

  it('search_groups filters by name', async () => {
    expect(ids((await get('/groups/search', { name: 'ops%' })).body)).toEqual(['8', '9']);
  });
});

describe('roles', () => {
  it('hides Looker support roles unless get_all_support_roles=true', async () => {
    const visible = ids((await get('/roles')).body);
    expect(visible).not.toContain('8');
    expect(ids((await get('/roles', { get_all_support_roles: 'true' })).body)).toContain('8');
  });

  it('embeds the permission set and model set in each role', async () => {
    const { body } = await call<Row>(fake, 'GET', '/roles/6', { token });
    expect(body).toMatchObject({
      id: '6',
      name: 'Report Admin',
      permission_set: { all_access: false, permissions: ['see_looks', 'see_user_dashboards'] },
      model_set: { name: 'All' },
    });
  });

  it('user_roles follows nested groups unless direct_association_only', async () => {
    const ben = SAMPLE_CASES.developerThreeLevelsUp;
    expect(ids((await get(`/users/${ben}/roles`)).body)).toEqual(['2']);
    expect(ids((await get(`/users/${ben}/roles`, { direct_association_only: 'true' })).body)).toEqual([]);
    // A cycle of groups ends; Kim takes no roles from groups.
    expect(ids((await get(`/users/${SAMPLE_CASES.groupCycle}/roles`)).body)).toEqual(['5']);
    expect(ids((await get(`/users/${SAMPLE_CASES.noGroupRoles}/roles`)).body)).toEqual(['4']);
  });

  it('role_users and role_groups', async () => {
    expect(ids((await get('/roles/2/users', { direct_association_only: 'true' })).body)).toEqual([]);
    expect(ids((await get('/roles/2/users')).body)).toEqual(['2', '3', '17']);
    expect(ids((await get('/roles/2/groups')).body)).toEqual(['1']);
  });

  it('answers 404 for unknown ids', async () => {
    for (const path of [
      '/roles/99',
      '/roles/99/users',
      '/users/99',
      '/users/99/roles',
      '/groups/99',
      '/groups/99/users',
      '/groups/99/groups',
    ]) {
      const reply = await call(fake, 'GET', path, { token });
      expect([path, reply.status]).toEqual([path, 404]);
    }
  });

  it('lists permission sets', async () => {
    const { body } = await get('/permission_sets', { fields: 'name,all_access' });
    expect(body).toContainEqual({ name: 'Admin', all_access: true });
    expect(body).toHaveLength(sample.permission_sets.length);
  });
});

describe('groups', () => {
  it('with_hierarchy carries parent_group_ids and role_ids; user_count counts direct members', async () => {
    const { body } = await get('/groups/search/with_hierarchy', {
      fields: 'id,parent_group_ids,role_ids,user_count',
      id: '1,4,9',
    });
    expect(body).toEqual([
      { id: '1', parent_group_ids: [], role_ids: ['2'], user_count: 1 },
      { id: '4', parent_group_ids: ['3'], role_ids: [], user_count: 1 },
      { id: '9', parent_group_ids: ['8'], role_ids: ['5'], user_count: 1 },
    ]);
  });

  it('plain group lists carry no hierarchy; with_roles embeds roles', async () => {
    const [plain] = (await get('/groups', { ids: '1' })).body;
    expect(plain).not.toHaveProperty('parent_group_ids');
    const [withRoles] = (await get('/groups/search/with_roles', { id: '1' })).body;
    expect((withRoles?.roles as Row[]).map((r) => r.name)).toEqual(['LookML Developer']);
  });

  it('all_group_groups lists the groups directly inside a group', async () => {
    expect(ids((await get('/groups/1/groups')).body)).toEqual(['2']);
    expect(ids((await get('/groups/8/groups')).body)).toEqual(['9']);
  });
});

describe('frozen (benchmarks)', () => {
  it('serves a repeated GET from its cache, still checks the token, and says so by ignoring later changes', async () => {
    const frozen = await startFakeLooker({ frozen: true });
    try {
      const t = await login(frozen);
      const first = await call<Row[]>(frozen, 'GET', '/users', { token: t, query: { limit: 5, offset: 0 } });
      frozen.org.users.splice(0, 1);
      const again = await call<Row[]>(frozen, 'GET', '/users', { token: t, query: { limit: 5, offset: 0 } });
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('x-total-count')).toBe(String(userCount));
      // Another URL is computed afresh, from the changed org.
      const other = await call<Row[]>(frozen, 'GET', '/users', { token: t, query: { limit: 5, offset: 1 } });
      expect(ids(other.body)[0]).toBe(ids(first.body)[2]);
      expect((await call(frozen, 'GET', '/users', { query: { limit: 5, offset: 0 } })).status).toBe(401);
      expect(frozen.requests.filter((r) => r.path === '/api/4.0/users').map((r) => r.status)).toEqual([
        200, 200, 200, 401,
      ]);
    } finally {
      await frozen.close();
    }
  });
});
