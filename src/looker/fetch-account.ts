/**
 * The raw snapshot of one account with the fewest calls the API allows: login, roles (twice: with and without
 * support roles), groups with hierarchy (paged), users (paged, trimmed fields), logout. No per-user or per-group
 * calls: on Looker (Google Cloud core) Standard edition 1,000 admin calls a month is the whole budget.
 *
 * readAccount hands the account over in parts, pulled by its consumer: the lists once both are in, then each
 * page of users as it arrives, then the end (calls, release, warnings). Errors are looker/'s own kinds
 * (LookerApiError, LookerProtocolError, CallBudgetError); naming the account is the caller's business.
 */
import { plural } from '../counts.js';
import type { IRole } from '@looker/sdk';
import { CallBudgetError, LookerProtocolError } from './errors.js';
import type { LookerClient } from './client.js';
import { narrowGroup, narrowRole, narrowUser } from './narrow.js';
import { collectPages, pages, type Page, type PageStream } from './paginate.js';
import { allSettledThenThrow, settle, unwrap, type Settled } from './settle.js';
import {
  readSystemActivity,
  SYSTEM_ACTIVITY_CALLS,
  type ReadUsageOptions,
  type SystemActivityRead,
} from './system-activity.js';
import type { LookerGroup, LookerRole, LookerUser, RawSnapshot } from './types.js';
import { readUserFlags, USER_FLAGS_CALLS, type UserFlagsRead } from './user-flags.js';

export const ROLE_FIELDS =
  'id,name,internal,permission_set(id,name,all_access,permissions),model_set(id,name,all_access,models)';
export const GROUP_FIELDS = 'id,name,parent_group_ids,role_ids,externally_managed,user_count';
/**
 * Every credential type with a logged_in_at (test/looker/user-fields.test.ts derives the list from the spec), and
 * nothing heavy (no is_iam_admin: it slows the call, spec User).
 */
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
  'credentials_workforce(logged_in_at,created_at)',
  'credentials_embed(id,logged_in_at,created_at)',
].join(',');

/** Runs `work` inside a session that is always logged out, failures included. Errors pass through as they are. */
export async function withSession<T>(client: LookerClient, work: () => Promise<T>): Promise<T> {
  try {
    await client.login();
    return await work();
  } finally {
    await client.logout();
  }
}

export interface AccountLists {
  readonly roles: readonly LookerRole[];
  readonly groups: readonly LookerGroup[];
  /** Looker's own per-user flags from System Activity, when they were asked for (ReadAccountOptions.lookerFlags). */
  readonly lookerFlags?: UserFlagsRead;
}

export interface AccountEnd {
  readonly account: string;
  readonly url: string;
  readonly lookerRelease: string | null;
  /** HTTP requests the account's read sent, the logout still to come included. */
  readonly apiCalls: number;
  /** What the lists said that the tool could not take at face value (duplicates, totals, unknown role ids). */
  readonly warnings: readonly string[];
  /** The System Activity read, when usage was asked for (ReadAccountOptions.usage). */
  readonly systemActivity?: SystemActivityRead;
}

export type AccountPart =
  | ({ readonly kind: 'lists' } & AccountLists)
  | { readonly kind: 'users'; readonly page: Page<LookerUser> }
  | ({ readonly kind: 'end' } & AccountEnd);

export interface ReadAccountOptions {
  /** Also read the Looker release (one more call). */
  readonly withVersion?: boolean;
  /** Also read System Activity (right-sizing), in the same session after the seat lists. */
  readonly usage?: ReadUsageOptions;
  /**
   * Also read Looker's own per-user flags (one System Activity query), beside the lists: they come with the lists,
   * before any user is audited, since a rule set may tier users by them.
   */
  readonly lookerFlags?: boolean;
}

/**
 * `GET /roles` and `GET /roles?get_all_support_roles=true`, united by id. The spec's description ("Get all Looker
 * support roles.") allows two readings: support roles added to the list, or only support roles. Under the second,
 * a single call would leave every customer role unknown; both calls are right either way.
 */
