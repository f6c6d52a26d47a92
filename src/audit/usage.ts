/**
 * Usage signals per user from System Activity rows (docs/looker-api.md, "System Activity"). Pure: no I/O, no clock.
 *
 * - developer use: a query in Development Mode (`history.workspace_id` = dev) or a git event;
 * - creator use: a query from explore, sqlrunner or merge_query, or a Look or dashboard created;
 * - viewer use: any other query a person starts (dashboard, look, drill_modal, private_embed, api3, ...);
 * - not a person's use: scheduled_task, regenerator, alerts, suggest, render_manager_cache, dashboard_prefetch,
 *   and every query of the API user the audit logs in as.
 *
 * `history.source` comes as raw values (`merge_query`) on current releases and as display labels (`Merge Query`)
 * on older ones (public copies of Looker's own System Activity dashboards filter on both; which releases send
 * which is not documented), so both are normalised to the raw form.
 * A signal whose field or explore is missing on the instance is unknown, never zero: audit/rightsize.ts then keeps
 * the tier that signal could justify.
 */
import type { SystemActivityData } from '../looker/system-activity.js';
import type { UserCountRow } from '../looker/system-activity-rows.js';

export type SourceClass = 'creator' | 'viewer' | 'not_person';

/**
 * Older display labels -> raw values (the `case:` of history.view.lkml in a copy of Looker's System Activity model,
 * https://github.com/llooker/native_sys_activity).
 */
const LABELS: Readonly<Record<string, string>> = {
  'api 3': 'api3',
  dashboard: 'dashboard',
  'dashboard prefetch': 'dashboard_prefetch',
  explore: 'explore',
  'merge query': 'merge_query',
  'pdt regenerator': 'regenerator',
  'private embed': 'private_embed',
  'public embed': 'public_embed',
  'saved look': 'look',
  'scheduled task': 'scheduled_task',
  'sql runner': 'sqlrunner',
  'suggest filter': 'suggest',
  query: 'query',
  renderer: 'render_manager_cache',
  alert: 'alerts',
  'csv dashboard download': 'data-download-api',
  other: 'other',
};

const CREATOR_SOURCES = new Set(['explore', 'sqlrunner', 'merge_query']);
const NOT_PERSON_SOURCES = new Set([
  'scheduled_task',
  'regenerator',
  'alerts',
  'suggest',
  'render_manager_cache',
  'dashboard_prefetch',
]);

/** A source as its raw value, case-insensitively; null (no source) becomes `unknown`. */
export function normaliseSource(source: string | null): string {
  if (source === null) return 'unknown';
  const lower = source.trim().toLowerCase();
  return LABELS[lower] ?? lower.replace(/\s+/g, '_');
}

export function classifySource(raw: string): SourceClass {
  if (CREATOR_SOURCES.has(raw)) return 'creator';
  if (NOT_PERSON_SOURCES.has(raw)) return 'not_person';
  return 'viewer';
}

export interface SourceUse {
  readonly source: string;
  readonly queries: number;
  readonly last: string | null;
}

export interface UserUsage {
  readonly lastDeveloperUse: string | null;
  readonly developerQueries: number;
  /** null: unknown (no event explore or field on this instance). */
  readonly gitEvents: number | null;
  readonly lastCreatorUse: string | null;
  readonly creatorQueries: number;
  readonly looksCreated: number | null;
  readonly dashboardsCreated: number | null;
  readonly lastViewerUse: string | null;
  readonly viewerQueries: number;
  /** Queries that are a person's use (not schedules, not the PDT regenerator, ...), every class. */
  readonly queryCount: number;
  /** Queries of schedules, alerts, suggestions, the PDT regenerator, ...: attributed to the user, not counted. */
  readonly notPersonQueries: number;
  /** undefined: unknown on this instance. */
  readonly lastUiLogin: string | null | undefined;
  readonly lastApiLogin: string | null | undefined;
  /** A person's use per source, most queries first. */
  readonly bySource: readonly SourceUse[];
}

