/**
 * What a plan, an apply and an undo cost in API calls, as BENCHMARKS.md states it ("Reclaiming seats: API
 * calls"), checked against the calls the sample instance counted and the ones each run reports.
 *
 * plan   = 4 + P(users) + P(groups)            the seat audit: login, roles twice, the pages, logout
 *        + 11                                  System Activity: GET /user, a discovery and a query per explore
 *        + 4 + ceil(C / 100) + floor(A / P) + 1  versions, schedules, Looks, dashboards; candidates; alert pages
 *        + D                                   direct roles: min(candidates that may change and hold roles,
 *                                              distinct roles they hold)
 * apply  = 5 + P(groups) + sum over planned items of (2 r + w)   (--yes; login, GET /user, roles twice, logout)
 * dry    = 3 + sum of r                                          (apply without --yes: no roles, no groups)
 * undo   = 2 + sum over users of (2 r + w); undo dry = 2 + sum of r
 * with r = 2 + 1 (the user's schedules: a reclaim or a reassignment) + 1 (a reassignment's new owner's
 * schedules), the re-read of one user; w = the item's writes (undo: plus one per schedule turned back on).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { ChangeRun } from '../../src/audit/change-run.js';
import { runCli } from '../../src/cli/run.js';
import { SAMPLE_ACTIVITY_DATE, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { parsePlan } from '../../src/plan/parse.js';
import type { PlanDocument, PlanItem } from '../../src/plan/types.js';
import { memoryIo } from '../helpers/memory-io.js';
import { configYaml, createWorkspace, SAMPLE_ENV, sampleAccount, type Workspace } from '../helpers/workspace.js';

const NOW = `${SAMPLE_ACTIVITY_DATE}T08:00:00Z`;
const PAGE = 1000;
const env = SAMPLE_ENV;
let ws: Workspace;
let fake: FakeLooker;

beforeAll(async () => {
  ws = await createWorkspace('looker-audit-calls-');
  fake = await startFakeLooker({ now: () => Date.parse(NOW) });
  await ws.write(
    'looker-audit.yaml',
    configYaml(
      [sampleAccount(fake.url)],
      'remediation: { roles: { standard: Explorer }, groups: { viewer: Finance } }\n',
    ),
  );
});
afterAll(async () => {
  await fake.close();
  await ws.remove();
});

/** The calls one command sent, counted by the fake. */
async function calls(argv: readonly string[]): Promise<{ calls: number; stdout: string; status: number }> {
  const before = fake.requests.length;
  const io = memoryIo(ws.dir, { env, now: NOW });
  const status = await runCli(argv, io);
  return { calls: fake.requests.length - before, stdout: io.out(), status };
}

const pages = (n: number) => Math.max(1, Math.ceil(n / PAGE));
const reRead = (item: Pick<PlanItem, 'steps'>) =>
  2 +
  (item.steps.some((s) => s.op === 'disable_user' || s.op === 'reassign_schedule') ? 1 : 0) +
  (item.steps.some((s) => s.op === 'reassign_schedule') ? 1 : 0);
const planned = (plan: PlanDocument) => plan.accounts.flatMap((a) => a.items.filter((i) => i.status === 'planned'));

function planFormula(plan: PlanDocument): number {
  const org = fake.org;
  const candidates = plan.accounts[0]?.items.map((i) => i.user_id) ?? [];
  const changeable = org.users.filter(
    (u) =>
      candidates.includes(u.id) &&
      u.id !== plan.accounts[0]?.api_user_id &&
      !u.is_disabled &&
      u.embed !== true &&
      u.verified_looker_employee !== true &&
      u.is_service_account !== true &&
      u.role_ids.length > 0,
  );
  const direct = Math.min(changeable.length, new Set(changeable.flatMap((u) => u.role_ids)).size);
  const alerts = org.alerts?.length ?? 0;
  return (
    4 +
    pages(org.users.length) +
    pages(org.groups.length) +
    11 +
    4 +
    Math.ceil(candidates.length / 100) +
    Math.floor(alerts / PAGE) +
    1 +
    direct
  );
}

it('plan, apply (dry, real, again) and undo (dry, real) cost what the formulas say', async () => {
  const made = await calls(['plan', '-o', 'plan.json', '-q']);
  expect(made.status).toBe(0);
  const plan = parsePlan(await readFile(join(ws.dir, 'plan.json'), 'utf8'), 'plan.json');
  expect(made.calls).toBe(planFormula(plan));
  expect(plan.accounts[0]?.api_calls).toBe(made.calls);

  const items = planned(plan);
  const reads = items.reduce((n, i) => n + reRead(i), 0);
  const writes = items.reduce((n, i) => n + i.steps.length, 0);
  const groups = pages(fake.org.groups.length);
  const run = async (argv: readonly string[], expected: number) => {
    const r = await calls([...argv, '-f', 'json']);
    expect(r.status).toBe(0);
    expect(r.calls).toBe(expected);
    expect((JSON.parse(r.stdout) as ChangeRun).accounts[0]?.api_calls).toBe(expected);
  };
  await run(['apply', 'plan.json'], 3 + reads);
  await run(['apply', 'plan.json', '--yes'], 5 + groups + 2 * reads + writes);
  await run(['apply', 'plan.json', '--yes'], 5 + groups + reads);
  await run(['undo', 'plan.journal.jsonl'], 2 + reads);
  await run(['undo', 'plan.journal.jsonl', '--yes'], 2 + 2 * reads + writes + 1); // + Iris's schedule turned on again
});
