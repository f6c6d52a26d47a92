/**
 * The pure decisions of apply and undo on a user's fresh state: which steps are still to send, which are made,
 * and when the user changed since (drift); what a journal says may have been made, and what undo sends to put it
 * back, in which order.
 */
import { describe, expect, it } from '@jest/globals';
import { createAccessResolver } from '../../src/audit/grants.js';
import { decideApply, verifyApplied } from '../../src/audit/remediation-apply.js';
import { checkState } from '../../src/audit/remediation-state.js';
import { decideUndo, undoUnits, verifyRestored } from '../../src/audit/remediation-undo.js';
import { TORII_RULES } from '../../src/audit/rules.js';
import type { ScheduleFact } from '../../src/looker/remediation-reads.js';
import type { UserFacts } from '../../src/looker/remediation-writes.js';
import type { PlanItem, PlanStep } from '../../src/plan/types.js';
import { DONE, FAILED, INTENT, RUN } from '../plan/journal-lines.js';
import { aCandidateUser, candidate, GROUPS, planOf, ROLES } from './plan-fixture.js';

const schedule = (id: string, owner: string, enabled: boolean): ScheduleFact => ({
  id,
  name: `Schedule ${id}`,
  ownerId: owner,
  enabled,
  runAsRecipient: false,
  emailRecipients: [],
});

function facts(
  user: Partial<Parameters<typeof aCandidateUser>[1]> & { id?: string },
  extra: Partial<UserFacts> = {},
): UserFacts {
  const u = aCandidateUser(user.id ?? '2', user);
  return { user: u, directRoleIds: u.roleIds, owned: [], ownedBy: new Map(), ...extra };
}

/** Chloe's downgrade in the fixture: add to "Viewers", leave "BI Engineers" (developer through nesting). */
function downgrade(): PlanItem {
  const item = planOf({ users: [aCandidateUser('2', { groupIds: ['g3'] })] }, [candidate('2', 'viewer')]).items[0];
  if (item?.status !== 'planned') throw new Error('the fixture plans a downgrade');
  return item;
}

describe('checkState', () => {
  const before = {
    isDisabled: false,
    directRoleIds: ['r2'],
    directGroupIds: ['g3'],
    schedules: [{ id: 's1', enabled: true }],
  };
  const steps: PlanStep[] = [
    { op: 'add_to_group', group: { id: 'g5', name: 'Viewers' } },
    { op: 'set_direct_roles', from: [{ id: 'r2', name: 'Dev' }], to: [] },
    { op: 'remove_from_group', group: { id: 'g3', name: 'BI Engineers' } },
  ];
  const now = (groupIds: string[], roleIds: string[]) =>
    facts({ groupIds, roleIds }, { owned: [schedule('s1', '2', true)] });

  it('as before: every step pending; as planned: every step done; halfway: the rest pending', () => {
    expect(checkState(before, steps, now(['g3'], ['r2']), 'x')).toEqual({ kind: 'ok', pending: [0, 1, 2], done: [] });
    expect(checkState(before, steps, now(['g5'], []), 'x')).toEqual({ kind: 'ok', pending: [], done: [0, 1, 2] });
    expect(checkState(before, steps, now(['g3', 'g5'], []), 'x')).toEqual({ kind: 'ok', pending: [2], done: [0, 1] });
  });

  it('a change nobody planned is drift: another role, a new group, a deleted user', () => {
    expect(checkState(before, steps, now(['g3'], ['r3']), 'the plan')).toEqual({
      kind: 'drifted',
      reason: 'the direct roles changed since the plan',
    });
    expect(checkState(before, steps, now(['g3', 'g1'], ['r2']), 'the plan')).toEqual({
      kind: 'drifted',
      reason: 'joined group g1 since the plan',
    });
    expect(checkState(before, steps, { ...now([], []), user: undefined }, 'x').kind).toBe('drifted');
  });

  it('before a disable, the schedules owned must be the ones recorded, flags included; after it they are off anyway', () => {
    const disable: PlanStep[] = [{ op: 'disable_user' }];
    const with_ = (owned: ScheduleFact[], disabled = false) =>
      checkState(before, disable, facts({ groupIds: ['g3'], roleIds: ['r2'], isDisabled: disabled }, { owned }), 'x');
    expect(with_([schedule('s1', '2', true)])).toEqual({ kind: 'ok', pending: [0], done: [] });
    expect(with_([schedule('s1', '2', false)])).toEqual({
      kind: 'drifted',
      reason: 'the schedules they own changed since x',
    });
    expect(with_([schedule('s1', '2', true), schedule('s2', '2', true)]).kind).toBe('drifted');
    expect(with_([schedule('s1', '2', false)], true)).toEqual({ kind: 'ok', pending: [], done: [0] });
  });

  it("a reassigned schedule is done when the re-read finds it in the new owner's list", () => {
    const move: PlanStep[] = [
      { op: 'reassign_schedule', schedule: { id: 's1', name: 'S1' }, to_user_id: '7' },
      { op: 'disable_user' },
    ];
    const moved = facts(
      { groupIds: ['g3'], roleIds: ['r2'] },
      { owned: [], ownedBy: new Map([['7', [schedule('s1', '7', true)]]]) },
    );
    expect(checkState(before, move, moved, 'x')).toEqual({ kind: 'ok', pending: [1], done: [0] });
  });
});

