/**
 * What the sample's users own besides their seats: schedules (one run as its recipients), alerts, Looks and
 * dashboards. A remediation plan shows them as each user's impact: Iris (reclaimed) owns an enabled and a
 * disabled schedule, an alert and content, and receives a run-as-recipient schedule of Ben's; Chloe and Pia
 * (downgraded) own content, a schedule and an alert; Mia's ETL check runs under the service account.
 */
import type { FakeAlert, FakeContent, FakeScheduledPlan, Organisation } from './org.js';

const email = (first: string, last: string) => `${first}.${last}@acme.example`;

const plan = (
  id: string,
  name: string,
  owner: string,
  target: { look?: string; dashboard?: string },
  to: string[],
  extra: Partial<FakeScheduledPlan> = {},
): FakeScheduledPlan => ({
  id,
  name,
  user_id: owner,
  enabled: true,
  run_as_recipient: false,
  look_id: target.look ?? null,
  dashboard_id: target.dashboard ?? null,
  crontab: '0 7 * * 1',
  destinations: to.map((address) => ({ type: 'email', address })),
  ...extra,
});

const alert = (id: string, owner: string, title: string, to: string): FakeAlert => ({
  id,
  owner_id: owner,
  is_disabled: false,
  disabled_reason: null,
  dashboard_element_id: `${id}0`,
  cron: '0 * * * *',
  field: { title, name: `orders.${title.toLowerCase().replace(/\W+/g, '_')}` },
  threshold: 1000,
  destinations: [{ email_address: to }],
});

const content = (id: string, title: string, owner: string): FakeContent => ({
  id,
  title,
  user_id: owner,
  folder_id: null,
});

export function sampleOwned(): Required<Pick<Organisation, 'scheduled_plans' | 'alerts' | 'looks' | 'dashboards'>> {
  return {
    scheduled_plans: [
      plan('1', 'Weekly pipeline', '9', { dashboard: '1' }, [email('iris', 'ito'), 'sales-leads@acme.example']),
      plan('2', 'Partner report (paused)', '9', { look: '1' }, ['partners@acme.example'], { enabled: false }),
      // Each recipient sees the data as themselves; a disabled recipient's delivery fails on the next run.
      plan(
        '3',
        'Daily sales by rep',
        '2',
        { dashboard: '1' },
        [email('iris', 'ito'), email('eva', 'evans'), email('sam', 'stone'), email('quinn', 'quade')],
        { run_as_recipient: true, crontab: '0 6 * * *' },
      ),
      plan('4', 'EMEA snapshot', '5', { look: '2' }, [email('eva', 'evans')]),
      plan('5', 'Executive KPIs', '3', { dashboard: '2' }, ['exec@acme.example']),
      plan('6', 'ETL freshness check', '13', { look: '3' }, ['data-alerts@acme.example'], { crontab: '*/30 * * * *' }),
    ],
    alerts: [
      alert('1', '9', 'Pipeline below target', email('iris', 'ito')),
      alert('2', '3', 'Revenue spike', 'exec@acme.example'),
      alert('3', '2', 'Model build failures', email('ben', 'builder')),
    ],
    looks: [
      content('1', 'Pipeline by region', '9'),
      content('2', 'EMEA snapshot', '5'),
      content('3', 'Revenue by month', '3'),
    ],
    dashboards: [
      content('1', 'Sales pipeline', '9'),
      content('2', 'Executive KPIs', '17'),
      content('3', 'Product usage', '17'),
    ],
  };
}
