/**
 * System Activity reads for right-sizing (the facts, with their sources: docs/looker-api.md, System Activity):
 * `GET /user` (the API user's own id, so its queries can be left out), field discovery with
 * `lookml_model_explore` for each explore used (trimmed with `fields=`), then one `POST /queries/run/json` per
 * explore: at most 6 query calls per account, each grouped by user (or by user, source and workspace) so rows stay
 * few, `limit` "-1" (an omitted limit may mean Looker's 5,000-row Explore cap: unconfirmed).
 *
 * Queries run one at a time: System Activity limits concurrent queries (Google, "Usage reports with System
 * Activity Explores": https://cloud.google.com/looker/docs/usage-reports-with-system-activity-explores).
 * HTTP only: what the rows mean for a seat is decided in audit/usage.ts.
 */
import { CallBudgetError, LookerApiError, LookerProtocolError } from './errors.js';
import type { LookerClient } from './client.js';
import {
  narrowCount,
  narrowHistory,
  narrowUserFacts,
  readRows,
  SystemActivityRowError,
  type HistoryRow,
  type Row,
  type UserCountRow,
  type UserFactsRow,
} from './system-activity-rows.js';

export const SYSTEM_ACTIVITY_MODEL = 'system__activity';

/** Why an account falls back to logins only. */
export type UsageUnavailableCause =
  'access_denied' | 'no_model' | 'missing_field' | 'query_failed' | 'bad_result' | 'truncated';

type QueryKey = 'users' | 'history' | 'gitEvents' | 'looksCreated' | 'dashboardsCreated';

interface QuerySpec {
  readonly key: QueryKey;
  readonly explore: string;
  /** Selected fields that must exist. */
  readonly fields: readonly string[];
  /** Selected fields that may be missing on a release: dropped from the query, their signal then unknown. */
  readonly optionalFields?: readonly string[];
  readonly filters: (days: number) => Readonly<Record<string, string>>;
  /** Without a core explore there is no usage at all; a missing optional one leaves its signal unknown. */
  readonly core: boolean;
}

const lastDays = (days: number) => `${days} days`;

/**
 * The queries, in the order they run. Field names are those of Google's System Activity documentation and of
 * Looker's own system__activity model (a copy published by Looker staff: github.com/llooker/native_sys_activity).
 */
export const USAGE_QUERIES: readonly QuerySpec[] = [
  {
    // The `user` explore starts from user and LEFT JOINs user_facts (llooker/native_sys_activity): one row per user.
    key: 'users',
    explore: 'user',
    fields: ['user.id'],
    optionalFields: ['user_facts.last_ui_login_date', 'user_facts.last_api_login_date'],
    filters: () => ({}),
    core: true,
  },
  {
    // One row per user, source and workspace; `workspace_id` "dev" is Development Mode (seen in use).
    key: 'history',
    explore: 'history',
    fields: ['user.id', 'history.source', 'history.query_run_count', 'history.most_recent_query_date'],
    optionalFields: ['history.workspace_id'],
    filters: (days) => ({ 'history.created_date': lastDays(days) }),
    core: true,
  },
  {
    // Looker's own "Top Developers" tile counts events of category git (seen in use).
    key: 'gitEvents',
    explore: 'event',
    fields: ['user.id', 'event.count'],
    filters: (days) => ({ 'event.category': 'git', 'event.created_date': lastDays(days) }),
    core: false,
  },
  {
    // `user` joins the Look's creator in the look explore (seen in use, and in llooker/native_sys_activity).
    key: 'looksCreated',
    explore: 'look',
    fields: ['user.id', 'look.count'],
    filters: (days) => ({ 'look.created_date': lastDays(days) }),
    core: false,
  },
  {
    key: 'dashboardsCreated',
    explore: 'dashboard',
    fields: ['user.id', 'dashboard.count'],
    filters: (days) => ({ 'dashboard.created_date': lastDays(days) }),
    core: false,
  },
];

/** What the reads cost: GET /user, then a discovery and a query per explore. */
export const SYSTEM_ACTIVITY_CALLS = 1 + 2 * USAGE_QUERIES.length;
export const MAX_QUERY_CALLS = 6;

/**
 * Row counts at which Looker may have cut a `limit: "-1"` result: the 5,000-row Explore limit and the 50,000 /
 * 100,000 download limits (unconfirmed). A result of exactly that size is distrusted.
 */
const KNOWN_ROW_CAPS = new Set([5_000, 50_000, 100_000]);

