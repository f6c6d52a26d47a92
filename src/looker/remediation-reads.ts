/**
 * What a remediation plan reads besides the audit, inside the same session: the candidates' current state (direct
 * roles, direct groups, flags, API keys), what they own (schedules, alerts, content) and the Looker release.
 * HTTP only: which users are candidates, and what their state means, is audit/'s business.
 *
 * Calls per account, a handful whatever the organisation's size (no candidate: only the first two; the facts and
 * their sources are in docs/looker-api.md, "Writing to Looker"):
 * - `GET /versions` (1) and, when the usage read could not tell it, `GET /user` (1);
 * - `GET /users?ids=...` (1 per 100 candidates): fresh state, with `roles_externally_managed` and
 *   `credentials_api3`, which the audit does not fetch;
 * - direct roles: `user_roles?direct_association_only=true` per candidate, or `role_users?direct_association_only
 *   =true` per role they hold, whichever is fewer calls. `User.role_ids` may or may not include roles held
 *   through groups (the spec does not say), and writing group roles back as direct ones would keep a seat
 *   (https://github.com/looker-open-source/sdk-codegen, methods user_roles and set_user_roles);
 * - `GET /scheduled_plans?all_users=true` (1, not paged; needs see_schedules), `GET /alerts/search?all_owners=true`
 *   (1 per page of alerts; admin only), `GET /looks` and `GET /dashboards` (1 each, not paged).
 * Every read is bounded by the client's --max-calls budget like the audit's own.
 */
import type { IUser } from '@looker/sdk';
import type { LookerClient } from './client.js';
import { LookerProtocolError } from './errors.js';
import { readRelease, USER_FIELDS } from './fetch-account.js';
import { narrowUser } from './narrow.js';
import { allSettledThenThrow } from './settle.js';
import type { LookerUser } from './types.js';

/** A candidate as the plan reads them just before planning. */
export interface RemediationUser extends LookerUser {
  /** Spec User.roles_externally_managed: the identity provider sets this user's roles. */
  readonly rolesExternallyManaged: boolean;
  readonly apiKeys: readonly { readonly id: string; readonly isDisabled: boolean }[];
}

export interface ScheduleFact {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string | null;
  readonly enabled: boolean;
  readonly runAsRecipient: boolean;
  /** The addresses of its email destinations, as Looker stores them. */
  readonly emailRecipients: readonly string[];
}

export interface AlertFact {
  readonly id: string;
  readonly ownerId: string | null;
  readonly isDisabled: boolean;
}

export interface ContentCount {
  readonly looks: number;
  readonly dashboards: number;
}

export interface RemediationReads {
  readonly apiUserId: string | null;
  readonly lookerRelease: string | null;
  /** The candidates found, by id (a candidate deleted since the audit is absent). */
  readonly users: ReadonlyMap<string, RemediationUser>;
  /** Direct role ids of the candidates that were asked for (see ReadRemediationOptions.needsDirectRoles). */
  readonly directRoleIds: ReadonlyMap<string, readonly string[]>;
  readonly schedules: readonly ScheduleFact[];
  readonly alerts: readonly AlertFact[];
  /** Looks and dashboards created, per user id (users with none are absent). */
  readonly content: ReadonlyMap<string, ContentCount>;
}

export interface ReadRemediationOptions {
  readonly userIds: readonly string[];
  /** From the usage read (`GET /user`), when it was made; null: read it here. */
  readonly apiUserId: string | null;
  /** Whether a candidate's direct roles matter (a disabled or embed user is never changed: no call for them). */
  readonly needsDirectRoles: (user: RemediationUser) => boolean;
}

/** Ids per `GET /users?ids=` call: the URL stays short (proxies refuse long ones) and the answer small. */
export const IDS_PER_CALL = 100;
/** A list of alerts that never ends is a server fault, not a list: the same guard as the paginator's. */
const MAX_ALERT_PAGES = 1000;

