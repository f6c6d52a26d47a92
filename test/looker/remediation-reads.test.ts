/**
 * The plan's reads on the sample instance: what they return, narrowed; how many calls they cost (a handful per
 * account, the cheaper route for direct roles, ids in chunks, alerts in pages); every request one the spec
 * declares; the call budget respected.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { SAMPLE_CASES, sampleOrganisation } from '../../src/fake-looker/index.js';
import { CallBudgetError } from '../../src/looker/errors.js';
import { readRemediation, type RemediationUser } from '../../src/looker/remediation-reads.js';
import { withSession } from '../../src/looker/fetch-account.js';
import { checkRequest } from '../helpers/oas.js';
import { closeAll, harness, org, rejection, type Harness } from './harness.js';

afterEach(closeAll);

const everyone = () => true;
const read = (h: Harness, userIds: string[], needsDirectRoles: (u: RemediationUser) => boolean = everyone) =>
  withSession(h.client, () => readRemediation(h.client, { userIds, apiUserId: null, needsDirectRoles }));
/** Requests by path (query left out), login and logout aside. */
const calls = (h: Harness) =>
  h.fake.requests
    .map((r) => `${r.method} ${r.path.replace('/api/4.0', '')}`)
    .filter((r) => !r.endsWith('/login') && !r.endsWith('/logout'))
    .sort();

describe('readRemediation on the sample', () => {
  it('reads the candidates, what they own and the release, narrowed', async () => {
    const h = await harness({ fake: { org: sampleOrganisation() } });
    const reads = await read(h, ['9', '17', '20', '21', '404']);
    expect(reads.apiUserId).toBe('1');
    expect(reads.lookerRelease).toBe('26.12.0');
    expect([...reads.users.keys()].sort()).toEqual(['17', '20', '21', '9']);
    expect(reads.users.get(SAMPLE_CASES.directoryManagedRoles)?.rolesExternallyManaged).toBe(true);
    expect(reads.users.get('17')?.apiKeys).toEqual([{ id: '17', isDisabled: false }]);
    expect(reads.users.get('9')).toMatchObject({ email: 'iris.ito@acme.example', groupIds: ['10'], isDisabled: false });
    expect(Object.fromEntries(reads.directRoleIds)).toEqual({ '9': [], '17': [], '20': [], '21': ['3'] });
    expect(reads.schedules.find((s) => s.id === '3')).toEqual({
      id: '3',
      name: 'Daily sales by rep',
      ownerId: '2',
      enabled: true,
      runAsRecipient: true,
      emailRecipients: [
        'iris.ito@acme.example',
        'eva.evans@acme.example',
        'sam.stone@acme.example',
        'quinn.quade@acme.example',
      ],
    });
    expect(reads.schedules).toHaveLength(6);
    expect(reads.alerts).toEqual([
      { id: '1', ownerId: '9', isDisabled: false },
      { id: '2', ownerId: '3', isDisabled: false },
      { id: '3', ownerId: '2', isDisabled: false },
    ]);
    expect(reads.content.get('9')).toEqual({ looks: 1, dashboards: 1 });
    expect(reads.content.get('17')).toEqual({ looks: 0, dashboards: 2 });
  });

  it('costs a handful of calls: one each, and direct roles only for users who hold roles', async () => {
    const h = await harness({ fake: { org: sampleOrganisation() } });
    await read(h, ['9', '17', '20', '21']);
    expect(calls(h)).toEqual([
      'GET /alerts/search',
      'GET /dashboards',
      'GET /looks',
      'GET /scheduled_plans',
      'GET /user',
      'GET /users',
      'GET /users/21/roles',
      'GET /versions',
    ]);
    expect(h.fake.requests.flatMap((r) => checkRequest(r.method, r.path, r.query))).toEqual([]);
  });

  it('takes the API user from the usage read when it has it, and reads no direct roles for users never changed', async () => {
    const h = await harness({ fake: { org: sampleOrganisation() } });
    const reads = await withSession(h.client, () =>
      readRemediation(h.client, { userIds: ['21', '22'], apiUserId: '1', needsDirectRoles: (u) => !u.isDisabled }),
    );
    expect(reads.apiUserId).toBe('1');
    expect(calls(h)).not.toContain('GET /user');
    expect(calls(h).filter((c) => c.endsWith('/roles') || c.endsWith('/users'))).toEqual([
      'GET /users',
      'GET /users/21/roles',
    ]);
    expect(reads.directRoleIds.has('22')).toBe(false);
  });

  it('reads direct roles per role when fewer roles than users hold them', async () => {
    const h = await harness({ fake: { org: sampleOrganisation() } });
    // Ada (the API user) and Uma both hold the Admin role directly: one role_users call instead of two user_roles.
    const reads = await read(h, ['1', '22']);
    expect(calls(h).filter((c) => c.includes('/roles'))).toEqual(['GET /roles/1/users']);
    expect(Object.fromEntries(reads.directRoleIds)).toEqual({ '1': ['1'], '22': ['1'] });
  });
});

describe('readRemediation at scale', () => {
  it('asks for users 100 ids at a time, and reads alerts page by page', async () => {
    const organisation = org(300, 5);
    organisation.alerts = Array.from({ length: 5 }, (_, i) => ({
      id: String(i + 1),
      owner_id: String(i + 1),
      is_disabled: false,
      disabled_reason: null,
      dashboard_element_id: '1',
      cron: '0 * * * *',
      field: { title: 'Orders', name: 'orders.count' },
      threshold: 1,
      destinations: [{ email_address: 'a@acme.example' }],
    }));
    const h = await harness({ fake: { org: organisation }, client: { pageSize: 2 } });
    const ids = organisation.users.slice(0, 250).map((u) => u.id);
    const reads = await read(h, ids, () => false);
    expect(reads.users.size).toBe(250);
    expect(calls(h).filter((c) => c === 'GET /users')).toHaveLength(3);
    expect(calls(h).filter((c) => c === 'GET /alerts/search')).toHaveLength(3);
    expect(reads.alerts.map((a) => a.id)).toEqual(['1', '2', '3', '4', '5']);
  });

  it("stops at the call budget with the client's own error", async () => {
    const h = await harness({ fake: { org: sampleOrganisation() }, client: { maxCalls: 5 } });
    const error = await rejection(read(h, ['9', '21']));
    expect(error).toBeInstanceOf(CallBudgetError);
    expect(h.fake.requests.length).toBeLessThanOrEqual(5);
  });
});
