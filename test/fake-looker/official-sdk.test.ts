/**
 * The official TypeScript SDK (@looker/sdk + @looker/sdk-node) works against the fake: the strongest evidence
 * that it speaks Looker. Settings come from a NodeSettings subclass whose readConfig() returns the credentials
 * (test/helpers/sdk-settings.ts says why). The SDK does not insist on https: base_url http://127.0.0.1 works, and verify_ssl plays no part on http.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Looker40SDK, type IGroupHierarchy, type IUser } from '@looker/sdk';
import { NodeSession } from '@looker/sdk-node';
import {
  SAMPLE_CASES,
  SAMPLE_CREDENTIALS,
  sampleOrganisation,
  startFakeLooker,
  type FakeLooker,
} from '../../src/fake-looker/index.js';
import { InstanceSettings } from '../helpers/sdk-settings.js';

const sample = sampleOrganisation();
let fake: FakeLooker;
let sdk: Looker40SDK;

// Jest's node environment lacks AbortSignal.timeout, so sdk-rtl baseTransport logs a console.debug line per
// request; the timeout plays no part here.
const quietDebug = jest.spyOn(console, 'debug').mockImplementation(() => {});

beforeAll(async () => {
  fake = await startFakeLooker();
  const settings = new InstanceSettings(fake.url, {
    client_id: SAMPLE_CREDENTIALS.clientId,
    client_secret: SAMPLE_CREDENTIALS.clientSecret,
  });
  sdk = new Looker40SDK(new NodeSession(settings));
});
afterAll(async () => {
  quietDebug.mockRestore();
  await fake.close();
});

describe('@looker/sdk against the fake', () => {
  it('logs in with a form body and then sends Bearer tokens', async () => {
    const me = await sdk.ok(sdk.me('id,email'));
    expect(me).toEqual({ id: '1', email: 'ada.admin@acme.example' });
    expect(fake.liveSessions(SAMPLE_CREDENTIALS.clientId)).toBe(1);
    const [loginRequest, meRequest] = fake.requests;
    expect(loginRequest).toMatchObject({
      method: 'POST',
      path: '/api/4.0/login',
      status: 200,
      bodyKeys: ['client_id', 'client_secret'],
      query: {},
    });
    expect(meRequest).toMatchObject({ path: '/api/4.0/user', auth: 'bearer', status: 200 });
  });

  it('all_users, paged with limit/offset, returns every sample user once', async () => {
    const seen: IUser[] = [];
    for (let offset = 0, guard = 0; guard < 10; guard++, offset += 10) {
      const page = await sdk.ok(
        sdk.all_users({ limit: 10, offset, sorts: 'id', fields: 'id,email,credentials_email(logged_in_at)' }),
      );
      seen.push(...page);
      if (page.length < 10) break;
    }
    expect(seen.map((u) => u.id)).toEqual(sample.users.map((u) => u.id));
    expect(seen.find((u) => u.id === SAMPLE_CASES.neverLoggedIn)?.credentials_email?.logged_in_at).toBeNull();
    const pages = fake.requests.filter((r) => r.path === '/api/4.0/users');
    expect(pages.map((r) => r.query.offset)).toEqual(['0', '10', '20']);
  });

  it('all_roles embeds permission sets; support roles only on request', async () => {
    const roles = await sdk.ok(sdk.all_roles({ fields: 'id,name,permission_set(all_access,permissions)' }));
    expect(roles.map((r) => r.name)).toEqual(sample.roles.filter((r) => !r.internal).map((r) => r.name));
    expect(roles.find((r) => r.name === 'Admin')?.permission_set?.all_access).toBe(true);
    const all = await sdk.ok(sdk.all_roles({ get_all_support_roles: true }));
    expect(all.map((r) => r.name)).toContain('Looker Support');
  });

  it('search_groups_with_hierarchy shows the nesting a Developer seat comes through', async () => {
    const groups: IGroupHierarchy[] = await sdk.ok(
      sdk.search_groups_with_hierarchy({ limit: 50, offset: 0, sorts: 'id' }),
    );
    const byId = new Map(groups.map((g) => [g.id, g]));
    const ben = sample.users.find((u) => u.id === SAMPLE_CASES.developerThreeLevelsUp);
    const chain: string[] = [];
    for (let id = ben?.group_ids[0], guard = 0; id !== undefined && guard < 10; guard++) {
      const group = byId.get(id);
      chain.push(String(group?.name));
      id = group?.parent_group_ids?.[0];
    }
    expect(chain).toEqual(['Dashboards Guild', 'BI Engineers', 'BI', 'Analytics']);
    expect(byId.get('1')?.role_ids).toEqual(['2']);
  });

  it('all_group_groups and all_group_users', async () => {
    expect((await sdk.ok(sdk.all_group_groups('1'))).map((g) => g.name)).toEqual(['BI']);
    const members = await sdk.ok(sdk.all_group_users({ group_id: '7', limit: 3, offset: 0, sorts: 'id' }));
    expect(members.map((u) => u.id)).toEqual(['6', '7', '18']);
  });

  it('surfaces Looker errors as the SDK does (message from the Error body)', async () => {
    await expect(sdk.ok(sdk.user('999'))).rejects.toThrow('Not found');
  });

  it('logout ends the session on the server', async () => {
    expect(await sdk.authSession.logout()).toBe(true);
    expect(fake.liveSessions()).toBe(0);
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'DELETE',
      path: '/api/4.0/logout',
      status: 204,
      auth: 'bearer',
    });
  });

  it('a wrong secret fails the login with the 404 Looker sends', async () => {
    const bad = new Looker40SDK(
      new NodeSession(
        new InstanceSettings(fake.url, { client_id: SAMPLE_CREDENTIALS.clientId, client_secret: 'wrong' }),
      ),
    );
    await expect(bad.ok(bad.me())).rejects.toThrow('Not found');
    expect(fake.liveSessions()).toBe(0);
  });
});
