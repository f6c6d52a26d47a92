/**
 * A second, small sample instance ("Acme Labs", a sandbox), shown beside the main sample by `demo plan`: the plan
 * cases the main sample cannot have. Its API user is an API-only service account holding Admin, as Google lets
 * one be created on the Users page; such an account "can't log in to Looker through the UI"
 * (https://cloud.google.com/looker/docs/looker-core-user-management), so it does not keep the instance
 * administrable, and Ada, the only person with Admin, idle for months, is the last Admin a plan must not disable.
 * Its role and group names differ from the main sample's, so the demo's `remediation` settings (made for the
 * main sample) find no group to grant a viewer seat here, and Ben's downgrade cannot reach its target.
 */
import type { ActivityHistory } from './system-activity-data.js';
import type { Organisation } from './org.js';
import { sampleGroup, sampleUser } from './sample.js';

/** The sandbox's users by case, for tests and docs. */
export const SANDBOX_CASES = {
  apiServiceAccount: '1',
  lastAdmin: '2',
  targetNotReached: '3',
  idleAnalyst: '4',
} as const;

export function sandboxOrganisation(): Organisation {
  return {
    permission_sets: [
      { id: '1', name: 'Admin', all_access: true, built_in: true, permissions: [] },
      {
        id: '2',
        name: 'Developer',
        all_access: false,
        built_in: true,
        permissions: ['access_data', 'see_lookml', 'develop', 'deploy', 'explore', 'save_content', 'see_looks'],
      },
      {
        id: '3',
        name: 'Analyst',
        all_access: false,
        built_in: false,
        permissions: ['access_data', 'see_looks', 'see_user_dashboards', 'explore', 'save_content'],
      },
    ],
    model_sets: [{ id: '1', name: 'All', all_access: true, built_in: true, models: [] }],
    roles: [
      { id: '1', name: 'Admin', permission_set_id: '1', model_set_id: '1' },
      { id: '2', name: 'Developer', permission_set_id: '2', model_set_id: '1' },
      { id: '3', name: 'Analyst', permission_set_id: '3', model_set_id: '1' },
    ],
    groups: [sampleGroup('1', 'Labs Team', [], ['2'])],
    users: [
      // The first user is the one the sample's API key logs in as: an API-only service account with Admin.
      {
        id: '1',
        first_name: 'looker-audit',
        last_name: '(API)',
        email: null,
        is_disabled: false,
        role_ids: ['1'],
        group_ids: [],
        is_service_account: true,
        logged_in_at: null,
        created_at: '2024-03-01T10:00:00.000+00:00',
        api3: [{ id: '1', client_id: 'sample-client-id', is_disabled: false, purpose: 'looker-audit' }],
      },
      sampleUser('2', 'Ada', 'Admin', [], ['1'], '2026-05-04'),
      sampleUser('3', 'Ben', 'Builder', ['1'], [], '2026-11-19'),
      sampleUser('4', 'Cara', 'Cole', [], ['3'], '2026-06-02'),
    ],
    scheduled_plans: [
      {
        id: '1',
        name: 'Labs weekly',
        user_id: '4',
        enabled: true,
        run_as_recipient: false,
        look_id: null,
        dashboard_id: null,
        crontab: '0 8 * * 1',
        destinations: [{ type: 'email', address: 'labs@acme.example' }],
      },
    ],
    alerts: [],
    looks: [],
    dashboards: [],
  };
}

/** The sandbox's activity: Ben only reads dashboards; Ada and Cara did nothing in the last 90 days. */
export function sandboxActivity(): ActivityHistory {
  return {
    queries: [
      { user_id: '3', source: 'dashboard', workspace_id: 'production', date: '2026-11-18', count: 12 },
      { user_id: '3', source: 'dashboard', workspace_id: 'production', date: '2026-10-02', count: 7 },
      { user_id: '1', source: 'api3', workspace_id: 'production', date: '2026-11-22', count: 40 },
    ],
    events: [],
    content: [],
    apiLogins: { '1': '2026-11-22' },
  };
}
