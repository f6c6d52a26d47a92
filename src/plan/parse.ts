/**
 * Reading a plan file from its text. PURE: the caller reads the file. Every way it can fail is one
 * InputFileError (exit 2) naming the file and the path of each problem (the first 10, and how many in all),
 * e.g. `plan.json: accounts[0].items[2].steps[0].op: must be one of reassign_schedule, ...`. Nothing of the
 * file's content is repeated: a plan names people, and a tampered one may hold anything.
 *
 * Beyond the schema, a plan must hold together, because apply sends its steps as they are: each item's id is
 * the digest of what it does (item-id.ts), so an edited step, target or before state is refused; the steps
 * must start from the recorded before state, in the order apply sends them; blocked items hold no step; the
 * totals add up. Removing a whole item is a change too (the totals say so): make a new plan with --user instead.
 */
import { parseJsonDocument } from '../json-document.js';
import { InputFileError } from '../errors.js';
import { PLAN_STEP_OPS } from '../vocabulary.js';
import { problem, zodProblems, type ProblemPath } from './issues.js';
import { itemIdOf } from './item-id.js';
import { planSchema } from './schema.js';
import type { PlanAccount, PlanDocument, PlanItem, PlanTotals } from './types.js';

const MAX_PROBLEMS = 10;
const EXPECTED = 'expected a plan file made by `looker-audit plan`';

/** Parses and checks a plan; throws an InputFileError naming `file` (as given on the command line). */
export function parsePlan(text: string, file: string): PlanDocument {
  return checkPlan(parseJsonDocument(text, file, EXPECTED), file);
}

export function checkPlan(data: unknown, file: string): PlanDocument {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new InputFileError(file, [`must be a JSON object: ${EXPECTED}`]);
  // The version and the kind first and alone: another file would otherwise list every key it lacks.
  const { schema_version: version, kind } = data as { schema_version?: unknown; kind?: unknown };
  if (kind !== 'looker-audit-plan') throw new InputFileError(file, [`kind: must be looker-audit-plan: ${EXPECTED}`]);
  if (version !== 1)
    throw new InputFileError(file, ['schema_version: must be 1 (this version reads plans of version 1)']);
  const parsed = planSchema.safeParse(data);
  const problems = parsed.success ? coherence(parsed.data) : zodProblems(parsed.error.issues);
  if (parsed.success && problems.length === 0) return parsed.data;
  throw new InputFileError(file, problems.slice(0, MAX_PROBLEMS), { total: problems.length });
}

const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);
/** A saving not known for one part (a tier without a price) gives no honest sum: null, as rightsize says. */
const saving = (values: readonly (number | null)[]) =>
  values.some((v) => v === null) ? null : sum(values as readonly number[]);

/** What the planner's totals are: planned and blocked items, and the saving of the planned ones. */
export function totalsOf(items: readonly Pick<PlanItem, 'status' | 'yearly_saving'>[]): PlanTotals {
  const planned = items.filter((i) => i.status === 'planned');
  return {
    planned: planned.length,
    blocked: items.length - planned.length,
    yearly_saving: saving(planned.map((i) => i.yearly_saving)),
  };
}

/** The overall totals: the accounts' added up. */
export function addTotals(totals: readonly PlanTotals[]): PlanTotals {
  return {
    planned: sum(totals.map((t) => t.planned)),
    blocked: sum(totals.map((t) => t.blocked)),
    yearly_saving: saving(totals.map((t) => t.yearly_saving)),
  };
}

const sameTotals = (a: PlanTotals, b: PlanTotals) =>
  a.planned === b.planned && a.blocked === b.blocked && a.yearly_saving === b.yearly_saving;

function coherence(plan: PlanDocument): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const itemIds = new Set<string>();
  plan.accounts.forEach((account, a) => {
    const at: ProblemPath = ['accounts', a];
    const name = account.name.toLowerCase();
    if (names.has(name)) problems.push(problem([...at, 'name'], 'the same account twice'));
    names.add(name);
    if (account.error !== undefined && (account.items.length > 0 || account.not_planned.length > 0))
      problems.push(problem([...at, 'items'], 'an account that could not be planned holds no item'));
    const users = new Set<string>();
    account.items.forEach((item, i) => {
      const path = [...at, 'items', i];
      if (users.has(item.user_id)) problems.push(problem([...path, 'user_id'], 'the same user twice in one account'));
      users.add(item.user_id);
      if (itemIds.has(item.item_id)) problems.push(problem([...path, 'item_id'], 'the same item id twice'));
      itemIds.add(item.item_id);
      problems.push(...itemProblems(account, item, path));
    });
    account.not_planned.forEach((named, i) => {
      if (users.has(named.user_id))
        problems.push(problem([...at, 'not_planned', i, 'user_id'], 'the same user twice in one account'));
      users.add(named.user_id);
    });
    if (!sameTotals(account.totals, totalsOf(account.items)))
      problems.push(problem([...at, 'totals'], 'do not add up to the items (was the plan edited?)'));
  });
  if (!sameTotals(plan.totals, addTotals(plan.accounts.map((a) => a.totals))))
    problems.push(problem(['totals'], "do not add up to the accounts' totals (was the plan edited?)"));
  return problems;
}

