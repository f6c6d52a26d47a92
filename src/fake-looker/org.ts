/**
 * The sample instance's data model: plain, mutable records close to Looker's own JSON (snake_case, string
 * ids), so the server builds responses by field selection. Users keep direct role_ids and group_ids only,
 * as Looker does; nesting lives in the groups' parent_group_ids.
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

export type LoginKind = 'email' | 'saml' | 'google' | 'oidc';

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
  embed?: boolean;
  /** How the user logs in, and when last (null: never). */
  login?: LoginKind;
  logged_in_at: string | null;
  created_at?: string;
}

export interface Organisation {
  permission_sets: FakePermissionSet[];
  model_sets: FakeModelSet[];
  roles: FakeRole[];
  groups: FakeGroup[];
  users: FakeUser[];
}

/** Loads a hand-written fixture (a plain JSON document of the Organisation shape), copying it. */
export function loadOrganisation(json: string | Organisation): Organisation {
  const data = (typeof json === 'string' ? JSON.parse(json) : structuredClone(json)) as Partial<Organisation>;
  return {
    permission_sets: data.permission_sets ?? [],
    model_sets: data.model_sets ?? [],
    roles: data.roles ?? [],
    groups: data.groups ?? [],
    users: data.users ?? [],
  };
}

export function nextId(items: readonly { id: string }[]): string {
  return String(items.reduce((max, item) => Math.max(max, Number(item.id) || 0), 0) + 1);
}
