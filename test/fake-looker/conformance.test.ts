/**
 * Every operation the fake serves for the audit answers with bodies that validate against the official
 * Looker 4.0 spec, with undeclared properties forbidden, and takes only query params the spec declares.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  generateOrganisation,
  SAMPLE_CREDENTIALS,
  startFakeLooker,
  type FakeLooker,
} from '../../src/fake-looker/index.js';
import { findOperation, undeclaredQueryParams, validateComponent, validateResponse } from '../helpers/oas.js';
import { call, login, type CallOptions } from './client.js';

const closed = { closed: true };

let fake: FakeLooker;
let token: string;

interface Case {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  readonly status?: number;
  readonly options?: Omit<CallOptions, 'token'>;
  /** The list may be empty in the generated organisation. */
  readonly mayBeEmpty?: boolean;
}

const USER_FIELDS =
  'id,email,first_name,last_name,display_name,is_disabled,role_ids,group_ids,allow_roles_from_normal_groups,verified_looker_employee,is_service_account,credentials_email(email,logged_in_at),credentials_saml(logged_in_at),credentials_embed(id,logged_in_at)';

const READS: Case[] = [
  { method: 'GET', path: '/versions', operationId: 'versions' },
  { method: 'GET', path: '/user', operationId: 'me' },
  { method: 'GET', path: '/users', operationId: 'all_users' },
  {
    method: 'GET',
    path: '/users',
    operationId: 'all_users',
    options: { query: { limit: 50, offset: 50, sorts: 'id', fields: USER_FIELDS } },
  },
  { method: 'GET', path: '/users', operationId: 'all_users', options: { query: { page: 2, per_page: 10 } } },
  {
    method: 'GET',
    path: '/users/search',
    operationId: 'search_users',
    options: { query: { is_disabled: 'false', embed_user: 'false', group_id: '1', limit: 10 } },
  },
  {
    method: 'GET',
    path: '/users/search',
    operationId: 'search_users',
    options: { query: { email: '%@example.com', is_service_account: 'true' } },
  },
  { method: 'GET', path: '/users/3', operationId: 'user' },
  {
    method: 'GET',
    path: '/users/3/roles',
    operationId: 'user_roles',
    options: { query: { direct_association_only: 'true' } },
    mayBeEmpty: true,
  },
  { method: 'GET', path: '/users/3/roles', operationId: 'user_roles' },
  { method: 'GET', path: '/roles', operationId: 'all_roles', options: { query: { get_all_support_roles: 'true' } } },
  {
    method: 'GET',
    path: '/roles',
    operationId: 'all_roles',
    options: {
      query: {
        ids: '1,2',
        fields: 'id,name,internal,permission_set(id,name,all_access,permissions),model_set(id,name,all_access,models)',
      },
    },
  },
  {
    method: 'GET',
    path: '/roles/search',
    operationId: 'search_roles',
    options: { query: { name: '%admin%', limit: 5 } },
  },
  { method: 'GET', path: '/roles/2', operationId: 'role' },
  { method: 'GET', path: '/roles/2/groups', operationId: 'role_groups' },
  {
    method: 'GET',
    path: '/roles/2/users',
    operationId: 'role_users',
    options: { query: { direct_association_only: 'false' } },
  },
  { method: 'GET', path: '/permission_sets', operationId: 'all_permission_sets' },
  {
    method: 'GET',
    path: '/groups',
    operationId: 'all_groups',
    options: { query: { limit: 20, offset: 0, sorts: 'name' } },
  },
  {
    method: 'GET',
    path: '/groups/search',
    operationId: 'search_groups',
    options: { query: { externally_managed: 'false', limit: 20 } },
  },
  {
    method: 'GET',
    path: '/groups/search/with_roles',
    operationId: 'search_groups_with_roles',
    options: { query: { limit: 20 } },
  },
  {
    method: 'GET',
    path: '/groups/search/with_hierarchy',
    operationId: 'search_groups_with_hierarchy',
    options: {
      query: {
        limit: 100,
        offset: 0,
        sorts: 'id',
        fields: 'id,name,parent_group_ids,role_ids,externally_managed,user_count',
      },
    },
  },
  { method: 'GET', path: '/groups/search/with_hierarchy', operationId: 'search_groups_with_hierarchy' },
  { method: 'GET', path: '/groups/2', operationId: 'group' },
  { method: 'GET', path: '/groups/2/groups', operationId: 'all_group_groups' },
  {
    method: 'GET',
    path: '/groups/2/users',
    operationId: 'all_group_users',
    options: { query: { limit: 10, offset: 0, sorts: 'id' } },
  },
  { method: 'GET', path: '/users/99999', operationId: 'user', status: 404 },
  { method: 'GET', path: '/groups/99999/groups', operationId: 'all_group_groups', status: 404 },
];

