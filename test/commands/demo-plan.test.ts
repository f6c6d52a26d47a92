/**
 * `demo plan`: the sample instance and its sandbox, planned with the demo's settings, show every kind of step a
 * plan makes without options, and every block right-sizing can lead to: a service account, both identity-provider
 * cases, the last person with Admin, and a target the configured grants cannot reach. Nothing is written.
 */
import { expect, it } from '@jest/globals';
import { runCli } from '../../src/cli/run.js';
import { SAMPLE_ACTIVITY_DATE } from '../../src/fake-looker/index.js';
import { checkPlan } from '../../src/plan/parse.js';
import { memoryIo } from '../helpers/memory-io.js';

it('shows every step and every block right-sizing can lead to, in a plan file that reads back', async () => {
  const io = memoryIo(process.cwd(), { now: `${SAMPLE_ACTIVITY_DATE}T08:00:00Z` });
  expect(await runCli(['demo', 'plan', '-f', 'json'], io)).toBe(0);
  expect(io.err()).toBe('');
  const plan = checkPlan(JSON.parse(io.out()), 'demo');
  expect(plan.accounts.map((a) => a.name)).toEqual(['sample', 'sandbox']);
  const items = plan.accounts.flatMap((a) => a.items);
  expect(new Set(items.flatMap((i) => i.steps.map((s) => s.op)))).toEqual(
    new Set(['disable_user', 'add_to_group', 'set_direct_roles', 'remove_from_group']),
  );
  expect(new Set(items.flatMap((i) => (i.block === undefined ? [] : [i.block])))).toEqual(
    new Set(['service-account', 'identity-provider', 'last-admin', 'target-not-reached']),
  );
  expect(new Set(items.map((i) => i.to))).toEqual(new Set(['reclaim', 'standard', 'viewer']));
  const impact = items.map((i) => i.impact);
  for (const key of ['schedules_owned', 'run_as_recipient', 'alerts_owned', 'api_keys'] as const)
    expect(impact.some((x) => x[key] > 0)).toBe(true);
});

it('demo plan --user names the users right-sizing never judges, each with the guard that refuses them', async () => {
  const io = memoryIo(process.cwd(), { now: `${SAMPLE_ACTIVITY_DATE}T08:00:00Z` });
  const guarded = ['ada.admin@acme.example', 'support@looker.example', '12', 'uma.underwood@acme.example'];
  expect(await runCli(['demo', 'plan', '-f', 'json', '--user', guarded.join(',')], io)).toBe(0);
  const plan = checkPlan(JSON.parse(io.out()), 'demo');
  // In the sample none of them is planned (the sandbox has an Ada of its own: its idle last Admin, blocked).
  const sample = plan.accounts.find((a) => a.name === 'sample');
  expect(sample?.items).toEqual([]);
  const reasons = sample?.not_planned.map((n) => n.reason) ?? [];
  expect(reasons).toHaveLength(4);
  for (const word of ['API user', 'Looker support', 'embed user', 'disabled already'])
    expect(reasons.some((r) => r.includes(word))).toBe(true);
});

it('--user belongs to demo plan only', async () => {
  const io = memoryIo(process.cwd());
  expect(await runCli(['demo', '--user', 'x'], io)).toBe(2);
  expect(io.err()).toBe('looker-audit: --user is for `demo plan` only\n');
});
