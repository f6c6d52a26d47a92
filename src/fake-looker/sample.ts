/**
 * The built-in sample instance ("Acme Analytics"), used by `demo`, the tests and the docs. Small, but it shows
 * every case the audit must get right (see SAMPLE_CASES).
 */
import type { FakeGroup, FakeOAuthApp, FakeUser, Organisation } from './org.js';
import { sampleOwned } from './sample-owned.js';

/**
 * The OAuth app registered on the sample (public values, not secrets): looker-audit's client_guid and its default
 * loopback redirect, as an admin registers them once with register_oauth_client_app.
 */
export const SAMPLE_OAUTH_CLIENT = { clientId: 'looker-audit', redirectUri: 'http://127.0.0.1:7878/callback' } as const;

const sampleOAuthApp = (): FakeOAuthApp => ({
  client_guid: SAMPLE_OAUTH_CLIENT.clientId,
  redirect_uri: SAMPLE_OAUTH_CLIENT.redirectUri,
  display_name: 'looker-audit',
  description: 'Licence seat audit: reads users, roles and groups as you',
  enabled: true,
  group_id: null,
  tokens_invalid_before: '2024-03-01T10:00:00.000+00:00',
  activated_user_ids: [],
});

/** Named cases in the sample, for tests and docs: user ids (see SAMPLE_CASE_NOTES for what each shows). */
export const SAMPLE_CASES = {
  directAdmin: '1',
  developerThreeLevelsUp: '2',
  externallyManagedRoles: '4',
  groupCycle: '8',
  rulesDisagree: '9',
  noRoles: '10',
  noGroupRoles: '11',
  embed: '12',
  service: '13',
  support: '14',
  neverLoggedIn: '15',
  severalLogins: '19',
  disabledDeveloper: '22',
  directoryManagedRoles: '20',
  identityProviderGroup: '25',
} as const;

export const SAMPLE_CASE_NOTES: Readonly<Record<keyof typeof SAMPLE_CASES, string>> = {
  directAdmin: 'Ada: the Admin role (all_access) assigned directly -> developer',
  developerThreeLevelsUp:
    'Ben: in "Dashboards Guild" <- "BI Engineers" <- "BI" <- "Analytics", which holds "LookML Developer" -> developer',
  externallyManagedRoles:
    'Dan: SAML user whose roles are externally managed (roles_externally_managed), Explorer via "Sales"',
  groupCycle: 'Hugo: in "Ops", whose parent "Ops Leads" has "Ops" as parent again; "SQL Analysts" via "Ops Leads"',
  rulesDisagree:
    'Iris: "Report Admin" (only see_* permissions) via "Partners": torii says developer (name), looker says viewer',
  noRoles: 'Jack: no roles and no groups -> none',
  noGroupRoles: 'Kim: allow_roles_from_normal_groups false, member of "Analytics" -> only her direct Viewer role',
  embed: 'Leo: embed user (credentials_embed), no email',
  service: 'Mia: service account (is_service_account, API3 credentials) with "SQL Analysts"',
  support: 'Looker Support: verified_looker_employee with the internal "Looker Support" role',
  neverLoggedIn: 'Nora: never logged in (logged_in_at null on every credential)',
  severalLogins: 'Rosa: email login in 2025 and SAML login in 2026: the last login is the latest over all credentials',
  disabledDeveloper: 'Uma: disabled, Admin role: keeps the developer tier, counts toward no seat',
  directoryManagedRoles:
    'Sam: LDAP user whose roles the directory manages (roles_externally_managed), Explorer via "Sales"',
  identityProviderGroup:
    'Yara: Explorer through "Okta Marketing", a group the identity provider manages (externally_managed)',
};

const g = (id: string, name: string, parents: string[], roles: string[]): FakeGroup => ({
  id,
  name,
  parent_group_ids: parents,
  role_ids: roles,
  externally_managed: false,
  include_by_default: false,
});

const u = (
  id: string,
  first: string,
  last: string,
  groups: string[],
  roles: string[],
  loggedIn: string | null,
  extra: Partial<FakeUser> = {},
): FakeUser => ({
  id,
  first_name: first,
  last_name: last,
  email: `${first.toLowerCase()}.${last.toLowerCase()}@acme.example`,
  is_disabled: false,
  role_ids: roles,
  group_ids: groups,
  login: 'email',
  logged_in_at: loggedIn === null ? null : `${loggedIn}T09:15:00.000+00:00`,
  created_at: '2024-03-01T10:00:00.000+00:00',
  ...extra,
});

/** The builders of the sample's groups and users, for the other sample instances (sample-sandbox.ts). */
export { g as sampleGroup, u as sampleUser };