export interface AccountUsage {
  readonly apiUserId: string | null;
  readonly users: ReadonlyMap<string, UserUsage>;
  /** The newest date seen in the data: System Activity may be up to 12 h behind (reports say "usage as of"). */
  readonly asOf: string | null;
  /** Both Development Mode (workspace) and git events are known on this instance. */
  readonly developerUseKnown: boolean;
  /** Git events are known (the event explore and its fields exist). */
  readonly gitKnown: boolean;
  /** Looks and dashboards created are known. */
  readonly contentKnown: boolean;
  /** Distinct `history.source` values as sent (for the verbose log: the forms vary by release). */
  readonly sourcesSeen: readonly string[];
  readonly missing: readonly string[];
  /** Rows or dates after the day given as today (with a day of slack for time zones): left out, never used. */
  readonly futureDates: number;
}

interface Acc {
  devQueries: number;
  lastDev: string | null;
  creatorQueries: number;
  lastCreator: string | null;
  viewerQueries: number;
  lastViewer: string | null;
  bySource: Map<string, { queries: number; last: string | null }>;
}

const later = (a: string | null, b: string | null | undefined): string | null =>
  b === null || b === undefined ? a : a === null || b > a ? b : a;

function countsBy(rows: readonly UserCountRow[] | null): Map<string, number> | null {
  if (rows === null) return null;
  const map = new Map<string, number>();
  for (const row of rows) map.set(row.userId, (map.get(row.userId) ?? 0) + row.count);
  return map;
}

/** `YYYY-MM-DD` one day after `day`. */
function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * One account's usage from its System Activity. With `today` (`YYYY-MM-DD`), a date after it (with a day of slack:
 * System Activity keeps times in the instance's time zone) cannot be true: such a history row is left out whole,
 * such a login date read as none, and `futureDates` counts them, so no report says "usage as of 2999-12-31".
 */
