/**
 * The raw snapshot of one Looker account: what looker/ fetches and audit/ consumes.
 * These are strict domain types: the all-optional, nullable API types (@looker/sdk `IUser`, `IRole`, ...)
 * are narrowed to these once, in looker/narrow.ts. Nothing here knows about licences.
 */

export interface LookerPermissionSet {
  readonly id: string;
  readonly name: string;
  readonly allAccess: boolean;
  readonly permissions: readonly string[];
}

export interface LookerModelSet {
  readonly id: string;
  readonly name: string;
  readonly allAccess: boolean;
  readonly models: readonly string[];
}

export interface LookerRole {
  readonly id: string;
  readonly name: string;
  /** Looker's own (support) role (Role.internal): its holders are Looker staff, not customer seats. */
  readonly internal: boolean;
  readonly permissionSet: LookerPermissionSet | null;
  readonly modelSet: LookerModelSet | null;
}

export interface LookerGroup {
  readonly id: string;
  readonly name: string;
  /** Direct parents (GroupHierarchy.parent_group_ids): this group is a member of each of them. */
  readonly parentGroupIds: readonly string[];
  /** Roles assigned to this group directly (GroupHierarchy.role_ids). */
  readonly roleIds: readonly string[];
  readonly externallyManaged: boolean;
  readonly userCount: number | null;
}

export interface LookerUser {
  readonly id: string;
  readonly email: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly displayName: string | null;
  readonly isDisabled: boolean;
  /** Roles assigned directly (User.role_ids). */
  readonly roleIds: readonly string[];
  /** Groups the user is a direct member of (User.group_ids). */
  readonly groupIds: readonly string[];
  /** false: the user takes no roles from normal groups (User.allow_roles_from_normal_groups). Absent means true. */
  readonly allowRolesFromNormalGroups: boolean;
  readonly verifiedLookerEmployee: boolean;
  readonly isServiceAccount: boolean;
  /** The user has embed credentials (credentials_embed non-empty). */
  readonly isEmbed: boolean;
  /** Every `logged_in_at` over all credential types, as sent by Looker (unparsed strings). */
  readonly loginTimes: readonly string[];
  /**
   * The earliest credential `created_at`, as sent by Looker, or null: Looker's User has no creation date, so the
   * first credential stands in for it (spec schema User). Tells a new user from one who never logged in.
   */
  readonly createdAt: string | null;
}

export interface RawSnapshot {
  readonly account: string;
  readonly url: string;
  /** From GET /versions when it was fetched (accounts --test), else null: the audit itself does not spend a call on it. */
  readonly lookerRelease: string | null;
  readonly roles: readonly LookerRole[];
  readonly groups: readonly LookerGroup[];
  readonly users: readonly LookerUser[];
  /** HTTP requests this account's audit sent, retries and re-logins included. */
  readonly apiCalls: number;
  /**
   * What the lists said that could not be taken at face value (ids repeated across pages, a total the pages
   * contradict, role ids in no role list), for the caller to log. Absent in snapshots made elsewhere.
   */
  readonly warnings?: readonly string[];
}