export interface SystemActivityData {
  /** The user the audit logs in as (GET /user): its own queries are not a person's use, and it is never judged. */
  readonly apiUserId: string | null;
  readonly users: readonly UserFactsRow[];
  readonly history: readonly HistoryRow[];
  /** null: unknown on this instance (explore or field missing). */
  readonly gitEvents: readonly UserCountRow[] | null;
  readonly looksCreated: readonly UserCountRow[] | null;
  readonly dashboardsCreated: readonly UserCountRow[] | null;
  /** Explores and fields missing on this release, e.g. `history.workspace_id`: the signals they feed are unknown. */
  readonly missing: readonly string[];
  readonly queryCalls: number;
}

export type SystemActivityRead =
  | { readonly ok: true; readonly data: SystemActivityData }
  | {
      readonly ok: false;
      readonly apiUserId: string | null;
      readonly cause: UsageUnavailableCause;
      /** One line naming the cause (and the permission to grant, where that is the fix). */
      readonly message: string;
      readonly queryCalls: number;
    };

/** A System Activity read that cannot be used, and why: caught and turned into an `ok: false` result. */
export class Unavailable extends Error {
  readonly kind: UsageUnavailableCause;
  constructor(kind: UsageUnavailableCause, message: string) {
    super(message);
    this.kind = kind;
  }
}

export interface ReadUsageOptions {
  /** The window, in days (at most 90: History keeps 90 days). */
  readonly usageDays: number;
  /** Row limit sent with each query; default -1 (all rows). A result that reaches it is distrusted. */
  readonly rowLimit?: number;
}

export const PERMISSION_HINT = 'grant the API user the see_system_activity permission (or the Admin role)';

function isAccessDenied(error: LookerApiError): boolean {
  // 400 {"message":"Access Denied"} from run_inline_query without see_system_activity (henry #130, seen in use).
  return (error.status === 400 || error.status === 403) && /access denied/i.test(error.lookerMessage ?? '');
}

/** Field names of one explore (`fields.dimensions[].name`, measures, filters: spec LookmlModelExplore). */
function exploreFieldNames(body: unknown, explore: string): Set<string> {
  const fieldset = (body as { fields?: unknown } | null)?.fields;
  if (fieldset === null || typeof fieldset !== 'object')
    throw new Unavailable('bad_result', `lookml_model_explore ${explore}: no "fields" in the answer`);
  const names = new Set<string>();
  for (const kind of ['dimensions', 'measures', 'filters', 'parameters']) {
    const list = (fieldset as Record<string, unknown>)[kind];
    if (!Array.isArray(list)) continue;
    for (const field of list) {
      const name = (field as { name?: unknown } | null)?.name;
      if (typeof name === 'string') names.add(name);
    }
  }
  return names;
}

/**
 * Reads the usage of one account inside its open session. A missing permission, model or field, and a malformed,
 * failed or possibly truncated result, all come back as `ok: false` (the seat audit stands; usage falls back to
 * logins). Only the call budget (CallBudgetError, checked for every call before the first one) and a stop
 * (RequestsStoppedError: Ctrl-C) are thrown, and bugs as themselves.
 */
export async function readSystemActivity(client: LookerClient, options: ReadUsageOptions): Promise<SystemActivityRead> {
  const budget = client.maxCalls;
  if (budget !== undefined && client.calls + SYSTEM_ACTIVITY_CALLS + 1 > budget) {
    throw new CallBudgetError(
      `call budget of ${budget} API calls reached before the System Activity reads (one call is kept for the logout); the audit with usage needs ${client.calls + SYSTEM_ACTIVITY_CALLS + 1} calls: raise --max-calls`,
    );
  }
  let apiUserId: string | null = null;
  let queryCalls = 0;
  try {
    const { body: me } = await client.getJson<{ id?: unknown } | null>('user', { fields: 'id' });
    apiUserId = me?.id === undefined || me.id === null ? null : String(me.id);

    const results: Partial<Record<QueryKey, Row[] | null>> = {};
    const missing: string[] = [];
    for (const spec of USAGE_QUERIES) {
      const fields = await discover(client, spec, options.usageDays, missing);
      if (fields === null) {
        results[spec.key] = null;
        continue;
      }
      queryCalls++;
      results[spec.key] = await runQuery(client, spec, fields, options);
    }
    const rows = (key: QueryKey) => results[key] ?? [];
    const counts = (key: QueryKey, field: string) => {
      const found = results[key];
      return found === null || found === undefined ? null : compact(found.map(narrowCount(field)));
    };
    return {
      ok: true,
      data: {
        apiUserId,
        users: compact(rows('users').map(narrowUserFacts)),
        history: compact(rows('history').map(narrowHistory)),
        gitEvents: counts('gitEvents', 'event.count'),
        looksCreated: counts('looksCreated', 'look.count'),
        dashboardsCreated: counts('dashboardsCreated', 'dashboard.count'),
        missing,
        queryCalls,
      },
    };
  } catch (error) {
    return { ok: false, apiUserId, queryCalls, ...unavailableReason(error) };
  }
}

