/**
 * Records -> Looker API 4.0 JSON (spec components User, Role, Group, GroupHierarchy, ...). Only what the spec
 * declares, with nulls where Looker sends nulls, so responses validate against Looker.4.0.oas.json even with
 * undeclared properties forbidden (test/fake-looker/conformance.test.ts).
 */
import type {
  FakeApiKey,
  FakeGroup,
  FakePermissionSet,
  FakeRole,
  FakeUser,
  LoginKind,
  Organisation,
  OrgIndex,
} from './org.js';

export const ERROR_DOC = 'https://cloud.google.com/looker/docs/';
/** Looker's Error body (spec components Error: message and documentation_url, both required). */
export const errorBody = (message: string) => ({ message, documentation_url: ERROR_DOC });

export function apiPermissionSet(ps: FakePermissionSet, base: string): Record<string, unknown> {
  return {
    can: {},
    all_access: ps.all_access,
    built_in: ps.built_in,
    id: ps.id,
    name: ps.name,
    permissions: [...ps.permissions],
    url: `${base}/api/4.0/permission_sets/${ps.id}`,
  };
}

export function apiRole(org: Organisation, role: FakeRole, base: string): Record<string, unknown> {
  const ps = org.permission_sets.find((p) => p.id === role.permission_set_id);
  const ms = org.model_sets.find((m) => m.id === role.model_set_id);
  return {
    can: {},
    id: role.id,
    name: role.name,
    permission_set: ps ? apiPermissionSet(ps, base) : null,
    model_set: ms
      ? {
          can: {},
          all_access: ms.all_access,
          built_in: ms.built_in,
          id: ms.id,
          models: [...ms.models],
          name: ms.name,
          url: `${base}/api/4.0/model_sets/${ms.id}`,
        }
      : null,
    internal: role.internal === true,
    url: `${base}/api/4.0/roles/${role.id}`,
    users_url: `${base}/api/4.0/roles/${role.id}/users`,
  };
}

export function apiGroup(index: OrgIndex, group: FakeGroup, hierarchy: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = {
    can: {},
    can_add_to_content_metadata: true,
    contains_current_user: false,
    external_group_id: null,
    externally_managed: group.externally_managed === true,
    id: group.id,
    include_by_default: group.include_by_default === true,
    name: group.name,
    user_count: index.memberCounts.get(group.id) ?? 0,
  };
  if (hierarchy) {
    json.parent_group_ids = [...group.parent_group_ids];
    json.role_ids = [...group.role_ids];
  }
  return json;
}

/** One credential object; each type adds its own id field and only the fields its schema declares. */
function credential(user: FakeUser, kind: LoginKind, loggedInAt: string | null, base: string): Record<string, unknown> {
  const common = {
    can: {},
    created_at: user.created_at ?? null,
    email: user.email,
    is_disabled: false,
    logged_in_at: loggedInAt,
    type: kind,
    url: `${base}/api/4.0/users/${user.id}/credentials_${kind}`,
  };
  const userUrl = `${base}/api/4.0/users/${user.id}`;
  switch (kind) {
    case 'email':
      // password_reset_url / account_setup_url carry one-time secrets: null here, as for a user who has set a password.
      return {
        ...common,
        forced_password_reset_at_next_login: false,
        user_id: user.id,
        password_reset_url: null,
        account_setup_url: null,
        password_reset_url_expired: false,
        account_setup_url_expired: false,
        user_url: userUrl,
      };
    case 'saml':
      return { ...common, saml_user_id: `saml-${user.id}` };
    case 'google':
      return { ...common, domain: 'acme.example', google_user_id: `google-${user.id}` };
    case 'oidc':
      return { ...common, oidc_user_id: `oidc-${user.id}` };
    case 'ldap':
      return { ...common, ldap_dn: `uid=${user.id},ou=people,dc=acme,dc=example`, ldap_id: `ldap-${user.id}` };
    case 'looker_openid':
      return { ...common, logged_in_ip: loggedInAt === null ? null : '192.0.2.10', user_url: userUrl };
    case 'workforce':
      // Workforce Identity Federation (spec 26.10, CredentialsWorkforce).
      return { ...common, workforce_user_id: `workforce-${user.id}` };
  }
}

