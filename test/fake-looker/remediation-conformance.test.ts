/**
 * The endpoints seat remediation uses, on the sample instance: every request (query parameters and JSON body)
 * is one the official spec declares, and every answer validates against it with undeclared properties forbidden.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { findOperation, undeclaredQueryParams, validateRequestBody, validateResponse } from '../helpers/oas.js';
import { call, login, type CallOptions } from './client.js';

const closed = { closed: true };

interface Case {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  readonly status?: number;
  readonly options?: Omit<CallOptions, 'token'>;
  /** The list may be empty (Ada, the caller, owns no schedule). */
  readonly mayBeEmpty?: boolean;
}

const CASES: Case[] = [
  {
    method: 'GET',
    path: '/users/21/roles',
    operationId: 'user_roles',
    options: { query: { direct_association_only: 'true', fields: 'id,name' } },
  },
  {
    method: 'GET',
    path: '/users',
    operationId: 'all_users',
    options: {
      query: {
        ids: '1,13,17,20',
        fields:
          'id,is_disabled,role_ids,group_ids,roles_externally_managed,credentials_api3(id,is_disabled,created_at)',
      },
    },
  },
  {
    method: 'GET',
    path: '/groups/search/with_hierarchy',
    operationId: 'search_groups_with_hierarchy',
    options: { query: { externally_managed: 'true' } },
  },
  {
    method: 'GET',
    path: '/scheduled_plans',
    operationId: 'all_scheduled_plans',
    options: { query: { all_users: 'true' } },
  },
  { method: 'GET', path: '/scheduled_plans', operationId: 'all_scheduled_plans', options: { query: { user_id: '9' } } },
  { method: 'GET', path: '/scheduled_plans', operationId: 'all_scheduled_plans', mayBeEmpty: true },
  { method: 'GET', path: '/scheduled_plans/3', operationId: 'scheduled_plan' },
  { method: 'GET', path: '/scheduled_plans/99', operationId: 'scheduled_plan', status: 404 },
  {
    method: 'GET',
    path: '/alerts/search',
    operationId: 'search_alerts',
    options: { query: { all_owners: 'true', limit: 2, offset: 0 } },
  },
  {
    method: 'GET',
    path: '/alerts/search',
    operationId: 'search_alerts',
    options: { query: { all_owners: 'true', disabled: 'false' } },
  },
  { method: 'GET', path: '/alerts/1', operationId: 'get_alert' },
  { method: 'GET', path: '/looks', operationId: 'all_looks', options: { query: { fields: 'id,user_id' } } },
  { method: 'GET', path: '/looks/search', operationId: 'search_looks', options: { query: { user_id: '9,3' } } },
  { method: 'GET', path: '/dashboards', operationId: 'all_dashboards' },
  {
    method: 'GET',
    path: '/dashboards/search',
    operationId: 'search_dashboards',
    options: { query: { user_id: '17', limit: 10, offset: 0 } },
  },
  { method: 'GET', path: '/users/17/credentials_api3', operationId: 'all_user_credentials_api3s' },
  { method: 'GET', path: '/users/17/credentials_api3/17', operationId: 'user_credentials_api3' },
  { method: 'GET', path: '/users/17/credentials_api3/404', operationId: 'user_credentials_api3', status: 404 },
  {
    method: 'GET',
    path: '/versions',
    operationId: 'versions',
    options: { query: { fields: 'looker_release_version' } },
  },
  // Writes, in an order that leaves the later cases meaningful.
  { method: 'PATCH', path: '/users/18', operationId: 'update_user', options: { json: { is_disabled: true } } },
  {
    method: 'PATCH',
    path: '/users/18',
    operationId: 'update_user',
    status: 422,
    options: { json: { is_disabled: 'yes' } },
  },
  {
    method: 'PATCH',
    path: '/users/999',
    operationId: 'update_user',
    status: 404,
    options: { json: { is_disabled: true } },
  },
  { method: 'PUT', path: '/users/21/roles', operationId: 'set_user_roles', options: { json: ['4'] } },
  { method: 'PUT', path: '/users/21/roles', operationId: 'set_user_roles', status: 422, options: { json: ['77'] } },
  { method: 'PUT', path: '/users/20/roles', operationId: 'set_user_roles', status: 422, options: { json: [] } },
  { method: 'POST', path: '/groups/7/users', operationId: 'add_group_user', options: { json: { user_id: '3' } } },
  { method: 'DELETE', path: '/groups/3/users/3', operationId: 'delete_group_user', status: 204 },
  {
    method: 'PATCH',
    path: '/scheduled_plans/5',
    operationId: 'update_scheduled_plan',
    options: { json: { user_id: '2' } },
  },
  {
    method: 'PATCH',
    path: '/scheduled_plans/5',
    operationId: 'update_scheduled_plan',
    status: 422,
    options: { json: { user_id: '999' } },
  },
  {
    method: 'PATCH',
    path: '/scheduled_plans/5',
    operationId: 'update_scheduled_plan',
    options: { json: { enabled: true } },
  },
  { method: 'PATCH', path: '/alerts/2', operationId: 'update_alert_field', options: { json: { owner_id: '2' } } },
  {
    method: 'PATCH',
    path: '/alerts/99',
    operationId: 'update_alert_field',
    status: 404,
    options: { json: { is_disabled: true } },
  },
];

let fake: FakeLooker;
let token: string;

beforeAll(async () => {
  fake = await startFakeLooker();
  token = await login(fake);
});
afterAll(() => fake.close());

describe('remediation endpoints against Looker.4.0.oas.json', () => {
  it.each(CASES.map((c) => [`${c.method} ${c.path} -> ${c.status ?? 200}`, c] as const))('%s', async (_t, c) => {
    expect(findOperation(c.method, c.path)?.operationId).toBe(c.operationId);
    expect(undeclaredQueryParams(c.method, c.path, c.options?.query ?? {})).toEqual([]);
    // A 422 case sends a body the spec refuses on purpose.
    if (c.options?.json !== undefined && c.status !== 422)
      expect(validateRequestBody(c.method, c.path, c.options.json)).toEqual([]);
    const reply = await call(fake, c.method, c.path, { ...c.options, token });
    expect(reply.status).toBe(c.status ?? 200);
    expect(
      validateResponse(c.method, c.path, reply.status, reply.status === 204 ? undefined : reply.body, closed),
    ).toEqual([]);
    if (Array.isArray(reply.body) && c.method === 'GET' && c.mayBeEmpty !== true)
      expect(reply.body.length).toBeGreaterThan(0);
  });

  it('the request validator itself refuses what the spec does not take', () => {
    expect(validateRequestBody('PUT', '/api/4.0/users/1/roles', [1])).not.toEqual([]);
    expect(validateRequestBody('PATCH', '/api/4.0/users/1', { is_disabled: 'yes' })).not.toEqual([]);
    expect(validateRequestBody('PATCH', '/api/4.0/alerts/1', { owner_id: '2', colour: 'red' }, closed)).toEqual([
      '/: must NOT have additional properties (colour)',
    ]);
  });
});