/**
 * Why a System Activity read cannot be used, from what it threw: a missing permission, model or field, a failed or
 * malformed result. Anything else (the call budget, a stop, a bug) is rethrown as itself.
 */
export function unavailableReason(error: unknown): { readonly cause: UsageUnavailableCause; readonly message: string } {
  if (error instanceof Unavailable) return { cause: error.kind, message: error.message };
  if (error instanceof SystemActivityRowError || error instanceof LookerProtocolError)
    return { cause: 'bad_result', message: `malformed System Activity result: ${error.message}` };
  if (error instanceof LookerApiError)
    return isAccessDenied(error)
      ? { cause: 'access_denied', message: `System Activity: Access Denied: ${PERMISSION_HINT}` }
      : { cause: 'query_failed', message: `System Activity read failed: ${error.message}` };
  throw error;
}

/** The fields to select, or null when an optional explore is missing (its signal is then unknown). */
async function discover(
  client: LookerClient,
  spec: QuerySpec,
  usageDays: number,
  missing: string[],
): Promise<string[] | null> {
  let body: unknown;
  try {
    ({ body } = await client.getJson(`lookml_models/${SYSTEM_ACTIVITY_MODEL}/explores/${spec.explore}`, {
      fields: 'fields(dimensions(name),measures(name),filters(name))',
    }));
  } catch (error) {
    // Looker answers 404 for a model or explore that does not exist or that the API user may not see (seen in use).
    if (!(error instanceof LookerApiError) || error.status !== 404) throw error;
    if (spec.core)
      throw new Unavailable(
        'no_model',
        `System Activity: the ${SYSTEM_ACTIVITY_MODEL} model or its "${spec.explore}" explore is not visible (404): ${PERMISSION_HINT}`,
      );
    missing.push(`explore ${spec.explore}`);
    return null;
  }
  const names = exploreFieldNames(body, spec.explore);
  const needed = [...spec.fields, ...Object.keys(spec.filters(usageDays))];
  const absent = needed.filter((name) => !names.has(name));
  if (absent.length > 0) {
    if (spec.core)
      throw new Unavailable(
        'missing_field',
        `System Activity: field ${absent.join(', ')} is missing on this Looker release, so usage cannot be read`,
      );
    missing.push(...absent);
    return null;
  }
  const optional = spec.optionalFields ?? [];
  missing.push(...optional.filter((name) => !names.has(name)));
  return [...spec.fields, ...optional.filter((name) => names.has(name))];
}

function runQuery(
  client: LookerClient,
  spec: QuerySpec,
  fields: readonly string[],
  options: ReadUsageOptions,
): Promise<Row[]> {
  return runSystemActivityQuery(client, {
    explore: spec.explore,
    fields,
    filters: spec.filters(options.usageDays),
    ...(options.rowLimit === undefined ? {} : { rowLimit: options.rowLimit }),
  });
}

export interface SystemActivityQuery {
  readonly explore: string;
  readonly fields: readonly string[];
  readonly filters: Readonly<Record<string, string>>;
  /** Row limit sent; default -1 (all rows). A result that reaches it is distrusted. */
  readonly rowLimit?: number;
}

/**
 * One `POST /queries/run/json` on the System Activity model, sorted by user, its rows checked for `looker_error`
 * and for a size that may mean Looker cut the result short (then Unavailable 'truncated').
 */
export async function runSystemActivityQuery(client: LookerClient, query: SystemActivityQuery): Promise<Row[]> {
  const limit = query.rowLimit ?? -1;
  // run_inline_query only reads (it changes nothing on the instance), so a 429/5xx or a reset is retried like a GET.
  const { body } = await client.postJson<unknown>(
    'queries/run/json',
    {
      model: SYSTEM_ACTIVITY_MODEL,
      view: query.explore,
      fields: [...query.fields],
      filters: query.filters,
      sorts: ['user.id'],
      limit: String(limit),
      // System Activity stores times in the Looker system time zone (Google's System Activity docs): ask for UTC.
      query_timezone: 'UTC',
    },
    'read',
  );
  const rows = readRows(body);
  if ((limit > 0 && rows.length >= limit) || (limit <= 0 && KNOWN_ROW_CAPS.has(rows.length))) {
    throw new Unavailable(
      'truncated',
      `System Activity: the ${query.explore} query returned ${rows.length} rows, ${limit > 0 ? 'its row limit' : "one of Looker's row caps"}: the result may be cut short, so it is not used`,
    );
  }
  return rows;
}

function compact<T>(items: readonly (T | null)[]): T[] {
  return items.filter((item): item is T => item !== null);
}
