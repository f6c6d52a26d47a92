/**
 * System Activity on the sample instance, as right-sizing reads it (the facts in docs/looker-api.md, System Activity):
 * `lookml_model` and `lookml_model_explore` for the explores right-sizing uses (user, history, event, look,
 * dashboard), and `POST /queries/run/{json,json_detail,csv}` computing grouped rows from the activity history, the
 * way Looker shapes them: `user.id` a JSON number, yes/no as "Yes"/"No", dates "YYYY-MM-DD", unknown fields
 * dropped silently, `limit` "-1" for all rows. On demand: `Access Denied` (400) for chosen API users, no
 * `system__activity` model (404), fields missing on "this release", older display labels for `history.source`,
 * and a `looker_error` row for chosen explores.
 */
import { daysBefore, isoDay } from '../days.js';
import type { FakeUser, Organisation } from './org.js';
import { notFound, validation, type Route, type RouteContext, type RouteResult } from './route-kit.js';
import { generatedActivity, sampleActivity, type ActivityHistory } from './system-activity-data.js';
import { errorBody } from './api-json.js';
import { FAKE_USER_FLAGS as FLAGS, userFacts } from './user-facts.js';

export interface SystemActivityOptions {
  /** The activity history; default: the sample's own for the built-in organisation, else one derived from it. */
  activity?: ActivityHistory;
  /** Client ids whose API user lacks `see_system_activity`: their queries answer 400 "Access Denied". */
  deniedClientIds?: readonly string[];
  /** The instance has no System Activity model (404 for its explores and queries). */
  noModel?: boolean;
  /** Fields this "release" lacks: absent from discovery and from the rows. */
  missingFields?: readonly string[];
  /** `history.source` as older releases sent it: display labels (`Explore`, `Saved Look`, ...). */
  sourceLabels?: boolean;
  /** Explores whose queries fail in the database: 200 with `[{"looker_error": ...}]`. */
  failingExplores?: readonly string[];
  /** Users whose `user_facts` Looker has not computed yet (it refreshes them hourly): null flags in their rows. */
  factsPending?: readonly string[];
}

/** What the server keeps for these routes: its options, the history (made once), and every query body received. */
export interface SystemActivityState {
  readonly options: SystemActivityOptions;
  readonly queries: unknown[];
  history(org: Organisation): ActivityHistory;
}

export function createSystemActivityState(options: SystemActivityOptions, builtInSample: boolean): SystemActivityState {
  let history: ActivityHistory | undefined = options.activity;
  return {
    options,
    queries: [],
    history: (org) => (history ??= builtInSample ? sampleActivity() : generatedActivity(org)),
  };
}

const MODEL = 'system__activity';

/**
 * Raw `history.source` -> the display label older releases sent (the `case:` of history.view.lkml in a copy of
 * Looker's System Activity model, https://github.com/llooker/native_sys_activity).
 */
const LABELS: Readonly<Record<string, string>> = {
  api3: 'API 3',
  dashboard: 'Dashboard',
  dashboard_prefetch: 'Dashboard Prefetch',
  explore: 'Explore',
  merge_query: 'Merge Query',
  regenerator: 'PDT Regenerator',
  private_embed: 'Private Embed',
  look: 'Saved Look',
  scheduled_task: 'Scheduled Task',
  sqlrunner: 'SQL Runner',
  suggest: 'Suggest Filter',
  render_manager_cache: 'Renderer',
  alerts: 'Alert',
};

const ISSUER: Readonly<Record<string, string>> = {
  api3: 'API',
  scheduled_task: 'System',
  regenerator: 'System',
  alerts: 'System',
  suggest: 'Other',
};

type Flat = Record<string, unknown> & { _count?: number };
interface FieldDef {
  readonly name: string;
  readonly type: string;
  /** Measures aggregate the rows of a group. */
  readonly measure?: (rows: readonly Flat[]) => unknown;
}
interface ExploreDef {
  readonly label: string;
  readonly fields: readonly FieldDef[];
  readonly rows: (ctx: RouteContext, state: SystemActivityState) => Flat[];
}

const yesNo = (b: boolean) => (b ? 'Yes' : 'No');

/** LookML type number: the fake's ids are numeric strings. */
const numericId = (id: string): number | string => (/^\d+$/.test(id) ? Number(id) : id);
const dateOf = (iso: string | null | undefined) =>
  typeof iso === 'string' && iso.length >= 10 ? iso.slice(0, 10) : null;