function itemProblems(account: PlanAccount, item: PlanItem, path: ProblemPath): string[] {
  const problems: string[] = [];
  const at = (...keys: PropertyKey[]) => [...path, ...keys];
  if (item.status === 'blocked') {
    if (item.block === undefined || item.blocked_reason === undefined)
      problems.push(problem(at('blocked_reason'), 'a blocked item needs block and blocked_reason'));
    if (item.steps.length > 0) problems.push(problem(at('steps'), 'a blocked item holds no step'));
  } else {
    if (item.block !== undefined || item.blocked_reason !== undefined)
      problems.push(problem(at('block'), 'only a blocked item has block and blocked_reason'));
    if (item.steps.length === 0) problems.push(problem(at('steps'), 'a planned item needs at least one step'));
  }
  const before = item.before;
  const disables = item.steps.some((s) => s.op === 'disable_user');
  if (item.status === 'planned' && disables !== (item.to === 'reclaim'))
    problems.push(problem(at('steps'), 'disable_user is the step of a reclaim, and only of one'));
  let order = -1;
  const seen = new Set<string>();
  item.steps.forEach((step, s) => {
    const here = (...keys: PropertyKey[]) => at('steps', s, ...keys);
    const rank = PLAN_STEP_OPS.indexOf(step.op);
    if (rank < order) problems.push(problem(here('op'), `out of order: steps run as ${PLAN_STEP_OPS.join(', ')}`));
    order = Math.max(order, rank);
    const key = step.op === 'remove_from_group' || step.op === 'add_to_group' ? `${step.op} ${step.group.id}` : step.op;
    if (step.op !== 'reassign_schedule' && seen.has(key)) problems.push(problem(here('op'), 'the same step twice'));
    seen.add(key);
    if (
      step.op === 'set_direct_roles' &&
      !sameIds(
        step.from.map((r) => r.id),
        before.direct_role_ids,
      )
    )
      problems.push(problem(here('from'), 'is not the direct roles of before.direct_role_ids'));
    if (step.op === 'remove_from_group' && !before.direct_group_ids.includes(step.group.id))
      problems.push(problem(here('group'), 'is not one of before.direct_group_ids'));
    if (step.op === 'add_to_group' && before.direct_group_ids.includes(step.group.id))
      problems.push(problem(here('group'), 'is already one of before.direct_group_ids'));
    if (step.op === 'reassign_schedule' && !before.schedules.some((p) => p.id === step.schedule.id))
      problems.push(problem(here('schedule'), 'is not one of before.schedules'));
    if (step.op === 'disable_user' && before.is_disabled)
      problems.push(problem(here('op'), 'the user is disabled already (before.is_disabled)'));
  });
  if (item.item_id !== itemIdOf(account.url, item))
    problems.push(problem(at('item_id'), 'does not match the item: it was edited after the plan was made'));
  return problems;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}

/**
 * A plan read for these accounts (the config's, already selected): an account the config does not have, or
 * that the config now points at another instance, is a problem (exit 2 before any request), named by its path.
 */
export function planAccountProblems(
  plan: { readonly accounts: readonly { readonly name: string; readonly url: string }[] },
  configured: readonly { readonly name: string; readonly url: string }[],
  sameInstance: (a: string, b: string) => boolean,
): string[] {
  return plan.accounts.flatMap((account, a) => {
    const match = configured.find((c) => c.name.toLowerCase() === account.name.toLowerCase());
    if (match === undefined) return [problem(['accounts', a, 'name'], 'no account of that name in the config')];
    if (!sameInstance(match.url, account.url))
      return [problem(['accounts', a, 'url'], 'the plan was made for another URL than the config gives this account')];
    return [];
  });
}
