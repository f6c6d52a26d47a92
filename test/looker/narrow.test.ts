/** API JSON (all-optional, nullable @looker/sdk shapes) -> the strict domain types, tolerant of gaps. */
import { describe, expect, it } from '@jest/globals';
import type { IGroupHierarchy, IRole, IUser } from '@looker/sdk';
import { narrowGroup, narrowRole, narrowUser } from '../../src/looker/narrow.js';

describe('narrowUser', () => {
  it('maps every field the audit uses', () => {
    const user = narrowUser({
      id: '42',
      email: 'ada@acme.example',
      first_name: 'Ada',
      last_name: 'Lovelace',
      display_name: 'Ada Lovelace',
      is_disabled: true,
      role_ids: ['1', '2'],
      group_ids: ['7'],
      allow_roles_from_normal_groups: false,
      verified_looker_employee: true,
      is_service_account: true,
    } as IUser);
    expect(user).toEqual({
      id: '42',
      email: 'ada@acme.example',
      firstName: 'Ada',
      lastName: 'Lovelace',
      displayName: 'Ada Lovelace',
      isDisabled: true,
      roleIds: ['1', '2'],
      groupIds: ['7'],
      allowRolesFromNormalGroups: false,
      verifiedLookerEmployee: true,
      isServiceAccount: true,
      isEmbed: false,
      loginTimes: [],
      createdAt: null,
    });
  });

  it('takes the earliest parseable credential created_at as the account creation date', () => {
    const user = narrowUser({
      id: '5',
      credentials_email: { email: 'e@acme.example', created_at: '2024-05-01T00:00:00Z' },
      credentials_saml: { created_at: '2023-02-01T00:00:00Z' },
      credentials_google: { created_at: 'not a date' },
      credentials_embed: [{ id: 'x', created_at: '2025-01-01T00:00:00Z' }],
    } as unknown as IUser);
    expect(user.createdAt).toBe('2023-02-01T00:00:00Z');
  });

  it('tolerates a user with nothing but an id: Looker defaults, empty lists, nulls', () => {
    const user = narrowUser({
      id: '1',
      email: null,
      role_ids: null,
      group_ids: undefined,
      credentials_email: null,
    } as unknown as IUser);
    expect(user).toMatchObject({
      id: '1',
      email: null,
      firstName: null,
      isDisabled: false,
      roleIds: [],
      groupIds: [],
      allowRolesFromNormalGroups: true,
      isEmbed: false,
      loginTimes: [],
    });
  });

  it('collects logged_in_at over every credential type, embed included, skipping nulls', () => {
    const user = narrowUser({
      id: '3',
      credentials_email: { email: 'e@acme.example', logged_in_at: '2026-01-01T00:00:00Z' },
      credentials_saml: { logged_in_at: '2026-02-01T00:00:00Z' },
      credentials_google: { logged_in_at: null },
      credentials_oidc: { logged_in_at: '2026-03-01T00:00:00Z' },
      credentials_ldap: { logged_in_at: '2026-04-01T00:00:00Z' },
      credentials_looker_openid: { logged_in_at: '2026-05-01T00:00:00Z' },
      credentials_embed: [
        { id: '9', logged_in_at: '2026-06-01T00:00:00Z' },
        { id: '10', logged_in_at: null },
      ],
    } as unknown as IUser);
    expect([...user.loginTimes].sort()).toEqual([
      '2026-01-01T00:00:00Z',
      '2026-02-01T00:00:00Z',
      '2026-03-01T00:00:00Z',
      '2026-04-01T00:00:00Z',
      '2026-05-01T00:00:00Z',
      '2026-06-01T00:00:00Z',
    ]);
    expect(user.isEmbed).toBe(true);
    // No top-level email: the email credential's address stands in.
    expect(user.email).toBe('e@acme.example');
  });

  it('numeric ids become strings (older releases sent numbers)', () => {
    const user = narrowUser({ id: 5, role_ids: [1, 2], group_ids: [3] } as unknown as IUser);
    expect(user).toMatchObject({ id: '5', roleIds: ['1', '2'], groupIds: ['3'] });
  });
});

describe('narrowRole', () => {
  it('keeps the permission set and model set', () => {
    const role = narrowRole({
      id: '2',
      name: 'Developer',
      permission_set: { id: '3', name: 'Developer', all_access: false, permissions: ['access_data', 'develop'] },
      model_set: { id: '1', name: 'All', all_access: true, models: ['thelook'] },
    } as IRole);
    expect(role).toEqual({
      id: '2',
      name: 'Developer',
      internal: false,
      permissionSet: { id: '3', name: 'Developer', allAccess: false, permissions: ['access_data', 'develop'] },
      modelSet: { id: '1', name: 'All', allAccess: true, models: ['thelook'] },
    });
  });

  it('missing sets are null, a missing name is named after the id, internal roles are marked', () => {
    const role = narrowRole({ id: '99', permission_set: null, internal: true } as unknown as IRole);
    expect(role).toEqual({ id: '99', name: 'role 99', internal: true, permissionSet: null, modelSet: null });
  });

  it('a permission set without permissions has none', () => {
    expect(narrowRole({ id: '1', name: 'x', permission_set: { id: '1' } } as IRole).permissionSet).toEqual({
      id: '1',
      name: '',
      allAccess: false,
      permissions: [],
    });
  });
});

describe('narrowGroup', () => {
  it('keeps parents, roles, external management and the user count', () => {
    expect(
      narrowGroup({
        id: '7',
        name: 'BI',
        parent_group_ids: ['1'],
        role_ids: ['2'],
        externally_managed: true,
        user_count: 12,
      } as IGroupHierarchy),
    ).toEqual({
      id: '7',
      name: 'BI',
      parentGroupIds: ['1'],
      roleIds: ['2'],
      externallyManaged: true,
      userCount: 12,
    });
  });

  it('tolerates nulls', () => {
    expect(
      narrowGroup({ id: '8', name: null, parent_group_ids: null, role_ids: null } as unknown as IGroupHierarchy),
    ).toEqual({
      id: '8',
      name: 'group 8',
      parentGroupIds: [],
      roleIds: [],
      externallyManaged: false,
      userCount: null,
    });
  });
});
