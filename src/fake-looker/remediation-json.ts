/**
 * Records -> API JSON for what a user owns besides a seat (spec components ScheduledPlan, Alert, Look,
 * DashboardBase, Dashboard): only properties the spec declares, so responses validate with undeclared properties
 * forbidden (test/fake-looker/remediation-conformance.test.ts).
 */
import type { FakeAlert, FakeContent, FakeScheduledPlan, FakeUser, Organisation } from './org.js';

/** UserPublic: the owner as a schedule shows it. */
function userPublic(user: FakeUser | undefined, id: string, base: string): Record<string, unknown> {
  const display = [user?.first_name, user?.last_name].filter((part) => part !== null && part !== undefined).join(' ');
  return {
    can: {},
    id,
    first_name: user?.first_name ?? '',
    last_name: user?.last_name ?? '',
    display_name: display === '' ? null : display,
    avatar_url: '',
    url: `${base}/api/4.0/users/${id}`,
  };
}

const emailKey = (email: string) => email.trim().toLowerCase();

export function apiScheduledPlan(org: Organisation, plan: FakeScheduledPlan, base: string): Record<string, unknown> {
  const owner = org.users.find((u) => u.id === plan.user_id);
  const lookerEmails = new Set(org.users.flatMap((u) => (u.email === null ? [] : [emailKey(u.email)])));
  const title =
    plan.look_id !== null
      ? (org.looks?.find((l) => l.id === plan.look_id)?.title ?? null)
      : plan.dashboard_id !== null
        ? (org.dashboards?.find((d) => d.id === plan.dashboard_id)?.title ?? null)
        : null;
  return {
    can: {},
    id: plan.id,
    name: plan.name,
    user_id: plan.user_id,
    run_as_recipient: plan.run_as_recipient,
    enabled: plan.enabled,
    look_id: plan.look_id,
    dashboard_id: plan.dashboard_id,
    lookml_dashboard_id: null,
    filters_string: null,
    require_results: false,
    require_no_results: false,
    require_change: false,
    send_all_results: false,
    crontab: plan.crontab,
    datagroup: null,
    timezone: null,
    scheduled_plan_destination: plan.destinations.map((d, i) => ({
      id: `${plan.id}-${i + 1}`,
      scheduled_plan_id: plan.id,
      format: 'wysiwyg_pdf',
      apply_formatting: true,
      apply_vis: true,
      address: d.address,
      // Spec: "Whether the recipient is a Looker user on the current instance (only applies to email recipients)".
      looker_recipient: d.type === 'email' && lookerEmails.has(emailKey(d.address)),
      type: d.type,
      parameters: null,
      message: null,
    })),
    run_once: false,
    include_links: true,
    created_at: null,
    updated_at: null,
    title,
    user: userPublic(owner, plan.user_id, base),
    next_run_at: null,
    last_run_at: null,
  };
}

export function apiAlert(org: Organisation, alert: FakeAlert): Record<string, unknown> {
  const owner = org.users.find((u) => u.id === alert.owner_id);
  const display = [owner?.first_name, owner?.last_name].filter((p) => p !== null && p !== undefined).join(' ');
  return {
    applied_dashboard_filters: [],
    comparison_type: 'GREATER_THAN',
    cron: alert.cron,
    custom_title: null,
    dashboard_element_id: alert.dashboard_element_id,
    description: null,
    destinations: alert.destinations.map((d) => ({ destination_type: 'EMAIL', email_address: d.email_address })),
    field: { title: alert.field.title, name: alert.field.name },
    followed: false,
    followable: true,
    id: alert.id,
    is_disabled: alert.is_disabled,
    disabled_reason: alert.disabled_reason,
    is_public: false,
    lookml_dashboard_id: null,
    lookml_link_id: null,
    owner_id: alert.owner_id,
    owner_display_name: display === '' ? null : display,
    threshold: alert.threshold,
  };
}

export function apiLook(look: FakeContent): Record<string, unknown> {
  return {
    can: {},
    id: look.id,
    title: look.title,
    user_id: look.user_id,
    deleted: false,
    description: null,
    is_run_on_load: false,
    public: false,
    folder_id: look.folder_id,
  };
}

/** DashboardBase (all_dashboards) and Dashboard (search_dashboards) share these properties. */
export function apiDashboard(dashboard: FakeContent): Record<string, unknown> {
  return {
    can: {},
    id: dashboard.id,
    title: dashboard.title,
    user_id: dashboard.user_id,
    description: null,
    hidden: false,
    readonly: false,
    slug: null,
  };
}
