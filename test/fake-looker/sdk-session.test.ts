/**
 * The official Looker TypeScript SDK (`@looker/sdk` + `@looker/sdk-node`) against the sample instance, beyond
 * official-sdk.test.ts: its settings and session life cycle, the sample's nesting and members as the SDK reads
 * them, and every request it sends checked against the spec.
 *
 * Settings (docs/looker-api.md, "The official SDK"; sdk-node nodeSettings.ts, sdk-rtl apiSettings.ts):
 * - `NodeSettings.readConfig()` returns environment values only, and `_login` calls `readConfig()` at every
 *   login, so credentials handed to the constructor would be ignored. The subclass overrides `readConfig()`.
 * - `envPrefix` '' : readEnvConfig('') reads nothing, so no LOOKERSDK_* variable can leak in (proved below).
 *   NodeSettings (not NodeSettingsIniFile) never opens a looker.ini.
 * - http: the SDK does not refuse an http base_url. `verify_ssl` stays true: `false` would make NodeTransport
 *   set NODE_TLS_REJECT_UNAUTHORIZED=0 for the whole process.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Looker40SDK, type IGroupHierarchy, type IUser } from '@looker/sdk';
import { NodeSession, NodeTransport } from '@looker/sdk-node';
import {
  SAMPLE_CREDENTIALS,
  sampleOrganisation,
  startFakeLooker,
  type FakeLooker,
} from '../../src/fake-looker/index.js';
import { checkRequest } from '../helpers/oas.js';
import { InstanceSettings } from '../helpers/sdk-settings.js';

const newSdk = (url: string, secret = SAMPLE_CREDENTIALS.clientSecret) => {
  const settings = new InstanceSettings(url, { client_id: SAMPLE_CREDENTIALS.clientId, client_secret: secret });
  return new Looker40SDK(new NodeSession(settings, new NodeTransport(settings)));
};

const sample = sampleOrganisation();
let fake: FakeLooker;
let sdk: Looker40SDK;

beforeAll(async () => {
  // sdk-rtl's baseTransport logs "AbortSignal.timeout is not defined" through console.debug on every request
  // precisely when AbortSignal.timeout IS defined and no cancel signal is passed (a misplaced else): noise.
  jest.spyOn(console, 'debug').mockImplementation(() => {});
  fake = await startFakeLooker();
  sdk = newSdk(fake.url);
});
afterAll(async () => {
  jest.restoreAllMocks();
  await fake.close();
});

const trace = (from: number) => fake.requests.slice(from).map((r) => `${r.method} ${r.path} ${r.status}`);

describe('@looker/sdk settings and session against the sample instance', () => {
  it("takes nothing from LOOKERSDK_* variables (envPrefix '') and its credentials from readConfig()", () => {
    const keys = ['LOOKERSDK_BASE_URL', 'LOOKERSDK_CLIENT_ID', 'LOOKERSDK_CLIENT_SECRET'] as const;
    const saved = keys.map((k) => process.env[k]);
    try {
      process.env.LOOKERSDK_BASE_URL = 'https://elsewhere.example';
      process.env.LOOKERSDK_CLIENT_ID = 'env-id';
      process.env.LOOKERSDK_CLIENT_SECRET = 'env-secret';
      const settings = new InstanceSettings(fake.url, { client_id: 'a', client_secret: 'b' });
      expect(settings.base_url).toBe(fake.url);
      expect(settings.readConfig()).toEqual({ client_id: 'a', client_secret: 'b' });
    } finally {
      keys.forEach((k, i) => {
        if (saved[i] === undefined) delete process.env[k];
        else process.env[k] = saved[i];
      });
    }
    expect(sdk.authSession.isAuthenticated()).toBe(false);
  });

  it('logs in implicitly (form body, nothing in the query) on the first call, then sends Bearer', async () => {
    const before = fake.requests.length;
    expect(await sdk.ok(sdk.me('id'))).toEqual({ id: '1' });
    expect(trace(before)).toEqual(['POST /api/4.0/login 200', 'GET /api/4.0/user 200']);
    expect(fake.requests[before]).toMatchObject({ query: {}, bodyKeys: ['client_id', 'client_secret'], auth: 'none' });
    expect(fake.requests[before + 1]?.auth).toBe('bearer');
    expect(sdk.authSession.isAuthenticated()).toBe(true);
  });

  it('all_users({ limit, offset, fields, sorts }) paged until a short page: every user once, only the fields asked for', async () => {
    const limit = 7;
    const users: IUser[] = [];
    for (let page = 0; page < 20; page++) {
      const rows = await sdk.ok(
        sdk.all_users({ limit, offset: page * limit, fields: 'id,email,role_ids,group_ids', sorts: 'id' }),
      );
      users.push(...rows);
      if (rows.length < limit) break;
    }
    expect(users.map((u) => u.id)).toEqual(sample.users.map((u) => u.id));
    for (const user of users) expect(Object.keys(user).sort()).toEqual(['email', 'group_ids', 'id', 'role_ids']);
    expect(users.find((u) => u.id === '19')).toEqual({
      id: '19',
      email: 'rosa.ruiz@acme.example',
      role_ids: [],
      group_ids: ['6', '7'],
    });
  });

  it('search_groups_with_hierarchy({ limit, offset }) paged: "BI" (2) sits in "Analytics", "BI Engineers" (3) in "BI", the Ops cycle intact', async () => {
    const limit = 4;
    const groups: IGroupHierarchy[] = [];
    for (let page = 0; page < 20; page++) {
      const rows = await sdk.ok(sdk.search_groups_with_hierarchy({ limit, offset: page * limit }));
      groups.push(...rows);
      if (rows.length < limit) break;
    }
    expect(groups.map((g) => g.id)).toEqual(sample.groups.map((g) => g.id));
    const byName = new Map(groups.map((g) => [g.name, g]));
    expect(byName.get('BI')).toMatchObject({ id: '2', parent_group_ids: ['1'] });
    expect(byName.get('BI Engineers')).toMatchObject({ id: '3', parent_group_ids: ['2'] });
    expect(byName.get('Ops')?.parent_group_ids).toEqual(['9']);
    expect(byName.get('Ops Leads')).toMatchObject({ parent_group_ids: ['8'], role_ids: ['5'] });
    expect(byName.get('Sales')).toMatchObject({ role_ids: ['3'], user_count: 3 });
  });

  it('all_group_groups(2): "BI" contains "BI Engineers" only (direct children); a leaf contains nothing', async () => {
    expect((await sdk.ok(sdk.all_group_groups('2'))).map((g) => [g.id, g.name])).toEqual([['3', 'BI Engineers']]);
    expect(await sdk.ok(sdk.all_group_groups('4'))).toEqual([]);
  });

  it('all_group_users({ group_id }): "Sales" has Dan Diaz, Nora Nash and Sam Stone directly (not "Sales EMEA"\'s Eva)', async () => {
    const members = await sdk.ok(sdk.all_group_users({ group_id: '5' }));
    expect(members.map((u) => u.display_name)).toEqual(['Dan Diaz', 'Nora Nash', 'Sam Stone']);
    expect(await sdk.ok(sdk.all_group_users({ group_id: '5', limit: 2, offset: 2, fields: 'id' }))).toEqual([
      { id: '20' },
    ]);
  });

  it('sdk.logout() (the API method): DELETE /logout 204 ends the server session', async () => {
    const before = fake.requests.length;
    await sdk.ok(sdk.logout());
    expect(trace(before)).toEqual(['DELETE /api/4.0/logout 204']);
    expect(fake.liveSessions(SAMPLE_CREDENTIALS.clientId)).toBe(0);
  });

  it('...but the session keeps the dead token: 401 "Requires authentication.", no re-login, until reset()', async () => {
    expect(sdk.authSession.isAuthenticated()).toBe(true);
    const before = fake.requests.length;
    await expect(sdk.ok(sdk.me('id'))).rejects.toThrow('Requires authentication.');
    expect(trace(before)).toEqual(['GET /api/4.0/user 401']);

    sdk.authSession.reset();
    expect(await sdk.ok(sdk.me('id'))).toEqual({ id: '1' });
    expect(trace(before + 1)).toEqual(['POST /api/4.0/login 200', 'GET /api/4.0/user 200']);
  });

  it('authSession.logout() sends DELETE /logout and forgets the token', async () => {
    const before = fake.requests.length;
    expect(await sdk.authSession.logout()).toBe(true);
    expect(sdk.authSession.isAuthenticated()).toBe(false);
    expect(fake.liveSessions()).toBe(0);
    expect(trace(before)).toEqual(['DELETE /api/4.0/logout 204']);
  });

  it('a wrong secret: the 404 login answer as an SDK error that does not carry the secret', async () => {
    const secret = 'wrong-secret-7d2e';
    const bad = newSdk(fake.url, secret);
    const error = await bad.ok(bad.me('id')).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/Not found/);
    expect(`${error?.message} ${String(error?.stack)}`).not.toContain(secret);
    expect(bad.authSession.isAuthenticated()).toBe(false);
  });

  it('the secret never reaches a URL or the request log', () => {
    const log = JSON.stringify(fake.requests);
    expect(log).not.toContain(SAMPLE_CREDENTIALS.clientSecret);
    expect(log).not.toContain('wrong-secret-7d2e');
  });

  it('every request the SDK sent is a declared operation with declared query parameters', () => {
    expect(fake.requests.length).toBeGreaterThan(10);
    expect(fake.requests.flatMap((r) => checkRequest(r.method, r.path, Object.keys(r.query)))).toEqual([]);
  });
});