const REMEDIATION_USER_FIELDS = `${USER_FIELDS},roles_externally_managed,credentials_api3(id,is_disabled)`;
export const SCHEDULE_FIELDS = 'id,name,user_id,enabled,run_as_recipient,scheduled_plan_destination(type,address)';

type Row = Record<string, unknown>;

function rowsOf(body: unknown, where: string): Row[] {
  if (!Array.isArray(body)) throw new LookerProtocolError(`${where}: expected a JSON array`);
  return body.map((row: unknown, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      throw new LookerProtocolError(`${where}: row ${i} is not an object`);
    return row as Row;
  });
}

export const idText = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
const requiredId = (row: Row, where: string): string => {
  const id = idText(row.id);
  if (id === null) throw new LookerProtocolError(`${where}: a row without an id`);
  return id;
};

export async function getRows(
  client: LookerClient,
  path: string,
  params: Record<string, string | number>,
): Promise<Row[]> {
  const { body } = await client.getJson<unknown>(path, params);
  return rowsOf(body, `GET /api/4.0/${path}`);
}

export function narrowRemediationUser(row: Row): RemediationUser {
  const keys = Array.isArray(row.credentials_api3) ? (row.credentials_api3 as unknown[]) : [];
  return {
    ...narrowUser(row as IUser),
    rolesExternallyManaged: row.roles_externally_managed === true,
    apiKeys: keys.flatMap((key) => {
      const k = key as Row | null;
      const id = k === null || typeof k !== 'object' ? null : idText(k.id);
      return id === null ? [] : [{ id, isDisabled: k?.is_disabled === true }];
    }),
  };
}

export function narrowSchedule(row: Row, where = 'GET /api/4.0/scheduled_plans'): ScheduleFact {
  const destinations = Array.isArray(row.scheduled_plan_destination) ? row.scheduled_plan_destination : [];
  return {
    id: requiredId(row, where),
    name: typeof row.name === 'string' ? row.name : '',
    ownerId: idText(row.user_id),
    enabled: row.enabled === true,
    runAsRecipient: row.run_as_recipient === true,
    emailRecipients: destinations.flatMap((d: unknown) => {
      const dest = d as Row | null;
      return dest !== null && dest.type === 'email' && typeof dest.address === 'string' ? [dest.address] : [];
    }),
  };
}

function narrowAlert(row: Row): AlertFact {
  return {
    id: requiredId(row, 'GET /api/4.0/alerts/search'),
    ownerId: idText(row.owner_id),
    isDisabled: row.is_disabled === true,
  };
}

/** Every alert of every owner, page by page, until a short page (a total, when sent, is not relied on). */
async function readAlerts(client: LookerClient): Promise<AlertFact[]> {
  const limit = client.pageSize;
  const byId = new Map<string, AlertFact>();
  for (let page = 0; page < MAX_ALERT_PAGES; page++) {
    const rows = await getRows(client, 'alerts/search', {
      all_owners: 'true',
      fields: 'id,owner_id,is_disabled',
      limit,
      offset: page * limit,
    });
    for (const alert of rows.map(narrowAlert)) if (!byId.has(alert.id)) byId.set(alert.id, alert);
    if (rows.length < limit) return [...byId.values()];
  }
  throw new LookerProtocolError(`GET /api/4.0/alerts/search: still full pages after ${MAX_ALERT_PAGES} pages`);
}

async function readContent(client: LookerClient): Promise<Map<string, ContentCount>> {
  const [looks, dashboards] = await allSettledThenThrow([
    getRows(client, 'looks', { fields: 'id,user_id' }),
    getRows(client, 'dashboards', { fields: 'id,user_id' }),
  ]);
  const counts = new Map<string, { looks: number; dashboards: number }>();
  const add = (rows: Row[], kind: 'looks' | 'dashboards') => {
    for (const row of rows) {
      const owner = idText(row.user_id);
      if (owner === null) continue;
      const entry = counts.get(owner) ?? { looks: 0, dashboards: 0 };
      entry[kind] += 1;
      counts.set(owner, entry);
    }
  };
  add(looks, 'looks');
  add(dashboards, 'dashboards');
  return counts;
}