const sum = (rows: readonly Flat[]) => rows.reduce((n, r) => n + (r._count ?? 1), 0);
const maxOf = (field: string) => (rows: readonly Flat[]) =>
  rows.reduce<string | null>((m, r) => {
    const v = r[field];
    return typeof v === 'string' && (m === null || v > m) ? v : m;
  }, null);
const dim = (name: string, type = 'string'): FieldDef => ({ name, type });
const USER_DIMS = [dim('user.id', 'number'), dim('user.email'), dim('user.name'), dim('user.is_disabled', 'yesno')];

function userColumns(user: FakeUser | undefined, id: string): Flat {
  return {
    'user.id': numericId(id),
    'user.email': user?.email ?? null,
    'user.name': user ? [user.first_name, user.last_name].filter(Boolean).join(' ') : null,
    'user.is_disabled': yesNo(user?.is_disabled === true),
  };
}

function lastUiLogin(user: FakeUser): string | null {
  const days = [user.logged_in_at, ...Object.values(user.extra_logins ?? {})]
    .map(dateOf)
    .filter((d): d is string => d !== null);
  return days.length === 0 ? null : days.sort().at(-1)!;
}

const EXPLORES: Readonly<Record<string, ExploreDef>> = {
  user: {
    label: 'Users',
    fields: [
      ...USER_DIMS,
      dim('user.created_date', 'date_date'),
      ...FLAGS.map((flag) => dim(`user_facts.${flag}`, 'yesno')),
      dim('user_facts.last_ui_login_date', 'date_date'),
      dim('user_facts.last_api_login_date', 'date_date'),
      { name: 'user.count', type: 'count', measure: (rows) => rows.length },
    ],
    rows: (ctx, state) => {
      const api = state.history(ctx.org).apiLogins;
      const facts = userFacts(ctx.org);
      const pending = new Set(state.options.factsPending ?? []);
      return ctx.org.users.map((u) => {
        // The explore LEFT JOINs user_facts: a user without a facts row yet has nulls there.
        const known = pending.has(u.id) ? undefined : facts.get(u.id);
        return {
          ...userColumns(u, u.id),
          'user.created_date': dateOf(u.created_at),
          ...Object.fromEntries(
            FLAGS.map((flag) => [`user_facts.${flag}`, known === undefined ? null : yesNo(known[flag])]),
          ),
          'user_facts.last_ui_login_date': u.login === undefined || known === undefined ? null : lastUiLogin(u),
          'user_facts.last_api_login_date': known === undefined ? null : (api[u.id] ?? null),
        };
      });
    },
  },
  history: {
    label: 'History',
    fields: [
      ...USER_DIMS,
      dim('history.source'),
      dim('history.issuer_source'),
      dim('history.workspace_id'),
      dim('history.created_date', 'date_date'),
      { name: 'history.query_run_count', type: 'count_distinct', measure: sum },
      { name: 'history.count', type: 'count', measure: sum },
      { name: 'history.most_recent_query_date', type: 'date', measure: maxOf('history.created_date') },
    ],
    rows: (ctx, state) => {
      const users = new Map(ctx.org.users.map((u) => [u.id, u]));
      return state.history(ctx.org).queries.map((a) => ({
        ...userColumns(users.get(a.user_id), a.user_id),
        'history.source': state.options.sourceLabels === true ? (LABELS[a.source] ?? a.source) : a.source,
        'history.issuer_source': ISSUER[a.source] ?? 'User',
        'history.workspace_id': a.workspace_id,
        'history.created_date': a.date,
        _count: a.count,
      }));
    },
  },
  event: {
    label: 'Events',
    fields: [
      ...USER_DIMS,
      dim('event.category'),
      dim('event.name'),
      dim('event.created_date', 'date_date'),
      dim('event.is_api_call', 'yesno'),
      { name: 'event.count', type: 'count', measure: sum },
    ],
    rows: (ctx, state) => {
      const users = new Map(ctx.org.users.map((u) => [u.id, u]));
      return state.history(ctx.org).events.map((e) => ({
        ...userColumns(users.get(e.user_id), e.user_id),
        'event.category': e.category,
        'event.name': e.name,
        'event.created_date': e.date,
        'event.is_api_call': 'No',
        _count: e.count,
      }));
    },
  },
  look: contentExplore('look', 'Looks'),
  dashboard: contentExplore('dashboard', 'Dashboards'),
};

