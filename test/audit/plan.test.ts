/**
 * The planner, table-driven: every kind of step, every block, the prediction that proves the steps, and the
 * guards that span an account (the last Admin). Pure: no server.
 */
import { describe, expect, it } from '@jest/globals';
import { IDP_ADVICE } from '../../src/audit/plan-blocks.js';
import type { RemediationSettings } from '../../src/audit/plan-item.js';
import type { RemediationUser } from '../../src/looker/remediation-reads.js';
import { parsePlan } from '../../src/plan/parse.js';
import type { PlanDocument } from '../../src/plan/types.js';
import type { PlanBlock, PlanTarget, Tier } from '../../src/vocabulary.js';
import { aCandidateUser, candidate, planDocumentOf, planOf, URL } from './plan-fixture.js';

interface Case {
  readonly name: string;
  readonly user: Partial<RemediationUser>;
  readonly to: PlanTarget;
  readonly settings?: Partial<RemediationSettings>;
  readonly apiUserId?: string;
  /** Planned: the steps as `op target`; blocked: the block. */
  readonly steps?: readonly string[];
  readonly block?: PlanBlock;
  readonly predicted?: Tier;
  readonly reason?: RegExp;
}

const CASES: Case[] = [
  { name: 'reclaim: disable the user', user: { roleIds: ['r2'] }, to: 'reclaim', steps: ['disable_user'] },
  {
    name: 'reclaim of a user whose roles the IdP manages: disabling is no role change',
    user: { groupIds: ['g4'], rolesExternallyManaged: true },
    to: 'reclaim',
    steps: ['disable_user'],
  },
  {
    name: 'a direct Developer role swapped for the configured Standard role, in one set_direct_roles',
    user: { roleIds: ['r2', 'r4'] },
    to: 'standard',
    steps: ['set_direct_roles r2,r4 -> r3,r4'],
    predicted: 'standard',
  },
  {
    name: 'Developer through a nested group: add the Viewer group first, then leave the direct group on the path',
    user: { groupIds: ['g3'] },
    to: 'viewer',
    steps: ['add_to_group g5', 'remove_from_group g3'],
    predicted: 'viewer',
  },
  {
    name: 'another group already grants the target: leaving the Developer path is enough',
    user: { groupIds: ['g3', 'g6'] },
    to: 'standard',
    steps: ['remove_from_group g3'],
    predicted: 'standard',
  },
  {
    name: 'a direct Standard role dropped, the Viewer group stays (roles through groups are never made direct)',
    user: { roleIds: ['r3'], groupIds: ['g5'] },
    to: 'viewer',
    steps: ['set_direct_roles r3 -> '],
    predicted: 'viewer',
  },
  {
    name: 'several paths: the direct role and both direct groups that reach a Developer role',
    user: { roleIds: ['r2'], groupIds: ['g2', 'g1', 'g6'] },
    to: 'standard',
    steps: ['set_direct_roles r2 -> ', 'remove_from_group g1', 'remove_from_group g2'],
    predicted: 'standard',
  },
  {
    name: 'a group whose roles the user does not take (allow_roles_from_normal_groups: false) is left alone',
    user: { roleIds: ['r2'], groupIds: ['g1'], allowRolesFromNormalGroups: false },
    to: 'standard',
    steps: ['set_direct_roles r2 -> r3'],
    predicted: 'standard',
  },
  {
    name: 'nothing configured for the target: blocked, saying which key to set',
    user: { roleIds: ['r2'] },
    to: 'viewer',
    settings: { groups: {} },
    block: 'target-not-reached',
    reason: /would be none, not viewer: set remediation\.groups\.viewer or remediation\.roles\.viewer/,
  },
  {
    name: 'the configured grant is too high: blocked with what the tier would be',
    user: { roleIds: ['r2'] },
    to: 'viewer',
    settings: { groups: {}, roles: { viewer: 'LookML Developer' } },
    block: 'target-not-reached',
    reason: /with role "LookML Developer" the tier would be developer/,
  },
  {
    name: 'the configured group is not there: blocked, naming the key',
    user: { roleIds: ['r2'] },
    to: 'viewer',
    settings: { groups: { viewer: 'Readers' } },
    block: 'target-not-reached',
    reason: /remediation\.groups\.viewer: no group named "Readers"/,
  },
  {
    name: 'the configured group is managed by the IdP: not used',
    user: { roleIds: ['r2'] },
    to: 'viewer',
    settings: { groups: { viewer: 'Okta Viewers' } },
    block: 'target-not-reached',
    reason: /"Okta Viewers" is managed by the identity provider/,
  },
  {
    name: 'the configured group fails, the configured role works: the role is used',
    user: { roleIds: ['r2'] },
    to: 'viewer',
    settings: { groups: { viewer: 'Readers' }, roles: { viewer: 'Viewer' } },
    steps: ['set_direct_roles r2 -> r4'],
    predicted: 'viewer',
  },
  {
    name: 'already at the target',
    user: { roleIds: ['r4'] },
    to: 'viewer',
    block: 'target-not-reached',
    reason: /already viewer: nothing to lower/,
  },
  {
    name: 'Developer through a group the IdP manages',
    user: { groupIds: ['g4'] },
    to: 'viewer',
    block: 'identity-provider',
    reason: /developer comes through group "Okta Devs", which the identity provider manages/,
  },
  {
    name: 'roles managed by the IdP (roles_externally_managed)',
    user: { roleIds: ['r2'], rolesExternallyManaged: true },
    to: 'standard',
    block: 'identity-provider',
    reason: /roles are managed by the identity provider/,
  },
  { name: 'the API user', user: { roleIds: ['r1'] }, to: 'reclaim', apiUserId: '1', block: 'api-user' },
  {
    name: 'a verified Looker employee',
    user: { roleIds: ['r5'], verifiedLookerEmployee: true },
    to: 'reclaim',
    block: 'looker-support',
  },
  { name: 'a holder of a Looker support role', user: { roleIds: ['r5'] }, to: 'reclaim', block: 'looker-support' },
  { name: 'an embed user', user: { groupIds: ['g5'], isEmbed: true }, to: 'reclaim', block: 'embed' },
  { name: 'a disabled user', user: { roleIds: ['r2'], isDisabled: true }, to: 'reclaim', block: 'disabled' },
  {
    name: 'a service account',
    user: { roleIds: ['r3'], isServiceAccount: true },
    to: 'reclaim',
    block: 'service-account',
  },
  {
    name: 'a service account, with --include-service-accounts',
    user: { roleIds: ['r3'], isServiceAccount: true },
    to: 'reclaim',
    settings: { includeServiceAccounts: true },
    steps: ['disable_user'],
  },
];

