/**
 * OAuth client apps: `register_oauth_client_app` (the one call an admin makes so that looker-audit may log people
 * in), `oauth_client_app` and `all_oauth_client_apps`. Bodies are the spec's OauthClientApp; 409 when the
 * client_guid is taken, 422 ValidationError for a missing redirect_uri or display_name.
 */
import { errorBody } from './api-json.js';
import type { FakeOAuthApp, FakeUser } from './org.js';
import { notFound, validation, type Route, type RouteContext } from './route-kit.js';

/** Spec UserPublic: first_name and last_name are declared non-nullable. */
function apiUserPublic(user: FakeUser, base: string): Record<string, unknown> {
  const display = [user.first_name, user.last_name].filter((part) => part !== null && part !== '').join(' ');
  return {
    can: {},
    id: user.id,
    first_name: user.first_name ?? '',
    last_name: user.last_name ?? '',
    display_name: display === '' ? null : display,
    avatar_url: `${base}/avatar/${user.id}`,
    url: `${base}/api/4.0/users/${user.id}`,
  };
}

function apiOAuthApp(ctx: RouteContext, app: FakeOAuthApp): Record<string, unknown> {
  return {
    can: {},
    client_guid: app.client_guid,
    redirect_uri: app.redirect_uri,
    display_name: app.display_name,
    description: app.description,
    enabled: app.enabled,
    group_id: app.group_id,
    tokens_invalid_before: app.tokens_invalid_before,
    activated_users: ctx.org.users
      .filter((u) => app.activated_user_ids.includes(u.id))
      .map((u) => apiUserPublic(u, ctx.base)),
  };
}

const findApp = (ctx: RouteContext, guid: string | undefined) =>
  ctx.org.oauth_client_apps?.find((app) => app.client_guid === guid);

export const oauthAppRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: /^\/oauth_client_apps$/,
    handle: (ctx) => ({ status: 200, body: (ctx.org.oauth_client_apps ?? []).map((app) => apiOAuthApp(ctx, app)) }),
  },
  {
    method: 'GET',
    pattern: /^\/oauth_client_apps\/([^/]+)$/,
    handle: (ctx, [guid]) => {
      const app = findApp(ctx, guid);
      return app ? { status: 200, body: apiOAuthApp(ctx, app) } : notFound();
    },
  },
  {
    method: 'POST',
    pattern: /^\/oauth_client_apps\/([^/]+)$/,
    handle: (ctx, [guid = '']) => {
      if (findApp(ctx, guid)) return { status: 409, body: errorBody('OAuth client app already exists') };
      const {
        redirect_uri: redirectUri,
        display_name: displayName,
        description,
        enabled,
        group_id: groupId,
      } = ctx.body;
      if (!redirectUri) return validation('redirect_uri', 'redirect_uri is required');
      if (!displayName) return validation('display_name', 'display_name is required');
      const app: FakeOAuthApp = {
        client_guid: guid,
        redirect_uri: redirectUri,
        display_name: displayName,
        description: description ?? '',
        // The body reader keeps JSON booleans as their text.
        enabled: enabled !== 'false',
        group_id: groupId === undefined || groupId === 'null' || groupId === '' ? null : groupId,
        tokens_invalid_before: new Date(ctx.now()).toISOString(),
        activated_user_ids: [],
      };
      (ctx.org.oauth_client_apps ??= []).push(app);
      return { status: 200, body: apiOAuthApp(ctx, app) };
    },
  },
];
