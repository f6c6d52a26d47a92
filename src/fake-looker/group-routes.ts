/**
 * The group write endpoints (the original Looker API's group seed): create, rename, delete, groups in groups,
 * users in groups, group attribute values. Statuses as the spec declares them: 204 on delete, 404 for unknown
 * ids, 409 on a duplicate name, 422 ValidationError on a missing field.
 */
import type { FakeGroup } from './org.js';
import { ancestors, nextId } from './org.js';
import { findGroup, findUser, notFound, validation, type Route } from './route-kit.js';
import { apiGroup, apiUser, errorBody } from './api-json.js';

export const groupWriteRoutes: readonly Route[] = [
  {
    method: 'POST',
    pattern: /^\/groups$/,
    handle: (ctx) => {
      const name = ctx.body.name?.trim();
      if (!name) return validation('name', 'Name is required');
      if (ctx.org.groups.some((g) => g.name.toLowerCase() === name.toLowerCase()))
        return { status: 409, body: errorBody('Group name already exists') };
      const group: FakeGroup = {
        id: nextId(ctx.org.groups),
        name,
        parent_group_ids: [],
        role_ids: [],
        externally_managed: false,
        include_by_default: false,
      };
      ctx.org.groups.push(group);
      return { status: 200, body: apiGroup(ctx.index, group, false) };
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/groups\/([^/]+)$/,
    handle: (ctx, [id]) => {
      const g = findGroup(ctx, id);
      if (!g) return notFound();
      if (ctx.body.name !== undefined) {
        const name = ctx.body.name.trim();
        if (name === '') return validation('name', 'Name is required');
        if (ctx.org.groups.some((other) => other !== g && other.name.toLowerCase() === name.toLowerCase()))
          return validation('name', 'Group name already exists');
        g.name = name;
      }
      return { status: 200, body: apiGroup(ctx.index, g, false) };
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/groups\/([^/]+)$/,
    handle: (ctx, [id]) => {
      if (!findGroup(ctx, id)) return notFound();
      ctx.org.groups = ctx.org.groups.filter((g) => g.id !== id);
      for (const g of ctx.org.groups) g.parent_group_ids = g.parent_group_ids.filter((p) => p !== id);
      for (const u of ctx.org.users) u.group_ids = u.group_ids.filter((gid) => gid !== id);
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    pattern: /^\/groups\/([^/]+)\/groups$/,
    handle: (ctx, [id]) => {
      if (!findGroup(ctx, id)) return notFound();
      const childId = ctx.body.group_id;
      if (!childId) return validation('group_id', 'group_id is required');
      const child = findGroup(ctx, childId);
      if (!child) return notFound();
      // Nesting a group inside itself or inside one of its own members would make a cycle. The spec declares no
      // 409/422 for add_group_group; a cycle is a bad group_id, so it answers as Looker's other writes do: 422.
      if (ancestors(ctx.index, id as string).has(childId)) return validation('group_id', 'Group cannot contain itself');
      if (!child.parent_group_ids.includes(id as string)) child.parent_group_ids.push(id as string);
      return { status: 200, body: apiGroup(ctx.index, child, false) };
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/groups\/([^/]+)\/groups\/([^/]+)$/,
    handle: (ctx, [id, childId]) => {
      const child = findGroup(ctx, childId);
      if (!findGroup(ctx, id) || !child || !child.parent_group_ids.includes(id as string)) return notFound();
      child.parent_group_ids = child.parent_group_ids.filter((p) => p !== id);
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    pattern: /^\/groups\/([^/]+)\/users$/,
    handle: (ctx, [id]) => {
      if (!findGroup(ctx, id)) return notFound();
      const userId = ctx.body.user_id;
      if (!userId) return validation('user_id', 'user_id is required');
      const user = findUser(ctx, userId);
      if (!user) return notFound();
      if (!user.group_ids.includes(id as string)) user.group_ids.push(id as string);
      return { status: 200, body: apiUser(user, ctx.base) };
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/groups\/([^/]+)\/users\/([^/]+)$/,
    // 204 whether or not the user was a member, as add_group_user answers 200 either way (admin_power_pack
    // src/users/ActionsBar.jsx notes both): only a re-read tells what changed.
    handle: (ctx, [id, userId]) => {
      const user = findUser(ctx, userId);
      if (!findGroup(ctx, id) || !user) return notFound();
      user.group_ids = user.group_ids.filter((g) => g !== id);
      return { status: 204 };
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/groups\/([^/]+)\/attribute_values\/([^/]+)$/,
    handle: (ctx, [id, attributeId]) =>
      findGroup(ctx, id)
        ? {
            status: 200,
            body: {
              can: {},
              id: `${id}-${attributeId}`,
              group_id: id,
              user_attribute_id: attributeId,
              value_is_hidden: false,
              rank: 1,
              value: ctx.body.value ?? '',
            },
          }
        : notFound(),
  },
  {
    method: 'DELETE',
    pattern: /^\/groups\/([^/]+)\/attribute_values\/([^/]+)$/,
    handle: (ctx, [id]) => (findGroup(ctx, id) ? { status: 204 } : notFound()),
  },
];
