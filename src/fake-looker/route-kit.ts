/**
 * What every route shares: the request context, the result the server pages and selects fields from, Looker's
 * error bodies and list semantics (search filters, `ids`, `sorts`).
 */
import { fieldGetter, searchMatch, sortRows, type ListSource } from './list.js';
import type { Organisation, OrgIndex } from './org.js';
import { ERROR_DOC, errorBody } from './api-json.js';
import type { SystemActivityState } from './system-activity.js';

export interface RouteContext {
  readonly org: Organisation;
  readonly index: OrgIndex;
  readonly base: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, string>>;
  /** The JSON body as sent (an object or an array), for routes that need its types; undefined for a form. */
  readonly json?: unknown;
  readonly release: string;
  /** How `get_all_support_roles=true` is read (FakeLookerOptions.supportRoles). */
  readonly supportRoles: SupportRolesReading;
  /** The client id of the session making the request (undefined at login). */
  readonly clientId?: string;
  /** The server's clock (ms), for relative filters such as "90 days". */
  readonly now: () => number;
  readonly systemActivity: SystemActivityState;
}

/** The spec's "Get all Looker support roles." allows both: support roles added to the list, or only them. */
export type SupportRolesReading = 'added' | 'only';

export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
  /** Filtered, sorted rows to page; `render` turns the page's rows into API JSON. */
  readonly list?: { readonly rows: readonly unknown[]; readonly render: (rows: readonly unknown[]) => unknown[] };
  /** A body that is not JSON (a query result as CSV), sent as it is. */
  readonly text?: { readonly contentType: string; readonly body: string; readonly rows: number };
}

export interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handle: (ctx: RouteContext, params: string[]) => RouteResult;
}

export const notFound = (): RouteResult => ({ status: 404, body: errorBody('Not found') });
export const validation = (field: string, message: string): RouteResult => ({
  status: 422,
  body: {
    message: 'Validation Failed',
    errors: [{ field, code: 'missing', message, documentation_url: ERROR_DOC }],
    documentation_url: ERROR_DOC,
  },
});

export type Filter<T> = (row: T, get: (row: T, field: string) => unknown) => boolean;

/** Filters by the named search params (plus `extra`), sorts by `sorts`; the server cuts the page. */
export function listOf<T extends object>(
  ctx: RouteContext,
  source: ListSource<T>,
  searchable: readonly string[],
  extra: Filter<T>[] = [],
): RouteResult {
  const get = fieldGetter(source.toJson);
  const wanted = searchable.filter((name) => ctx.query[name] !== undefined);
  const rows = source.rows.filter(
    (row) =>
      wanted.every((name) => searchMatch(ctx.query[name] as string, get(row, name), name)) &&
      extra.every((f) => f(row, get)),
  );
  return {
    status: 200,
    list: { rows: sortRows(rows, ctx.query.sorts, get), render: (page) => (page as T[]).map(source.toJson) },
  };
}

/** `ids`: a comma list (spec: array, style simple, explode false). */
export const idsFilter = <T extends { id: string }>(ctx: RouteContext): Filter<T>[] => {
  const ids = ctx.query.ids?.split(',').map((s) => s.trim());
  return ids ? [(row) => ids.includes(row.id)] : [];
};

/** The user the session acts as: the instance's first user (in the sample, Ada the admin). */
export const callerOf = (ctx: RouteContext) => ctx.org.users[0];
export const findUser = (ctx: RouteContext, id: string | undefined) => ctx.org.users.find((u) => u.id === id);
export const findGroup = (ctx: RouteContext, id: string | undefined) =>
  id === undefined ? undefined : ctx.index.groups.get(id);