export function accountUsage(data: SystemActivityData, today?: string): AccountUsage {
  const latest = today === undefined ? undefined : dayAfter(today);
  let futureDates = 0;
  const future = (date: string | null | undefined): boolean => {
    const after = latest !== undefined && typeof date === 'string' && date > latest;
    if (after) futureDates += 1;
    return after;
  };
  const acc = new Map<string, Acc>();
  const notPerson = new Map<string, number>();
  const sources = new Set<string>();
  let workspaceKnown = !data.missing.includes('history.workspace_id');
  let asOf: string | null = null;
  for (const row of data.history) {
    if (future(row.mostRecentQueryDate)) continue;
    if (row.source !== null) sources.add(row.source);
    asOf = later(asOf, row.mostRecentQueryDate);
    // The audit's own queries (and any other run as its API user) are not a person's use.
    if (row.userId === data.apiUserId) continue;
    const raw = normaliseSource(row.source);
    const kind = classifySource(raw);
    if (kind === 'not_person') notPerson.set(row.userId, (notPerson.get(row.userId) ?? 0) + row.queryRunCount);
    if (kind === 'not_person' || row.queryRunCount === 0) continue;
    if (row.workspace === undefined) workspaceKnown = false;
    let a = acc.get(row.userId);
    if (a === undefined) {
      a = {
        devQueries: 0,
        lastDev: null,
        creatorQueries: 0,
        lastCreator: null,
        viewerQueries: 0,
        lastViewer: null,
        bySource: new Map(),
      };
      acc.set(row.userId, a);
    }
    const date = row.mostRecentQueryDate;
    if (typeof row.workspace === 'string' && /^dev/i.test(row.workspace.trim())) {
      a.devQueries += row.queryRunCount;
      a.lastDev = later(a.lastDev, date);
    }
    if (kind === 'creator') {
      a.creatorQueries += row.queryRunCount;
      a.lastCreator = later(a.lastCreator, date);
    } else {
      a.viewerQueries += row.queryRunCount;
      a.lastViewer = later(a.lastViewer, date);
    }
    const s = a.bySource.get(raw) ?? { queries: 0, last: null };
    a.bySource.set(raw, { queries: s.queries + row.queryRunCount, last: later(s.last, date) });
  }

  const git = countsBy(data.gitEvents);
  const looks = countsBy(data.looksCreated);
  const dashboards = countsBy(data.dashboardsCreated);
  const userFacts = data.users.map((u) => ({
    ...u,
    lastUiLoginDate: future(u.lastUiLoginDate) ? null : u.lastUiLoginDate,
    lastApiLoginDate: future(u.lastApiLoginDate) ? null : u.lastApiLoginDate,
  }));
  const facts = new Map(userFacts.map((u) => [u.userId, u]));
  const apiLoginKnown = !data.missing.includes('user_facts.last_api_login_date');
  const uiLoginKnown = !data.missing.includes('user_facts.last_ui_login_date');
  for (const f of userFacts) {
    asOf = later(asOf, f.lastUiLoginDate);
    asOf = later(asOf, f.lastApiLoginDate);
  }

  const ids = new Set([
    ...acc.keys(),
    ...notPerson.keys(),
    ...facts.keys(),
    ...(git?.keys() ?? []),
    ...(looks?.keys() ?? []),
  ]);
  for (const id of dashboards?.keys() ?? []) ids.add(id);
  const users = new Map<string, UserUsage>();
  for (const id of ids) {
    const a = acc.get(id);
    const f = facts.get(id);
    users.set(id, {
      lastDeveloperUse: a?.lastDev ?? null,
      developerQueries: a?.devQueries ?? 0,
      gitEvents: git === null ? null : (git.get(id) ?? 0),
      lastCreatorUse: a?.lastCreator ?? null,
      creatorQueries: a?.creatorQueries ?? 0,
      looksCreated: looks === null ? null : (looks.get(id) ?? 0),
      dashboardsCreated: dashboards === null ? null : (dashboards.get(id) ?? 0),
      lastViewerUse: a?.lastViewer ?? null,
      viewerQueries: a?.viewerQueries ?? 0,
      queryCount: (a?.creatorQueries ?? 0) + (a?.viewerQueries ?? 0),
      notPersonQueries: notPerson.get(id) ?? 0,
      lastUiLogin: uiLoginKnown ? (f?.lastUiLoginDate ?? null) : undefined,
      lastApiLogin: apiLoginKnown ? (f?.lastApiLoginDate ?? null) : undefined,
      bySource: a
        ? [...a.bySource]
            .map(([source, s]) => ({ source, queries: s.queries, last: s.last }))
            .sort((x, y) => y.queries - x.queries || x.source.localeCompare(y.source))
        : [],
    });
  }
  return {
    apiUserId: data.apiUserId,
    users,
    asOf,
    developerUseKnown: workspaceKnown && git !== null,
    gitKnown: git !== null,
    contentKnown: looks !== null && dashboards !== null,
    sourcesSeen: [...sources].sort(),
    missing: data.missing,
    futureDates,
  };
}

/** A user with no row anywhere: no query, no event, no content (and no System Activity login record). */
export function noUsage(usage: AccountUsage): UserUsage {
  return {
    lastDeveloperUse: null,
    developerQueries: 0,
    gitEvents: usage.gitKnown ? 0 : null,
    lastCreatorUse: null,
    creatorQueries: 0,
    looksCreated: usage.contentKnown ? 0 : null,
    dashboardsCreated: usage.contentKnown ? 0 : null,
    lastViewerUse: null,
    viewerQueries: 0,
    queryCount: 0,
    notPersonQueries: 0,
    lastUiLogin: usage.missing.includes('user_facts.last_ui_login_date') ? undefined : null,
    lastApiLogin: usage.missing.includes('user_facts.last_api_login_date') ? undefined : null,
    bySource: [],
  };
}

export function usageOf(usage: AccountUsage, userId: string): UserUsage {
  return usage.users.get(userId) ?? noUsage(usage);
}
