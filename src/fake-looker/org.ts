/**
 * The sample instance's data model: plain, mutable records close to Looker's own JSON (snake_case, string
 * ids), so the server builds responses by field selection (views.ts). Users keep direct role_ids and
 * group_ids only, as Looker does; nesting lives in the groups' parent_group_ids.
 */

export interface FakePermissionSet {
  id: string;
  name: string;
  all_access: boolean;
  built_in: boolean;
  permissions: string[];
}

export interface FakeModelSet {
  id: string;
  name: string;
  all_access: boolean;
  built_in: boolean;
  models: string[];
}

export interface FakeRole {
  id: string;
  name: string;
  permission_set_id: string;
  model_set_id: string;
  /** Looker's own support roles: hidden from GET /roles unless get_all_support_roles=true. */
  internal?: boolean;
}

export interface FakeGroup {
  id: string;
  name: string;
  parent_group_ids: string[];
  role_ids: string[];
  externally_managed?: boolean;
  include_by_default?: boolean;
}

/** The credential types that carry a `logged_in_at` (spec schemas Credentials*). */
export type LoginKind = 'email' | 'saml' | 'google' | 'oidc' | 'ldap' | 'looker_openid' | 'workforce';

export interface FakeUser {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  is_disabled: boolean;
  role_ids: string[];
  group_ids: string[];
  allow_roles_from_normal_groups?: boolean;
  verified_looker_employee?: boolean;
  is_service_account?: boolean;
  /** Roles driven by SAML/LDAP/OIDC group mapping (spec User.roles_externally_managed). */
  roles_externally_managed?: boolean;
  /** Has credentials_embed: an embed user. */
  embed?: boolean;
  /** The user's main login credential, and when it was last used (null: never). */
  login?: LoginKind;
  logged_in_at: string | null;
  /** Further credentials with their own last login (a user moved from email to SAML keeps both). */
  extra_logins?: Partial<Record<LoginKind, string | null>>;
  created_at?: string;
  /** API3 keys (spec CredentialsApi3); absent: a service account has one, other users none. */
  api3?: FakeApiKey[];
}

export interface FakeApiKey {
  id: string;
  client_id: string;
  is_disabled: boolean;
  purpose: string | null;
}

/** An OAuth client app registered on the instance (spec OauthClientApp; register_oauth_client_app). */
export interface FakeOAuthApp {
  client_guid: string;
  /** Matched exactly, as Looker does: a redirect that differs in any character is refused. */
  redirect_uri: string;
  display_name: string;
  description: string;
  enabled: boolean;
  group_id: string | null;
  tokens_invalid_before: string;
  /** Users who consented (the sample consents at once, as its first user). */
  activated_user_ids: string[];
}

export interface Organisation {
  /** Absent: no OAuth app is registered (generated and loaded organisations). */
  oauth_client_apps?: FakeOAuthApp[];
  permission_sets: FakePermissionSet[];
  model_sets: FakeModelSet[];
  roles: FakeRole[];
  groups: FakeGroup[];
  users: FakeUser[];
  /** What a user owns besides seats (remediation-json.ts): absent lists are empty. */
  scheduled_plans?: FakeScheduledPlan[];
  alerts?: FakeAlert[];
  looks?: FakeContent[];
  dashboards?: FakeContent[];
}

/** A schedule (spec ScheduledPlan): owned by user_id, delivered to its destinations. */
export interface FakeScheduledPlan {
  id: string;
  name: string;
  user_id: string;
  enabled: boolean;
  run_as_recipient: boolean;
  look_id: string | null;
  dashboard_id: string | null;
  crontab: string;
  destinations: { type: 'email' | 'webhook' | 's3' | 'sftp'; address: string }[];
}

/** An alert on a dashboard tile (spec Alert), owned by owner_id. */
export interface FakeAlert {
  id: string;
  owner_id: string;
  is_disabled: boolean;
  disabled_reason: string | null;
  dashboard_element_id: string;
  cron: string;
  field: { title: string; name: string };
  threshold: number;
  destinations: { email_address: string }[];
}

/** A Look or a dashboard, created by user_id. */
export interface FakeContent {
  id: string;
  title: string;
  user_id: string;
  folder_id: string | null;
}

/** Loads a hand-written fixture (a plain JSON document of the Organisation shape), copying it. */
export function loadOrganisation(json: string | Organisation): Organisation {
  const data = (typeof json === 'string' ? JSON.parse(json) : structuredClone(json)) as Partial<Organisation> | null;
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new TypeError('loadOrganisation: expected a JSON object');
  const list = <K extends keyof Organisation>(key: K): Organisation[K] => {
    const value = data[key];
    if (value === undefined) return [] as Organisation[K];
    if (!Array.isArray(value)) throw new TypeError(`loadOrganisation: "${key}" must be an array`);
    for (const [i, item] of (value as { id?: unknown }[]).entries()) {
      if (typeof item?.id !== 'string')
        throw new TypeError(`loadOrganisation: ${key}[${i}].id must be a string (Looker 4.0 ids are strings)`);
    }
    return value;
  };
  const org: Organisation = {
    permission_sets: list('permission_sets'),
    model_sets: list('model_sets'),
    roles: list('roles'),
    groups: list('groups'),
    users: list('users'),
  };
  for (const key of ['scheduled_plans', 'alerts', 'looks', 'dashboards'] as const) {
    if (data[key] !== undefined) (org as unknown as Record<string, unknown>)[key] = list(key);
  }
  for (const g of org.groups) {
    g.parent_group_ids ??= [];
    g.role_ids ??= [];
  }
  for (const u of org.users) {
    u.role_ids ??= [];
    u.group_ids ??= [];
    u.is_disabled ??= false;
    u.logged_in_at ??= null;
    u.first_name ??= null;
    u.last_name ??= null;
    u.email ??= null;
  }
  return org;
}

export function nextId(items: readonly { id: string }[]): string {
  return String(items.reduce((max, item) => Math.max(max, Number(item.id) || 0), 0) + 1);
}

/** Per-request lookups, so big organisations (20,000 users, 400 groups) serve without quadratic scans. */
export interface OrgIndex {
  readonly groups: ReadonlyMap<string, FakeGroup>;
  /** Direct members per group id (spec Group.user_count: "number of users included in this group"). */
  readonly memberCounts: ReadonlyMap<string, number>;
}

export function indexOrganisation(org: Organisation): OrgIndex {
  const memberCounts = new Map<string, number>();
  for (const user of org.users) for (const id of user.group_ids) memberCounts.set(id, (memberCounts.get(id) ?? 0) + 1);
  return { groups: new Map(org.groups.map((g) => [g.id, g])), memberCounts };
}

/** The group and every group it sits inside, through any chain of parents; cycles end the walk. */
export function ancestors(index: OrgIndex, groupId: string): Set<string> {
  const seen = new Set<string>();
  const stack = [groupId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(index.groups.get(id)?.parent_group_ids ?? []));
  }
  return seen;
}

/** A user's role ids: direct, plus (unless directOnly or the user refuses group roles) those of their groups and every ancestor group. */
export function userRoleIds(index: OrgIndex, user: FakeUser, directOnly: boolean): Set<string> {
  const ids = new Set(user.role_ids);
  if (directOnly || user.allow_roles_from_normal_groups === false) return ids;
  for (const groupId of user.group_ids) {
    for (const g of ancestors(index, groupId)) for (const r of index.groups.get(g)?.role_ids ?? []) ids.add(r);
  }
  return ids;
}
