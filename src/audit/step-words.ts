/**
 * Each write of a plan, and of its undo, in words: the plan's views, and what apply and undo report they sent.
 * PURE. `wrap` escapes the names (from the instance) for the format that shows them.
 */
import type { PlanStep } from '../plan/types.js';

type Wrap = (text: string) => string;
const asIs: Wrap = (text) => text;

const quoted = (names: readonly { readonly name: string }[], wrap: Wrap) =>
  names.length === 0 ? 'none' : names.map((r) => `"${wrap(r.name)}"`).join(', ');

/** One plan step in words. */
export function stepText(step: PlanStep, wrap: Wrap = asIs): string {
  switch (step.op) {
    case 'reassign_schedule':
      return `give schedule "${wrap(step.schedule.name)}" to user ${wrap(step.to_user_id)}`;
    case 'add_to_group':
      return `add to group "${wrap(step.group.name)}"`;
    case 'set_direct_roles':
      return `direct roles ${quoted(step.from, wrap)} -> ${quoted(step.to, wrap)}`;
    case 'remove_from_group':
      return `remove from group "${wrap(step.group.name)}"`;
    case 'disable_user':
      return 'disable the user';
  }
}

/** The write that puts a plan step back, in words. */
export function undoText(step: PlanStep, wrap: Wrap = asIs): string {
  switch (step.op) {
    case 'reassign_schedule':
      return `give schedule "${wrap(step.schedule.name)}" back`;
    case 'add_to_group':
      return `remove from group "${wrap(step.group.name)}"`;
    case 'set_direct_roles':
      return `direct roles back to ${quoted(step.from, wrap)}`;
    case 'remove_from_group':
      return `add back to group "${wrap(step.group.name)}"`;
    case 'disable_user':
      return 'enable the user';
  }
}

/** Turning a schedule back on after its owner is enabled again. */
export const enableScheduleText = (name: string, wrap: Wrap = asIs) => `enable schedule "${wrap(name)}"`;
