import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { call, login, type Row } from './client.js';

let fake: FakeLooker;
let token: string;

beforeAll(async () => {
  fake = await startFakeLooker();
  token = await login(fake);
});
afterAll(() => fake.close());

const send = <T = Row>(method: string, path: string, json?: unknown) => call<T>(fake, method, path, { token, json });
const LOOKER_ERROR_DOC = 'https://cloud.google.com/looker/docs/';

describe('create, rename, delete groups', () => {
  it('POST /groups creates a group the lists then show', async () => {
    const created = await send('POST', '/groups', { name: 'Data Platform' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'Data Platform', user_count: 0, externally_managed: false });
    const id = String(created.body.id);
    expect(fake.org.groups.map((g) => g.id)).toContain(id);
    const found = await call<Row[]>(fake, 'GET', '/groups/search', { token, query: { name: 'data platform' } });
    expect(found.body.map((g) => g.id)).toEqual([id]);
  });

  it('answers 422 ValidationError without a name and 409 on a duplicate (case-insensitive)', async () => {
    const missing = await send('POST', '/groups', {});
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({
      message: 'Validation Failed',
      documentation_url: LOOKER_ERROR_DOC,
      errors: [{ field: 'name', code: 'missing', message: 'Name is required', documentation_url: LOOKER_ERROR_DOC }],
    });
    const duplicate = await send('POST', '/groups', { name: 'analytics' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({ message: 'Group name already exists', documentation_url: LOOKER_ERROR_DOC });
  });

  it('answers 400 for a body that is not a JSON object', async () => {
    const reply = await fetch(`${fake.url}/api/4.0/groups`, {
      method: 'POST',
      headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(reply.status).toBe(400);
  });

  it('PATCH renames; DELETE removes the group from parents and members (204), then 404', async () => {
    const { body } = await send('POST', '/groups', { name: 'Temp' });
    const id = String(body.id);
    expect((await send('PATCH', `/groups/${id}`, { name: 'Temporary' })).body.name).toBe('Temporary');
    expect((await send('PATCH', `/groups/${id}`, { name: ' ' })).status).toBe(422);
    expect((await send('POST', `/groups/${id}/users`, { user_id: '10' })).status).toBe(200);
    expect((await send('POST', `/groups/${id}/groups`, { group_id: '1' })).status).toBe(200);

    const deleted = await send('DELETE', `/groups/${id}`);
    expect(deleted.status).toBe(204);
    expect(fake.org.users.find((u) => u.id === '10')?.group_ids).toEqual([]);
    expect(fake.org.groups.find((g) => g.id === '1')?.parent_group_ids).toEqual([]);
    expect((await send('DELETE', `/groups/${id}`)).status).toBe(404);
    expect((await send('PATCH', `/groups/${id}`, { name: 'x' })).status).toBe(404);
  });
});

describe('groups in groups', () => {
  it('POST /groups/{id}/groups nests a group, DELETE un-nests it', async () => {
    const added = await send('POST', '/groups/5/groups', { group_id: '7' });
    expect(added.status).toBe(200);
    expect(added.body.id).toBe('7');
    expect((await call<Row[]>(fake, 'GET', '/groups/5/groups', { token })).body.map((g) => g.id)).toEqual(['6', '7']);
    expect((await send('DELETE', '/groups/5/groups/7')).status).toBe(204);
    expect((await call<Row[]>(fake, 'GET', '/groups/5/groups', { token })).body.map((g) => g.id)).toEqual(['6']);
    expect((await send('DELETE', '/groups/5/groups/7')).status).toBe(404);
  });

  it('refuses a cycle with 422 (a group inside itself, or inside its own descendant)', async () => {
    expect((await send('POST', '/groups/4/groups', { group_id: '4' })).status).toBe(422);
    // Analytics (1) contains BI (2) contains BI Engineers (3) contains Dashboards Guild (4).
    const cycle = await send<{ errors: { field: string }[] }>('POST', '/groups/4/groups', { group_id: '1' });
    expect(cycle.status).toBe(422);
    expect(cycle.body.errors[0]?.field).toBe('group_id');
    expect(fake.org.groups.find((g) => g.id === '1')?.parent_group_ids).toEqual([]);
  });

  it('answers 404 for an unknown parent or child, 422 without group_id', async () => {
    expect((await send('POST', '/groups/99/groups', { group_id: '1' })).status).toBe(404);
    expect((await send('POST', '/groups/1/groups', { group_id: '99' })).status).toBe(404);
    expect((await send('POST', '/groups/1/groups', {})).status).toBe(422);
  });
});

describe('users in groups', () => {
  it('POST adds a member (idempotent), the member count follows, DELETE removes it', async () => {
    const before = (await call<Row>(fake, 'GET', '/groups/10', { token })).body.user_count as number;
    expect((await send('POST', '/groups/10/users', { user_id: '1' })).status).toBe(200);
    expect((await send('POST', '/groups/10/users', { user_id: '1' })).status).toBe(200);
    expect((await call<Row>(fake, 'GET', '/groups/10', { token })).body.user_count).toBe(before + 1);
    expect(
      (await call<Row[]>(fake, 'GET', '/groups/10/users', { token, query: { fields: 'id' } })).body,
    ).toContainEqual({ id: '1' });
    expect((await send('DELETE', '/groups/10/users/1')).status).toBe(204);
    // Removing a user who is no longer a member answers 204 too (Looker does not say whether anything changed).
    expect((await send('DELETE', '/groups/10/users/1')).status).toBe(204);
    expect((await send('DELETE', '/groups/10/users/999')).status).toBe(404);
    expect((await send('DELETE', '/groups/999/users/1')).status).toBe(404);
    expect((await call<Row>(fake, 'GET', '/groups/10', { token })).body.user_count).toBe(before);
  });

  it('accepts a form body too, and answers 404 for an unknown user', async () => {
    const form = await call(fake, 'POST', '/groups/10/users', { token, form: { user_id: '2' } });
    expect(form.status).toBe(200);
    expect((await send('POST', '/groups/10/users', { user_id: '999' })).status).toBe(404);
  });

  it('group roles reach a new member through nesting at once', async () => {
    // Jack has no roles; in "Dashboards Guild" he inherits LookML Developer from "Analytics", three levels up.
    await send('POST', '/groups/4/users', { user_id: '10' });
    expect((await call<Row[]>(fake, 'GET', '/users/10/roles', { token })).body.map((r) => r.name)).toEqual([
      'LookML Developer',
    ]);
  });
});

describe('group attribute values', () => {
  it('PATCH sets a value, DELETE answers 204, unknown groups 404', async () => {
    const set = await send('PATCH', '/groups/1/attribute_values/3', { value: 'emea' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ group_id: '1', user_attribute_id: '3', value: 'emea' });
    expect((await send('DELETE', '/groups/1/attribute_values/3')).status).toBe(204);
    expect((await send('DELETE', '/groups/99/attribute_values/3')).status).toBe(404);
  });
});
