/**
 * The client on the networks of real users: proxies (a real one on 127.0.0.1: CONNECT and plain
 * forwarding), TLS (a real TLS front with a certificate made at test time), bounded responses (endless body,
 * gzip bomb, a drip, a hanging logout), secrets redacted from echoed server text, and messages that say what
 * happened.
 */
import type { LookupAddress } from 'node:dns';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import got from 'got';
import type { Api3AccountConfig as AccountConfig } from '../../src/config/types.js';
import { startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { createLookerClient, type LookerClientOptions } from '../../src/looker/client.js';
import { LookerApiError } from '../../src/looker/errors.js';
import { fetchAccount } from '../../src/looker/fetch-account.js';
import { checkLogin as testLogin } from '../../src/looker/login-check.js';
import { accountFor, closeAll, countOf, harness, LOGIN, LOGOUT, org, rejection, ROLES, USERS } from './harness.js';
import {
  hasOpenssl,
  selfSignedCertificate,
  startProxy,
  startTlsFront,
  TEST_HOST,
  type Certificate,
  type TestProxy,
  type TlsFront,
} from './net-helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((f) => f()));
  await closeAll();
});

const portOf = (url: string) => Number(new URL(url).port);

/** A client on `account` whose sleeps are recorded, not waited, and whose log lines are kept. */
function clientFor(account: AccountConfig, extra: Partial<LookerClientOptions> = {}) {
  const logs: string[] = [];
  const waits: number[] = [];
  const secret = account.secret.kind === 'literal' ? account.secret.value : '';
  const client = createLookerClient({
    account,
    resolveSecret: async () => secret,
    sleep: async (ms) => {
      waits.push(ms);
    },
    log: (line) => logs.push(line),
    env: {},
    ...extra,
  });
  return { client, logs, waits };
}

