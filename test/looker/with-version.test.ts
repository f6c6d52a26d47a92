/** fetchAccount({ withVersion }): the release costs one GET /versions, and only when asked for. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { fetchAccount } from '../../src/looker/fetch-account.js';
import { closeAll, countOf, harness, org } from './harness.js';

afterEach(closeAll);

const VERSIONS = '/api/4.0/versions';

describe('fetchAccount withVersion', () => {
  it('by default reads no release and sends no /versions request', async () => {
    const { fake, client } = await harness({ fake: { org: org(5, 1), release: '25.20.3' } });
    const snapshot = await fetchAccount(client);
    expect(snapshot.lookerRelease).toBeNull();
    expect(countOf(fake, VERSIONS)).toBe(0);
    expect(snapshot.apiCalls).toBe(6); // login, roles twice, groups, users, logout
  });

  it('withVersion adds exactly one GET /versions and reports the release', async () => {
    const { fake, client } = await harness({ fake: { org: org(5, 1), release: '25.20.3' } });
    const snapshot = await fetchAccount(client, { withVersion: true });
    expect(snapshot.lookerRelease).toBe('25.20.3');
    expect(countOf(fake, VERSIONS, 'GET')).toBe(1);
    expect(snapshot.apiCalls).toBe(7);
    expect(snapshot.apiCalls).toBe(fake.requests.length);
    expect(fake.liveSessions()).toBe(0);
  });
});
