/**
 * What apply and undo send and read, one user at a time: the write requests with the bodies the spec declares,
 * and the cheap re-read of one user that decides, before and after the writes, what state they are in. HTTP only:
 * which writes a plan holds and what a state means is audit/'s business. The facts and their sources are in
 * docs/looker-api.md, "Writing to Looker".
 *
 * Every write is marked `idempotent`, so the client retries it after a 429/502/503/504 or a dropped connection:
 * each sets an absolute value (`{"is_disabled": true}`, the whole direct role list, a schedule's owner) or a
 * membership that Looker answers the same whether or not it changed (add_group_user answers 200 either way and
 * delete_group_user 204, as https://github.com/looker-open-source/admin_power_pack notes in
 * src/users/ActionsBar.jsx), so a second copy changes nothing.
 */
import type { LookerClient } from './client.js';
import { GROUP_FIELDS, readRoles } from './fetch-account.js';
import { narrowGroup } from './narrow.js';
import { fetchAllPages } from './paginate.js';
import {
  getRows,
  idText,
  narrowSchedule,
  readUsers,
  SCHEDULE_FIELDS,
  type RemediationUser,
  type ScheduleFact,
} from './remediation-reads.js';
import { allSettledThenThrow, settle, unwrap } from './settle.js';
import type { LookerGroup, LookerRole } from './types.js';

/** A write as apply sends it and the journal records it. */
export interface WriteRequest {
  readonly method: 'PATCH' | 'PUT' | 'POST' | 'DELETE';
  /** Under /api/4.0/, e.g. `users/9`. */
  readonly path: string;
  /** The JSON body; null for none (DELETE). */
  readonly body: null | readonly string[] | Readonly<Record<string, string | boolean>>;
}

/** The writes apply and undo send, each with what it needs to name. */
export type WriteTarget =
  | { readonly op: 'disable_user' | 'enable_user'; readonly userId: string }
  | { readonly op: 'set_direct_roles'; readonly userId: string; readonly roleIds: readonly string[] }
  | { readonly op: 'add_to_group' | 'remove_from_group'; readonly userId: string; readonly groupId: string }
  | { readonly op: 'reassign_schedule'; readonly scheduleId: string; readonly ownerId: string }
  | { readonly op: 'enable_schedule'; readonly scheduleId: string };

const seg = encodeURIComponent;

/** The request for one write, exactly as the spec declares it (update_user, set_user_roles, ...). */
export function writeRequest(target: WriteTarget): WriteRequest {
  switch (target.op) {
    case 'disable_user':
    case 'enable_user':
      // update_user is a PATCH: only the one field is sent, never the whole user read back.
      return {
        method: 'PATCH',
        path: `users/${seg(target.userId)}`,
        body: { is_disabled: target.op === 'disable_user' },
      };
    case 'set_direct_roles':
      return { method: 'PUT', path: `users/${seg(target.userId)}/roles`, body: [...target.roleIds] };
    case 'add_to_group':
      // GroupIdForGroupUserInclusion: its only field is marked read-only in the spec; the body is written by hand.
      return { method: 'POST', path: `groups/${seg(target.groupId)}/users`, body: { user_id: target.userId } };
    case 'remove_from_group':
      return { method: 'DELETE', path: `groups/${seg(target.groupId)}/users/${seg(target.userId)}`, body: null };
    case 'reassign_schedule':
      return { method: 'PATCH', path: `scheduled_plans/${seg(target.scheduleId)}`, body: { user_id: target.ownerId } };
    case 'enable_schedule':
      return { method: 'PATCH', path: `scheduled_plans/${seg(target.scheduleId)}`, body: { enabled: true } };
  }
}

/** Sends one write; resolves with the HTTP status of its answer, or throws the client's typed error. */
export async function sendWrite(client: LookerClient, request: WriteRequest): Promise<number> {
  const response = await client.exchangeJson<unknown>(request.method, request.path, {
    ...(request.body === null ? {} : { body: request.body }),
    kind: 'idempotent',
  });
  return response.status;
}

/** The roles and groups of the account: what a user's tier is computed from (2 calls + the pages of groups). */
export async function readAccessLists(
  client: LookerClient,
): Promise<{ readonly roles: readonly LookerRole[]; readonly groups: readonly LookerGroup[] }> {
  const [roles, groups] = await allSettledThenThrow([
    readRoles(client),
    fetchAllPages(client, 'groups/search/with_hierarchy', { fields: GROUP_FIELDS }, narrowGroup),
  ]);
  return { roles, groups };
}

/** The id of the user this session runs as (`GET /user`, 1 call). */
export async function readApiUserId(client: LookerClient): Promise<string | null> {
  const { body } = await client.getJson<{ id?: unknown } | null>('user', { fields: 'id' });
  return idText(body?.id);
}

/** One user as apply and undo re-read them. */
export interface UserFacts {
  /** Undefined: the user is not on the instance (deleted). */
  readonly user: RemediationUser | undefined;
  /** Read with direct_association_only: roles held through groups are not in it. */
  readonly directRoleIds: readonly string[];
  /** The schedules the user owns, when asked (a disable touches them); undefined when not read. */
  readonly owned: readonly ScheduleFact[] | undefined;
  /** The schedules of the users asked for (the new owners of reassigned schedules), by owner id. */
  readonly ownedBy: ReadonlyMap<string, readonly ScheduleFact[]>;
}

export interface UserReadOptions {
  /** Read the schedules the user owns (1 call). */
  readonly schedules: boolean;
  /** Read the schedules these other users own (1 call each): where reassigned schedules went. */
  readonly owners: readonly string[];
}

/**
 * One user's state in 2 calls (`users?ids=`, `user_roles?direct_association_only=true`), plus 1 for the
 * schedules they own and 1 per other owner asked for: cheap enough to run before and after each user's writes.
 */
export async function readUserFacts(
  client: LookerClient,
  userId: string,
  options: UserReadOptions,
): Promise<UserFacts> {
  const schedulesOf = async (owner: string) =>
    (await getRows(client, 'scheduled_plans', { user_id: owner, fields: SCHEDULE_FIELDS })).map((row) =>
      narrowSchedule(row),
    );
  const [users, roles, owned, others] = await allSettledThenThrow([
    readUsers(client, [userId]),
    // A user deleted since answers 404 here: settled, and read only when the user is still there.
    settle(getRows(client, `users/${seg(userId)}/roles`, { direct_association_only: 'true', fields: 'id' })),
    options.schedules ? schedulesOf(userId) : Promise.resolve(undefined),
    Promise.all(options.owners.map(async (owner) => [owner, await schedulesOf(owner)] as const)),
  ]);
  const user = users.get(userId);
  return {
    user,
    directRoleIds: user === undefined ? [] : unwrap(roles).flatMap((r) => idText(r.id) ?? []),
    owned,
    ownedBy: new Map(others),
  };
}
