/**
 * The endpoints of the sample instance, under /api/4.0. Lists return `list` so the server applies paging,
 * `sorts` and `fields` uniformly. Write endpoints follow the original Looker API documentation's statuses:
 * 204 on delete, 404 for unknown ids, 409 on a duplicate, 422 ValidationError on a missing field.
 */
import type { FakeGroup, Organisation } from './org.js';
import { nextId } from './org.js';
import { ancestors, apiGroup, apiRole, apiUser, ERROR_DOC, errorBody } from './views.js';

export interface RouteContext {
  readonly org: Organisation;
  readonly base: string;
  readonly query: Record<string, string>;
  readonly body: Record<string, string>;
  readonly release: string;
}

export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
  /** A list to page, sort and select fields from. */
  readonly list?: Record<string, unknown>[];
}

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handle: (ctx: RouteContext, params: string[]) => RouteResult;
}

const notFound = (): RouteResult => ({ status: 404, body: errorBody('Not found') });
const validation = (field: string, message: string): RouteResult => ({
  status: 422,
  body: { message: 'Validation Failed', errors: [{ field, code: 'missing', message, documentation_url: ERROR_DOC }], documentation_url: ERROR_DOC },
});

/** `sorts`: comma list of fields, each optionally followed by ` desc`; numeric-looking values sort as numbers. */
function sortList(list: Record<string, unknown>[], sorts: string | undefined): Record<string, unknown>[] {
  const keys = (sorts ?? 'id').split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [field, dir] = s.split(/\s+/);
    return { field: field as string, desc: dir?.toLowerCase() === 'desc' };
  });
  const cmp = (a: unknown, b: unknown): number => {
    const na = Number(a);
    const nb = Number(b);
    if (a !== null && b !== null && a !== '' && b !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
    return String(a ?? '').localeCompare(String(b ?? ''));
  };
  return [...list].sort((x, y) => {
    for (const { field, desc } of keys) {
      const c = cmp(x[field], y[field]);
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  });
}

const listOf = (ctx: RouteContext, items: Record<string, unknown>[]): RouteResult => ({ status: 200, list: sortList(items, ctx.query.sorts) });

/** Search semantics: params ANDed, strings case-insensitive with % wildcards, ids as comma lists. */
function matches(item: Record<string, unknown>, ctx: RouteContext, names: readonly string[]): boolean {
  for (const name of names) {
    const wanted = ctx.query[name];
    if (wanted === undefined) continue;
    const value = item[name];
    if (typeof value === 'boolean') {
      if (String(value) !== wanted) return false;
    } else if (name === 'id') {
      if (!wanted.split(',').includes(String(value))) return false;
    } else {
      const pattern = new RegExp(`^${wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 'i');
      if (!pattern.test(String(value ?? ''))) return false;
    }
  }
  return true;
}

const users = (ctx: RouteContext) => ctx.org.users.map((u) => apiUser(u, ctx.base));
const groupViews = (ctx: RouteContext, hierarchy: boolean) => ctx.org.groups.map((g) => apiGroup(ctx.org, g, hierarchy));
const visibleRoles = (ctx: RouteContext) => ctx.org.roles.filter((r) => !r.internal || ctx.query.get_all_support_roles === 'true');
const findGroup = (ctx: RouteContext, id: string): FakeGroup | undefined => ctx.org.groups.find((g) => g.id === id);

/** Roles a user holds: direct, plus (unless direct_association_only or the user refuses group roles) via nested groups. */
function userRoleIds(ctx: RouteContext, userId: string, directOnly: boolean): Set<string> {
  const user = ctx.org.users.find((u) => u.id === userId);
  const ids = new Set(user?.role_ids ?? []);
  if (user && !directOnly && user.allow_roles_from_normal_groups !== false) {
    for (const groupId of user.group_ids) for (const g of ancestors(ctx.org, groupId)) for (const r of findGroup(ctx, g)?.role_ids ?? []) ids.add(r);
  }
  return ids;
}

export const routes: readonly Route[] = [
  { method: 'GET', pattern: /^\/versions$/, handle: (ctx) => ({ status: 200, body: { looker_release_version: ctx.release, current_version: { version: '4.0', full_version: '4.0.26.12', status: 'current', swagger_url: `${ctx.base}/api/4.0/swagger.json` }, supported_versions: [{ version: '4.0', full_version: '4.0.26.12', status: 'current', swagger_url: `${ctx.base}/api/4.0/swagger.json` }], api_server_url: ctx.base, web_server_url: ctx.base } }) },
  { method: 'GET', pattern: /^\/user$/, handle: (ctx) => ({ status: 200, body: apiUser(ctx.org.users[0] ?? { id: '0', first_name: 'API', last_name: 'User', email: null, is_disabled: false, role_ids: ['1'], group_ids: [], logged_in_at: null }, ctx.base) }) },
  { method: 'GET', pattern: /^\/users$/, handle: (ctx) => listOf(ctx, users(ctx).filter((u) => matches(u, ctx, ['id']))) },
  {
    method: 'GET',
    pattern: /^\/users\/search$/,
    handle: (ctx) => {
      const groupId = ctx.query.group_id;
      const embed = ctx.query.embed_user;
      return listOf(
        ctx,
        users(ctx).filter(
          (u) =>
            matches(u, ctx, ['id', 'email', 'first_name', 'last_name', 'is_disabled', 'verified_looker_employee', 'is_service_account']) &&
            (groupId === undefined || (u.group_ids as string[]).includes(groupId)) &&
            (embed === undefined || String((u.credentials_embed as unknown[]).length > 0) === embed),
        ),
      );
    },
  },
  { method: 'GET', pattern: /^\/users\/([^/]+)$/, handle: (ctx, [id]) => { const u = ctx.org.users.find((x) => x.id === id); return u ? { status: 200, body: apiUser(u, ctx.base) } : notFound(); } },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)\/roles$/,
    handle: (ctx, [id]) => {
      if (!ctx.org.users.some((u) => u.id === id)) return notFound();
      const ids = userRoleIds(ctx, id as string, ctx.query.direct_association_only === 'true');
      return { status: 200, body: ctx.org.roles.filter((r) => ids.has(r.id)).map((r) => apiRole(ctx.org, r, ctx.base)) };
    },
  },
  { method: 'GET', pattern: /^\/roles$/, handle: (ctx) => ({ status: 200, body: visibleRoles(ctx).filter((r) => !ctx.query.ids || ctx.query.ids.split(',').includes(r.id)).map((r) => apiRole(ctx.org, r, ctx.base)) }) },
  { method: 'GET', pattern: /^\/roles\/search$/, handle: (ctx) => listOf(ctx, visibleRoles(ctx).map((r) => apiRole(ctx.org, r, ctx.base)).filter((r) => matches(r, ctx, ['id', 'name']))) },
  { method: 'GET', pattern: /^\/roles\/([^/]+)$/, handle: (ctx, [id]) => { const r = ctx.org.roles.find((x) => x.id === id); return r ? { status: 200, body: apiRole(ctx.org, r, ctx.base) } : notFound(); } },
  { method: 'GET', pattern: /^\/roles\/([^/]+)\/groups$/, handle: (ctx, [id]) => (ctx.org.roles.some((r) => r.id === id) ? { status: 200, body: ctx.org.groups.filter((g) => g.role_ids.includes(id as string)).map((g) => apiGroup(ctx.org, g, false)) } : notFound()) },
  {
    method: 'GET',
    pattern: /^\/roles\/([^/]+)\/users$/,
    handle: (ctx, [id]) => {
      if (!ctx.org.roles.some((r) => r.id === id)) return notFound();
      const directOnly = ctx.query.direct_association_only === 'true';
      return { status: 200, body: ctx.org.users.filter((u) => userRoleIds(ctx, u.id, directOnly).has(id as string)).map((u) => apiUser(u, ctx.base)) };
    },
  },
  { method: 'GET', pattern: /^\/permission_sets$/, handle: (ctx) => ({ status: 200, body: ctx.org.permission_sets.map((p) => ({ ...p, can: {}, url: `${ctx.base}/api/4.0/permission_sets/${p.id}` })) }) },
  { method: 'GET', pattern: /^\/groups$/, handle: (ctx) => listOf(ctx, groupViews(ctx, false).filter((g) => !ctx.query.ids || ctx.query.ids.split(',').includes(String(g.id)))) },
  { method: 'GET', pattern: /^\/groups\/search$/, handle: (ctx) => listOf(ctx, groupViews(ctx, false).filter((g) => matches(g, ctx, ['id', 'name', 'externally_managed']))) },
  {
    method: 'GET',
    pattern: /^\/groups\/search\/with_roles$/,
    handle: (ctx) =>
      listOf(
        ctx,
        ctx.org.groups
          .map((g) => ({ ...apiGroup(ctx.org, g, false), roles: ctx.org.roles.filter((r) => g.role_ids.includes(r.id)).map((r) => apiRole(ctx.org, r, ctx.base)) }))
          .filter((g) => matches(g, ctx, ['id', 'name', 'externally_managed'])),
      ),
  },
  { method: 'GET', pattern: /^\/groups\/search\/with_hierarchy$/, handle: (ctx) => listOf(ctx, groupViews(ctx, true).filter((g) => matches(g, ctx, ['id', 'name', 'externally_managed']))) },
  { method: 'GET', pattern: /^\/groups\/([^/]+)$/, handle: (ctx, [id]) => { const g = findGroup(ctx, id as string); return g ? { status: 200, body: apiGroup(ctx.org, g, false) } : notFound(); } },
  {
    method: 'POST',
    pattern: /^\/groups$/,
    handle: (ctx) => {
      const name = ctx.body.name?.trim();
      if (!name) return validation('name', 'Name is required');
      if (ctx.org.groups.some((g) => g.name.toLowerCase() === name.toLowerCase())) return { status: 409, body: errorBody('Group name already exists') };
      const group: FakeGroup = { id: nextId(ctx.org.groups), name, parent_group_ids: [], role_ids: [], externally_managed: false, include_by_default: false };
      ctx.org.groups.push(group);
      return { status: 200, body: apiGroup(ctx.org, group, false) };
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/groups\/([^/]+)$/,
    handle: (ctx, [id]) => {
      const g = findGroup(ctx, id as string);
      if (!g) return notFound();
      if (ctx.body.name !== undefined) {
        if (ctx.body.name.trim() === '') return validation('name', 'Name is required');
        g.name = ctx.body.name.trim();
      }
      return { status: 200, body: apiGroup(ctx.org, g, false) };
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/groups\/([^/]+)$/,
    handle: (ctx, [id]) => {
      if (!findGroup(ctx, id as string)) return notFound();
      ctx.org.groups = ctx.org.groups.filter((g) => g.id !== id);
      for (const g of ctx.org.groups) g.parent_group_ids = g.parent_group_ids.filter((p) => p !== id);
      for (const u of ctx.org.users) u.group_ids = u.group_ids.filter((gid) => gid !== id);
      return { status: 204 };
    },
  },
  { method: 'GET', pattern: /^\/groups\/([^/]+)\/groups$/, handle: (ctx, [id]) => (findGroup(ctx, id as string) ? { status: 200, body: ctx.org.groups.filter((g) => g.parent_group_ids.includes(id as string)).map((g) => apiGroup(ctx.org, g, false)) } : notFound()) },
  {
    method: 'POST',
    pattern: /^\/groups\/([^/]+)\/groups$/,
    handle: (ctx, [id]) => {
      const parent = findGroup(ctx, id as string);
      if (!parent) return notFound();
      const childId = ctx.body.group_id;
      if (!childId) return validation('group_id', 'group_id is required');
      const child = findGroup(ctx, childId);
      if (!child) return notFound();
      // Looker refuses to nest a group inside itself or one of its own descendants.
      if (childId === id || ancestors(ctx.org, id as string).has(childId)) return validation('group_id', 'Group cannot contain itself');
      if (!child.parent_group_ids.includes(id as string)) child.parent_group_ids.push(id as string);
      return { status: 200, body: apiGroup(ctx.org, child, false) };
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/groups\/([^/]+)\/groups\/([^/]+)$/,
    handle: (ctx, [id, childId]) => {
      const child = findGroup(ctx, childId as string);
      if (!findGroup(ctx, id as string) || !child || !child.parent_group_ids.includes(id as string)) return notFound();
      child.parent_group_ids = child.parent_group_ids.filter((p) => p !== id);
      return { status: 204 };
    },
  },
  { method: 'GET', pattern: /^\/groups\/([^/]+)\/users$/, handle: (ctx, [id]) => (findGroup(ctx, id as string) ? listOf(ctx, users(ctx).filter((u) => (u.group_ids as string[]).includes(id as string))) : notFound()) },
  {
    method: 'POST',
    pattern: /^\/groups\/([^/]+)\/users$/,
    handle: (ctx, [id]) => {
      if (!findGroup(ctx, id as string)) return notFound();
      const userId = ctx.body.user_id;
      if (!userId) return validation('user_id', 'user_id is required');
      const user = ctx.org.users.find((u) => u.id === userId);
      if (!user) return notFound();
      if (!user.group_ids.includes(id as string)) user.group_ids.push(id as string);
      return { status: 200, body: apiUser(user, ctx.base) };
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/groups\/([^/]+)\/users\/([^/]+)$/,
    handle: (ctx, [id, userId]) => {
      const user = ctx.org.users.find((u) => u.id === userId);
      if (!findGroup(ctx, id as string) || !user || !user.group_ids.includes(id as string)) return notFound();
      user.group_ids = user.group_ids.filter((g) => g !== id);
      return { status: 204 };
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/groups\/([^/]+)\/attribute_values\/([^/]+)$/,
    handle: (ctx, [id, attributeId]) => (findGroup(ctx, id as string) ? { status: 200, body: { can: {}, group_id: id, user_attribute_id: attributeId, value_is_hidden: false, rank: 1, value: ctx.body.value ?? '', url: null } } : notFound()),
  },
  { method: 'DELETE', pattern: /^\/groups\/([^/]+)\/attribute_values\/([^/]+)$/, handle: (ctx, [id]) => (findGroup(ctx, id as string) ? { status: 204 } : notFound()) },
];