describe('apply decisions', () => {
  const resolver = createAccessResolver({ roles: ROLES, groups: GROUPS }, TORII_RULES);

  it('never writes to the API user it runs as', () => {
    expect(decideApply(downgrade(), facts({ groupIds: ['g3'] }), '2')).toMatchObject({ kind: 'drifted' });
    expect(decideApply(downgrade(), facts({ groupIds: ['g3'] }), 'api')).toEqual({
      kind: 'send',
      steps: [0, 1],
      resumed: false,
    });
  });

  it('applied only at the target tier; else what still grants the old one', () => {
    const item = downgrade();
    expect(verifyApplied(item, facts({ groupIds: ['g5'] }), resolver)).toEqual({ status: 'applied', detail: '' });
    // Someone gave the group "Viewers" a developer role meanwhile: the steps are made, the tier is not.
    const changed = GROUPS.map((g) => (g.id === 'g5' ? { ...g, roleIds: [...g.roleIds, 'r2'] } : g));
    const later = createAccessResolver({ roles: ROLES, groups: changed }, TORII_RULES);
    expect(verifyApplied(item, facts({ groupIds: ['g5'] }), later)).toEqual({
      status: 'failed',
      detail: 'read back: still developer via group "Viewers" (role "LookML Developer")',
    });
    const missing = verifyApplied(item, facts({ groupIds: ['g3', 'g5'] }), resolver);
    expect(missing).toEqual({ status: 'failed', detail: 'read back: not made: remove_from_group' });
  });
});

describe('undo from a journal', () => {
  const run2 = { ...RUN, run_id: 'run-2' };
  const step = (index: number, s: PlanStep, run = 'run-1') => ({
    ...INTENT,
    run_id: run,
    step_index: index,
    op: s.op,
    step: s,
  });
  const add: PlanStep = { op: 'add_to_group', group: { id: '7', name: 'Finance' } };
  const remove: PlanStep = { op: 'remove_from_group', group: { id: '10', name: 'Partners' } };

  it('takes the steps done, the ones without an answer and the ones whose answer was lost; not those Looker refused', () => {
    const units = undoUnits([
      RUN,
      step(0, add),
      { ...DONE, step_index: 0, op: 'add_to_group' },
      step(1, remove),
      { ...FAILED, step_index: 1, op: 'remove_from_group' },
      step(2, { op: 'disable_user' }),
      // A rerun sends the refused step again, and it is made; the step done earlier is not counted twice.
      run2,
      step(1, remove, 'run-2'),
      { ...DONE, run_id: 'run-2', step_index: 1, op: 'remove_from_group' },
      { ...RUN, run_id: 'undo-1', mode: 'undo' as const },
      { ...step(0, add, 'undo-1'), user_id: '99' },
    ]);
    expect(units).toHaveLength(1);
    expect(units[0]?.steps.map((s) => s.op)).toEqual(['add_to_group', 'disable_user', 'remove_from_group']);
    expect(units[0]?.before).toEqual({
      isDisabled: false,
      directRoleIds: ['6'],
      directGroupIds: ['10'],
      schedules: null,
    });
  });

  it('puts back what was made, last first, turns on again the schedules that were on, and checks it', () => {
    const [unit] = undoUnits([RUN, step(0, add), step(1, remove), step(2, { op: 'disable_user' })]);
    if (unit === undefined) throw new Error('one unit');
    const made = facts(
      { id: '9', roleIds: ['6'], groupIds: ['7'], isDisabled: true },
      { owned: [schedule('1', '9', false), schedule('2', '9', false)] },
    );
    const decision = decideUndo(unit, made);
    expect(decision.kind === 'send' && decision.writes.map((w) => w.what)).toEqual([
      'enable the user',
      'enable schedule "Schedule 1"',
      'add back to group "Partners"',
      'remove from group "Finance"',
    ]);
    const back = facts(
      { id: '9', roleIds: ['6'], groupIds: ['10'] },
      { owned: [schedule('1', '9', true), schedule('2', '9', false)] },
    );
    expect(decideUndo(unit, back)).toEqual({ kind: 'already-done' });
    expect(verifyRestored(unit, back)).toEqual({ status: 'restored', detail: '' });
    expect(verifyRestored(unit, { ...back, owned: [schedule('1', '9', false)] }).status).toBe('failed');
    expect(decideUndo(unit, facts({ id: '9', roleIds: ['4'], groupIds: ['7'], isDisabled: true })).kind).toBe(
      'drifted',
    );
  });
});
