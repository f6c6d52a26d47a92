/**
 * What apply and undo send: each write is an operation the spec declares, with exactly the body it declares and
 * nothing more (a PATCH of a user carries `is_disabled` alone), sent as an idempotent request and answered with its
 * status; the one-user re-read costs 2 calls plus 1 per schedule list asked for, each request one the spec
 * declares, and a user deleted since reads as absent rather than as an error.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { sampleOrganisation } from '../../src/fake-looker/index.js';
import { withSession } from '../../src/looker/fetch-account.js';
import { readUserFacts, sendWrite, writeRequest, type WriteTarget } from '../../src/looker/remediation-writes.js';
import { checkRequest, validateRequestBody } from '../helpers/oas.js';
import { closeAll, harness } from './harness.js';

afterEach(closeAll);

const TARGETS: readonly [WriteTarget, string, unknown][] = [
  [{ op: 'disable_user', userId: '9' }, 'PATCH users/9', { is_disabled: true }],
  [{ op: 'enable_user', userId: '9' }, 'PATCH users/9', { is_disabled: false }],
  [{ op: 'set_direct_roles', userId: '21', roleIds: ['3', '4'] }, 'PUT users/21/roles', ['3', '4']],
  [{ op: 'add_to_group', userId: '3', groupId: '7' }, 'POST groups/7/users', { user_id: '3' }],
  [{ op: 'remove_from_group', userId: '3', groupId: '3' }, 'DELETE groups/3/users/3', null],
  [{ op: 'reassign_schedule', scheduleId: '1', ownerId: '2' }, 'PATCH scheduled_plans/1', { user_id: '2' }],
  [{ op: 'enable_schedule', scheduleId: '2' }, 'PATCH scheduled_plans/2', { enabled: true }],
];

describe('writeRequest', () => {
  it.each(TARGETS)('%j: the spec declares it, body and all', (target, line, body) => {
    const request = writeRequest(target);
    expect(`${request.method} ${request.path}`).toBe(line);
    expect(request.body).toEqual(body);
    const path = `/api/4.0/${request.path}`;
    expect(checkRequest(request.method, path)).toEqual([]);
    if (request.body !== null) expect(validateRequestBody(request.method, path, request.body)).toEqual([]);
  });

  it('each is sent once when answered, and its status comes back (204 for a DELETE)', async () => {
    const h = await harness({ fake: { org: sampleOrganisation() } });
    const statuses = await withSession(h.client, async () => {
      const out: number[] = [];
      for (const [target] of TARGETS) out.push(await sendWrite(h.client, writeRequest(target)));
      return out;
    });
    expect(statuses).toEqual([200, 200, 200, 200, 204, 200, 200]);
    const writes = h.fake.requests.filter((r) => r.method !== 'GET' && !/\/log(in|out)$/.test(r.path));
    expect(writes.map((r) => r.bodyKeys)).toEqual([
      ['is_disabled'],
      ['is_disabled'],
      [],
      ['user_id'],
      [],
      ['user_id'],
      ['enabled'],
    ]);
  });
});

describe('readUserFacts', () => {
  it('reads one user in 2 calls, and 1 more per schedule list asked for, each declared by the spec', async () => {
    const h = await harness({ fake: { org: sampleOrganisation() } });
    const facts = await withSession(h.client, () => readUserFacts(h.client, '9', { schedules: true, owners: ['2'] }));
    expect(facts.user).toMatchObject({ id: '9', isDisabled: false, groupIds: ['10'] });
    expect(facts.directRoleIds).toEqual([]);
    expect(facts.owned?.map((s) => [s.id, s.enabled])).toEqual([
      ['1', true],
      ['2', false],
    ]);
    expect(facts.ownedBy.get('2')?.map((s) => s.id)).toEqual(['3']);
    const reads = h.fake.requests.filter((r) => r.method === 'GET');
    expect(reads).toHaveLength(4);
    for (const r of reads) expect(checkRequest(r.method, r.path, r.query)).toEqual([]);
  });

  it('a user deleted since reads as absent', async () => {
    const h = await harness({ fake: { org: sampleOrganisation() } });
    const facts = await withSession(h.client, () => readUserFacts(h.client, '404', { schedules: false, owners: [] }));
    expect(facts).toEqual({ user: undefined, directRoleIds: [], owned: undefined, ownedBy: new Map() });
  });
});
