/**
 * The remediation plan file (`plan -o plan.json`) and the apply journal (`<plan>.journal.jsonl`) as zod schemas:
 * the contract between `plan`, a review in a pull request, `apply` and `undo`. The types (types.ts) are inferred
 * from them, so what the planner writes is what apply reads.
 *
 * Every object is strict: a key the tool does not write is refused, not ignored, because a plan drives writes to
 * Looker and an added key (a body, a role) must never pass unseen. Messages never quote the file.
 */
import * as z from 'zod';
import {
  JOURNAL_OPS,
  PLAN_BLOCKS,
  PLAN_ITEM_STATUSES,
  PLAN_SOURCES,
  PLAN_STEP_OPS,
  PLAN_TARGETS,
  TIERS,
} from '../vocabulary.js';

type Issue = { readonly input?: unknown };
const missingOr = (message: string) => (issue: Issue) => (issue.input === undefined ? 'missing' : message);

const text = () => z.string({ error: missingOr('must be a string') });
const textOrNull = () => z.string({ error: missingOr('must be a string or null') }).nullable();
const id = () => z.string({ error: missingOr('must be an id (a string)') }).min(1, { error: 'must not be empty' });
const ids = () => z.array(id(), { error: missingOr('must be a list of ids') });
const count = () =>
  z
    .number({ error: missingOr('must be a whole number >= 0') })
    .int({ error: 'must be a whole number >= 0' })
    .min(0, {
      error: 'must be a whole number >= 0',
    });
const bool = () => z.boolean({ error: missingOr('must be true or false') });
const money = () =>
  z
    .number({ error: missingOr('must be a number or null') })
    .min(0, { error: 'must be a number >= 0' })
    .nullable();
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: missingOr(`must be one of ${values.join(', ')}`) });
const list = <T extends z.ZodType>(item: T) => z.array(item, { error: missingOr('must be a list') });
const object = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.strictObject(shape, { error: missingOr('must be an object') });

/** A role, group or schedule as a step names it: the id for the request, the name for the person reviewing. */
const refSchema = object({ id: id(), name: text() });

const opError = { error: missingOr(`must be one of ${PLAN_STEP_OPS.join(', ')}`) };
export const planStepSchema = z.discriminatedUnion(
  'op',
  [
    object({ op: z.literal('reassign_schedule'), schedule: refSchema, to_user_id: id() }),
    object({ op: z.literal('remove_from_group'), group: refSchema }),
    object({ op: z.literal('set_direct_roles'), from: list(refSchema), to: list(refSchema) }),
    object({ op: z.literal('add_to_group'), group: refSchema }),
    object({ op: z.literal('disable_user') }),
  ],
  opError,
);

export const beforeSchema = object({
  is_disabled: bool(),
  direct_role_ids: ids(),
  direct_group_ids: ids(),
  /** The schedules the user owns: Looker disables them with the user, and undo enables the ones that were on. */
  schedules: list(object({ id: id(), name: text(), enabled: bool(), run_as_recipient: bool() })),
  alerts: list(object({ id: id(), is_disabled: bool() })),
  api_keys: list(object({ id: id(), is_disabled: bool() })),
});

export const impactSchema = object({
  schedules_owned: count(),
  /** Other people's schedules that run as their recipients and deliver to this user: they fail for a disabled user. */
  run_as_recipient: count(),
  alerts_owned: count(),
  content_created: object({ looks: count(), dashboards: count() }),
  api_keys: count(),
});

export const planItemSchema = object({
  item_id: id(),
  user_id: id(),
  email: textOrNull(),
  name: text(),
  tier: oneOf(TIERS),
  to: oneOf(PLAN_TARGETS),
  evidence: text(),
  yearly_saving: money(),
  status: oneOf(PLAN_ITEM_STATUSES),
  block: oneOf(PLAN_BLOCKS).optional(),
  blocked_reason: text().optional(),
  steps: list(planStepSchema),
  /** The tier and seat after the steps, recomputed with the plan's rule set on the predicted state. */
  predicted: object({ tier: oneOf(TIERS), seat: bool(), reason: text() }),
  before: beforeSchema,
  impact: impactSchema,
});

const totalsSchema = object({ planned: count(), blocked: count(), yearly_saving: money() });

/**
 * A user named with `--user` whom the plan leaves alone, and why (the source does not recommend them, or `--only`
 * left their recommendation out): listed so the reviewer sees the name was heard, never turned into a change.
 */
export const notPlannedSchema = object({
  user_id: id(),
  email: textOrNull(),
  name: text(),
  tier: oneOf(TIERS),
  reason: text(),
});

export const planAccountSchema = object({
  name: text(),
  url: text(),
  api_user_id: textOrNull(),
  looker_release: textOrNull(),
  api_calls: count(),
  error: text().optional(),
  items: list(planItemSchema),
  not_planned: list(notPlannedSchema),
  totals: totalsSchema,
});

export const PLAN_KIND = 'looker-audit-plan';

export const planSchema = object({
  schema_version: z.literal(1, { error: missingOr('must be 1') }),
  kind: z.literal(PLAN_KIND, { error: missingOr(`must be ${PLAN_KIND}`) }),
  generated_at: text(),
  rules: text(),
  source: oneOf(PLAN_SOURCES),
  usage_days: count().nullable(),
  currency: text(),
  accounts: list(planAccountSchema),
  totals: totalsSchema,
});

/** A JSON body as the journal records it: what the remediation writes send (no secret ever goes in one). */
const bodySchema = z.union(
  [z.null(), z.array(z.string()), z.record(z.string(), z.union([z.string(), z.boolean(), z.number(), z.null()]))],
  { error: 'must be null, a list of ids or an object of plain values' },
);

const journalHead = { v: z.literal(1, { error: missingOr('must be 1') }), at: text(), run_id: id() };
const stepRef = { account: text(), item_id: id(), step_index: count(), op: oneOf(JOURNAL_OPS) };

export const journalEntrySchema = z.discriminatedUnion(
  'event',
  [
    object({
      ...journalHead,
      event: z.literal('run'),
      mode: oneOf(['apply', 'undo']),
      plan_generated_at: text(),
    }),
    object({
      ...journalHead,
      event: z.literal('intent'),
      ...stepRef,
      url: text(),
      user_id: id(),
      /** The plan step this request belongs to (for undo: the step being put back). */
      step: planStepSchema,
      request: object({ method: oneOf(['PATCH', 'PUT', 'POST', 'DELETE']), path: text(), body: bodySchema }),
      /** What undo restores: the user's state before the item's first step. */
      before: object({
        is_disabled: bool(),
        direct_role_ids: ids(),
        direct_group_ids: ids(),
        schedules_enabled: ids(),
      }),
    }),
    object({ ...journalHead, event: z.literal('done'), ...stepRef, status: count() }),
    object({ ...journalHead, event: z.literal('failed'), ...stepRef, status: count().nullable(), error: text() }),
  ],
  { error: missingOr('must be one of run, intent, done, failed') },
);
