/**
 * Records -> Looker API 4.0 JSON (spec components User, Role, GroupHierarchy, ...). Only what the spec
 * declares, with nulls where Looker sends nulls, so responses validate against Looker.4.0.oas.json.
 */
import type { FakeGroup, FakeRole, FakeUser, Organisation } from './org.js';

export function apiRole(org: Organisation, role: FakeRole, base: string): Record<string, unknown> {
  const ps = org.permission_sets.find((p) => p.id === role.permission_set_id);
  const ms = org.model_sets.find((m) => m.id === role.model_set_id);
  return {
    can: {},
    id: role.id,
    name: role.name,
    permission_set: ps ? { ...ps, can: {}, url: `${base}/api/4.0/permission_sets/${ps.id}` } : null,
    model_set: ms ? { ...ms, can: {}, url: `${base}/api/4.0/model_sets/${ms.id}` } : null,
    url: `${base}/api/4.0/roles/${role.id}`,
    users_url: `${base}/api/4.0/roles/${role.id}/users`,
    internal: role.internal === true,
  };
}

/** Groups whose members, directly or through nested groups, include `groupId`'s members: the group and its ancestors. */
export function ancestors(org: Organisation, groupId: string): Set<string> {
  const seen = new Set<string>();
  const stack = [groupId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const parent of org.groups.find((g) => g.id === id)?.parent_group_ids ?? []) stack.push(parent);
  }
  return seen;
}

export function apiGroup(org: Organisation, group: FakeGroup, hierarchy: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {
    can: {},
    can_add_to_content_metadata: true,
    contains_current_user: false,
    external_group_id: null,
    externally_managed: group.externally_managed === true,
    id: group.id,
    include_by_default: group.include_by_default === true,
    name: group.name,
    user_count: org.users.filter((u) => u.group_ids.includes(group.id)).length,
  };
  if (hierarchy) {
    view.parent_group_ids = [...group.parent_group_ids];
    view.role_ids = [...group.role_ids];
  }
  return view;
}

function credential(user: FakeUser, type: string, base: string): Record<string, unknown> {
  return {
    can: {},
    created_at: user.created_at ?? null,
    email: user.email,
    is_disabled: false,
    logged_in_at: user.logged_in_at,
    type,
    url: `${base}/api/4.0/users/${user.id}/credentials_${type}`,
    user_url: `${base}/api/4.0/users/${user.id}`,
  };
}

export function apiUser(user: FakeUser, base: string): Record<string, unknown> {
  const display = user.first_name && user.last_name ? `${user.first_name} ${user.last_name}` : null;
  return {
    can: {},
    avatar_url: null,
    credentials_api3: user.is_service_account ? [{ can: {}, id: `api3-${user.id}`, client_id: `client-${user.id}`, created_at: user.created_at ?? null, is_disabled: false, type: 'api3', url: null }] : [],
    credentials_email: user.login === 'email' ? { ...credential(user, 'email', base), forced_password_reset_at_next_login: false } : null,
    credentials_embed: user.embed
      ? [{ can: {}, created_at: user.created_at ?? null, external_group_id: 'customer-1', external_user_id: `ext-${user.id}`, id: `embed-${user.id}`, is_disabled: false, logged_in_at: user.logged_in_at, type: 'embed', url: null }]
      : [],
    credentials_google: user.login === 'google' ? { ...credential(user, 'google', base), domain: 'acme.example', google_user_id: `g-${user.id}` } : null,
    credentials_ldap: null,
    credentials_looker_openid: null,
    credentials_oidc: user.login === 'oidc' ? { ...credential(user, 'oidc', base), oidc_user_id: `o-${user.id}` } : null,
    credentials_saml: user.login === 'saml' ? { ...credential(user, 'saml', base), saml_user_id: `s-${user.id}` } : null,
    credentials_totp: null,
    display_name: display,
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
    roles_externally_managed: false,
    allow_direct_roles: true,
    allow_normal_group_membership: true,
    allow_roles_from_normal_groups: user.allow_roles_from_normal_groups !== false,
    embed_group_folder_id: null,
    is_iam_admin: false,
    can_manage_api3_creds: false,
    is_service_account: user.is_service_account === true,
    service_account_name: user.is_service_account ? `${user.first_name ?? ''} ${user.last_name ?? ''}`.trim() : null,
    url: `${base}/api/4.0/users/${user.id}`,
  };
}

export const ERROR_DOC = 'https://cloud.google.com/looker/docs/r/api/support';
export const errorBody = (message: string) => ({ message, documentation_url: ERROR_DOC });
