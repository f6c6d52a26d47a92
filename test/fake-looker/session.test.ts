import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SAMPLE_CREDENTIALS, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { call, login } from './client.js';

const LOOKER_ERROR_DOC = 'https://cloud.google.com/looker/docs/';
let fake: FakeLooker;
let clock = Date.UTC(2026, 10, 23, 12);

beforeAll(async () => {
  fake = await startFakeLooker({
    now: () => clock,
    tokenTtlSeconds: 60,
    credentials: [SAMPLE_CREDENTIALS, { clientId: 'second-id', clientSecret: 'second-secret' }],
  });
});
afterAll(() => fake.close());

describe('startFakeLooker', () => {
  it('listens on 127.0.0.1 only, on an ephemeral port, without /api/4.0 in its url', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.url).not.toMatch(/:0$/);
  });
});

describe('POST /login', () => {
  it('issues an AccessToken for form-body credentials', async () => {
    const reply = await call<Record<string, unknown>>(fake, 'POST', '/login', {
      form: { client_id: 'sample-client-id', client_secret: 'sample-client-secret' },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.body).toEqual({
      access_token: expect.stringMatching(/^[0-9a-f]{40}$/),
      token_type: 'Bearer',
      expires_in: 60,
      refresh_token: null,
    });
  });

  it('still accepts credentials as query params (deprecated by Looker before the end of 2026)', async () => {
    const reply = await call(fake, 'POST', '/login', {
      query: { client_id: 'second-id', client_secret: 'second-secret' },
    });
    expect(reply.status).toBe(200);
  });

  it.each([
    ['a wrong secret', { client_id: 'sample-client-id', client_secret: 'nope' }],
    ['an unknown client id', { client_id: 'who', client_secret: 'sample-client-secret' }],
    ['no credentials', {}],
    ["another key's secret", { client_id: 'sample-client-id', client_secret: 'second-secret' }],
  ])("answers 404 with Looker's Error body for %s", async (_name, form) => {
    const reply = await call(fake, 'POST', '/login', { form });
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ message: 'Not found', documentation_url: LOOKER_ERROR_DOC });
  });

  it('records the names of body fields, never their values, and redacts a secret sent in the query', async () => {
    const before = fake.requests.length;
    await call(fake, 'POST', '/login', {
      form: { client_id: 'sample-client-id', client_secret: 'sample-client-secret' },
    });
    await call(fake, 'POST', '/login', { query: { client_id: 'second-id', client_secret: 'second-secret' } });
    const [formLogin, queryLogin] = fake.requests.slice(before);
    expect(formLogin).toMatchObject({
      method: 'POST',
      path: '/api/4.0/login',
      status: 200,
      auth: 'none',
      bodyKeys: ['client_id', 'client_secret'],
      query: {},
    });
    expect(queryLogin?.query).toEqual({ client_id: 'second-id', client_secret: '<redacted>' });
    expect(JSON.stringify(fake.requests)).not.toMatch(/sample-client-secret|second-secret/);
  });
});

describe('authentication', () => {
  it('accepts `token <t>` (the spec) and `Bearer <t>` (the TS SDK), and records which', async () => {
    const token = await login(fake);
    expect((await call(fake, 'GET', '/user', { token })).status).toBe(200);
    expect((await call(fake, 'GET', '/user', { token, scheme: 'Bearer' })).status).toBe(200);
    expect(fake.requests.slice(-2).map((r) => r.auth)).toEqual(['token', 'bearer']);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an unknown token', 'f'.repeat(40)],
    ['an empty token', ''],
  ])('answers 401 "Requires authentication." for %s', async (_name, token) => {
    const reply = await call(fake, 'GET', '/users', { token });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ message: 'Requires authentication.', documentation_url: LOOKER_ERROR_DOC });
  });

  it('expires tokens by the injected clock, after expires_in seconds', async () => {
    const token = await login(fake);
    clock += 59_000;
    expect((await call(fake, 'GET', '/user', { token })).status).toBe(200);
    clock += 1_000;
    expect((await call(fake, 'GET', '/user', { token })).status).toBe(401);
    // Once expired, always expired, even if the clock went back.
    clock -= 10_000;
    expect((await call(fake, 'GET', '/user', { token })).status).toBe(401);
  });

  it('answers 404 for an unknown path once authenticated, and for paths outside /api/4.0', async () => {
    const token = await login(fake);
    expect((await call(fake, 'GET', '/no_such_thing', { token })).body).toEqual({
      message: 'Not found',
      documentation_url: LOOKER_ERROR_DOC,
    });
    const outside = await fetch(`${fake.url}/api/3.1/users`);
    expect(outside.status).toBe(404);
  });
});

describe('sessions', () => {
  it('counts live sessions per client id; logout (204) ends one; the token then gets 401', async () => {
    fake.expireAllTokens();
    expect(fake.liveSessions()).toBe(0);
    const first = await login(fake);
    await login(fake, { clientId: 'second-id', clientSecret: 'second-secret' });
    expect(fake.liveSessions()).toBe(2);
    expect(fake.liveSessions('sample-client-id')).toBe(1);

    const out = await call(fake, 'DELETE', '/logout', { token: first });
    expect(out.status).toBe(204);
    expect(out.text).toBe('');
    expect(fake.liveSessions('sample-client-id')).toBe(0);
    expect((await call(fake, 'GET', '/user', { token: first })).status).toBe(401);
    expect((await call(fake, 'DELETE', '/logout', { token: first })).status).toBe(401);
  });

  it('expireAllTokens invalidates every token at once', async () => {
    const token = await login(fake);
    fake.expireAllTokens();
    expect(fake.liveSessions()).toBe(0);
    expect((await call(fake, 'GET', '/user', { token })).status).toBe(401);
  });

  it('liveSessions leaves out tokens past their expiry', async () => {
    fake.expireAllTokens();
    await login(fake);
    clock += 61_000;
    expect(fake.liveSessions()).toBe(0);
  });
});

describe('GET /versions', () => {
  it('reports the configured release', async () => {
    const other = await startFakeLooker({ release: '25.20.1' });
    try {
      const token = await login(other);
      const reply = await call<{ looker_release_version: string; current_version: { version: string } }>(
        other,
        'GET',
        '/versions',
        { token },
      );
      expect(reply.body.looker_release_version).toBe('25.20.1');
      expect(reply.body.current_version.version).toBe('4.0');
    } finally {
      await other.close();
    }
  });
});
