/**
 * The requests the audit itself sends (fetchAccount, checkLogin: src/looker) against the sample instance,
 * checked one by one against the official spec: each must be a declared operation under /api/4.0 with only
 * declared query parameters. The fake records every request (method, path, query, status), so nothing the
 * client does escapes the check, concurrent pages and retries included.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { AccountConfig } from '../../src/config/types.js';
import { createLookerClient, type LookerClient } from '../../src/looker/client.js';
import { fetchAccount } from '../../src/looker/fetch-account.js';
import { checkLogin } from '../../src/looker/login-check.js';
import {
  generateOrganisation,
  SAMPLE_CREDENTIALS,
  startFakeLooker,
  type FakeLooker,
  type RecordedRequest,
} from '../../src/fake-looker/index.js';
import { checkRequest, findOperation } from '../helpers/oas.js';

const account = (url: string, secret = SAMPLE_CREDENTIALS.clientSecret): AccountConfig => ({
  name: 'sample',
  url,
  clientId: SAMPLE_CREDENTIALS.clientId,
  secret: { kind: 'literal', value: secret },
  verifyTls: true,
  timeoutMs: 10_000,
  allowInsecureHttp: true,
});

let fake: FakeLooker;
const logLines: string[] = [];
const noSleep: number[] = [];
const client = (options: { pageSize?: number; secret?: string } = {}): LookerClient =>
  createLookerClient({
    account: account(fake.url, options.secret),
    resolveSecret: async () => options.secret ?? SAMPLE_CREDENTIALS.clientSecret,
    pageSize: options.pageSize ?? 50,
    // Retries wait through this: recorded, never real time.
    sleep: async (ms) => {
      noSleep.push(ms);
    },
    log: (line) => logLines.push(line),
  });

const problems = (requests: readonly RecordedRequest[]) =>
  requests.flatMap((r) => checkRequest(r.method, r.path, Object.keys(r.query)));
const operations = (requests: readonly RecordedRequest[]) =>
  [...new Set(requests.map((r) => findOperation(r.method, r.path)?.operationId ?? `? ${r.method} ${r.path}`))].sort();

describe('requests of the audit client against Looker.4.0.oas.json', () => {
  beforeAll(async () => {
    // Enough users and groups for several pages of 50, fetched concurrently after the first (X-Total-Count).
    fake = await startFakeLooker({ org: generateOrganisation({ seed: 7, users: 230, groups: 60, nestingDepth: 4 }) });
  });
  afterAll(() => fake.close());
  afterEach(() => {
    fake.clearFaults();
  });

  it('checkRequest itself finds what the spec does not declare', () => {
    expect(checkRequest('GET', '/api/4.0/users', ['limit', 'offset', 'fields', 'sorts'])).toEqual([]);
    expect(checkRequest('GET', '/api/4.0/users?limit=1&colour=red')).toEqual([
      'GET /api/4.0/users: undeclared query parameter "colour"',
    ]);
    expect(checkRequest('GET', '/api/4.0/users/12/roles', { direct_association_only: 'true', page: '1' })).toEqual([
      'GET /api/4.0/users/12/roles: undeclared query parameter "page"',
    ]);
    expect(checkRequest('PUT', '/api/4.0/logout')).toEqual(['PUT /api/4.0/logout: the spec has no such operation']);
    expect(checkRequest('GET', '/api/4.0/users/12/licence')).toEqual([
      'GET /api/4.0/users/12/licence: the spec has no such operation',
    ]);
    expect(checkRequest('GET', '/api/3.1/users')).toEqual(['GET /api/3.1/users: outside the API base /api/4.0']);
    expect(checkRequest('GET', '/users')).toEqual(['GET /users: outside the API base /api/4.0']);
  });

  it('fetchAccount: login, roles, groups with hierarchy and users (paged), logout: all declared', async () => {
    const before = fake.requests.length;
    const snapshot = await fetchAccount(client());
    const sent = fake.requests.slice(before);

    expect(snapshot.users).toHaveLength(230);
    expect(snapshot.groups).toHaveLength(60);
    // all_roles with get_all_support_roles: the internal support role too.
    expect(snapshot.roles).toHaveLength(fake.org.roles.length);
    expect(snapshot.apiCalls).toBe(sent.length);

    expect(problems(sent)).toEqual([]);
    expect(operations(sent)).toEqual(['all_roles', 'all_users', 'login', 'logout', 'search_groups_with_hierarchy']);
    // 230 users in pages of 50: 5 pages; 60 groups: 2 pages; nothing per user or per group.
    expect(sent.filter((r) => r.path === '/api/4.0/users')).toHaveLength(5);
    expect(sent.filter((r) => r.path === '/api/4.0/groups/search/with_hierarchy')).toHaveLength(2);
    expect(sent.every((r) => r.status >= 200 && r.status < 300)).toBe(true);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      path: '/api/4.0/login',
      auth: 'none',
      query: {},
      bodyKeys: ['client_id', 'client_secret'],
    });
    expect(sent.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/4.0/logout', status: 204, auth: 'token' });
    expect(sent.slice(1).every((r) => r.auth === 'token')).toBe(true);
  });

  it('fetchAccount through retries and a re-login still sends only declared requests', async () => {
    fake.inject({ method: 'GET', path: '/api/4.0/users', skip: 1 }, { kind: 'status', status: 503, retryAfter: '2' });
    fake.inject({ method: 'GET', path: '/api/4.0/roles' }, { kind: 'status', status: 429, retryAfter: '1' });
    fake.inject({ method: 'GET', path: '/api/4.0/groups/search/with_hierarchy' }, { kind: 'expire-token' });
    const before = fake.requests.length;
    noSleep.length = 0;
    const snapshot = await fetchAccount(client());
    const sent = fake.requests.slice(before);

    expect(snapshot.users).toHaveLength(230);
    expect(sent.map((r) => r.status)).toEqual(expect.arrayContaining([503, 429, 401]));
    expect(sent.filter((r) => r.path === '/api/4.0/login')).toHaveLength(2);
    expect(noSleep).toEqual(expect.arrayContaining([2000, 1000]));
    expect(problems(sent)).toEqual([]);
  });

  it('checkLogin: login, versions, logout: all declared', async () => {
    const before = fake.requests.length;
    const result = await checkLogin(client());
    const sent = fake.requests.slice(before);
    expect(result).toEqual({ release: '26.12.0', apiCalls: 3 });
    expect(sent.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /api/4.0/login 200',
      'GET /api/4.0/versions 200',
      'DELETE /api/4.0/logout 204',
    ]);
    expect(problems(sent)).toEqual([]);
  });

  it('a refused login is one declared request, and the secret appears in no error, log line or recorded request', async () => {
    const secret = 'not-the-secret-4f1c9a';
    const before = fake.requests.length;
    logLines.length = 0;
    const error = await checkLogin(client({ secret })).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    const sent = fake.requests.slice(before);
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toMatch(/404/);
    expect(sent.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /api/4.0/login 404']);
    expect(problems(sent)).toEqual([]);
    const everything = [
      error?.message,
      String(error?.stack),
      JSON.stringify(error?.cause ?? null),
      ...logLines,
      JSON.stringify(fake.requests),
    ].join('\n');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(SAMPLE_CREDENTIALS.clientSecret);
  });

  it('no request the audit sent during this file names an operation the spec lacks, or carries a token in its query', () => {
    expect(fake.requests.length).toBeGreaterThan(10);
    expect(problems(fake.requests)).toEqual([]);
    for (const r of fake.requests) expect(Object.keys(r.query)).not.toEqual(expect.arrayContaining(['access_token']));
  });
});
