/**
 * What the sample instance does on the writes that reclaim a seat, as Google documents it (Admin settings –
 * Users, "Removing user access"): disabling a user disables the schedules they own, their alerts keep running,
 * enabling them again leaves those schedules off; set_user_roles replaces the direct roles only; the group
 * membership calls answer the same whether or not anything changed. Each test starts from a fresh sample.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { SAMPLE_CASES, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { call, login, type Row } from './client.js';

let fake: FakeLooker;
let token: string;

beforeEach(async () => {
  fake = await startFakeLooker();
  token = await login(fake);
});
afterEach(() => fake.close());

const send = <T = Row>(method: string, path: string, json?: unknown, query?: Record<string, string>) =>
  call<T>(fake, method, path, { token, json, ...(query ? { query } : {}) });
const get = <T = Row[]>(path: string, query: Record<string, string> = {}) =>
  call<T>(fake, 'GET', path, { token, query });
const writes = () => fake.requests.filter((r) => r.method !== 'GET' && r.path !== '/api/4.0/login');
const schedule = (id: string) => fake.org.scheduled_plans?.find((p) => p.id === id);

describe('disabling and enabling a user', () => {
  it('PATCH is_disabled: true disables the user and the schedules they own; alerts keep running', async () => {
    // Iris owns "Weekly pipeline" (enabled) and "Partner report (paused)" (already off), and an alert.
    const reply = await send('PATCH', '/users/9', { is_disabled: true });
    expect(reply.status).toBe(200);
    expect(reply.body.is_disabled).toBe(true);
    expect(fake.org.users.find((u) => u.id === '9')?.is_disabled).toBe(true);
    const owned = await get('/scheduled_plans', { user_id: '9', fields: 'id,enabled' });
    expect(owned.body).toEqual([
      { id: '1', enabled: false },
      { id: '2', enabled: false },
    ]);
    // Someone else's schedule that delivers to her is untouched (it fails for her at its next run).
    expect(schedule('3')?.enabled).toBe(true);
    const alerts = await get('/alerts/search', { all_owners: 'true', fields: 'id,owner_id,is_disabled' });
    expect(alerts.body).toContainEqual({ id: '1', owner_id: '9', is_disabled: false });
  });

  it('enabling the user again does not enable their schedules again', async () => {
    await send('PATCH', '/users/9', { is_disabled: true });
    const back = await send('PATCH', '/users/9', { is_disabled: false });
    expect(back.body.is_disabled).toBe(false);
    expect(schedule('1')?.enabled).toBe(false);
    // Only a schedule write turns it back on, as undo does.
    expect((await send('PATCH', '/scheduled_plans/1', { enabled: true })).status).toBe(200);
    expect(schedule('1')?.enabled).toBe(true);
  });

  it('honours is_disabled only: other User fields in the body change nothing', async () => {
    const before = structuredClone(fake.org.users.find((u) => u.id === '3'));
    await send('PATCH', '/users/3', { role_ids: ['1'], group_ids: [], first_name: 'Mallory' });
    expect(fake.org.users.find((u) => u.id === '3')).toEqual(before);
  });

  it('answers 422 for a body that is not a User object, 404 for an unknown user', async () => {
    expect((await send('PATCH', '/users/3', ['is_disabled'])).status).toBe(422);
    expect((await send('PATCH', '/users/3', { is_disabled: 1 })).status).toBe(422);
    expect((await send('PATCH', '/users/999', { is_disabled: true })).status).toBe(404);
  });
});

describe('direct roles', () => {
  it('PUT /users/{id}/roles replaces the direct list; roles through groups stay', async () => {
    // Tara: Viewer through "Finance", Explorer assigned directly.
    const names = async (direct: boolean) =>
      (await get('/users/21/roles', direct ? { direct_association_only: 'true' } : {})).body.map((r) => r.name);
    expect(await names(true)).toEqual(['Explorer']);
    const reply = await send<Row[]>('PUT', '/users/21/roles', []);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual([]);
    expect(await names(true)).toEqual([]);
    expect(await names(false)).toEqual(['Viewer']);
    await send('PUT', '/users/21/roles', ['3', '7', '3']);
    expect(fake.org.users.find((u) => u.id === '21')?.role_ids).toEqual(['3', '7']);
  });

  it('refuses unknown or Looker-internal roles, a body that is not a list, and a directory-managed user', async () => {
    expect((await send('PUT', '/users/21/roles', ['8'])).status).toBe(422);
    expect((await send('PUT', '/users/21/roles', { role_ids: ['3'] })).status).toBe(422);
    expect((await send('PUT', '/users/21/roles', [3])).status).toBe(422);
    expect((await send('PUT', `/users/${SAMPLE_CASES.directoryManagedRoles}/roles`, ['4'])).status).toBe(422);
    expect((await send('PUT', '/users/999/roles', ['4'])).status).toBe(404);
    expect(fake.org.users.find((u) => u.id === '21')?.role_ids).toEqual(['3']);
  });
});

describe('schedules, alerts, content, API keys', () => {
  it('all_scheduled_plans: the caller by default, one owner with user_id, everyone with all_users', async () => {
    const ids = (rows: Row[]) => rows.map((r) => r.id);
    expect(ids((await get('/scheduled_plans')).body)).toEqual([]); // Ada, the caller, owns none
    expect(ids((await get('/scheduled_plans', { user_id: '2' })).body)).toEqual(['3']);
    expect(ids((await get('/scheduled_plans', { all_users: 'true' })).body)).toEqual(['1', '2', '3', '4', '5', '6']);
    const runAs = (await get('/scheduled_plans/3')).body as unknown as Row;
    expect(runAs).toMatchObject({ run_as_recipient: true, user_id: '2', enabled: true });
    expect(runAs.scheduled_plan_destination).toContainEqual(
      expect.objectContaining({ type: 'email', address: 'iris.ito@acme.example', looker_recipient: true }),
    );
  });

  it('PATCH /scheduled_plans reassigns the owner and sets enabled; refuses unknown users', async () => {
    expect((await send('PATCH', '/scheduled_plans/1', { user_id: '2' })).body.user_id).toBe('2');
    expect((await send('PATCH', '/scheduled_plans/1', { enabled: false })).body.enabled).toBe(false);
    expect((await send('PATCH', '/scheduled_plans/1', { user_id: '999' })).status).toBe(422);
    expect((await send('PATCH', '/scheduled_plans/1', { enabled: 'no' })).status).toBe(422);
    expect(schedule('1')).toMatchObject({ user_id: '2', enabled: false });
  });

  it('search_alerts shows the caller its own alerts, every owner with all_owners, and pages', async () => {
    expect((await get('/alerts/search')).body).toEqual([]);
    const all = await get('/alerts/search', { all_owners: 'true', fields: 'id,owner_id' });
    expect(all.body).toEqual([
      { id: '1', owner_id: '9' },
      { id: '2', owner_id: '3' },
      { id: '3', owner_id: '2' },
    ]);
    const page = await get('/alerts/search', { all_owners: 'true', limit: '2', offset: '2', fields: 'id' });
    expect(page.body).toEqual([{ id: '3' }]);
    expect(page.headers.get('x-total-count')).toBe('3');
    expect((await send('PATCH', '/alerts/1', { owner_id: '2', is_disabled: true })).body).toMatchObject({
      owner_id: '2',
      is_disabled: true,
    });
  });

  it('Looks and dashboards by creator: all_* and search with user_id (a comma list ORs)', async () => {
    expect((await get('/looks', { fields: 'id,user_id' })).body).toEqual([
      { id: '1', user_id: '9' },
      { id: '2', user_id: '5' },
      { id: '3', user_id: '3' },
    ]);
    expect((await get('/looks/search', { user_id: '9,3', fields: 'id' })).body).toEqual([{ id: '1' }, { id: '3' }]);
    expect((await get('/dashboards/search', { user_id: '17', fields: 'id,title' })).body).toEqual([
      { id: '2', title: 'Executive KPIs' },
      { id: '3', title: 'Product usage' },
    ]);
  });

  it('API keys: on the user (credentials_api3) and per user; the API user holds the sample key', async () => {
    const users = await get('/users', { ids: '1,13,17,3', fields: 'id,credentials_api3(id,client_id,is_disabled)' });
    expect(users.body).toEqual([
      { id: '1', credentials_api3: [{ id: '1', client_id: 'sample-client-id', is_disabled: false }] },
      { id: '3', credentials_api3: [] },
      { id: '13', credentials_api3: [{ id: 'api3-13', client_id: 'client-13', is_disabled: false }] },
      { id: '17', credentials_api3: [{ id: '17', client_id: 'pia-notebooks', is_disabled: false }] },
    ]);
    expect((await get('/users/17/credentials_api3', { fields: 'id,purpose' })).body).toEqual([
      { id: '17', purpose: 'Jupyter notebooks' },
    ]);
  });

  it('groups and users carry the identity-provider flags', async () => {
    const managed = await get('/groups/search', { externally_managed: 'true', fields: 'id,name' });
    expect(managed.body).toEqual([{ id: '12', name: 'Okta Marketing' }]);
    const sam = await call<Row>(fake, 'GET', `/users/${SAMPLE_CASES.directoryManagedRoles}`, {
      token,
      query: { fields: 'roles_externally_managed' },
    });
    expect(sam.body).toEqual({ roles_externally_managed: true });
  });
});

describe('the request log', () => {
  it('records every write by method and path, with the names of the body keys (never values)', async () => {
    await send('PATCH', '/users/9', { is_disabled: true });
    await send('PUT', '/users/21/roles', ['4']);
    await send('DELETE', '/groups/3/users/3');
    await send('POST', '/groups/7/users', { user_id: '3' });
    await send('PATCH', '/scheduled_plans/1', { enabled: true });
    expect(writes().map((r) => [r.method, r.path, r.status, r.bodyKeys])).toEqual([
      ['PATCH', '/api/4.0/users/9', 200, ['is_disabled']],
      ['PUT', '/api/4.0/users/21/roles', 200, []],
      ['DELETE', '/api/4.0/groups/3/users/3', 204, []],
      ['POST', '/api/4.0/groups/7/users', 200, ['user_id']],
      ['PATCH', '/api/4.0/scheduled_plans/1', 200, ['enabled']],
    ]);
  });
});