export async function readRoles(client: LookerClient): Promise<LookerRole[]> {
  const read = async (params: Record<string, string>) => {
    const { body } = await client.getJson<IRole[]>('roles', { fields: ROLE_FIELDS, ...params });
    if (!Array.isArray(body)) throw new LookerProtocolError('GET /api/4.0/roles: expected a JSON array');
    return body.map((role: unknown, i) => {
      if (role === null || typeof role !== 'object' || Array.isArray(role))
        throw new LookerProtocolError(`GET /api/4.0/roles: row ${i} is not an object`);
      return narrowRole(role as IRole);
    });
  };
  const [plain, support] = await allSettledThenThrow([read({}), read({ get_all_support_roles: 'true' })]);
  const byId = new Map<string, LookerRole>();
  for (const role of [...plain, ...support]) if (!byId.has(role.id)) byId.set(role.id, role);
  return [...byId.values()];
}

/** Role ids held by users or groups that no role list has: one line per account, naming them. */
function unknownRoleWarning(
  roles: readonly LookerRole[],
  groups: readonly LookerGroup[],
  heldByUsers: ReadonlyMap<string, number>,
): string[] {
  const known = new Set(roles.map((r) => r.id));
  const missing = new Map<string, { users: number; groups: number }>();
  const entry = (id: string) => missing.get(id) ?? missing.set(id, { users: 0, groups: 0 }).get(id)!;
  for (const [id, n] of heldByUsers) if (!known.has(id)) entry(id).users += n;
  for (const group of groups) for (const id of group.roleIds) if (!known.has(id)) entry(id).groups += 1;
  if (missing.size === 0) return [];
  const ids = [...missing.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const shown = ids.slice(0, 10).map((id) => {
    const { users, groups: inGroups } = missing.get(id)!;
    const by = [users > 0 ? plural(users, 'user') : '', inGroups > 0 ? plural(inGroups, 'group') : ''].filter(Boolean);
    return `${id} (${by.join(', ')})`;
  });
  return [
    `${plural(ids.length, 'role id')} in no role list: ${shown.join(', ')}${ids.length > 10 ? `, and ${ids.length - 10} more` : ''}; ` +
      "their holders' seats are computed without them",
  ];
}

type Lists = [LookerRole[], LookerGroup[], string | null, UserFlagsRead | undefined];

/**
 * The users' pages and the lists, whichever comes first: the lists once they are in (so the consumer can resolve
 * users from then on), each page as it arrives. Counts the role ids the users of the latest pass hold.
 */
async function* usersAndLists(
  users: PageStream<LookerUser>,
  lists: Promise<Settled<Lists>>,
  heldRoles: Map<string, number>,
): AsyncGenerator<AccountPart, void, undefined> {
  let pass = 0;
  let listsGiven = false;
  const giveLists = async (): Promise<AccountPart> => {
    listsGiven = true;
    const [roles, groups, , lookerFlags] = unwrap(await lists);
    return { kind: 'lists', roles, groups, ...(lookerFlags === undefined ? {} : { lookerFlags }) };
  };
  const iterator = users[Symbol.asyncIterator]();
  try {
    let pending = iterator.next();
    for (;;) {
      if (!listsGiven) {
        const first = await Promise.race([
          lists.then(() => 'lists' as const),
          pending.then(
            () => 'page' as const,
            () => 'page' as const,
          ),
        ]);
        if (first === 'lists') {
          yield await giveLists();
          continue;
        }
      }
      const next = await pending;
      if (next.done === true) break;
      const page = next.value;
      if (page.pass !== pass) {
        pass = page.pass;
        heldRoles.clear();
      }
      for (const user of page.rows) for (const id of user.roleIds) heldRoles.set(id, (heldRoles.get(id) ?? 0) + 1);
      yield { kind: 'users', page };
      pending = iterator.next();
    }
  } finally {
    // Ends the users' iteration when the consumer left early or a list failed; waits for its requests.
    await iterator.return?.();
  }
  if (!listsGiven) yield await giveLists();
}

/** The account in parts, pulled by the consumer; the session is opened on the first pull and always closed. */
export async function* readAccount(
  client: LookerClient,
  options: ReadAccountOptions = {},
): AsyncGenerator<AccountPart, void, undefined> {
  const users = pages(client, 'users', { fields: USER_FIELDS }, narrowUser);
  const groups = pages(client, 'groups/search/with_hierarchy', { fields: GROUP_FIELDS }, narrowGroup);
  let lists: Promise<Settled<Lists>> | undefined;
  let readingUsage = false;
  try {
    await client.login();
    // Independent lists, fetched side by side (the client bounds requests in flight). allSettledThenThrow, and
    // the settled wrapper: none may still be in flight when the session is logged out (settle.ts says why).
    lists = settle(
      allSettledThenThrow([
        readRoles(client),
        collectPages(groups),
        options.withVersion === true ? readRelease(client) : Promise.resolve(null),
        options.lookerFlags === true ? readUserFlags(client) : Promise.resolve(undefined),
      ]),
    );
    const heldRoles = new Map<string, number>();
    yield* usersAndLists(users, lists, heldRoles);
    const [roles, groupList, release] = unwrap(await lists);
    // After the seat lists, so a usage failure never costs the seat audit; one query at a time (system-activity.ts).
    // Its budget message is complete (it checks all its calls up front): not amended below.
    readingUsage = options.usage !== undefined;
    const systemActivity = options.usage === undefined ? undefined : await readSystemActivity(client, options.usage);
    yield {
      kind: 'end',
      account: client.account.name,
      url: client.account.url,
      lookerRelease: release,
      // logout is still to come: counted here so the report states the whole run.
      apiCalls: client.calls + 1,
      warnings: [...groups.warnings, ...users.warnings, ...unknownRoleWarning(roles, groupList, heldRoles)],
      ...(systemActivity === undefined ? {} : { systemActivity }),
    };
  } catch (error) {
    if (!(error instanceof CallBudgetError) || readingUsage) throw error;
    // Once the lists have settled, every total the server sent is known.
    if (lists !== undefined) await lists;
    throw new CallBudgetError(
      `${error.message}; ${neededCalls({ users: users.total, groups: groups.total }, client.pageSize, systemActivityCalls(options))}`,
    );
  } finally {
    if (lists !== undefined) await lists;
    await client.logout();
  }
}

/** The whole account at once (tests, the sample's own checks): the final pass of every list, de-duplicated. */
export async function fetchAccount(client: LookerClient, options: ReadAccountOptions = {}): Promise<RawSnapshot> {
  let lists: AccountLists = { roles: [], groups: [] };
  let end: AccountEnd | undefined;
  async function* userPages() {
    for await (const part of readAccount(client, options)) {
      if (part.kind === 'users') yield part.page;
      else if (part.kind === 'lists') lists = part;
      else end = part;
    }
  }
  const users = await collectPages(userPages());
  const done = end as AccountEnd | undefined;
  if (done === undefined) throw new Error('readAccount ended without its end part');
  return {
    account: done.account,
    url: done.url,
    lookerRelease: done.lookerRelease,
    roles: lists.roles,
    groups: lists.groups,
    users,
    apiCalls: done.apiCalls,
    warnings: done.warnings,
  };
}

/** looker_release_version from GET /versions (one call; `accounts --test` and `withVersion` ask for it). */
export async function readRelease(client: LookerClient): Promise<string | null> {
  const { body } = await client.getJson<{ looker_release_version?: unknown } | null>('versions', {
    fields: 'looker_release_version',
  });
  return typeof body?.looker_release_version === 'string' ? body.looker_release_version : null;
}

/** The System Activity calls an audit with these options makes beyond the seat audit, and what they read. */
export function systemActivityCalls(options: ReadAccountOptions): { readonly calls: number; readonly what: string } {
  const parts = [
    ...(options.usage === undefined ? [] : [{ calls: SYSTEM_ACTIVITY_CALLS, what: 'usage' }]),
    ...(options.lookerFlags === true ? [{ calls: USER_FLAGS_CALLS, what: "Looker's own flags" }] : []),
  ];
  return { calls: parts.reduce((n, p) => n + p.calls, 0), what: parts.map((p) => p.what).join(' and ') };
}

/**
 * What a whole audit costs: login, the two roles calls, logout, and the pages of each list, at least one each. A
 * list whose total is not known yet counts as one page: a lower bound then.
 */
export function neededCalls(
  totals: { readonly users?: number; readonly groups?: number },
  pageSize: number,
  /** Calls beyond the seat audit (System Activity: the reads of rightsize and --usage, Looker's own flags). */
  extra: { readonly calls: number; readonly what: string } = { calls: 0, what: '' },
): string {
  const pages = (n: number | undefined) => (n === undefined ? 1 : Math.max(1, Math.ceil(n / pageSize)));
  const needed = 4 + pages(totals.users) + pages(totals.groups) + extra.calls;
  const exact = totals.users !== undefined && totals.groups !== undefined;
  return `the full audit${extra.calls > 0 ? ` with ${extra.what}` : ''} needs ${exact ? '' : 'at least '}${needed} calls: raise --max-calls`;
}