function contentExplore(kind: 'look' | 'dashboard', label: string): ExploreDef {
  return {
    label,
    fields: [
      ...USER_DIMS,
      dim(`${kind}.created_date`, 'date_date'),
      { name: `${kind}.count`, type: 'count', measure: (rows) => rows.length },
    ],
    rows: (ctx, state) => {
      const users = new Map(ctx.org.users.map((u) => [u.id, u]));
      return state
        .history(ctx.org)
        .content.filter((c) => c.kind === kind)
        .map((c) => ({ ...userColumns(users.get(c.user_id), c.user_id), [`${kind}.created_date`]: c.date }));
    },
  };
}

function visibleFields(explore: ExploreDef, state: SystemActivityState): FieldDef[] {
  const missing = new Set(state.options.missingFields ?? []);
  return explore.fields.filter((f) => !missing.has(f.name));
}

/** One field for LookmlModelExplore.fields (spec LookmlModelExploreField: declared properties only). */
function apiField(field: FieldDef, explore: string) {
  const [view = explore, short = field.name] = field.name.split('.');
  return {
    name: field.name,
    label: `${view} ${short}`.replace(/_/g, ' '),
    label_short: short.replace(/_/g, ' '),
    type: field.type,
    category: field.measure ? 'measure' : 'dimension',
    measure: field.measure !== undefined,
    hidden: false,
    is_numeric: field.type === 'number' || field.measure !== undefined,
    view,
    scope: view,
  };
}

function exploreBody(name: string, explore: ExploreDef, state: SystemActivityState) {
  const fields = visibleFields(explore, state);
  return {
    id: `${MODEL}::${name}`,
    name,
    label: explore.label,
    model_name: MODEL,
    view_name: name,
    hidden: false,
    fields: {
      dimensions: fields.filter((f) => !f.measure).map((f) => apiField(f, name)),
      measures: fields.filter((f) => f.measure).map((f) => apiField(f, name)),
      filters: [],
      parameters: [],
    },
  };
}

/** A Looker filter expression, the few forms right-sizing sends: "90 days", "Yes", "git", "-NULL", lists. */
function matches(value: unknown, expression: string, today: number): boolean {
  const days = /^(\d+)\s+days?$/i.exec(expression.trim());
  if (days) {
    if (typeof value !== 'string') return false;
    const ms = Date.parse(`${value.slice(0, 10)}T00:00:00Z`);
    return ms <= today && ms > daysBefore(today, Number(days[1]));
  }
  const alternatives = expression.split(',').map((s) => s.trim());
  const excluded = alternatives.filter((a) => a.startsWith('-')).map((a) => a.slice(1));
  const included = alternatives.filter((a) => !a.startsWith('-'));
  const text = value === null || value === undefined ? 'NULL' : String(value).toLowerCase();
  const same = (a: string) => (a === 'NULL' ? text === 'NULL' : text === a.replace(/\^(.)/g, '$1').toLowerCase());
  if (excluded.some(same)) return false;
  return included.length === 0 || included.some(same);
}

interface QueryBody {
  model?: unknown;
  view?: unknown;
  fields?: unknown;
  filters?: unknown;
  sorts?: unknown;
  limit?: unknown;
}

/** The JSON body as the server parsed it (non-string values arrive JSON-encoded: body.ts). */
function parsedBody(ctx: RouteContext): QueryBody {
  const out: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(ctx.body)) {
    try {
      out[key] = key === 'model' || key === 'view' || key === 'limit' ? text : JSON.parse(text);
    } catch {
      out[key] = text;
    }
  }
  return out;
}

