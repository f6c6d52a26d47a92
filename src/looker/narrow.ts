/**
 * The one place where Looker's all-optional, nullable API types (@looker/sdk models.ts) become the strict
 * domain types of ./types.ts. Missing fields get the value Looker documents as the default.
 */
import type { IGroupHierarchy, IRole, IUser } from '@looker/sdk';
import type { LookerGroup, LookerRole, LookerUser } from './types.js';

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
/** Ids as strings. Looker 4.0 sends string ids, so the parsed array itself usually serves: no copy per user. */
function ids(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  if (value.every((v) => typeof v === 'string')) return value as string[];
  return value.filter((v) => v !== null && v !== undefined).map(String);
}

/** Credential types that carry `logged_in_at` (spec schemas Credentials*; TOTP and API3 have none). */
const LOGIN_CREDENTIALS = [
  'credentials_email',
  'credentials_saml',
  'credentials_google',
  'credentials_oidc',
  'credentials_ldap',
  'credentials_looker_openid',
  'credentials_workforce',
] as const;

export function narrowRole(role: IRole): LookerRole {
  const ps = role.permission_set;
  const ms = role.model_set;
  return {
    id: String(role.id ?? ''),
    name: str(role.name) ?? `role ${String(role.id ?? '?')}`,
    // Internal roles are Looker's own support roles (spec Role.internal).
    internal: (role as { internal?: unknown }).internal === true,
    permissionSet: ps
      ? {
          id: String(ps.id ?? ''),
          name: str(ps.name) ?? '',
          allAccess: ps.all_access === true,
          permissions: ids(ps.permissions),
        }
      : null,
    modelSet: ms
      ? { id: String(ms.id ?? ''), name: str(ms.name) ?? '', allAccess: ms.all_access === true, models: ids(ms.models) }
      : null,
  };
}

export function narrowGroup(group: IGroupHierarchy): LookerGroup {
  return {
    id: String(group.id ?? ''),
    name: str(group.name) ?? `group ${String(group.id ?? '?')}`,
    parentGroupIds: ids(group.parent_group_ids),
    roleIds: ids(group.role_ids),
    externallyManaged: group.externally_managed === true,
    userCount: typeof group.user_count === 'number' ? group.user_count : null,
  };
}

type Credential = { logged_in_at?: unknown; created_at?: unknown } | null | undefined;

export function narrowUser(user: IUser): LookerUser {
  const loginTimes: string[] = [];
  const record = user as Record<string, unknown>;
  const embed = Array.isArray(user.credentials_embed) ? (user.credentials_embed as Credential[]) : [];
  let createdAt: string | null = null;
  let createdMs = Number.POSITIVE_INFINITY;
  const take = (credential: Credential): void => {
    const at = str(credential?.logged_in_at);
    if (at) loginTimes.push(at);
    const created = str(credential?.created_at);
    const ms = created === null ? Number.NaN : Date.parse(created);
    if (ms < createdMs) {
      createdMs = ms;
      createdAt = created;
    }
  };
  for (const key of LOGIN_CREDENTIALS) take(record[key] as Credential);
  for (const credential of embed) take(credential);
  return {
    id: String(user.id ?? ''),
    email: str(user.email) ?? str(user.credentials_email?.email),
    firstName: str(user.first_name),
    lastName: str(user.last_name),
    displayName: str(user.display_name),
    isDisabled: user.is_disabled === true,
    roleIds: ids(user.role_ids),
    groupIds: ids(user.group_ids),
    // Absent means the Looker default (true); only an explicit false withholds group roles.
    allowRolesFromNormalGroups: user.allow_roles_from_normal_groups !== false,
    verifiedLookerEmployee: user.verified_looker_employee === true,
    isServiceAccount: (record.is_service_account as unknown) === true,
    isEmbed: embed.length > 0,
    loginTimes,
    createdAt,
  };
}
