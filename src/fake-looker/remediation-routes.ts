/**
 * The endpoints seat remediation uses: what a user owns (schedules, alerts, Looks, dashboards, API keys) and the
 * writes that reclaim a seat, with the state changes Google documents for them
 * (https://cloud.google.com/looker/docs/admin-panel-users-users, "Removing user access"):
 *
 * - `PATCH /users/{id}` honours `is_disabled` only. Disabling a user disables the schedules they own; their
 *   alerts keep running; enabling the user again does not enable those schedules again (no source says it does).
 * - `PUT /users/{id}/roles` replaces the user's direct roles with the array sent (set_user_roles); roles that come
 *   through groups are untouched. A user whose roles the identity provider manages is refused (spec
 *   User.roles_externally_managed: "can not be changed directly").
 * - `PATCH /scheduled_plans/{id}` takes `enabled` and `user_id` (a new owner); `PATCH /alerts/{id}` the AlertPatch
 *   fields `owner_id`, `is_disabled`, `disabled_reason`.
 *
 * Unknown ids answer 404, bodies of the wrong type 422 (ValidationError), as the spec declares for these calls.
 */
import { apiCredentialsApi3, apiKeysOf, apiRole, apiUser } from './api-json.js';
import type { FakeContent } from './org.js';
import { apiAlert, apiDashboard, apiLook, apiScheduledPlan } from './remediation-json.js';
import { callerOf, findUser, listOf, notFound, validation, type Route, type RouteContext } from './route-kit.js';

/** The JSON object body, or undefined (a form or an array). */
function jsonObject(ctx: RouteContext): Record<string, unknown> | undefined {
  const json = ctx.json;
  return json !== null && typeof json === 'object' && !Array.isArray(json)
    ? (json as Record<string, unknown>)
    : undefined;
}

const schedulesOf = (ctx: RouteContext) => (ctx.org.scheduled_plans ??= []);
const alertsOf = (ctx: RouteContext) => (ctx.org.alerts ??= []);

function contentRoutes(kind: 'looks' | 'dashboards', toJson: (c: FakeContent) => Record<string, unknown>): Route[] {
  const rows = (ctx: RouteContext) => ctx.org[kind] ?? [];
  return [
    // all_looks / all_dashboards: not paged (the spec declares no limit).
    {
      method: 'GET',
      pattern: new RegExp(`^/${kind}$`),
      handle: (ctx) => ({ status: 200, body: rows(ctx).map(toJson) }),
    },
    // search_looks / search_dashboards: `user_id` is "created by a particular user"; id params take comma lists.
    {
      method: 'GET',
      pattern: new RegExp(`^/${kind}/search$`),
      handle: (ctx) => listOf(ctx, { rows: rows(ctx), toJson }, ['id', 'title', 'user_id', 'folder_id']),
    },
  ];
}

