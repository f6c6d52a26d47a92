/**
 * The read endpoints of the sample instance (docs/looker-api.md, What the audit reads): versions, the API user, users, roles,
 * permission sets and groups. Lists are paged by the server; all_roles, user_roles, role_users, role_groups,
 * all_group_groups and all_permission_sets are not paged, as in the spec.
 */
import { searchMatch, type ListSource } from './list.js';
import type { FakeGroup, FakeUser } from './org.js';
import { userRoleIds } from './org.js';
import {
  callerOf,
  findGroup,
  findUser,
  idsFilter,
  listOf,
  notFound,
  type Route,
  type RouteContext,
  type RouteResult,
} from './route-kit.js';
import { apiGroup, apiPermissionSet, apiRole, apiUser } from './api-json.js';

const userSource = (ctx: RouteContext, rows: readonly FakeUser[] = ctx.org.users): ListSource<FakeUser> => ({
  rows,
  toJson: (u) => apiUser(u, ctx.base),
});
const groupSource = (
  ctx: RouteContext,
  hierarchy: boolean,
  rows: readonly FakeGroup[] = ctx.org.groups,
): ListSource<FakeGroup> => ({ rows, toJson: (g) => apiGroup(ctx.index, g, hierarchy) });
const visibleRoles = (ctx: RouteContext) =>
  ctx.query.get_all_support_roles === 'true'
    ? ctx.org.roles.filter((r) => ctx.supportRoles === 'added' || r.internal)
    : ctx.org.roles.filter((r) => !r.internal);
const GROUP_SEARCH = ['id', 'name', 'external_group_id', 'externally_managed'] as const;
const USER_SEARCH = [
  'id',
  'first_name',
  'last_name',
  'email',
  'is_disabled',
  'verified_looker_employee',
  'is_service_account',
] as const;

function versions(ctx: RouteContext): RouteResult {
  const [major = '0', minor = '0'] = ctx.release.split('.');
  const v = {
    version: '4.0',
    full_version: `4.0.${major}.${minor}`,
    status: 'current',
    swagger_url: `${ctx.base}/api/4.0/swagger.json`,
  };
  return {
    status: 200,
    body: {
      looker_release_version: ctx.release,
      current_version: v,
      supported_versions: [v],
      api_server_url: ctx.base,
      web_server_url: ctx.base,
    },
  };
}

