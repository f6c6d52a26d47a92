/**
 * `undo` from an apply journal. PURE: which steps may have been made, per user, and what to send to put each back.
 *
 * A step may have been made when the journal says `done`, when its `intent` has no answer (the run was killed
 * with the request in flight), or when it `failed` without an HTTP status (the connection broke: Looker may have
 * carried it out). A step that failed with a status was refused by Looker and is not put back. Undo then reads
 * each user again: what the steps made is put back, in the reverse order; what is already as before is left
 * alone; a user changed since the apply is `drifted` and gets no write. Looker does not turn a re-enabled user's
 * schedules back on, so the schedules that were on before are enabled again, one by one.
 */
import type { UserFacts, UserReadOptions, WriteTarget } from '../looker/remediation-writes.js';
import type { JournalEntry, PlanStep } from '../plan/types.js';
import type { JournalOp } from '../vocabulary.js';
import { enableScheduleText, undoText } from './step-words.js';
import { checkState, disables, newOwners, type StateBefore } from './remediation-state.js';

type Intent = Extract<JournalEntry, { event: 'intent' }>;

/** Everything one apply journal did to one user of one account. */
export interface UndoUnit {
  readonly account: string;
  readonly url: string;
  readonly userId: string;
  /** The item the steps belong to (the first one, when several runs or plans touched the user). */
  readonly itemId: string;
  /** The user's state before the first step, as the journal recorded it. */
  readonly before: StateBefore;
  /** The schedules that were on before (undo turns them back on). */
  readonly schedulesEnabled: readonly string[];
  /** The steps that may have been made, in the order they were sent. */
  readonly steps: readonly PlanStep[];
}

const SINCE = 'the apply';

/** The users an apply journal changed (or may have), each with its steps; runs of undo are not undone again. */
export function undoUnits(entries: readonly JournalEntry[]): UndoUnit[] {
  const applyRuns = new Set(entries.flatMap((e) => (e.event === 'run' && e.mode === 'apply' ? [e.run_id] : [])));
  const key = (e: { run_id: string; account: string; item_id: string; step_index: number }) =>
    JSON.stringify([e.run_id, e.account, e.item_id, e.step_index]);
  const answers = new Map<string, JournalEntry>();
  for (const e of entries) if (e.event === 'done' || e.event === 'failed') answers.set(key(e), e);
  const units = new Map<string, { unit: UndoUnit; seen: Set<string>; steps: PlanStep[] }>();
  for (const e of entries) {
    if (e.event !== 'intent' || !applyRuns.has(e.run_id)) continue;
    const answer = answers.get(key(e));
    if (answer?.event === 'failed' && answer.status !== null) continue;
    const userKey = JSON.stringify([e.account.toLowerCase(), e.user_id]);
    let entry = units.get(userKey);
    if (entry === undefined) {
      const steps: PlanStep[] = [];
      entry = { unit: unitOf(e, steps), seen: new Set(), steps };
      units.set(userKey, entry);
    }
    // The same step sent again by a rerun is one step to put back.
    const stepKey = JSON.stringify([e.item_id, e.step_index]);
    if (entry.seen.has(stepKey)) continue;
    entry.seen.add(stepKey);
    entry.steps.push(e.step);
  }
  return [...units.values()].map((u) => u.unit);
}

function unitOf(intent: Intent, steps: PlanStep[]): UndoUnit {
  return {
    account: intent.account,
    url: intent.url,
    userId: intent.user_id,
    itemId: intent.item_id,
    before: {
      isDisabled: intent.before.is_disabled,
      directRoleIds: intent.before.direct_role_ids,
      directGroupIds: intent.before.direct_group_ids,
      schedules: null,
    },
    schedulesEnabled: intent.before.schedules_enabled,
    steps,
  };
}

/** The re-read of a unit's user: their schedules when a step disabled them or moved one. */
export function undoReads(unit: UndoUnit): UserReadOptions {
  const owners = newOwners(unit.steps);
  return { schedules: disables(unit.steps) || owners.length > 0, owners };
}

/** One write of an undo: what it sends, the plan step it puts back, and the words for it. */
export interface UndoWrite {
  readonly op: JournalOp;
  readonly target: WriteTarget;
  readonly step: PlanStep;
  readonly what: string;
}

export type UndoDecision =
  | { readonly kind: 'drifted'; readonly reason: string }
  | { readonly kind: 'already-done' }
  | { readonly kind: 'send'; readonly writes: readonly UndoWrite[] };

function inverse(step: PlanStep, userId: string): WriteTarget {
  switch (step.op) {
    case 'disable_user':
      return { op: 'enable_user', userId };
    case 'set_direct_roles':
      return { op: 'set_direct_roles', userId, roleIds: step.from.map((r) => r.id) };
    case 'add_to_group':
      return { op: 'remove_from_group', userId, groupId: step.group.id };
    case 'remove_from_group':
      return { op: 'add_to_group', userId, groupId: step.group.id };
    case 'reassign_schedule':
      return { op: 'reassign_schedule', scheduleId: step.schedule.id, ownerId: userId };
  }
}

/** The schedules to turn back on: owned by the user now, off, and on before the apply. */
function schedulesToEnable(unit: UndoUnit, facts: UserFacts) {
  if (!disables(unit.steps)) return [];
  const wanted = new Set(unit.schedulesEnabled);
  return (facts.owned ?? []).filter((s) => wanted.has(s.id) && !s.enabled);
}

export function decideUndo(unit: UndoUnit, facts: UserFacts): UndoDecision {
  const check = checkState(unit.before, unit.steps, facts, SINCE);
  if (check.kind === 'drifted') return check;
  const writes: UndoWrite[] = [];
  for (const index of [...check.done].reverse()) {
    const step = unit.steps[index];
    if (step === undefined) continue;
    const target = inverse(step, unit.userId);
    writes.push({ op: target.op, target, step, what: undoText(step) });
    if (step.op === 'disable_user')
      for (const schedule of schedulesToEnable(unit, facts))
        writes.push({
          op: 'enable_schedule',
          target: { op: 'enable_schedule', scheduleId: schedule.id },
          step,
          what: enableScheduleText(schedule.name),
        });
  }
  // Someone enabled the user again by hand: their schedules may still be off.
  if (!check.done.some((i) => unit.steps[i]?.op === 'disable_user')) {
    const disable = unit.steps.find((s) => s.op === 'disable_user');
    if (disable !== undefined)
      for (const schedule of schedulesToEnable(unit, facts))
        writes.push({
          op: 'enable_schedule',
          target: { op: 'enable_schedule', scheduleId: schedule.id },
          step: disable,
          what: enableScheduleText(schedule.name),
        });
  }
  return writes.length === 0 ? { kind: 'already-done' } : { kind: 'send', writes };
}

/** After the writes: every change put back, and the schedules that were on are on. */
export function verifyRestored(unit: UndoUnit, facts: UserFacts): { status: 'restored' | 'failed'; detail: string } {
  const check = checkState(unit.before, unit.steps, facts, SINCE);
  if (check.kind === 'drifted') return { status: 'failed', detail: `read back: ${check.reason}` };
  if (check.done.length > 0) {
    const left = check.done.map((i) => unit.steps[i]?.op ?? '').join(', ');
    return { status: 'failed', detail: `read back: still made: ${left}` };
  }
  const off = schedulesToEnable(unit, facts);
  if (off.length > 0) return { status: 'failed', detail: `read back: ${off.length} schedule(s) still off` };
  return { status: 'restored', detail: '' };
}