export const remediationRoutes: readonly Route[] = [
  {
    method: 'PATCH',
    pattern: /^\/users\/([^/]+)$/,
    handle: (ctx, [id]) => {
      const user = findUser(ctx, id);
      if (!user) return notFound();
      const body = jsonObject(ctx);
      if (body === undefined) return validation('is_disabled', 'a JSON object (User) is required');
      if ('is_disabled' in body) {
        if (typeof body.is_disabled !== 'boolean') return validation('is_disabled', 'must be true or false');
        if (body.is_disabled && !user.is_disabled)
          for (const plan of schedulesOf(ctx)) if (plan.user_id === user.id) plan.enabled = false;
        user.is_disabled = body.is_disabled;
      }
      return { status: 200, body: apiUser(user, ctx.base) };
    },
  },
  {
    method: 'PUT',
    pattern: /^\/users\/([^/]+)\/roles$/,
    handle: (ctx, [id]) => {
      const user = findUser(ctx, id);
      if (!user) return notFound();
      const ids = ctx.json;
      if (!Array.isArray(ids) || ids.some((r) => typeof r !== 'string'))
        return validation('role_ids', 'a JSON array of role ids is required');
      if (user.roles_externally_managed === true)
        return validation('role_ids', "the user's roles are managed by an external directory");
      const known = new Set(ctx.org.roles.filter((r) => r.internal !== true).map((r) => r.id));
      if (ids.some((r) => !known.has(r as string))) return validation('role_ids', 'unknown role id');
      user.role_ids = [...new Set(ids as string[])];
      return {
        status: 200,
        body: ctx.org.roles.filter((r) => user.role_ids.includes(r.id)).map((r) => apiRole(ctx.org, r, ctx.base)),
      };
    },
  },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)\/credentials_api3$/,
    handle: (ctx, [id]) => {
      const user = findUser(ctx, id);
      return user
        ? { status: 200, body: apiKeysOf(user).map((key) => apiCredentialsApi3(user, key, ctx.base)) }
        : notFound();
    },
  },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)\/credentials_api3\/([^/]+)$/,
    handle: (ctx, [id, keyId]) => {
      const user = findUser(ctx, id);
      const key = user === undefined ? undefined : apiKeysOf(user).find((k) => k.id === keyId);
      return user && key ? { status: 200, body: apiCredentialsApi3(user, key, ctx.base) } : notFound();
    },
  },
  // all_scheduled_plans: the caller's by default, one user's with user_id, everyone's with all_users; not paged.
  {
    method: 'GET',
    pattern: /^\/scheduled_plans$/,
    handle: (ctx) => {
      const owner = ctx.query.all_users === 'true' ? undefined : (ctx.query.user_id ?? callerOf(ctx)?.id);
      return {
        status: 200,
        body: schedulesOf(ctx)
          .filter((p) => owner === undefined || p.user_id === owner)
          .map((p) => apiScheduledPlan(ctx.org, p, ctx.base)),
      };
    },
  },
  {
    method: 'GET',
    pattern: /^\/scheduled_plans\/([^/]+)$/,
    handle: (ctx, [id]) => {
      const plan = schedulesOf(ctx).find((p) => p.id === id);
      return plan ? { status: 200, body: apiScheduledPlan(ctx.org, plan, ctx.base) } : notFound();
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/scheduled_plans\/([^/]+)$/,
    handle: (ctx, [id]) => {
      const plan = schedulesOf(ctx).find((p) => p.id === id);
      if (!plan) return notFound();
      const body = jsonObject(ctx);
      if (body === undefined) return validation('enabled', 'a JSON object (ScheduledPlan) is required');
      if ('enabled' in body && typeof body.enabled !== 'boolean') return validation('enabled', 'must be true or false');
      if ('user_id' in body && (typeof body.user_id !== 'string' || !findUser(ctx, body.user_id)))
        return validation('user_id', 'must be the id of a user');
      if (typeof body.enabled === 'boolean') plan.enabled = body.enabled;
      if (typeof body.user_id === 'string') plan.user_id = body.user_id;
      return { status: 200, body: apiScheduledPlan(ctx.org, plan, ctx.base) };
    },
  },
  // search_alerts: the caller's alerts, or every owner's with all_owners (admin only); paged with limit/offset.
  {
    method: 'GET',
    pattern: /^\/alerts\/search$/,
    handle: (ctx) => {
      const owner = ctx.query.all_owners === 'true' ? undefined : callerOf(ctx)?.id;
      const disabled = ctx.query.disabled;
      return listOf(
        ctx,
        { rows: alertsOf(ctx), toJson: (a) => apiAlert(ctx.org, a) },
        [],
        [
          (a) => owner === undefined || a.owner_id === owner,
          (a) => disabled === undefined || String(a.is_disabled) === disabled,
        ],
      );
    },
  },
  {
    method: 'GET',
    pattern: /^\/alerts\/([^/]+)$/,
    handle: (ctx, [id]) => {
      const alert = alertsOf(ctx).find((a) => a.id === id);
      return alert ? { status: 200, body: apiAlert(ctx.org, alert) } : notFound();
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/alerts\/([^/]+)$/,
    handle: (ctx, [id]) => {
      const alert = alertsOf(ctx).find((a) => a.id === id);
      if (!alert) return notFound();
      const body = jsonObject(ctx);
      if (body === undefined) return validation('is_disabled', 'a JSON object (AlertPatch) is required');
      if ('is_disabled' in body && typeof body.is_disabled !== 'boolean')
        return validation('is_disabled', 'must be true or false');
      if ('owner_id' in body && (typeof body.owner_id !== 'string' || !findUser(ctx, body.owner_id)))
        return validation('owner_id', 'must be the id of a user');
      if (typeof body.is_disabled === 'boolean') alert.is_disabled = body.is_disabled;
      if (typeof body.owner_id === 'string') alert.owner_id = body.owner_id;
      if ('disabled_reason' in body)
        alert.disabled_reason = typeof body.disabled_reason === 'string' ? body.disabled_reason : null;
      return { status: 200, body: apiAlert(ctx.org, alert) };
    },
  },
  ...contentRoutes('looks', apiLook),
  ...contentRoutes('dashboards', apiDashboard),
];