const stepText = (s: PlanDocument['accounts'][number]['items'][number]['steps'][number]): string => {
  switch (s.op) {
    case 'set_direct_roles':
      return `${s.op} ${s.from.map((r) => r.id).join(',')} -> ${s.to.map((r) => r.id).join(',')}`;
    case 'add_to_group':
    case 'remove_from_group':
      return `${s.op} ${s.group.id}`;
    case 'reassign_schedule':
      return `${s.op} ${s.schedule.id} -> ${s.to_user_id}`;
    case 'disable_user':
      return s.op;
  }
};

describe('one user', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const account = planOf(
      { users: [aCandidateUser('1', c.user)], apiUserId: c.apiUserId ?? 'api' },
      [candidate('1', c.to)],
      c.settings,
    );
    const item = account.items[0]!;
    if (c.block === undefined) {
      expect({ status: item.status, reason: item.blocked_reason }).toEqual({ status: 'planned', reason: undefined });
      expect(item.steps.map(stepText)).toEqual(c.steps);
      if (c.to === 'reclaim') expect(item.predicted.seat).toBe(false);
      else expect(item.predicted.tier).toBe(c.predicted);
    } else {
      expect(item.status).toBe('blocked');
      expect(item.block).toBe(c.block);
      expect(item.steps).toEqual([]);
      expect(item.predicted.tier).toBe(item.tier);
    }
    if (c.reason) expect(item.blocked_reason).toMatch(c.reason);
    if (c.block === 'identity-provider') expect(item.blocked_reason).toContain(IDP_ADVICE);
  });

  it('a user gone since the audit is blocked, named as the audit saw them', () => {
    const account = planOf({ users: [] }, [candidate('9', 'reclaim')]);
    expect(account.items[0]).toMatchObject({ status: 'blocked', block: 'unknown-user', name: 'User 9', steps: [] });
  });

  it('the tier and name are the fresh state, not the audit minutes before', () => {
    const account = planOf(
      { users: [aCandidateUser('1', { roleIds: ['r3'], firstName: 'Ana', lastName: 'Lee' })] },
      [candidate('1', 'viewer')],
      { groups: {}, roles: { viewer: 'Viewer' } },
    );
    expect(account.items[0]).toMatchObject({ tier: 'standard', name: 'Ana Lee', status: 'planned' });
  });
});

