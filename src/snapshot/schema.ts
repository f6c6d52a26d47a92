/**
 * The snapshot contract: the JSON report of `users --format json` (the README's "Report formats"), which report/json.ts
 * writes and `diff`, `check --baseline` (and later `--history`) read. One zod schema; the types in types.ts are
 * inferred from it, so the writer and the readers cannot drift apart.
 *
 * Unknown keys are accepted and dropped (a newer version of the tool may add some); missing or mistyped known
 * keys are errors. `summary` may be null: a failed account has no seat counts to give, and a later version
 * writes `summary: null` for it instead of zeros.
 *
 * Messages are the ones people saw before this schema existed (`missing`, `must be a string`, `must be one of
 * developer, standard, viewer, none`) and never quote the input: a snapshot names every user.
 */
import * as z from 'zod';
import { TIERS, USER_KINDS, USER_STATUSES, type Tier } from '../vocabulary.js';

type Issue = { readonly input?: unknown };
const missingOr = (message: string) => (issue: Issue) => (issue.input === undefined ? 'missing' : message);

const text = () => z.string({ error: missingOr('must be a string') });
const textOrNull = () => z.string({ error: missingOr('must be a string or null') }).nullable();
const count = () => z.number({ error: missingOr('must be a number') });
const strings = () =>
  z.array(z.string({ error: 'must be a string' }), { error: missingOr('must be a list of strings') });
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: missingOr(`must be one of ${values.join(', ')}`) });

const usersError = (issue: Issue) =>
  issue.input === undefined ? 'missing (is this a `users --format json` report?)' : 'must be a list';
const accountsError = missingOr('must be a list');

export const snapshotUserSchema = z.object(
  {
    id: text(),
    email: textOrNull(),
    name: text(),
    status: oneOf(USER_STATUSES),
    // Snapshots written before 0.2 call the regular kind `standard` (the word of a licence tier too): read as regular.
    kind: z.preprocess((value) => (value === 'standard' ? 'regular' : value), oneOf(USER_KINDS)),
    license: oneOf(TIERS),
    roles: strings(),
    groups: strings(),
    last_login_at: textOrNull(),
    reason: text(),
  },
  { error: 'must be an object' },
);

export const tierCountsSchema = z.object(
  Object.fromEntries(TIERS.map((tier) => [tier, count()])) as Record<Tier, ReturnType<typeof count>>,
  { error: missingOr('must be an object or null') },
);

export const snapshotAccountSchema = z.object(
  {
    name: text(),
    url: text(),
    api_calls: count(),
    error: z.string({ error: 'must be a string' }).optional(),
    summary: tierCountsSchema.nullable(),
    users: z.array(snapshotUserSchema, { error: usersError }),
  },
  { error: 'must be an object' },
);

export const snapshotSchema = z.object(
  {
    schema_version: z.literal(1, { error: 'must be 1' }),
    generated_at: text(),
    rules: text(),
    accounts: z.array(snapshotAccountSchema, { error: accountsError }),
  },
  { error: 'must be a JSON object: the report of `users --format json`' },
);

/**
 * The same schema in three levels, for parse.ts to validate a large snapshot user by user (each user's issues
 * are the ones snapshotSchema gives, in the same order: `users` is the last key of an account and `accounts` the
 * last of the document, so going down level by level visits the problems in the order zod reports them).
 */
export const snapshotHeadSchema = snapshotSchema.extend({
  accounts: z.array(z.unknown(), { error: accountsError }),
});
export const snapshotAccountHeadSchema = snapshotAccountSchema.extend({
  users: z.array(z.unknown(), { error: usersError }),
});
