/**
 * Every request the client sends is one the official spec declares: method, path and query parameter names
 * (test/helpers/oas.ts). Covers the whole fetch, a re-login on 401, retries, `accounts --test` and a logout.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { fetchAccount } from '../../src/looker/fetch-account.js';
import { checkLogin } from '../../src/looker/login-check.js';
import { checkRequest } from '../helpers/oas.js';
import { closeAll, harness, org, USERS } from './harness.js';

afterEach(closeAll);

describe('requests conform to Looker.4.0.oas.json', () => {
  it('fetchAccount with paging, a re-login, a retry and the release', async () => {
    const { fake, client } = await harness({ fake: { org: org(35, 12) }, client: { pageSize: 10 } });
    fake.inject({ path: USERS, skip: 1 }, { kind: 'expire-token' });
    fake.inject({ path: USERS, skip: 2 }, { kind: 'status', status: 503, retryAfter: '1' });
    await fetchAccount(client, { withVersion: true });
    const sent = new Set(fake.requests.map((r) => `${r.method} ${r.path}`));
    // The run really covered every kind of request the client makes.
    expect([...sent].sort()).toEqual(
      [
        'DELETE /api/4.0/logout',
        'GET /api/4.0/groups/search/with_hierarchy',
        'GET /api/4.0/roles',
        'GET /api/4.0/users',
        'GET /api/4.0/versions',
        'POST /api/4.0/login',
      ].sort(),
    );
    expect(fake.requests.filter((r) => r.path === '/api/4.0/login')).toHaveLength(2);
    const problems = fake.requests.flatMap((r) => checkRequest(r.method, r.path, r.query));
    expect(problems).toEqual([]);
    // The paged lists use limit/offset, not the deprecated page/per_page.
    for (const r of fake.requests.filter(
      (q) => q.method === 'GET' && q.path !== '/api/4.0/roles' && q.path !== '/api/4.0/versions',
    )) {
      expect(Object.keys(r.query).sort()).toEqual(['fields', 'limit', 'offset', 'sorts']);
    }
  });

  it('checkLogin (accounts --test)', async () => {
    const { fake, client } = await harness();
    await checkLogin(client);
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests.flatMap((r) => checkRequest(r.method, r.path, r.query))).toEqual([]);
  });

  it('the checker itself rejects an undeclared parameter (so the assertions above can fail)', () => {
    expect(checkRequest('GET', '/api/4.0/users', { colour: 'red' })).toEqual([
      'GET /api/4.0/users: undeclared query parameter "colour"',
    ]);
  });
});