describe('schedules, impact and the before state', () => {
  const schedules = [
    { id: 's1', name: 'Weekly', ownerId: '1', enabled: true, runAsRecipient: false, emailRecipients: [] },
    { id: 's2', name: 'Paused', ownerId: '1', enabled: false, runAsRecipient: false, emailRecipients: [] },
    { id: 's3', name: 'Per rep', ownerId: '2', enabled: true, runAsRecipient: true, emailRecipients: ['U1@ACME.test'] },
    { id: 's4', name: 'Plain', ownerId: '2', enabled: true, runAsRecipient: false, emailRecipients: ['u1@acme.test'] },
  ];
  const world = {
    users: [aCandidateUser('1', { roleIds: ['r2'], groupIds: ['g6'], apiKeys: [{ id: 'k1', isDisabled: false }] })],
    schedules,
    reads: {
      alerts: [
        { id: 'a1', ownerId: '1', isDisabled: false },
        { id: 'a2', ownerId: '2', isDisabled: false },
      ],
      content: new Map([['1', { looks: 2, dashboards: 1 }]]),
    },
  };

  it('records what undo needs and what a reviewer weighs', () => {
    const item = planOf(world, [candidate('1', 'reclaim')]).items[0]!;
    expect(item.before).toEqual({
      is_disabled: false,
      direct_role_ids: ['r2'],
      direct_group_ids: ['g6'],
      schedules: [
        { id: 's1', name: 'Weekly', enabled: true, run_as_recipient: false },
        { id: 's2', name: 'Paused', enabled: false, run_as_recipient: false },
      ],
      alerts: [{ id: 'a1', is_disabled: false }],
      api_keys: [{ id: 'k1', is_disabled: false }],
    });
    // The run-as-recipient schedule that delivers to her (matched without case); the plain one still delivers.
    expect(item.impact).toEqual({
      schedules_owned: 2,
      run_as_recipient: 1,
      alerts_owned: 1,
      content_created: { looks: 2, dashboards: 1 },
      api_keys: 1,
    });
  });

  it('--reassign-schedules-to gives every owned schedule to the new owner before the disable', () => {
    const item = planOf(world, [candidate('1', 'reclaim')], { reassignSchedulesTo: '7' }).items[0]!;
    expect(item.steps.map(stepText)).toEqual([
      'reassign_schedule s1 -> 7',
      'reassign_schedule s2 -> 7',
      'disable_user',
    ]);
  });
});

describe('the last Admin', () => {
  const admins = (...ids: string[]) => ids.map((id) => aCandidateUser(id, { roleIds: ['r1'] }));

  it('is never disabled or downgraded: the first Admins in id order go, the last one stays', () => {
    const account = planOf({ users: admins('10', '2', '3') }, [
      candidate('2', 'reclaim'),
      candidate('10', 'standard'),
      candidate('3', 'reclaim'),
    ]);
    expect(account.items.map((i) => [i.user_id, i.status, i.block ?? ''])).toEqual([
      ['2', 'planned', ''],
      ['3', 'planned', ''],
      ['10', 'blocked', 'last-admin'],
    ]);
    expect(account.items[2]?.predicted).toEqual({ tier: 'developer', seat: true, reason: expect.any(String) });
  });

  it('a disabled Admin or Looker staff does not count as the one left; the API user does', () => {
    const staff = aCandidateUser('5', { roleIds: ['r1'], verifiedLookerEmployee: true });
    const off = aCandidateUser('6', { roleIds: ['r1'], isDisabled: true });
    const blocked = planOf({ users: [...admins('1'), staff, off] }, [candidate('1', 'reclaim')]);
    expect(blocked.items[0]?.block).toBe('last-admin');
    const kept = planOf({ users: admins('1', '8'), apiUserId: '8' }, [candidate('1', 'reclaim')]);
    expect(kept.items[0]?.status).toBe('planned');
  });

  it('a service account holding Admin (even the API user) does not count: it cannot sign in to Looker', () => {
    const bot = aCandidateUser('8', { roleIds: ['r1'], isServiceAccount: true });
    const account = planOf({ users: [...admins('1'), bot], apiUserId: '8' }, [candidate('1', 'reclaim')]);
    expect(account.items[0]).toMatchObject({ status: 'blocked', block: 'last-admin', steps: [] });
    expect(account.items[0]?.blocked_reason).toMatch(/^the last enabled person holding the Admin role/);
  });
});

describe('the account', () => {
  const users = [
    aCandidateUser('1', { roleIds: ['r2'] }),
    aCandidateUser('2', { groupIds: ['g3'] }),
    aCandidateUser('3', { isEmbed: true }),
  ];
  const candidates = [candidate('2', 'viewer', 1250), candidate('1', 'reclaim', 1650), candidate('3', 'reclaim', null)];

  it('sorts items by user id, drops a repeated candidate, adds up the planned savings only', () => {
    const account = planOf({ users }, [...candidates, candidate('1', 'viewer')]);
    expect(account.items.map((i) => [i.user_id, i.to])).toEqual([
      ['1', 'reclaim'],
      ['2', 'viewer'],
      ['3', 'reclaim'],
    ]);
    expect(account.totals).toEqual({ planned: 2, blocked: 1, yearly_saving: 2900 });
    expect(account).toMatchObject({ name: 'production', url: URL, api_user_id: 'api', looker_release: '26.12.3' });
  });

  it('gives the same item ids every time, and a different one when the state differs', () => {
    const a = planOf({ users }, candidates);
    const b = planOf({ users }, candidates);
    expect(a.items.map((i) => i.item_id)).toEqual(b.items.map((i) => i.item_id));
    expect(new Set(a.items.map((i) => i.item_id)).size).toBe(3);
    const moved = planOf({ users: [aCandidateUser('1', { roleIds: ['r2', 'r4'] }), ...users.slice(1)] }, candidates);
    expect(moved.items[0]?.item_id).not.toBe(a.items[0]?.item_id);
    expect(moved.items[1]?.item_id).toBe(a.items[1]?.item_id);
  });

  it('makes a plan file that the plan parser reads back as it is', () => {
    const account = planOf({ users }, candidates);
    const plan = planDocumentOf([account]);
    expect(parsePlan(JSON.stringify(plan), 'plan.json')).toEqual(plan);
  });
});