export async function readUsers(
  client: LookerClient,
  userIds: readonly string[],
): Promise<Map<string, RemediationUser>> {
  const chunks: string[][] = [];
  for (let i = 0; i < userIds.length; i += IDS_PER_CALL) chunks.push(userIds.slice(i, i + IDS_PER_CALL));
  const pages = await allSettledThenThrow(
    chunks.map((ids) => getRows(client, 'users', { ids: ids.join(','), fields: REMEDIATION_USER_FIELDS })),
  );
  const wanted = new Set(userIds);
  const users = new Map<string, RemediationUser>();
  for (const row of pages.flat()) {
    const user = narrowRemediationUser(row);
    if (wanted.has(user.id) && !users.has(user.id)) users.set(user.id, user);
  }
  return users;
}

/**
 * Direct role ids of `users`, by the cheaper of two routes: one call per user, or one per role they hold
 * (`role_ids` holds the direct roles, and perhaps group roles too: a superset either way).
 */
async function readDirectRoles(
  client: LookerClient,
  users: readonly RemediationUser[],
): Promise<Map<string, readonly string[]>> {
  const direct = new Map<string, string[]>(users.map((u) => [u.id, []]));
  const withRoles = users.filter((u) => u.roleIds.length > 0);
  const roleIds = [...new Set(withRoles.flatMap((u) => u.roleIds))];
  if (withRoles.length <= roleIds.length) {
    const lists = await allSettledThenThrow(
      withRoles.map((u) =>
        getRows(client, `users/${encodeURIComponent(u.id)}/roles`, { direct_association_only: 'true', fields: 'id' }),
      ),
    );
    withRoles.forEach((u, i) =>
      direct.set(
        u.id,
        (lists[i] ?? []).flatMap((r) => idText(r.id) ?? []),
      ),
    );
  } else {
    const holders = await allSettledThenThrow(
      roleIds.map((id) =>
        getRows(client, `roles/${encodeURIComponent(id)}/users`, { direct_association_only: 'true', fields: 'id' }),
      ),
    );
    roleIds.forEach((roleId, i) => {
      for (const row of holders[i] ?? []) direct.get(idText(row.id) ?? '')?.push(roleId);
    });
  }
  return direct;
}

export async function readRemediation(
  client: LookerClient,
  options: ReadRemediationOptions,
): Promise<RemediationReads> {
  const apiUser: Promise<string | null> =
    options.apiUserId !== null
      ? Promise.resolve(options.apiUserId)
      : client.getJson<{ id?: unknown } | null>('user', { fields: 'id' }).then(({ body }) => idText(body?.id));
  if (options.userIds.length === 0) {
    // Nobody to plan: the plan still names the instance's release and the API user, and costs nothing more.
    const [apiUserId, lookerRelease] = await allSettledThenThrow([apiUser, readRelease(client)]);
    return {
      apiUserId,
      lookerRelease,
      users: new Map(),
      directRoleIds: new Map(),
      schedules: [],
      alerts: [],
      content: new Map(),
    };
  }
  const [users, apiUserId, lookerRelease, schedules, alerts, content] = await allSettledThenThrow([
    readUsers(client, options.userIds),
    apiUser,
    readRelease(client),
    getRows(client, 'scheduled_plans', { all_users: 'true', fields: SCHEDULE_FIELDS }).then((rows) =>
      rows.map((row) => narrowSchedule(row)),
    ),
    readAlerts(client),
    readContent(client),
  ]);
  const directRoleIds = await readDirectRoles(client, [...users.values()].filter(options.needsDirectRoles));
  return { apiUserId, lookerRelease, users, directRoleIds, schedules, alerts, content };
}
