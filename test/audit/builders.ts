/** Small builders for RawSnapshot test data: only the fields a test cares about are spelled out. */
import type { UserFlag, UserFlagsRow } from '../../src/looker/system-activity-rows.js';
import type { LookerGroup, LookerRole, LookerUser, RawSnapshot } from '../../src/looker/types.js';

let seq = 0;
const nextId = (): string => String(++seq);

export function aRole(
  overrides: Partial<Omit<LookerRole, 'permissionSet'>> & {
    permissions?: readonly string[];
    allAccess?: boolean;
    models?: readonly string[];
  } = {},
): LookerRole {
  const { permissions = [], allAccess = false, models = ['thelook'], ...rest } = overrides;
  const id = rest.id ?? nextId();
  return {
    id,
    name: `Role ${id}`,
    internal: false,
    permissionSet: { id: `ps${id}`, name: `Set ${id}`, allAccess, permissions },
    modelSet: { id: `ms${id}`, name: `Models ${id}`, allAccess: false, models },
    ...rest,
  };
}

export function aGroup(overrides: Partial<LookerGroup> = {}): LookerGroup {
  const id = overrides.id ?? nextId();
  return {
    id,
    name: `Group ${id}`,
    parentGroupIds: [],
    roleIds: [],
    externallyManaged: false,
    userCount: null,
    ...overrides,
  };
}

export function aUser(overrides: Partial<LookerUser> = {}): LookerUser {
  const id = overrides.id ?? nextId();
  return {
    id,
    email: `user${id}@acme.test`,
    firstName: 'User',
    lastName: id,
    displayName: null,
    isDisabled: false,
    roleIds: [],
    groupIds: [],
    allowRolesFromNormalGroups: true,
    createdAt: null,
    verifiedLookerEmployee: false,
    isServiceAccount: false,
    isEmbed: false,
    loginTimes: [],
    ...overrides,
  };
}

export function aSnapshot(overrides: Partial<RawSnapshot> = {}): RawSnapshot {
  return {
    account: 'production',
    url: 'https://acme.cloud.looker.test',
    lookerRelease: null,
    roles: [],
    groups: [],
    users: [],
    apiCalls: 5,
    ...overrides,
  };
}

/** A row of Looker's own user flags (System Activity) with these flags set, the others not. */
export function aFlagsRow(userId: string, on: readonly UserFlag[], disabled = false): UserFlagsRow {
  const flags = {
    is_admin: false,
    is_developer: false,
    is_explorer: false,
    is_content_saver: false,
    is_viewer: false,
    is_embed: false,
    is_looker_employee: false,
  };
  for (const flag of on) flags[flag] = true;
  return { userId, disabled, flags };
}
