/**
 * Where a user stands against a plan item's steps, read fresh from the instance just before (and after) the
 * writes. PURE. Apply and undo ask the same question from the two ends:
 *
 * - each thing a step touches (the disabled flag, the direct role list, one group membership, one schedule's
 *   owner) must be either as it was before the item (the step is still to send) or as the step leaves it (the step
 *   is done, by this tool or by someone else); anything else means someone changed the user since: `drifted`;
 * - what no step touches must be as it was before (a new role, group or schedule is a change since too);
 * - for a user about to be disabled, the schedules they own must be the ones recorded, with the same `enabled`
 *   flags: Looker disables them with the user, and undo turns back on exactly the ones that were on.
 *
 * So a rerun after a failure resumes where it stopped, a user already in the planned state is left alone, and a
 * user someone else changed is never written over.
 */
import type { RemediationUser, ScheduleFact } from '../looker/remediation-reads.js';
import type { UserFacts } from '../looker/remediation-writes.js';
import type { PlanStep } from '../plan/types.js';

/** The state an item starts from: the plan's `before`, or the journal's copy of it. */
export interface StateBefore {
  readonly isDisabled: boolean;
  readonly directRoleIds: readonly string[];
  readonly directGroupIds: readonly string[];
  /** The schedules the user owned, with their flags; null: not compared (undo keeps only the ids that were on). */
  readonly schedules: readonly { readonly id: string; readonly enabled: boolean }[] | null;
}

export type StateCheck =
  | { readonly kind: 'drifted'; readonly reason: string }
  | {
      readonly kind: 'ok';
      /** Indexes of the steps whose change is not made yet. */
      readonly pending: readonly number[];
      /** Indexes of the steps whose change is made. */
      readonly done: readonly number[];
    };

/** One thing the steps touch, as a comparable value before, after, and now. */
interface Part {
  readonly what: string;
  readonly steps: number[];
  readonly before: string;
  after: string;
}

const sorted = (ids: Iterable<string>) =>
  [...new Set(ids)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).join(',');
const yes = (flag: boolean) => (flag ? 'yes' : 'no');

/** Whether the steps include disabling the user (their schedules are then compared). */
export const disables = (steps: readonly PlanStep[]) => steps.some((s) => s.op === 'disable_user');

/** The owners a re-read must ask about: the users reassigned schedules go to. */
export const newOwners = (steps: readonly PlanStep[]) => [
  ...new Set(steps.flatMap((s) => (s.op === 'reassign_schedule' ? [s.to_user_id] : []))),
];

function partsOf(before: StateBefore, steps: readonly PlanStep[], userId: string): Map<string, Part> {
  const parts = new Map<string, Part>();
  const part = (key: string, what: string, was: string): Part => {
    const found = parts.get(key);
    if (found !== undefined) return found;
    const made: Part = { what, steps: [], before: was, after: was };
    parts.set(key, made);
    return made;
  };
  const disabled = part('disabled', 'the disabled flag', yes(before.isDisabled));
  const roles = part('roles', 'the direct roles', sorted(before.directRoleIds));
  for (const id of before.directGroupIds) part(`group ${id}`, `membership of group ${id}`, 'yes');
  steps.forEach((step, i) => {
    const touched = (p: Part, after: string) => {
      p.steps.push(i);
      p.after = after;
    };
    switch (step.op) {
      case 'disable_user':
        return touched(disabled, 'yes');
      case 'set_direct_roles':
        return touched(roles, sorted(step.to.map((r) => r.id)));
      case 'add_to_group':
      case 'remove_from_group': {
        const was = before.directGroupIds.includes(step.group.id);
        const p = part(`group ${step.group.id}`, `membership of group "${step.group.name}"`, yes(was));
        return touched(p, yes(step.op === 'add_to_group'));
      }
      case 'reassign_schedule':
        return touched(
          part(`owner ${step.schedule.id}`, `the owner of schedule "${step.schedule.name}"`, userId),
          step.to_user_id,
        );
    }
  });
  return parts;
}

/** Who owns a schedule now, as far as the re-read can tell ('' when it was in none of the lists read). */
function ownerOf(scheduleId: string, facts: UserFacts, userId: string): string {
  if (facts.owned?.some((s) => s.id === scheduleId)) return userId;
  for (const [owner, list] of facts.ownedBy) if (list.some((s) => s.id === scheduleId)) return owner;
  return '';
}

function valueNow(key: string, user: RemediationUser, facts: UserFacts): string {
  if (key === 'disabled') return yes(user.isDisabled);
  if (key === 'roles') return sorted(facts.directRoleIds);
  if (key.startsWith('group ')) return yes(user.groupIds.includes(key.slice('group '.length)));
  return ownerOf(key.slice('owner '.length), facts, user.id);
}

/** The owned schedules differ from the recorded ones (those reassigned away already aside). */
function schedulesMoved(before: StateBefore, owned: readonly ScheduleFact[], gone: ReadonlySet<string>): boolean {
  const recorded = (before.schedules ?? []).filter((s) => !gone.has(s.id));
  const now = new Map(owned.map((s) => [s.id, s.enabled]));
  return now.size !== recorded.length || recorded.some((s) => now.get(s.id) !== s.enabled);
}

/** Where the user stands against `steps` (see the top of this file); `since` ends a drift's reason. */
export function checkState(
  before: StateBefore,
  steps: readonly PlanStep[],
  facts: UserFacts,
  since: string,
): StateCheck {
  const user = facts.user;
  if (user === undefined) return { kind: 'drifted', reason: 'not found on the instance any more (deleted?)' };
  const parts = partsOf(before, steps, user.id);
  // A group the user joined since, that no step touches, is a change too.
  for (const id of user.groupIds)
    if (!parts.has(`group ${id}`)) return { kind: 'drifted', reason: `joined group ${id} since ${since}` };
  const pending: number[] = [];
  const done: number[] = [];
  for (const [key, part] of parts) {
    const now = valueNow(key, user, facts);
    if (now === part.before && part.before !== part.after) pending.push(...part.steps);
    else if (now === part.after) done.push(...part.steps);
    else return { kind: 'drifted', reason: `${part.what} changed since ${since}` };
  }
  const disabledPart = parts.get('disabled');
  if (before.schedules !== null && facts.owned !== undefined && disabledPart?.after !== disabledPart?.before) {
    const stillEnabled = valueNow('disabled', user, facts) === disabledPart?.before;
    const gone = new Set(
      [...parts].flatMap(([key, part]) =>
        key.startsWith('owner ') && valueNow(key, user, facts) === part.after ? [key.slice('owner '.length)] : [],
      ),
    );
    if (stillEnabled && schedulesMoved(before, facts.owned, gone))
      return { kind: 'drifted', reason: `the schedules they own changed since ${since}` };
  }
  const order = (list: number[]) => [...new Set(list)].sort((a, b) => a - b);
  return { kind: 'ok', pending: order(pending), done: order(done) };
}