export function sampleOrganisation(): Organisation {
  return {
    oauth_client_apps: [sampleOAuthApp()],
    permission_sets: [
      { id: '1', name: 'Admin', all_access: true, built_in: true, permissions: [] },
      {
        id: '2',
        name: 'Developer',
        all_access: false,
        built_in: true,
        permissions: [
          'access_data',
          'see_lookml',
          'develop',
          'deploy',
          'explore',
          'save_content',
          'see_looks',
          'see_user_dashboards',
        ],
      },
      {
        id: '3',
        name: 'User',
        all_access: false,
        built_in: true,
        permissions: [
          'access_data',
          'see_looks',
          'see_user_dashboards',
          'explore',
          'save_content',
          'create_table_calculations',
        ],
      },
      {
        id: '4',
        name: 'Viewer',
        all_access: false,
        built_in: true,
        permissions: [
          'access_data',
          'see_looks',
          'see_user_dashboards',
          'download_without_limit',
          'schedule_look_emails',
        ],
      },
      {
        id: '5',
        name: 'SQL',
        all_access: false,
        built_in: false,
        permissions: ['access_data', 'see_lookml', 'use_sql_runner'],
      },
      {
        id: '6',
        name: 'Report reader',
        all_access: false,
        built_in: false,
        permissions: ['see_looks', 'see_user_dashboards'],
      },
      {
        id: '7',
        name: 'Calculations',
        all_access: false,
        built_in: false,
        permissions: ['access_data', 'see_looks', 'create_table_calculations'],
      },
    ],
    model_sets: [
      { id: '1', name: 'All', all_access: true, built_in: true, models: [] },
      { id: '2', name: 'Sales models', all_access: false, built_in: false, models: ['sales', 'marketing'] },
    ],
    roles: [
      { id: '1', name: 'Admin', permission_set_id: '1', model_set_id: '1' },
      { id: '2', name: 'LookML Developer', permission_set_id: '2', model_set_id: '1' },
      { id: '3', name: 'Explorer', permission_set_id: '3', model_set_id: '2' },
      { id: '4', name: 'Viewer', permission_set_id: '4', model_set_id: '1' },
      { id: '5', name: 'SQL Analysts', permission_set_id: '5', model_set_id: '1' },
      { id: '6', name: 'Report Admin', permission_set_id: '6', model_set_id: '1' },
      { id: '7', name: 'Dashboard Builder', permission_set_id: '7', model_set_id: '2' },
      { id: '8', name: 'Looker Support', permission_set_id: '1', model_set_id: '1', internal: true },
    ],
    groups: [
      g('1', 'Analytics', [], ['2']),
      g('2', 'BI', ['1'], []),
      g('3', 'BI Engineers', ['2'], []),
      g('4', 'Dashboards Guild', ['3'], []),
      g('5', 'Sales', [], ['3']),
      g('6', 'Sales EMEA', ['5'], []),
      g('7', 'Finance', [], ['4']),
      g('8', 'Ops', ['9'], []),
      g('9', 'Ops Leads', ['8'], ['5']),
      g('10', 'Partners', [], ['6']),
      g('11', 'Embed Customers', [], ['4']),
      // Mirrored from the identity provider (SAML group mapping): Looker reapplies it at each login.
      { ...g('12', 'Okta Marketing', [], ['3']), externally_managed: true },
    ],
    users: [
      // Ada's API key is the one the sample's config logs in with: she is the API user.
      u('1', 'Ada', 'Admin', [], ['1'], '2026-11-20', {
        api3: [{ id: '1', client_id: 'sample-client-id', is_disabled: false, purpose: 'looker-audit' }],
      }),
      u('2', 'Ben', 'Builder', ['4'], [], '2026-11-18'),
      u('3', 'Chloe', 'Chen', ['3'], [], '2026-11-02'),
      u('4', 'Dan', 'Diaz', ['5'], [], '2026-10-30', { login: 'saml', roles_externally_managed: true }),
      u('5', 'Eva', 'Evans', ['6'], [], '2026-11-21', { login: 'saml' }),
      u('6', 'Finn', 'Fox', ['7'], [], '2026-09-14'),
      u('7', 'Gina', 'Gray', ['7'], [], '2026-02-11', { is_disabled: true }),
      u('8', 'Hugo', 'Hill', ['8'], [], '2026-11-19', { login: 'google' }),
      u('9', 'Iris', 'Ito', ['10'], [], '2026-08-05'),
      u('10', 'Jack', 'Jones', [], [], '2026-06-01'),
      u('11', 'Kim', 'Kato', ['1'], ['4'], '2026-11-10', { allow_roles_from_normal_groups: false }),
      u('12', 'Leo', 'Lane', ['11'], [], '2026-11-17', { embed: true, login: undefined, email: null }),
      u('13', 'Mia', 'Moss', [], ['5'], '2026-11-22', {
        is_service_account: true,
        login: undefined,
        first_name: 'Mia',
        last_name: 'Moss (ETL)',
      }),
      u('14', 'Looker', 'Support', [], ['8'], '2026-10-01', {
        verified_looker_employee: true,
        email: 'support@looker.example',
      }),
      u('15', 'Nora', 'Nash', ['5'], [], null),
      u('16', 'Omar', 'Ortiz', [], ['7'], '2026-11-08'),
      u('17', 'Pia', 'Park', ['2'], [], '2026-11-21', {
        api3: [{ id: '17', client_id: 'pia-notebooks', is_disabled: false, purpose: 'Jupyter notebooks' }],
      }),
      u('18', 'Quinn', 'Quade', ['7'], [], null),
      u('19', 'Rosa', 'Ruiz', ['6', '7'], [], '2026-11-12', {
        login: 'saml',
        extra_logins: { email: '2025-06-30T08:00:00.000+00:00' },
      }),
      u('20', 'Sam', 'Stone', ['5'], [], '2026-04-03', { login: 'ldap', roles_externally_managed: true }),
      u('21', 'Tara', 'Tran', ['7'], ['3'], '2026-11-16'),
      u('22', 'Uma', 'Underwood', [], ['1'], '2026-01-15', { is_disabled: true }),
      u('23', 'Vic', 'Vance', ['9'], [], '2026-11-03', { login: 'oidc' }),
      u('24', 'Wes', 'Wood', ['11'], [], '2026-10-21'),
      u('25', 'Yara', 'Young', ['12'], [], '2026-11-19', { login: 'saml' }),
    ],
    ...sampleOwned(),
  };
}
