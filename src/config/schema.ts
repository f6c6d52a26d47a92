/**
 * The config file's shape (the README's "Configuration") as zod schemas: types, ranges and unknown keys (every object is
 * strict, so a typo such as `client_secert` is an error, not a silently ignored key). Rules that involve several
 * fields (exactly one secret source, URL vs allow_insecure_http, duplicate names, policy account names) live in
 * validate.ts, because zod skips an object's refinements once one of its fields fails, and every problem should
 * be reported at once.
 *
 * Messages never quote the input: a wrongly placed secret must not end up in an error.
 */
import * as z from 'zod';
import { MAX_USAGE_DAYS, USAGE_DAYS_LIMIT } from '../usage-window.js';
import { AUTH_KINDS, RULE_SET_NAMES, TIERS, type Tier } from '../vocabulary.js';

type Issue = { readonly input?: unknown };
const missingOr = (message: string) => (issue: Issue) => (issue.input === undefined ? 'is required' : message);

const text = (what = 'a string') =>
  z.string({
    error: (issue) =>
      typeof issue.input === 'number' ? `must be ${what} (quote it in YAML)` : missingOr(`must be ${what}`)(issue),
  });
const bool = () => z.boolean({ error: missingOr('must be true or false') });
const wholeNumber = (what: string) =>
  z.number({ error: missingOr(`must be ${what}`) }).int({ error: `must be ${what}` });

/** The same schema under every tier's key, as an object shape. */
const perTier = <S extends z.ZodType>(schema: S) =>
  Object.fromEntries(TIERS.map((tier) => [tier, schema])) as Record<Tier, S>;
const tierList = `tier (${TIERS.join(', ')})`;

const seatCount = wholeNumber('a whole number >= 0').min(0, { error: 'must be a whole number >= 0' });
export const seatCountsSchema = z.strictObject(perTier(seatCount.optional()), {
  error: `must be a mapping of ${tierList} to a number of seats`,
});
const price = z.number({ error: missingOr('must be a number >= 0') }).min(0, { error: 'must be a number >= 0' });
export const pricesSchema = z.strictObject(perTier(price.optional()), {
  error: `must be a mapping of ${tierList} to a yearly price`,
});

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y = 0, m = 0, d = 0] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const PATTERN = /^[^\s@]*@[^\s@]+$/;
const patternMessage = 'must be an email or a glob like "*@example.com"';
const emailPattern = text().regex(PATTERN, { error: patternMessage });
export const allowEntrySchema = z.union(
  [
    emailPattern,
    z.strictObject({
      email: emailPattern,
      // One check, not regex + refine: zod runs both, and a union treats an aborted branch as not matching.
      expires: text('a date YYYY-MM-DD')
        .refine(isRealDate, { error: 'must be a real calendar date YYYY-MM-DD' })
        .optional(),
    }),
  ],
  { error: `${patternMessage}, or { email: <pattern>, expires: YYYY-MM-DD }` },
);

const usageWindow = wholeNumber(`a whole number of days from 1 to ${MAX_USAGE_DAYS}`)
  .positive({ error: `must be a whole number of days from 1 to ${MAX_USAGE_DAYS}` })
  .max(MAX_USAGE_DAYS, { error: `must be ${USAGE_DAYS_LIMIT}` });

/**
 * Requests in flight per instance. Looker serves the API from at most 200 threads per node, shared with every
 * dashboard, schedule and API user, and asks API callers to keep concurrency low (docs/looker-api.md, "Rate limits"). 32
 * is 16% of one node: more would let one audit crowd out the instance's own users, and it already brings 100 pages
 * (100,000 users) in 4 rounds after the first page.
 */
export const MAX_CONCURRENCY = 32;
export const CONCURRENCY_EXPECTED = `a whole number of requests in flight from 1 to ${MAX_CONCURRENCY}`;
const concurrencySchema = wholeNumber(CONCURRENCY_EXPECTED)
  .min(1, { error: `must be ${CONCURRENCY_EXPECTED}` })
  .max(MAX_CONCURRENCY, {
    error: `must be at most ${MAX_CONCURRENCY} (a Looker node serves the API from 200 threads, shared by all its users)`,
  });

const policyFields = {
  max_seats: seatCountsSchema.optional(),
  allowed_developers: z.array(allowEntrySchema, { error: 'must be a list' }).optional(),
  max_idle_developer_days: usageWindow.optional(),
};
export const accountPolicySchema = z.strictObject(policyFields, {
  error: 'must be a mapping (max_seats, allowed_developers, max_idle_developer_days)',
});

export const policySchema = z.strictObject(
  {
    ...policyFields,
    accounts: z
      .record(z.string(), accountPolicySchema, { error: 'must be a mapping of account name to policy' })
      .optional(),
  },
  { error: 'must be a mapping (max_seats, allowed_developers, max_idle_developer_days, accounts)' },
);

/** `remediation.roles` / `remediation.groups`: the role or group that grants each tier a plan may lower a seat to. */
const lowerTierNames = (what: string) =>
  z.strictObject(
    {
      standard: text(`a ${what} name`).min(1, { error: 'must not be empty' }).optional(),
      viewer: text(`a ${what} name`).min(1, { error: 'must not be empty' }).optional(),
    },
    { error: `must be a mapping of standard and viewer to a ${what} name` },
  );
