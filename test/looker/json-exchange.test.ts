/**
 * The JSON exchange for every method: what goes out (method, path, JSON body, Authorization), what comes back
 * (a JSON answer, or none for 204), and what is an error, on the fake Looker's group writes and on a scripted
 * server for the writes the fake does not serve. The same session, budget and stop signal as every read.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { AccountConfig } from '../../src/config/types.js';
import { createLookerClient, type LookerClientOptions } from '../../src/looker/client.js';
import { CallBudgetError, LookerApiError, RequestsStoppedError } from '../../src/looker/errors.js';
import { createTransport } from '../../src/looker/transport.js';
import { authenticatorDouble } from './authenticator-double.js';
import { closeAll, harness, rejection } from './harness.js';
import { startScriptedServer, type Reply, type ScriptedServer } from './scripted-server.js';

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await closeAll();
});

const accountOn = (url: string): AccountConfig => ({
  name: 'writes',
  url,
  clientId: 'unused',
  secret: { kind: 'literal', value: '' },
  verifyTls: true,
  timeoutMs: 2000,
  allowInsecureHttp: false,
});

async function scripted(reply: (n: number) => Reply, options: Partial<LookerClientOptions> = {}) {
  const server = await startScriptedServer((_request, n) => reply(n));
  servers.push(server);
  const client = createLookerClient({
    account: accountOn(server.url),
    authenticator: authenticatorDouble(),
    env: {},
    sleep: async () => {},
    ...options,
  });
  return { server, client };
}

describe('on the fake Looker: a user added to a group and removed again', () => {
  it('POST answers the user (200), DELETE answers 204 with no body; the change is really made', async () => {
    const { fake, client } = await harness();
    const user = fake.org.users.find((u) => u.group_ids.length === 0) ?? fake.org.users[0]!;
    const group = fake.org.groups.find((g) => !user.group_ids.includes(g.id))!;
    const added = await client.exchangeJson<{ id: string; group_ids: string[] }>('POST', `groups/${group.id}/users`, {
      body: { user_id: user.id },
    });
    expect(added.body?.id).toBe(user.id);
    expect(added.body?.group_ids).toContain(group.id);
    const removed = await client.exchangeJson('DELETE', `groups/${group.id}/users/${user.id}`);
    expect(removed.body).toBeUndefined();
    const { body } = await client.getJson<{ group_ids: string[] }>(`users/${user.id}`, { fields: 'group_ids' });
    expect(body.group_ids).not.toContain(group.id);
    const [post, del] = fake.requests.filter((r) => r.path.startsWith('/api/4.0/groups/'));
    expect(post).toMatchObject({ method: 'POST', status: 200, auth: 'token', bodyKeys: ['user_id'] });
    expect(del).toMatchObject({ method: 'DELETE', status: 204, auth: 'token', bodyKeys: [] });
  });

  it('a POST to a group that does not exist: 404, not retried', async () => {
    const { fake, client } = await harness();
    const error = await rejection(client.exchangeJson('POST', 'groups/999999/users', { body: { user_id: '1' } }));
    expect(error).toBeInstanceOf(LookerApiError);
    expect(error.message).toMatch(/^POST \/api\/4\.0\/groups\/999999\/users -> 404, not found/);
    expect(fake.requests.filter((r) => r.path === '/api/4.0/groups/999999/users')).toHaveLength(1);
  });
});

describe('on a scripted server: the writes of remediation', () => {
  it('PATCH /users/{id} sends exactly {"is_disabled":true} as JSON, with the session token', async () => {
    const { server, client } = await scripted(() => ({ status: 200, json: { id: '7', is_disabled: true } }));
    const { body } = await client.exchangeJson('PATCH', 'users/7', { body: { is_disabled: true }, kind: 'idempotent' });
    expect(body).toEqual({ id: '7', is_disabled: true });
    expect(server.received).toEqual([
      {
        method: 'PATCH',
        path: '/api/4.0/users/7',
        query: '',
        authorization: 'Bearer tok-1',
        contentType: 'application/json',
        body: '{"is_disabled":true}',
      },
    ]);
  });

  it('PUT /users/{id}/roles sends the whole array of role ids', async () => {
    const { server, client } = await scripted(() => ({ status: 200, json: [{ id: '1' }, { id: '2' }] }));
    const { body } = await client.exchangeJson('PUT', 'users/7/roles', { body: ['1', '2'] });
    expect(body).toEqual([{ id: '1' }, { id: '2' }]);
    expect(server.received[0]).toMatchObject({ method: 'PUT', body: '["1","2"]', contentType: 'application/json' });
  });

  it('DELETE without a body: nothing sent but the path, a 204 read as no body', async () => {
    const { server, client } = await scripted(() => ({ status: 204 }));
    const { body } = await client.exchangeJson('DELETE', 'groups/3/users/7');
    expect(body).toBeUndefined();
    expect(server.received[0]).toMatchObject({ method: 'DELETE', body: '', contentType: undefined });
  });

  it('a query string goes with any method', async () => {
    const { server, client } = await scripted(() => ({ status: 200, json: [] }));
    await client.exchangeJson('GET', 'users/7/roles', { searchParams: { direct_association_only: 'true' } });
    expect(server.received[0]?.query).toBe('?direct_association_only=true');
  });

  it('201 with JSON is an answer too', async () => {
    const { client } = await scripted(() => ({ status: 201, json: { id: '12' } }));
    expect((await client.exchangeJson('POST', 'scheduled_plans', { body: { name: 'x' } })).body).toEqual({ id: '12' });
  });

  it.each([
    [
      'a 200 that is an HTML page',
      { status: 200, text: '<html>', headers: { 'content-type': 'text/html' } },
      /-> 200, expected JSON, got text\/html$/,
    ],
    [
      'a 200 with malformed JSON',
      { status: 200, text: '{', headers: { 'content-type': 'application/json' } },
      /-> 200, malformed JSON in the response$/,
    ],
    [
      'a 422 with a ValidationError',
      {
        status: 422,
        json: { message: 'Validation Failed', errors: [{ field: 'is_disabled', message: 'is invalid' }] },
      },
      /-> 422, unexpected response: Looker says "Validation Failed \(is_disabled is invalid\)"$/,
    ],
  ] as const)('%s is a typed error naming what came', async (_name, reply, expected) => {
    const { client } = await scripted(() => reply);
    const error = await rejection(client.exchangeJson('PATCH', 'users/7', { body: { is_disabled: true } }));
    expect(error).toBeInstanceOf(LookerApiError);
    expect(error.message).toMatch(/^PATCH \/api\/4\.0\/users\/7 /);
    expect(error.message).toMatch(expected);
  });

  it('getJson needs a JSON value: a 204 to a read is an error', async () => {
    const { client } = await scripted(() => ({ status: 204 }));
    const error = await rejection(client.getJson('versions'));
    expect(error.message).toBe('GET /api/4.0/versions -> 204, expected JSON, got no content');
  });

  it('writes spend the call budget like reads, keeping one call for the logout', async () => {
    const { server, client } = await scripted(() => ({ status: 204 }), { maxCalls: 3 });
    await client.exchangeJson('DELETE', 'groups/3/users/7');
    await client.exchangeJson('DELETE', 'groups/3/users/8');
    const error = await rejection(client.exchangeJson('DELETE', 'groups/3/users/9'));
    expect(error).toBeInstanceOf(CallBudgetError);
    expect(error.message).toBe(
      'call budget of 3 API calls reached before DELETE /api/4.0/groups/3/users/9 (one call is kept for the logout)',
    );
    expect(server.received).toHaveLength(2);
  });

  it('after a stop no write is sent', async () => {
    const stop = new AbortController();
    stop.abort();
    const { server, client } = await scripted(() => ({ status: 200, json: [] }), { signal: stop.signal });
    const error = await rejection(client.exchangeJson('PUT', 'users/7/roles', { body: [] }));
    expect(error).toBeInstanceOf(RequestsStoppedError);
    expect(server.received).toEqual([]);
  });
});

describe('the transport', () => {
  it('a path from the root leaves /api/4.0 out (where OAuth asks for tokens)', async () => {
    const { server } = await scripted(() => ({ status: 200, json: { access_token: 'a' } }));
    const transport = createTransport({ account: accountOn(server.url), env: {} });
    const answer = await transport.exchange(
      { method: 'POST', path: '/api/token', kind: 'once', form: { grant_type: 'refresh_token' } },
      2000,
      () => () => {},
    );
    expect(answer.statusCode).toBe(200);
    expect(server.received[0]).toMatchObject({
      method: 'POST',
      path: '/api/token',
      contentType: 'application/x-www-form-urlencoded',
      body: 'grant_type=refresh_token',
      authorization: undefined,
    });
  });
});