/** A user's API3 keys: those the record lists, else one for a service account (it works through the API). */
export function apiKeysOf(user: FakeUser): FakeApiKey[] {
  if (user.api3 !== undefined) return user.api3;
  return user.is_service_account
    ? [{ id: `api3-${user.id}`, client_id: `client-${user.id}`, is_disabled: false, purpose: 'ETL' }]
    : [];
}

export function apiCredentialsApi3(user: FakeUser, key: FakeApiKey, base: string): Record<string, unknown> {
  return {
    can: {},
    id: key.id,
    client_id: key.client_id,
    created_at: user.created_at ?? null,
    is_disabled: key.is_disabled,
    type: 'api3',
    purpose: key.purpose,
    url: `${base}/api/4.0/users/${user.id}/credentials_api3/${key.id}`,
  };
}

function logins(user: FakeUser): Map<LoginKind, string | null> {
  const map = new Map<LoginKind, string | null>(
    Object.entries(user.extra_logins ?? {}) as [LoginKind, string | null][],
  );
  if (user.login) map.set(user.login, user.logged_in_at);
  return map;
}

export function apiUser(user: FakeUser, base: string): Record<string, unknown> {
  const held = logins(user);
  const cred = (kind: LoginKind) => (held.has(kind) ? credential(user, kind, held.get(kind) ?? null, base) : null);
  const display = [user.first_name, user.last_name].filter((part) => part !== null && part !== '').join(' ');
  const createdAt = user.created_at ?? null;
  return {
    can: {},
    avatar_url: null,
    avatar_url_without_sizing: null,
    credentials_api3: apiKeysOf(user).map((key) => apiCredentialsApi3(user, key, base)),
    credentials_email: cred('email'),
    credentials_embed: user.embed
      ? [
          {
            can: {},
            created_at: createdAt,
            external_group_id: 'customer-1',
            external_user_id: `ext-${user.id}`,
            id: `embed-${user.id}`,
            is_disabled: false,
            logged_in_at: user.logged_in_at,
            type: 'embed',
            url: `${base}/api/4.0/users/${user.id}/credentials_embed/embed-${user.id}`,
          },
        ]
      : [],
    credentials_google: cred('google'),
    credentials_ldap: cred('ldap'),
    credentials_looker_openid: cred('looker_openid'),
    credentials_oidc: cred('oidc'),
    credentials_saml: cred('saml'),
    credentials_totp: null,
    credentials_workforce: cred('workforce'),
    // Looker fills display_name from the names it has (spec: "Full name for display").
    display_name: display === '' ? null : display,
    email: user.email,
    embed_group_space_id: null,
    first_name: user.first_name,
    group_ids: [...user.group_ids],
    home_folder_id: null,
    id: user.id,
    is_disabled: user.is_disabled,
    last_name: user.last_name,
    locale: 'en',
    looker_versions: [],
    models_dir_validated: null,
    personal_folder_id: null,
    presumed_looker_employee: user.verified_looker_employee === true,
    role_ids: [...user.role_ids],
    sessions: [],
    ui_state: null,
    verified_looker_employee: user.verified_looker_employee === true,
    roles_externally_managed: user.roles_externally_managed === true,
    allow_direct_roles: true,
    allow_normal_group_membership: user.embed !== true,
    allow_roles_from_normal_groups: user.allow_roles_from_normal_groups !== false,
    embed_group_folder_id: null,
    // is_iam_admin is left out: Looker returns it only when `fields` asks for it (spec User.is_iam_admin).
    can_manage_api3_creds: false,
    is_service_account: user.is_service_account === true,
    // Omitted for normal users (spec User.service_account_name).
    ...(user.is_service_account ? { service_account_name: display } : {}),
    url: `${base}/api/4.0/users/${user.id}`,
  };
}