const WRITES: Case[] = [
  { method: 'POST', path: '/groups', operationId: 'create_group', options: { json: { name: 'Conformance' } } },
  {
    method: 'POST',
    path: '/groups',
    operationId: 'create_group',
    status: 409,
    options: { json: { name: 'Conformance' } },
  },
  { method: 'POST', path: '/groups', operationId: 'create_group', status: 422, options: { json: {} } },
  { method: 'PATCH', path: '/groups/3', operationId: 'update_group', options: { json: { name: 'Renamed' } } },
  { method: 'POST', path: '/groups/3/groups', operationId: 'add_group_group', options: { json: { group_id: '5' } } },
  { method: 'DELETE', path: '/groups/3/groups/5', operationId: 'delete_group_from_group', status: 204 },
  { method: 'POST', path: '/groups/3/users', operationId: 'add_group_user', options: { json: { user_id: '7' } } },
  { method: 'DELETE', path: '/groups/3/users/7', operationId: 'delete_group_user', status: 204 },
  {
    method: 'PATCH',
    path: '/groups/3/attribute_values/2',
    operationId: 'update_user_attribute_group_value',
    options: { json: { value: 'x' } },
  },
  {
    method: 'DELETE',
    path: '/groups/3/attribute_values/2',
    operationId: 'delete_user_attribute_group_value',
    status: 204,
  },
  { method: 'DELETE', path: '/groups/4', operationId: 'delete_group', status: 204 },
  { method: 'DELETE', path: '/groups/4', operationId: 'delete_group', status: 404 },
];

describe('the fake against Looker.4.0.oas.json', () => {
  beforeAll(async () => {
    // A generated organisation has every kind of user and credential in bulk.
    fake = await startFakeLooker({ org: generateOrganisation({ seed: 11, users: 400, groups: 20, nestingDepth: 4 }) });
    token = await login(fake);
  });
  afterAll(() => fake.close());

  it.each(
    [...READS, ...WRITES].map(
      (c) =>
        [
          `${c.method} ${c.path}${c.options?.query ? `?${new URLSearchParams(c.options.query as Record<string, string>).toString()}` : ''} -> ${c.status ?? 200}`,
          c,
        ] as const,
    ),
  )('%s', async (_title, c) => {
    expect(findOperation(c.method, c.path)?.operationId).toBe(c.operationId);
    expect(undeclaredQueryParams(c.method, c.path, c.options?.query ?? {})).toEqual([]);
    const reply = await call(fake, c.method, c.path, { ...c.options, token });
    expect(reply.status).toBe(c.status ?? 200);
    expect(
      validateResponse(c.method, c.path, reply.status, reply.status === 204 ? undefined : reply.body, closed),
    ).toEqual([]);
    if (Array.isArray(reply.body) && !c.mayBeEmpty) expect(reply.body.length).toBeGreaterThan(0);
  });

  it('login answers an AccessToken; bad credentials the declared 404 Error', async () => {
    const ok = await call(fake, 'POST', '/login', {
      form: { client_id: SAMPLE_CREDENTIALS.clientId, client_secret: SAMPLE_CREDENTIALS.clientSecret },
    });
    expect(validateResponse('POST', '/api/4.0/login', ok.status, ok.body, closed)).toEqual([]);
    const bad = await call(fake, 'POST', '/login', { form: { client_id: 'x', client_secret: 'y' } });
    expect(bad.status).toBe(404);
    expect(validateResponse('POST', '/api/4.0/login', bad.status, bad.body, closed)).toEqual([]);
  });

  it('logout answers 204 with no body', async () => {
    const own = await login(fake);
    const reply = await call(fake, 'DELETE', '/logout', { token: own });
    expect(reply.status).toBe(204);
    expect(validateResponse('DELETE', '/logout', 204, reply.text)).toEqual([]);
  });

  it('the 401 the spec does not declare still has the Error shape', async () => {
    const reply = await call(fake, 'GET', '/users', { token: 'expired' });
    expect(reply.status).toBe(401);
    expect(validateComponent('Error', reply.body, closed)).toEqual([]);
  });

  it('the validator itself rejects what Looker would not send', () => {
    expect(validateResponse('GET', '/users/1', 200, { id: 1 })).not.toEqual([]);
    expect(validateResponse('GET', '/users/1', 200, { id: '1', invented: true }, closed)).toEqual([
      '/: must NOT have additional properties (invented)',
    ]);
    expect(validateResponse('GET', '/users/1', 200, { id: '1', email: null })).toEqual([]);
    expect(validateComponent('Error', { message: 'x' })).not.toEqual([]);
    expect(undeclaredQueryParams('GET', '/api/4.0/users', { limit: '1', colour: 'red' })).toEqual(['colour']);
    expect(findOperation('GET', '/api/4.0/users/search?email=x')?.operationId).toBe('search_users');
    expect(findOperation('GET', '/api/4.0/users/search/names/ada')?.template).toBe('/users/search/names/{pattern}');
    expect(findOperation('GET', '/api/4.0/nowhere')).toBeUndefined();
  });
});