export const readRoutes: readonly Route[] = [
  { method: 'GET', pattern: /^\/versions$/, handle: versions },
  {
    method: 'GET',
    pattern: /^\/user$/,
    handle: (ctx) => {
      const me = callerOf(ctx);
      return me ? { status: 200, body: apiUser(me, ctx.base) } : notFound();
    },
  },
  { method: 'GET', pattern: /^\/users$/, handle: (ctx) => listOf(ctx, userSource(ctx), [], idsFilter(ctx)) },
  {
    method: 'GET',
    pattern: /^\/users\/search$/,
    handle: (ctx) => {
      const { group_id: groupId, embed_user: embed, full_name: fullName } = ctx.query;
      return listOf(ctx, userSource(ctx), USER_SEARCH, [
        // group_id: direct members only (spec search_users).
        (u) => groupId === undefined || u.group_ids.includes(groupId),
        (u) => embed === undefined || String(u.embed === true) === embed,
        (u, get) => fullName === undefined || searchMatch(fullName, get(u, 'display_name'), 'full_name'),
      ]);
    },
  },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)$/,
    handle: (ctx, [id]) => {
      const u = findUser(ctx, id);
      return u ? { status: 200, body: apiUser(u, ctx.base) } : notFound();
    },
  },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)\/roles$/,
    handle: (ctx, [id]) => {
      const user = findUser(ctx, id);
      if (!user) return notFound();
      const ids = userRoleIds(ctx.index, user, ctx.query.direct_association_only === 'true');
      return {
        status: 200,
        body: ctx.org.roles.filter((r) => ids.has(r.id)).map((r) => apiRole(ctx.org, r, ctx.base)),
      };
    },
  },
  // all_roles is not paged: it takes no limit/offset in the spec.
  {
    method: 'GET',
    pattern: /^\/roles$/,
    handle: (ctx) => {
      const ids = ctx.query.ids?.split(',');
      return {
        status: 200,
        body: visibleRoles(ctx)
          .filter((r) => !ids || ids.includes(r.id))
          .map((r) => apiRole(ctx.org, r, ctx.base)),
      };
    },
  },
  {
    method: 'GET',
    pattern: /^\/roles\/search$/,
    handle: (ctx) =>
      listOf(ctx, { rows: visibleRoles(ctx), toJson: (r) => apiRole(ctx.org, r, ctx.base) }, ['id', 'name']),
  },
  {
    method: 'GET',
    pattern: /^\/roles\/([^/]+)$/,
    handle: (ctx, [id]) => {
      const r = ctx.org.roles.find((x) => x.id === id);
      return r ? { status: 200, body: apiRole(ctx.org, r, ctx.base) } : notFound();
    },
  },
  {
    method: 'GET',
    pattern: /^\/roles\/([^/]+)\/groups$/,
    handle: (ctx, [id]) =>
      ctx.org.roles.some((r) => r.id === id)
        ? {
            status: 200,
            body: ctx.org.groups
              .filter((g) => g.role_ids.includes(id as string))
              .map((g) => apiGroup(ctx.index, g, false)),
          }
        : notFound(),
  },
  {
    method: 'GET',
    pattern: /^\/roles\/([^/]+)\/users$/,
    handle: (ctx, [id]) => {
      if (!ctx.org.roles.some((r) => r.id === id)) return notFound();
      const directOnly = ctx.query.direct_association_only === 'true';
      return {
        status: 200,
        body: ctx.org.users
          .filter((u) => userRoleIds(ctx.index, u, directOnly).has(id as string))
          .map((u) => apiUser(u, ctx.base)),
      };
    },
  },
  {
    method: 'GET',
    pattern: /^\/permission_sets$/,
    handle: (ctx) => ({ status: 200, body: ctx.org.permission_sets.map((p) => apiPermissionSet(p, ctx.base)) }),
  },
  { method: 'GET', pattern: /^\/groups$/, handle: (ctx) => listOf(ctx, groupSource(ctx, false), [], idsFilter(ctx)) },
  { method: 'GET', pattern: /^\/groups\/search$/, handle: (ctx) => listOf(ctx, groupSource(ctx, false), GROUP_SEARCH) },
  {
    method: 'GET',
    pattern: /^\/groups\/search\/with_roles$/,
    handle: (ctx) =>
      listOf(
        ctx,
        {
          rows: ctx.org.groups,
          toJson: (g) => ({
            ...apiGroup(ctx.index, g, false),
            roles: ctx.org.roles.filter((r) => g.role_ids.includes(r.id)).map((r) => apiRole(ctx.org, r, ctx.base)),
          }),
        },
        GROUP_SEARCH,
      ),
  },
  {
    method: 'GET',
    pattern: /^\/groups\/search\/with_hierarchy$/,
    handle: (ctx) => listOf(ctx, groupSource(ctx, true), GROUP_SEARCH),
  },
  {
    method: 'GET',
    pattern: /^\/groups\/([^/]+)$/,
    handle: (ctx, [id]) => {
      const g = findGroup(ctx, id);
      return g ? { status: 200, body: apiGroup(ctx.index, g, false) } : notFound();
    },
  },
  // all_group_groups: the groups directly inside this one, not paged (spec).
  {
    method: 'GET',
    pattern: /^\/groups\/([^/]+)\/groups$/,
    handle: (ctx, [id]) =>
      findGroup(ctx, id)
        ? {
            status: 200,
            body: ctx.org.groups
              .filter((g) => g.parent_group_ids.includes(id as string))
              .map((g) => apiGroup(ctx.index, g, false)),
          }
        : notFound(),
  },
  // all_group_users: users directly in the group, paged (spec).
  {
    method: 'GET',
    pattern: /^\/groups\/([^/]+)\/users$/,
    handle: (ctx, [id]) =>
      findGroup(ctx, id)
        ? listOf(
            ctx,
            userSource(
              ctx,
              ctx.org.users.filter((u) => u.group_ids.includes(id as string)),
            ),
            [],
          )
        : notFound(),
  },
];
