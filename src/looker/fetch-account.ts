/**
 * The raw snapshot of one account with the fewest calls the API allows (design.md section 4): login, roles,
 * groups with hierarchy (paged), users (paged, trimmed fields), logout. No per-user or per-group calls: on
 * Looker (Google Cloud core) Standard edition 1,000 admin calls a month is the whole budget.
 */
import type { IRole } from '@looker/sdk';
import { AccountError } from '../errors.js';
import { CallBudgetError } from './errors.js';
import type { LookerClient } from './client.js';
import { narrowGroup, narrowRole, narrowUser } from './narrow.js';
import { fetchAllPages } from './paginate.js';
import { settleAll } from './settle.js';
import type { LookerUser, RawSnapshot } from './types.js';

export const ROLE_FIELDS =
  'id,name,internal,permission_set(id,name,all_access,permissions),model_set(id,name,all_access,models)';
export const GROUP_FIELDS = 'id,name,parent_group_ids,role_ids,externally_managed,user_count';
/** Every credential type with a logged_in_at, and nothing heavy (no is_iam_admin: it slows the call, spec User). */
export const USER_FIELDS = [
  'id',
  'email',
  'first_name',
  'last_name',
  'display_name',
  'is_disabled',
  'role_ids',
  'group_ids',
  'allow_roles_from_normal_groups',
  'verified_looker_employee',
  'is_service_account',
  'credentials_email(email,logged_in_at,created_at)',
  'credentials_saml(logged_in_at,created_at)',
  'credentials_google(logged_in_at,created_at)',
  'credentials_oidc(logged_in_at,created_at)',
  'credentials_ldap(logged_in_at,created_at)',
  'credentials_looker_openid(logged_in_at,created_at)',
  'credentials_embed(id,logged_in_at,created_at)',
].join(',');

/** Runs `work` inside a session that is always logged out, failures included; errors name the account. */
export async function withSession<T>(client: LookerClient, work: () => Promise<T>): Promise<T> {
  try {
    await client.login();
    return await work();
  } catch (error) {
    throw new AccountError(client.account.name, error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  } finally {
    await client.logout();
  }
}

export interface FetchAccountOptions {
  /** Also read the Looker release (one more call; only `accounts --test` asks for it). */
  readonly withVersion?: boolean;
  /** The account's final roles and groups, as soon as both are in (the same arrays the snapshot will hold). */
  readonly onLists?: (lists: Pick<RawSnapshot, 'roles' | 'groups'>) => void;
  /** Each page of users, narrowed, as it arrives. */
  readonly onUsersPage?: (users: readonly LookerUser[]) => void;
}

// Looker hides its internal support roles from all_roles unless asked (spec all_roles get_all_support_roles);
// without them a support user's role would be an unknown id.
export async function fetchAccount(client: LookerClient, options: FetchAccountOptions = {}): Promise<RawSnapshot> {
  return withSession(client, async () => {
    // Independent lists: fetched side by side, the client bounds requests in flight. All settle before the
    // logout in withSession (settle.ts says why).
    const totals: { users?: number; groups?: number } = {};
    const rolesRead = client
      .getJson<IRole[]>('roles', { fields: ROLE_FIELDS, get_all_support_roles: 'true' })
      .then(({ body }) => {
        if (!Array.isArray(body)) throw new Error('GET /api/4.0/roles: expected a JSON array');
        return body.map(narrowRole);
      });
    const groupsRead = fetchAllPages(
      client,
      'groups/search/with_hierarchy',
      { fields: GROUP_FIELDS, onTotal: (t) => (totals.groups = t) },
      narrowGroup,
    );
    const { onLists } = options;
    // A failed list is the snapshot's failure, reported by settleAll below, not a second, unhandled rejection;
    // onLists only prepares work that auditAccount would otherwise do itself.
    if (onLists)
      Promise.all([rolesRead, groupsRead])
        .then(([roles, groups]) => onLists({ roles, groups }))
        .catch(() => {});
    const [roles, groups, users, release] = await settleAll([
      rolesRead,
      groupsRead,
      fetchAllPages(
        client,
        'users',
        { fields: USER_FIELDS, onTotal: (t) => (totals.users = t), onPage: options.onUsersPage },
        narrowUser,
      ),
      options.withVersion === true ? readRelease(client) : Promise.resolve(null),
    ]).catch((error: unknown) => {
      throw error instanceof CallBudgetError
        ? new CallBudgetError(`${error.message}; ${neededCalls(totals, client.pageSize)}`)
        : error;
    });
    return {
      account: client.account.name,
      url: client.account.url,
      lookerRelease: release,
      roles,
      groups,
      users,
      // logout is still to come: counted here so the report states the whole run.
      apiCalls: client.calls + 1,
    };
  });
}

/** looker_release_version from GET /versions (one call; only `accounts --test` asks for it). */
export async function readRelease(client: LookerClient): Promise<string | null> {
  const { body } = await client.getJson<{ looker_release_version?: unknown } | null>('versions', {
    fields: 'looker_release_version',
  });
  return typeof body?.looker_release_version === 'string' ? body.looker_release_version : null;
}

/**
 * What a whole audit costs (design.md section 4): login, roles, logout, and the pages of each list, at least one
 * each. A list whose total is not known yet counts as one page, so the figure is then a lower bound.
 */
export function neededCalls(totals: { readonly users?: number; readonly groups?: number }, pageSize: number): string {
  const pages = (n: number | undefined) => (n === undefined ? 1 : Math.max(1, Math.ceil(n / pageSize)));
  const needed = 3 + pages(totals.users) + pages(totals.groups);
  const exact = totals.users !== undefined && totals.groups !== undefined;
  return `the full audit needs ${exact ? '' : 'at least '}${needed} calls: raise --max-calls`;
}
