/**
 * buildPlan against the sample instance: the plan of its right-sizing shows every kind of step; naming the
 * guarded users shows every block; what the plan predicts is what the planner recomputed; nothing is written to
 * Looker; the calls the plan says it cost are the requests the server saw; a failed account stays in the plan.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { buildPlan, type PlanOptions } from '../../src/commands/shared/remediation-plan.js';
import {
  SAMPLE_ACTIVITY_DATE,
  SAMPLE_CASES,
  SAMPLE_CREDENTIALS,
  sampleOrganisation,
  startFakeLooker,
  type FakeLooker,
  type Organisation,
} from '../../src/fake-looker/index.js';
import { parsePlan } from '../../src/plan/parse.js';
import type { PlanDocument, PlanItem } from '../../src/plan/types.js';
import { SAMPLE_ENV } from '../helpers/workspace.js';

const fakes: FakeLooker[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

const env = SAMPLE_ENV;
const deps = { env, now: () => new Date(`${SAMPLE_ACTIVITY_DATE}T12:00:00Z`), http: { sleep: async () => {} } };

async function planOn(fake: FakeLooker, options: PlanOptions = {}, extraAccounts: object[] = []) {
  const config = {
    accounts: [
      { name: 'sample', url: fake.url, client_id: SAMPLE_CREDENTIALS.clientId, client_secret_env: 'SAMPLE_SECRET' },
      ...extraAccounts,
    ],
    prices: { developer: 1650, standard: 800, viewer: 400 },
    policy: { max_idle_developer_days: 60 },
    remediation: { roles: { standard: 'Explorer' }, groups: { viewer: 'Finance' } },
  };
  const run = await buildPlan({ config }, deps, options);
  return { fake, run, items: run.plan.accounts[0]?.items ?? [] };
}

async function planOf(options: PlanOptions = {}, org?: Organisation, extraAccounts: object[] = []) {
  const fake = await startFakeLooker(org === undefined ? {} : { org });
  fakes.push(fake);
  return planOn(fake, options, extraAccounts);
}

const byUser = (items: readonly PlanItem[]) => new Map(items.map((i) => [i.user_id, i]));
const ops = (item: PlanItem | undefined) =>
  item?.steps.map((s) =>
    s.op === 'add_to_group' || s.op === 'remove_from_group'
      ? `${s.op} ${s.group.name}`
      : s.op === 'set_direct_roles'
        ? `${s.op} [${s.from.map((r) => r.name).join(', ')}] -> [${s.to.map((r) => r.name).join(', ')}]`
        : s.op === 'reassign_schedule'
          ? `${s.op} ${s.schedule.name} -> ${s.to_user_id}`
          : s.op,
  );

describe('the plan of the sample right-sizing', () => {
  it('has every kind of step, each proved by the predicted tier', async () => {
    const { items } = await planOf();
    const by = byUser(items);
    expect(ops(by.get('9'))).toEqual(['disable_user']); // Iris: no login in 90 days
    expect(ops(by.get('3'))).toEqual(['add_to_group Finance', 'remove_from_group BI Engineers']); // Chloe
    expect(ops(by.get('17'))).toEqual(['set_direct_roles [] -> [Explorer]', 'remove_from_group BI']); // Pia
    expect(ops(by.get('21'))).toEqual(['set_direct_roles [Explorer] -> []']); // Tara: Viewer through Finance stays
    expect(ops(by.get('5'))).toEqual(['add_to_group Finance', 'remove_from_group Sales EMEA']); // Eva
    for (const item of items.filter((i) => i.status === 'planned')) {
      if (item.to === 'reclaim') expect(item.predicted.seat).toBe(false);
      else expect(item.predicted.tier).toBe(item.to);
    }
    expect(by.get('3')?.predicted.reason).toBe(
      'viewer: role "Viewer" has permission "access_data", via group "Finance"',
    );
  });

  it('blocks the service account and both identity-provider cases, with the advice', async () => {
    const { items } = await planOf();
    const by = byUser(items);
    expect(by.get(SAMPLE_CASES.service)).toMatchObject({ status: 'blocked', block: 'service-account', steps: [] });
    expect(by.get(SAMPLE_CASES.directoryManagedRoles)?.block).toBe('identity-provider');
    expect(by.get(SAMPLE_CASES.identityProviderGroup)?.blocked_reason).toBe(
      'standard comes through group "Okta Marketing", which the identity provider manages: change this in the IdP: Looker reapplies it at the next login',
    );
  });

  it('records the impact of reclaiming Iris: her schedules, the one that runs as her, her alert and content', async () => {
    const { items } = await planOf();
    const iris = byUser(items).get('9');
    expect(iris?.impact).toEqual({
      schedules_owned: 2,
      run_as_recipient: 1,
      alerts_owned: 1,
      content_created: { looks: 1, dashboards: 1 },
      api_keys: 0,
    });
    expect(iris?.before.schedules.map((s) => [s.name, s.enabled])).toEqual([
      ['Weekly pipeline', true],
      ['Partner report (paused)', false],
    ]);
  });

  it('writes nothing to Looker, and says exactly what it cost', async () => {
    const { fake, run } = await planOf();
    const writes = fake.requests.filter(
      (r) => r.method !== 'GET' && !/\/(login|logout|queries\/run\/json)$/.test(r.path),
    );
    expect(writes).toEqual([]);
    expect(run.plan.accounts[0]?.api_calls).toBe(fake.requests.length);
    expect(fake.liveSessions()).toBe(0);
    expect(run.plan.accounts[0]).toMatchObject({ api_user_id: '1', looker_release: '26.12.0' });
  });

  it('totals the planned items and their saving; the file reads back as it was made', async () => {
    const { run } = await planOf();
    const planned = run.plan.accounts[0]!.items.filter((i) => i.status === 'planned');
    expect(run.plan.totals).toEqual({
      planned: planned.length,
      blocked: run.plan.accounts[0]!.items.length - planned.length,
      yearly_saving: planned.reduce((sum, i) => sum + (i.yearly_saving ?? 0), 0),
    });
    expect(run.plan).toMatchObject({ kind: 'looker-audit-plan', source: 'rightsize', usage_days: 90, currency: 'USD' });
    expect(parsePlan(JSON.stringify(run.plan), 'plan.json')).toEqual(run.plan);
  });

  it('gives the same item ids when planned again on the same state', async () => {
    const { fake, items } = await planOf();
    const again = await planOn(fake);
    expect(again.items.map((i) => i.item_id)).toEqual(items.map((i) => i.item_id));
    // A change to one user changes that user's item id only.
    fake.org.users.find((u) => u.id === '21')!.role_ids.push('7');
    const changed = await planOn(fake);
    const moved = changed.items.filter((item, i) => item.item_id !== items[i]?.item_id).map((i) => i.user_id);
    expect(moved).toEqual(['21']);
  });
});

describe('named users, other sources and options', () => {
  it('--user limits the plan to those users: a recommended one keeps its target, the others are not planned', async () => {
    const { fake, items, run } = await planOf({
      users: ['1', 'support@looker.example', '12', SAMPLE_CASES.disabledDeveloper, 'CHLOE.CHEN@acme.example', 'nobody'],
    });
    // Chloe alone is recommended (down to viewer); nobody named becomes a reclaim nobody recommended, and each of
    // the others is named with the guard that would refuse them anyway.
    expect(items.map((i) => [i.user_id, i.status, i.to])).toEqual([['3', 'planned', 'viewer']]);
    expect(run.plan.accounts[0]?.not_planned.map((n) => [n.user_id, n.reason])).toEqual([
      ['1', 'the API user this plan runs as: it needs its own account to apply the plan'],
      ['12', 'an embed user: embed users are licensed apart and are not reclaimed here'],
      ['14', 'a Looker support user or verified Looker employee: Looker manages these accounts'],
      ['22', 'disabled already: the user holds no seat'],
    ]);
    expect(run.plan.source).toBe('rightsize');
    expect(run.unmatchedUsers).toEqual(['nobody']);
    expect(parsePlan(JSON.stringify(run.plan), 'plan.json')).toEqual(run.plan);
    expect(fake.requests.filter((r) => r.method !== 'GET' && !/\/(login|logout|run\/json)$/.test(r.path))).toEqual([]);
  });

  it('--user with --only: a named user whose recommendation --only leaves out is said so', async () => {
    const { items, run } = await planOf({ users: ['iris.ito@acme.example', '3'], only: 'downgrade' });
    expect(items.map((i) => i.user_id)).toEqual(['3']);
    expect(run.plan.accounts[0]?.not_planned).toEqual([
      {
        user_id: '9',
        email: 'iris.ito@acme.example',
        name: 'Iris Ito',
        tier: 'developer',
        reason: 'recommended for reclaim, which --only downgrade leaves out',
      },
    ]);
  });

  it('the last Admin is never reclaimed (an instance whose API user holds no Admin role)', async () => {
    const org = sampleOrganisation();
    org.users[0]!.role_ids = ['2'];
    org.users.push({ ...org.users[0]!, id: '26', first_name: 'Xavier', email: 'xavier@acme.example', role_ids: ['1'] });
    const { items } = await planOf({ users: ['26'] }, org);
    expect(items[0]).toMatchObject({ user_id: '26', status: 'blocked', block: 'last-admin', steps: [] });
  });

  it('--source check plans the idle Developers, each to its right-sizing target', async () => {
    const { run, items } = await planOf({ source: 'check' });
    expect(run.plan.source).toBe('check');
    expect(items.map((i) => [i.user_id, i.to])).toEqual([
      ['3', 'viewer'],
      ['9', 'reclaim'],
      ['17', 'standard'],
    ]);
    expect(items[0]?.evidence).toMatch(/^idle-developer: no Development Mode query or git event in 60 days/);
  });

  it('--only reclaim, --reassign-schedules-to and --include-service-accounts', async () => {
    const { items } = await planOf({
      only: 'reclaim',
      reassignSchedulesTo: 'ben.builder@acme.example',
      includeServiceAccounts: true,
    });
    expect(items.every((i) => i.to === 'reclaim')).toBe(true);
    expect(ops(byUser(items).get('9'))).toEqual([
      'reassign_schedule Weekly pipeline -> 2',
      'reassign_schedule Partner report (paused) -> 2',
      'disable_user',
    ]);
    expect(byUser(items).get(SAMPLE_CASES.service)).toMatchObject({ status: 'planned' });
  });

  it('an account that cannot be planned stays in the plan with its error and no item', async () => {
    const { run } = await planOf({}, undefined, [
      { name: 'broken', url: 'http://127.0.0.1:9', client_id: 'x', client_secret_env: 'SAMPLE_SECRET', timeout: 1 },
    ]);
    const broken = run.plan.accounts.find((a) => a.name === 'broken');
    expect(broken).toMatchObject({ items: [], totals: { planned: 0, blocked: 0, yearly_saving: 0 } });
    expect(broken?.error).toMatch(/^account "broken": /);
    expect(run.failures).toEqual([broken?.error]);
    expect(run.plan.accounts[0]?.items.length).toBeGreaterThan(0);
    expect(parsePlan(JSON.stringify(run.plan), 'plan.json')).toEqual(run.plan as PlanDocument);
  });
});