/** got whose DNS knows looker.test as 127.0.0.1, for the direct (NO_PROXY, proxy: none) cases. */
const gotKnowingTestHost = got.extend({
  dnsLookup: ((hostname: string, options: unknown, callback: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (
      error: Error | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void;
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true;
    if (hostname !== TEST_HOST && hostname !== '127.0.0.1') {
      cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
      return;
    }
    if (all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
    else cb(null, '127.0.0.1', 4);
  }) as never,
});

async function fakeLooker(): Promise<FakeLooker> {
  const fake = await startFakeLooker({ org: org(12, 2) });
  cleanups.push(() => fake.close());
  return fake;
}
async function proxy(options?: { requireAuth?: string }): Promise<TestProxy> {
  const p = await startProxy(options);
  cleanups.push(() => p.close());
  return p;
}

const tls = hasOpenssl() ? describe : describe.skip;
let certificate: Certificate | undefined;
function cert(): Certificate {
  certificate ??= selfSignedCertificate();
  return certificate;
}
afterAll(() => certificate?.remove());
async function tlsFront(fake: FakeLooker): Promise<TlsFront> {
  const front = await startTlsFront(cert(), portOf(fake.url));
  cleanups.push(() => front.close());
  return front;
}

describe('proxies', () => {
  it('an account proxy with credentials: every request of a plain-http account is tunnelled through it', async () => {
    const fake = await fakeLooker();
    const p = await proxy({ requireAuth: 'ann:pr0xy-pa$$' });
    const account = accountFor(fake, {
      url: `http://${TEST_HOST}:${portOf(fake.url)}`,
      allowInsecureHttp: true,
      proxy: `http://ann:${encodeURIComponent('pr0xy-pa$$')}@127.0.0.1:${p.port}`,
    });
    const { client } = clientFor(account);
    const snapshot = await fetchAccount(client);
    expect(snapshot.users).toHaveLength(12);
    // looker.test resolves only at the proxy: nothing could have gone direct.
    expect(p.connects.length).toBeGreaterThanOrEqual(1);
    expect(p.connects.every((target) => target === `${TEST_HOST}:${portOf(fake.url)}`)).toBe(true);
    expect(p.forwarded).toHaveLength(0);
    expect(p.credentials.length).toBe(p.connects.length);
    expect(p.credentials.every((c) => c === 'ann:pr0xy-pa$$')).toBe(true);
    expect(countOf(fake, LOGOUT)).toBe(1);
  });

  it('loopback targets never go through an environment proxy (the demo works behind HTTP_PROXY)', async () => {
    const fake = await fakeLooker();
    const p = await proxy();
    const { client } = clientFor(accountFor(fake), { env: { HTTP_PROXY: p.url, HTTPS_PROXY: p.url } });
    await testLogin(client);
    expect(p.forwarded).toHaveLength(0);
    expect(p.connects).toHaveLength(0);
  });

  it('a proxy that refuses the connection is named without its credentials', async () => {
    const fake = await fakeLooker();
    const p = await proxy();
    await p.close();
    const account = accountFor(fake, {
      url: `http://${TEST_HOST}:${portOf(fake.url)}`,
      allowInsecureHttp: true,
      proxy: `http://ann:s3cret-PROXY-pw@127.0.0.1:${p.port}`,
    });
    const { client, logs } = clientFor(account);
    const error = await rejection(testLogin(client));
    expect(error.message).toBe(
      `POST /api/4.0/login: connection to the proxy http://127.0.0.1:${p.port} refused (is the proxy URL right?) (after 3 retries)`,
    );
    expect([error.message, ...logs].join('\n')).not.toMatch(/s3cret-PROXY-pw|ann:/);
  });

  it('a proxy that wants other credentials (407) says so, and never prints the ones given', async () => {
    const fake = await fakeLooker();
    const p = await proxy({ requireAuth: 'ann:right' });
    const account = accountFor(fake, {
      url: `http://${TEST_HOST}:${portOf(fake.url)}`,
      allowInsecureHttp: true,
      proxy: `http://ann:wr0ng-PROXY-pw@127.0.0.1:${p.port}`,
    });
    const { client, logs } = clientFor(account);
    const error = await rejection(testLogin(client));
    expect(error.message).toMatch(/POST \/api\/4\.0\/login -> 407, the proxy requires authentication/);
    expect([error.message, ...logs].join('\n')).not.toContain('wr0ng-PROXY-pw');
  });

  it('an environment proxy URL that cannot be used fails the account naming the variable, not its value', async () => {
    const fake = await fakeLooker();
    const account = accountFor(fake, { url: `https://${TEST_HOST}:1` });
    const { client } = clientFor(account, { env: { https_proxy: 'socks5://u:S3CR3T@proxy:1080' } });
    const error = await rejection(testLogin(client));
    expect(error.message).toBe('https_proxy: only http:// and https:// proxies are supported (not socks5)');
    expect(fake.requests).toHaveLength(0);
  });

  tls('HTTPS through a proxy (CONNECT)', () => {
    it('HTTPS_PROXY tunnels every request with CONNECT; ca_file makes the certificate trusted', async () => {
      const fake = await fakeLooker();
      const front = await tlsFront(fake);
      const p = await proxy();
      const account = accountFor(fake, { url: `https://${TEST_HOST}:${front.port}`, caFile: cert().certFile });
      const { client } = clientFor(account, { env: { HTTPS_PROXY: p.url } });
      const snapshot = await fetchAccount(client);
      expect(snapshot.users).toHaveLength(12);
      expect(p.connects.length).toBeGreaterThanOrEqual(1);
      expect(p.connects.every((target) => target === `${TEST_HOST}:${front.port}`)).toBe(true);
      expect(p.forwarded).toHaveLength(0);
    });

    it.each([
      ['NO_PROXY names the host', { HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: `other.example,.${TEST_HOST}` }, {}],
      ['NO_PROXY is *', { https_proxy: 'http://127.0.0.1:9', no_proxy: '*' }, {}],
      ['the account says proxy: none', { HTTPS_PROXY: 'http://127.0.0.1:9' }, { proxy: 'none' }],
    ])('%s: the request goes direct, never to the proxy', async (_name, env, overrides) => {
      const fake = await fakeLooker();
      const front = await tlsFront(fake);
      const p = await proxy();
      const proxied = { ...env } as Record<string, string>;
      for (const key of Object.keys(proxied)) if (/_proxy$/i.test(key) && !/^no_/i.test(key)) proxied[key] = p.url;
      const account = accountFor(fake, {
        url: `https://${TEST_HOST}:${front.port}`,
        caFile: cert().certFile,
        ...overrides,
      });
      const { client } = clientFor(account, { env: proxied, got: gotKnowingTestHost });
      await testLogin(client);
      expect(p.connects).toHaveLength(0);
      expect(countOf(fake, LOGIN)).toBe(1);
    });
  });
});

tls('TLS', () => {
  it('a self-signed certificate names the cause and the fix, and is not retried', async () => {
    const fake = await fakeLooker();
    const front = await tlsFront(fake);
    const { client, waits } = clientFor(accountFor(fake, { url: `https://127.0.0.1:${front.port}` }));
    const error = await rejection(testLogin(client));
    expect(error.message).toBe(
      'POST /api/4.0/login: self-signed certificate: add the CA with ca_file, or verify_ssl: false for this account',
    );
    expect(error.message).not.toMatch(/DEPTH_ZERO|retries/);
    expect(waits).toEqual([]);
  });

  it('with ca_file holding that certificate the login passes (public roots stay trusted: see got-options)', async () => {
    const fake = await fakeLooker();
    const front = await tlsFront(fake);
    const { client } = clientFor(accountFor(fake, { url: `https://127.0.0.1:${front.port}`, caFile: cert().certFile }));
    await expect(testLogin(client)).resolves.toMatchObject({ release: '26.12.0' });
  });

  it('verify_ssl: false for this account passes too', async () => {
    const fake = await fakeLooker();
    const front = await tlsFront(fake);
    const { client } = clientFor(accountFor(fake, { url: `https://127.0.0.1:${front.port}`, verifyTls: false }));
    await expect(testLogin(client)).resolves.toMatchObject({ release: '26.12.0' });
  });

  it('https:// to a plain-HTTP port says so (not EPROTO)', async () => {
    const fake = await fakeLooker();
    const { client } = clientFor(accountFor(fake, { url: fake.url.replace('http:', 'https:') }));
    const error = await rejection(testLogin(client));
    expect(error.message).toBe(
      'POST /api/4.0/login: https:// to a port that speaks plain HTTP (no TLS handshake): check the scheme and port of the url',
    );
  });

  it('an unreadable ca_file fails the account at its first request, naming the file', async () => {
    const fake = await fakeLooker();
    const { client } = clientFor(accountFor(fake, { caFile: '/nonexistent/ca.pem' }));
    const error = await rejection(testLogin(client));
    expect(error.message).toBe('cannot read ca_file /nonexistent/ca.pem: no such file');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('bounded responses', () => {
  const MB = 1024 * 1024;

  it('an endless body stops at max_response_mb: the account fails, its session is logged out', async () => {
    const { fake, client } = await harness({ account: { maxResponseBytes: 2 * MB } });
    fake.inject({ path: USERS }, { kind: 'endless' });
    const error = await rejection(fetchAccount(client));
    expect(error).toBeInstanceOf(LookerApiError);
    expect(error.message).toMatch(
      /^GET \/api\/4\.0\/users: the response is larger than max_response_mb: not read further/,
    );
    expect(countOf(fake, USERS)).toBe(1);
    expect(fake.liveSessions()).toBe(0);
    expect(countOf(fake, LOGOUT)).toBe(1);
  });

  it('a gzip bomb stops at max_response_mb once decompressed', async () => {
    const { fake, client } = await harness({ account: { maxResponseBytes: 2 * MB } });
    fake.inject({ path: ROLES }, { kind: 'gzip-bomb', expandsToMb: 16 });
    const error = await rejection(fetchAccount(client));
    expect(error.message).toMatch(
      /GET \/api\/4\.0\/roles: the compressed response expands past max_response_mb \(a decompression bomb\?\)/,
    );
    expect(fake.liveSessions()).toBe(0);
  });

  it('a compressed body within the limit is decoded as usual', async () => {
    const { fake, client } = await harness({ account: { maxResponseBytes: 20 * MB } });
    fake.inject({ path: ROLES }, { kind: 'gzip-bomb', expandsToMb: 1 });
    // 1 MB of JSON whitespace is not a JSON value: the body was decoded and then judged, not refused for its size.
    const error = await rejection(client.getJson('roles'));
    expect(error.message).toBe('GET /api/4.0/roles -> 200, malformed JSON in the response');
  });

  it('a server that drips is bounded by the timeout, then retried; the message says both', async () => {
    const { fake, client, waits } = await harness({ account: { timeoutMs: 300 } });
    fake.inject({ path: USERS, times: 4 }, { kind: 'drip', intervalMs: 50 });
    const error = await rejection(client.getJson('users'));
    expect(error.message).toBe(
      'GET /api/4.0/users: timed out (no complete response within the 300 ms timeout) (after 3 retries)',
    );
    expect(waits).toEqual([500, 1000, 2000]);
  });

  it('a hanging logout is given at most one retry and does not fail the run', async () => {
    const { fake, client, logs } = await harness({ account: { timeoutMs: 300 } });
    await client.login();
    fake.inject({ path: LOGOUT, times: 5 }, { kind: 'latency', ms: 5000 });
    await expect(client.logout()).resolves.toBeUndefined();
    expect(countOf(fake, LOGOUT)).toBe(2);
    expect(logs.at(-1)).toMatch(/^logout failed: DELETE \/api\/4\.0\/logout: timed out .*\(after 1 retry\)$/);
  });
});

describe('server text is redacted', () => {
  it('a login 404 that echoes the form body: no client_secret in the message, raw or URL-encoded', async () => {
    const secret = 'echo-SECRET with spaces&symbols=+/';
    const fake = await startFakeLooker({ credentials: [{ clientId: 'echo-id', clientSecret: 'other' }] });
    cleanups.push(() => fake.close());
    fake.inject({ path: LOGIN }, { kind: 'echo' });
    const { client } = clientFor(accountFor(fake, { clientId: 'echo-id', secret: { kind: 'literal', value: secret } }));
    const error = await rejection(testLogin(client));
    expect(error.message).toContain('client_secret=<redacted>');
    expect(error.message).toContain('client_id=echo-id');
    for (const form of [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)])
      expect(error.message).not.toContain(form);
    expect(error.message).toMatch(/login refused: wrong client_id or client_secret/);
  });

  it('a list error that echoes the Authorization header: no access token in the message', async () => {
    const h = await harness();
    h.fake.inject({ path: USERS }, { kind: 'echo', status: 400 });
    const error = await rejection(fetchAccount(h.client));
    expect(h.http.tokens).toHaveLength(1);
    expect(error.message).toContain('authorization=token <redacted>');
    expect(error.message).not.toContain(h.http.tokens[0]);
  });
});

describe('messages that say what happened', () => {
  it.each([
    [302, /login redirected to https:\/\/sso\.example\/saml \(not followed\): the url must be the API host/],
    [400, /login rejected as a bad request \(400\)/],
    [403, /login forbidden \(403\): the API is blocked for this machine/],
    [500, /Looker server error at login/],
    [503, /Looker unavailable at login \(503 from Looker or a proxy in front of it\) \(after 3 retries\)/],
  ])('a login answered %i is not called "wrong client_id or client_secret"', async (status, expected) => {
    const { fake, client } = await harness();
    fake.inject(
      { path: LOGIN, times: 4 },
      status === 302
        ? { kind: 'redirect', location: 'https://sso.example/saml?SAMLRequest=abc' }
        : { kind: 'status', status },
    );
    const error = await rejection(testLogin(client));
    expect(error.message).toMatch(expected);
    expect(error.message).not.toMatch(/wrong client_id/);
    expect(error.message).not.toContain('SAMLRequest');
  });

  it('a redirect on a list names its Location (without its query)', async () => {
    const { fake, client } = await harness();
    fake.inject({ path: USERS }, { kind: 'redirect', status: 301, location: 'https://acme.looker.com/login?token=x' });
    const error = await rejection(fetchAccount(client));
    expect(error.message).toMatch(
      /GET \/api\/4\.0\/users -> 301, redirected to https:\/\/acme\.looker\.com\/login \(not followed, the token would go with it\)/,
    );
    expect(error.message).not.toContain('token=x');
  });

  it('a 429 whose Retry-After is over the cap says it was not retried, not "retries exhausted"', async () => {
    const { fake, client } = await harness();
    fake.inject({ path: USERS }, { kind: 'status', status: 429, retryAfter: '3600' });
    const error = await rejection(client.getJson('users'));
    expect(error.message).toMatch(
      /-> 429, rate-limited by Looker \(Retry-After 3600 s is over the 60 s cap: not retried\)/,
    );
    expect(error.message).not.toMatch(/exhausted|after \d+ retr/);
  });

  it('a null row names the endpoint instead of "Cannot read properties of null"', async () => {
    const { fake, client } = await harness();
    fake.inject({ path: USERS }, { kind: 'status', status: 200, body: '[null]' });
    const error = await rejection(fetchAccount(client));
    expect(error.message).toMatch(/GET \/api\/4\.0\/users: row 0 is null, not an object/);
    expect(error.message).not.toMatch(/Cannot read properties/);
  });
});