export const remediationSchema = z.strictObject(
  { roles: lowerTierNames('role').optional(), groups: lowerTierNames('group').optional() },
  { error: 'must be a mapping (roles, groups)' },
);

export const accountSchema = z.strictObject(
  {
    // Names are given to `--account`, which also splits on commas, and are shown in every report.
    name: text('a name')
      .min(1, { error: 'must not be empty' })
      .regex(/^[^,\s\p{Cc}](?:[^,\p{Cc}]*[^,\s\p{Cc}])?$/u, {
        error: 'must be a name without commas or surrounding spaces',
      }),
    url: text('an https URL'),
    client_id: text().min(1, { error: 'must not be empty' }),
    client_secret: text().min(1, { error: 'must not be empty' }).optional(),
    client_secret_env: text('an environment variable name')
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be an environment variable name (letters, digits, _)' })
      .optional(),
    client_secret_file: text('a file path').min(1, { error: 'must not be empty' }).optional(),
    // OAuth keys (config/oauth.ts checks the URLs and that no secret comes with oauth).
    auth: z.enum(AUTH_KINDS, { error: `must be ${AUTH_KINDS.join(' or ')}` }).optional(),
    redirect_uri: text('a URL').min(1, { error: 'must not be empty' }).optional(),
    web_url: text('an https URL').min(1, { error: 'must not be empty' }).optional(),
    allow_insecure_http: bool().default(false),
    verify_ssl: bool().default(true),
    ca_file: text('a file path').min(1, { error: 'must not be empty' }).optional(),
    // Seconds, like looker.ini `timeout`; the Looker SDK's default is 120 (LOOKERSDK_TIMEOUT, sdk-rtl apiSettings.ts).
    timeout: z
      .number({ error: missingOr('must be a number of seconds') })
      .positive({ error: 'must be a number of seconds > 0' })
      .max(3600, { error: 'must be at most 3600 seconds' })
      .default(120),
    // `http://host:port` (user:password@ allowed: a secret, never printed) or `none`; checked in validate.ts.
    proxy: text('a proxy URL (http://host:port) or none')
      .min(1, { error: 'must not be empty (use none to bypass every proxy)' })
      .optional(),
    // 512 MB is also about the longest string JavaScript can hold (V8: 2^29 - 24 characters).
    max_response_mb: wholeNumber('a whole number of megabytes from 1 to 512')
      .min(1, { error: 'must be a whole number of megabytes from 1 to 512' })
      .max(512, { error: 'must be a whole number of megabytes from 1 to 512' })
      .optional(),
    concurrency: concurrencySchema.optional(),
  },
  { error: 'must be a mapping with name, url, client_id and a client secret source' },
);

export const configSchema = z.strictObject(
  {
    accounts: z
      .array(accountSchema, { error: missingOr('must be a list of accounts') })
      .min(1, { error: 'must list at least one account' }),
    rules: text(`${RULE_SET_NAMES.map((n) => `"${n}"`).join(', ')} or the path of a rules file`).optional(),
    inactive_days: wholeNumber('a whole number of days > 0')
      .positive({ error: 'must be a whole number of days > 0' })
      .optional(),
    prices: pricesSchema.optional(),
    // ISO 4217, checked against what this Node's Intl knows, so the summary can print it.
    currency: z
      .string({ error: 'must be a currency code such as USD or EUR' })
      .refine((code) => /^[A-Za-z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code.toUpperCase()), {
        error: 'must be an ISO 4217 currency code such as USD, EUR or GBP',
      })
      .optional(),
    usage_days: usageWindow.optional(),
    policy: policySchema.optional(),
    remediation: remediationSchema.optional(),
  },
  { error: 'must be a mapping with an `accounts` list' },
);

export type RawConfig = z.output<typeof configSchema>;
export type RawAccount = z.output<typeof accountSchema>;
export type RawPolicy = z.output<typeof accountPolicySchema>;

export const SECRET_KEYS = ['client_secret', 'client_secret_env', 'client_secret_file'] as const;

/** The keys allowed at a path, for "did you mean" on unknown keys (paths as zod reports them). */
export function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  const [first, second, third, fourth] = path;
  const keysOf = (schema: { shape: object }) => Object.keys(schema.shape);
  if (path.length === 0) return keysOf(configSchema);
  if (first === 'accounts' && path.length === 2) return keysOf(accountSchema);
  if (first === 'prices' || path.at(-1) === 'max_seats') return TIERS;
  if (first === 'remediation') return path.length === 1 ? keysOf(remediationSchema) : ['standard', 'viewer'];
  if (first === 'policy') {
    if (path.length === 1) return keysOf(policySchema);
    if (second === 'accounts' && path.length === 3) return keysOf(accountPolicySchema);
    if (second === 'allowed_developers' || (third !== undefined && fourth === 'allowed_developers'))
      return ['email', 'expires'];
  }
  return [];
}
