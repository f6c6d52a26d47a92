/**
 * The decisions of `apply` for one plan item, on the user's state read just before and just after its writes.
 * PURE: the orchestrator reads and writes, this says what to send and what came of it.
 *
 * Before: the API user this run logs in as is never written to; a user changed since the plan is `drifted`; a
 * user already in the planned state is `already-done`; otherwise the steps not made yet are sent, in the plan's
 * order (all of them, or the rest after an earlier run stopped halfway).
 * After: the item is `applied` only when every step's change is there and the tier, computed with the same rules
 * and the same code as the plan's prediction, is the target (a reclaim: the user is disabled); else `failed`
 * with what still grants the old tier.
 */
import type { UserFacts, UserReadOptions, WriteTarget } from '../looker/remediation-writes.js';
import type { PlanItem, PlanStep } from '../plan/types.js';
import type { AccessResolver } from './grants.js';
import { accessWith, stillText } from './plan-item.js';
import { checkState, disables, newOwners, type StateBefore } from './remediation-state.js';

const SINCE = 'the plan was made';

export function beforeOfItem(item: PlanItem): StateBefore {
  return {
    isDisabled: item.before.is_disabled,
    directRoleIds: item.before.direct_role_ids,
    directGroupIds: item.before.direct_group_ids,
    schedules: item.before.schedules,
  };
}

/** What the re-read of a user must hold for these steps: their schedules when a step disables or reassigns. */
export function readsFor(steps: readonly PlanStep[]): UserReadOptions {
  const owners = newOwners(steps);
  return { schedules: disables(steps) || owners.length > 0, owners };
}

export type ApplyDecision =
  | { readonly kind: 'drifted'; readonly reason: string }
  | { readonly kind: 'already-done' }
  /** Send these steps (indexes into the item's steps); `resumed`: some were made already. */
  | { readonly kind: 'send'; readonly steps: readonly number[]; readonly resumed: boolean };

export function decideApply(item: PlanItem, facts: UserFacts, apiUserId: string | null): ApplyDecision {
  if (item.user_id === apiUserId)
    return { kind: 'drifted', reason: 'this is the API user this run logs in as: it is never changed' };
  const check = checkState(beforeOfItem(item), item.steps, facts, SINCE);
  if (check.kind === 'drifted') return { kind: 'drifted', reason: check.reason };
  if (check.pending.length === 0) return { kind: 'already-done' };
  return { kind: 'send', steps: check.pending, resumed: check.done.length > 0 };
}

/** The write for one plan step of `userId`. */
export function writeOf(step: PlanStep, userId: string): WriteTarget {
  switch (step.op) {
    case 'disable_user':
      return { op: 'disable_user', userId };
    case 'set_direct_roles':
      return { op: 'set_direct_roles', userId, roleIds: step.to.map((r) => r.id) };
    case 'add_to_group':
    case 'remove_from_group':
      return { op: step.op, userId, groupId: step.group.id };
    case 'reassign_schedule':
      return { op: 'reassign_schedule', scheduleId: step.schedule.id, ownerId: step.to_user_id };
  }
}

/** Whether one step's change is there on the state read back (after a write whose answer was lost). */
export function stepMade(item: PlanItem, index: number, facts: UserFacts): boolean {
  const check = checkState(beforeOfItem(item), item.steps, facts, SINCE);
  return check.kind === 'ok' && check.done.includes(index);
}

export interface ApplyVerdict {
  readonly status: 'applied' | 'failed';
  readonly detail: string;
}

/** The item's outcome, from the state read back after its writes. */
export function verifyApplied(item: PlanItem, facts: UserFacts, resolver: AccessResolver): ApplyVerdict {
  const check = checkState(beforeOfItem(item), item.steps, facts, SINCE);
  if (check.kind === 'drifted') return { status: 'failed', detail: `read back: ${check.reason}` };
  if (check.pending.length > 0) {
    const missing = check.pending.map((i) => item.steps[i]?.op ?? '').join(', ');
    return { status: 'failed', detail: `read back: not made: ${missing}` };
  }
  const user = facts.user;
  if (user === undefined) return { status: 'failed', detail: 'read back: the user is gone' };
  if (item.to === 'reclaim') return { status: 'applied', detail: '' };
  const access = accessWith(resolver, user, facts.directRoleIds, user.groupIds);
  return access.license === item.to
    ? { status: 'applied', detail: '' }
    : { status: 'failed', detail: `read back: ${stillText(access)}` };
}