function runQuery(ctx: RouteContext, state: SystemActivityState, format: string): RouteResult {
  const body = parsedBody(ctx);
  state.queries.push(body);
  if (typeof body.model !== 'string' || typeof body.view !== 'string')
    return validation(typeof body.model !== 'string' ? 'model' : 'view', 'is required');
  if (format !== 'json' && format !== 'json_detail' && format !== 'csv')
    return { status: 400, body: errorBody(`The sample instance does not render "${format}" results`) };
  if (body.model !== MODEL || state.options.noModel === true) return notFound();
  const explore = EXPLORES[body.view];
  if (!explore) return notFound();
  // Without see_system_activity: 400 Access Denied from run_inline_query
  // (https://github.com/looker-open-source/henry/issues/130).
  if (ctx.clientId !== undefined && state.options.deniedClientIds?.includes(ctx.clientId))
    return { status: 400, body: errorBody('Access Denied') };
  if (state.options.failingExplores?.includes(body.view))
    return { status: 200, body: [{ looker_error: 'Error running query: the sample database is down' }] };

  const known = new Map(visibleFields(explore, state).map((f) => [f.name, f]));
  // Unknown fields are dropped, not refused: inferred from public tools, not documented (docs/looker-api.md).
  const fields = (Array.isArray(body.fields) ? body.fields : []).filter(
    (f): f is string => typeof f === 'string' && known.has(f),
  );
  if (fields.length === 0) return { status: 400, body: errorBody('Must query at least one dimension or measure') };
  const today = Date.parse(`${isoDay(ctx.now())}T00:00:00Z`);
  const filters = Object.entries((body.filters ?? {}) as Record<string, unknown>).filter(
    ([name, expression]) => known.has(name) && typeof expression === 'string',
  ) as [string, string][];
  const rows = explore.rows(ctx, state).filter((r) => filters.every(([name, e]) => matches(r[name], e, today)));

  const dims = fields.filter((f) => !known.get(f)?.measure);
  const groups = new Map<string, Flat[]>();
  for (const row of rows) {
    const key = JSON.stringify(dims.map((d) => row[d] ?? null));
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  // Only measures and no dimension: one total row, as Looker gives.
  if (dims.length === 0 && groups.size === 0) groups.set('[]', []);
  let out = [...groups.values()].map((group) =>
    Object.fromEntries(
      fields.map((f) => {
        const def = known.get(f) as FieldDef;
        return [f, def.measure ? def.measure(group) : (group[0]?.[f] ?? null)];
      }),
    ),
  );
  const sorts = Array.isArray(body.sorts) ? body.sorts.filter((s): s is string => typeof s === 'string') : [];
  for (const sort of [...sorts].reverse()) {
    const [field = '', direction] = sort.trim().split(/\s+/);
    const sign = direction?.toLowerCase() === 'desc' ? -1 : 1;
    out = out.sort((a, b) => {
      const x = a[field] as string | number | null;
      const y = b[field] as string | number | null;
      return x === y ? 0 : x === null ? 1 : y === null ? -1 : (x < y ? -1 : 1) * sign;
    });
  }
  const limitText = ctx.query.limit ?? (typeof body.limit === 'string' ? body.limit : '5000');
  const limit = Number(limitText);
  if (Number.isFinite(limit) && limit >= 0) out = out.slice(0, limit);
  if (format === 'json') return { status: 200, body: out };
  if (format === 'csv')
    return { status: 200, text: { contentType: 'text/csv', body: csvOf(fields, out), rows: out.length } };
  return {
    status: 200,
    body: {
      data: out.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, { value: v }]))),
      errors: [],
      fields: {
        dimensions: dims.map((d) => ({ name: d })),
        measures: fields.filter((f) => !dims.includes(f)).map((m) => ({ name: m })),
      },
      from_cache: false,
      ran_at: new Date(ctx.now()).toISOString(),
      runtime: 0.042,
    },
  };
}

/** Looker's CSV: a header of field labels, then the rows; every cell quoted where it must be. */
function csvOf(fields: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const label = (f: string) =>
    f
      .split('.')
      .map((part) => part.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()))
      .join(' ');
  return (
    [fields.map(label), ...rows.map((r) => fields.map((f) => r[f]))].map((r) => r.map(cell).join(',')).join('\n') + '\n'
  );
}

/** The routes read the server's System Activity state from the request context. */
export const systemActivityRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: /^\/lookml_models\/([^/]+)$/,
    handle: (ctx, [model]) =>
      model !== MODEL || ctx.systemActivity.options.noModel === true
        ? notFound()
        : {
            status: 200,
            body: {
              name: MODEL,
              label: 'System Activity',
              project_name: MODEL,
              has_content: true,
              explores: Object.entries(EXPLORES).map(([name, e]) => ({ name, label: e.label, hidden: false })),
            },
          },
  },
  {
    method: 'GET',
    pattern: /^\/lookml_models\/([^/]+)\/explores\/([^/]+)$/,
    handle: (ctx, [model, name]) => {
      const explore = name === undefined ? undefined : EXPLORES[name];
      if (model !== MODEL || ctx.systemActivity.options.noModel === true || !explore || name === undefined)
        return notFound();
      return { status: 200, body: exploreBody(name, explore, ctx.systemActivity) };
    },
  },
  {
    method: 'POST',
    pattern: /^\/queries\/run\/([^/]+)$/,
    handle: (ctx, [format]) => runQuery(ctx, ctx.systemActivity, format ?? 'json'),
  },
];
