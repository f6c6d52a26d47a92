/**
 * plan -> apply -> undo against the sample instance and its sandbox, in-process. The fakes' request logs and
 * state are the witnesses: a dry run sends no write; `apply --yes` sends exactly the plan's writes, leaves every
 * applied user at the target tier and never writes to a guarded user; `undo --yes` puts the state back exactly;
 * drift, a 500, a connection reset after the write and refused inputs end as the contract says.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { runCli } from '../../src/cli/run.js';
import type { ChangeRun } from '../../src/audit/change-run.js';
import {
  SAMPLE_ACTIVITY_DATE,
  SAMPLE_CASES,
  SAMPLE_CREDENTIALS,
  SANDBOX_CASES,
  sandboxActivity,
  sandboxOrganisation,
  startFakeLooker,
  type FakeLooker,
  type RecordedRequest,
} from '../../src/fake-looker/index.js';
import { writeOf } from '../../src/audit/remediation-apply.js';
import { writeRequest } from '../../src/looker/remediation-writes.js';
import { parsePlan } from '../../src/plan/parse.js';
import type { JournalEntry, PlanDocument } from '../../src/plan/types.js';
import { parseJournal } from '../../src/plan/journal.js';
import { memoryIo } from '../helpers/memory-io.js';
import { createWorkspace, SAMPLE_ENV, type Workspace } from '../helpers/workspace.js';

const NOW = `${SAMPLE_ACTIVITY_DATE}T08:00:00Z`;
const env = SAMPLE_ENV;
const WRITE = /^(POST|PUT|PATCH|DELETE)$/;
const isWrite = (r: RecordedRequest) => WRITE.test(r.method) && !/\/(login|logout|queries\/run\/json)$/.test(r.path);

interface World {
  readonly ws: Workspace;
  readonly sample: FakeLooker;
  readonly sandbox: FakeLooker;
  run(argv: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }>;
  writes(): RecordedRequest[];
  requests(): number;
}

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await Promise.all([w.sample.close(), w.sandbox.close(), w.ws.remove()]);
});

function configText(sample: string, sandbox: string, names: readonly [string, string] = ['sample', 'sandbox']): string {
  const account = (name: string, url: string) =>
    [
      `  - name: ${name}`,
      `    url: ${url}`,
      `    client_id: ${SAMPLE_CREDENTIALS.clientId}`,
      '    client_secret_env: SAMPLE_SECRET',
    ].join('\n');
  return [
    'accounts:',
    account(names[0], sample),
    account(names[1], sandbox),
    'prices: { developer: 1650, standard: 800, viewer: 400 }',
    'remediation: { roles: { standard: Explorer }, groups: { viewer: Finance } }',
    '',
  ].join('\n');
}

async function world(onRequest?: (request: RecordedRequest) => void): Promise<World> {
  const now = () => Date.parse(NOW);
  const sample = await startFakeLooker({ now, ...(onRequest === undefined ? {} : { onRequest }) });
  const sandbox = await startFakeLooker({
    now,
    org: sandboxOrganisation(),
    systemActivity: { activity: sandboxActivity() },
  });
  const ws = await createWorkspace('looker-audit-apply-');
  await ws.write('looker-audit.yaml', configText(sample.url, sandbox.url));
  const w: World = {
    ws,
    sample,
    sandbox,
    async run(argv) {
      const io = { ...memoryIo(ws.dir, { env, now: NOW }), http: { sleep: async () => {} } };
      const status = await runCli(argv, io);
      return { status, stdout: io.out(), stderr: io.err() };
    },
    writes: () => [...sample.requests, ...sandbox.requests].filter(isWrite),
    requests: () => sample.requests.length + sandbox.requests.length,
  };
  worlds.push(w);
  return w;
}

async function planned(w: World, extra: readonly string[] = []): Promise<PlanDocument> {
  const r = await w.run(['plan', '-o', 'plan.json', '-q', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return parsePlan(await readFile(join(w.ws.dir, 'plan.json'), 'utf8'), 'plan.json');
}

const runOf = (stdout: string) => JSON.parse(stdout) as ChangeRun;
const statuses = (run: ChangeRun) =>
  Object.fromEntries(run.accounts.flatMap((a) => a.items.map((i) => [`${a.name}/${i.user_id}`, i.status])));

/** The state undo must restore, as data: users' flags, direct roles and groups; schedules' owners and flags. */
function stateOf(fake: FakeLooker) {
  const sorted = (ids: readonly string[]) => [...ids].sort();
  return {
    users: fake.org.users.map((u) => ({
      id: u.id,
      disabled: u.is_disabled,
      roles: sorted(u.role_ids),
      groups: sorted(u.group_ids),
    })),
    schedules: (fake.org.scheduled_plans ?? []).map((s) => ({ id: s.id, owner: s.user_id, enabled: s.enabled })),
  };
}

/** The writes a plan holds, as the fake logs them, in the order apply sends them (account by account). */
function plannedWrites(plan: PlanDocument, account: string) {
  return (plan.accounts.find((a) => a.name === account)?.items ?? []).flatMap((item) =>
    item.steps.map((step) => {
      const request = writeRequest(writeOf(step, item.user_id));
      return `${request.method} /api/4.0/${request.path}`;
    }),
  );
}
const logged = (fake: FakeLooker) => fake.requests.filter(isWrite).map((r) => `${r.method} ${r.path}`);

async function journal(w: World, name = 'plan.journal.jsonl'): Promise<readonly JournalEntry[]> {
  return parseJournal(await readFile(join(w.ws.dir, name), 'utf8'), name).entries;
}

describe('dry runs', () => {
  it('apply and undo without --yes send no write, and apply says what would change', async () => {
    const w = await world();
    await planned(w);
    const before = w.writes().length;
    const apply = await w.run(['apply', 'plan.json', '-f', 'json']);
    expect(apply.status).toBe(0);
    const run = runOf(apply.stdout);
    expect(run).toMatchObject({ mode: 'apply', dry_run: true, journal: null });
    expect(run.totals['would-apply']).toBe(9);
    expect(w.writes().length).toBe(before);

    expect((await w.run(['apply', 'plan.json', '--yes', '-q'])).status).toBe(0);
    const applied = w.writes().length;
    const undo = await w.run(['undo', 'plan.journal.jsonl', '-f', 'json']);
    expect(undo.status).toBe(0);
    expect(runOf(undo.stdout)).toMatchObject({ mode: 'undo', dry_run: true, totals: { 'would-restore': 9 } });
    expect(w.writes().length).toBe(applied);
  });

  it('on a terminal, apply asks first; a no sends nothing', async () => {
    const w = await world();
    await planned(w);
    const { runApply } = await import('../../src/commands/apply.js');
    const questions: string[] = [];
    const io = { ...memoryIo(w.ws.dir, { env, now: NOW }), http: { sleep: async () => {} } };
    const options = {
      accounts: [],
      quiet: false,
      verbose: false,
      color: false,
      format: 'json',
      file: 'plan.json',
      yes: false,
      maxChanges: 25,
    } as const;
    const declined = await runApply(options, io, {
      interactive: true,
      confirm: async (q) => (questions.push(q), false),
    });
    expect(declined).toBe('ok');
    expect(questions).toEqual([
      expect.stringMatching(
        /^Apply plan\.json to Looker now: 9 users on sample, sandbox \(journal plan\.journal\.jsonl\)\?$/,
      ),
    ]);
    expect(w.writes()).toEqual([]);
    expect(io.err()).toContain('Nothing was sent.');
    expect(await runApply(options, io, { interactive: true, confirm: async () => true })).toBe('ok');
    expect(w.writes().length).toBeGreaterThan(0);
  });
});

describe('apply --yes, then undo --yes', () => {
  it('sends exactly the planned writes, reaches every target, never writes to a guarded user; undo restores the state exactly', async () => {
    const w = await world();
    const start = { sample: stateOf(w.sample), sandbox: stateOf(w.sandbox) };
    const plan = await planned(w);
    const r = await w.run(['apply', 'plan.json', '--yes', '-f', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const run = runOf(r.stdout);
    expect(run.totals).toMatchObject({ applied: 9, blocked: 5, drifted: 0, failed: 0, 'not-attempted': 0 });
    expect(logged(w.sample)).toEqual(plannedWrites(plan, 'sample'));
    expect(logged(w.sandbox)).toEqual(plannedWrites(plan, 'sandbox'));
    // One write in flight per instance: each arrives after the one before it was answered.
    for (const fake of [w.sample, w.sandbox]) {
      const writes = fake.requests.filter(isWrite);
      writes.slice(1).forEach((q, i) => expect(q.receivedAt).toBeGreaterThanOrEqual(writes[i]?.sentAt ?? Infinity));
    }

    // The tiers as the audit now sees them: every downgrade at its target, every reclaim disabled.
    const users = JSON.parse((await w.run(['users', '-f', 'json', '-q'])).stdout) as {
      accounts: { name: string; users: { id: string; license: string; status: string }[] }[];
    };
    for (const account of plan.accounts)
      for (const item of account.items.filter((i) => i.status === 'planned')) {
        const now = users.accounts.find((a) => a.name === account.name)?.users.find((u) => u.id === item.user_id);
        if (item.to === 'reclaim') expect(now?.status).toBe('disabled');
        else expect(now?.license).toBe(item.to);
      }
    // Guarded: the API users, the sandbox's last Admin, support, embed, the IdP-managed users.
    const guarded = [
      SAMPLE_CASES.directAdmin,
      SAMPLE_CASES.support,
      SAMPLE_CASES.embed,
      SAMPLE_CASES.directoryManagedRoles,
      SAMPLE_CASES.identityProviderGroup,
    ];
    const touches = (fake: FakeLooker, id: string) =>
      fake.requests.filter(isWrite).some((q) => new RegExp(`/users/${id}(/|$)`).test(q.path));
    for (const id of guarded) expect(touches(w.sample, id)).toBe(false);
    for (const id of [SANDBOX_CASES.apiServiceAccount, SANDBOX_CASES.lastAdmin])
      expect(touches(w.sandbox, id)).toBe(false);
    expect(
      w.sample.requests.filter(isWrite).filter((q) => q.method === 'POST' && q.path.startsWith('/api/4.0/groups/')),
    ).toHaveLength(3);

    const undo = await w.run(['undo', 'plan.journal.jsonl', '--yes', '-f', 'json']);
    expect(undo.status).toBe(0);
    expect(runOf(undo.stdout).totals).toMatchObject({ restored: 9, drifted: 0, failed: 0 });
    expect({ sample: stateOf(w.sample), sandbox: stateOf(w.sandbox) }).toEqual(start);
  });

  it('schedules given to another owner come back, on as they were, with --reassign-schedules-to', async () => {
    const w = await world();
    const start = stateOf(w.sample);
    await planned(w, [
      '-a',
      'sample',
      '--only',
      'reclaim',
      '--user',
      'iris.ito@acme.example',
      '--reassign-schedules-to',
      'ben.builder@acme.example',
    ]);
    expect((await w.run(['apply', 'plan.json', '--yes', '-q'])).status).toBe(0);
    const owners = (w.sample.org.scheduled_plans ?? []).filter((s) => s.id === '1' || s.id === '2');
    expect(owners.map((s) => [s.user_id, s.enabled])).toEqual([
      ['2', true],
      ['2', false],
    ]);
    expect((await w.run(['undo', 'plan.journal.jsonl', '--yes', '-q'])).status).toBe(0);
    expect(stateOf(w.sample)).toEqual(start);
  });
});

describe('drift', () => {
  it('a user changed since the plan is refused, the others applied (exit 4); a rerun sends no write', async () => {
    const w = await world();
    await planned(w, ['-a', 'sample']);
    w.sample.org.users.find((u) => u.id === '3')!.role_ids.push('4');
    const first = await w.run(['apply', 'plan.json', '--yes', '-f', 'json']);
    expect(first.status).toBe(4);
    const run = runOf(first.stdout);
    expect(statuses(run)['sample/3']).toBe('drifted');
    expect(run.accounts[0]?.items.find((i) => i.user_id === '3')?.detail).toBe(
      'the direct roles changed since the plan was made',
    );
    expect(run.totals.applied).toBe(7);
    expect(w.writes().some((q) => q.path.endsWith('/users/3'))).toBe(false);

    const writes = w.writes().length;
    const again = await w.run(['apply', 'plan.json', '--yes', '-f', 'json']);
    expect(again.status).toBe(4);
    expect(runOf(again.stdout).totals).toMatchObject({ 'already-done': 7, drifted: 1, applied: 0 });
    expect(w.writes().length).toBe(writes);
  });
});

describe('faults', () => {
  it('a 500 on the third write: that account stops there (exit 4), the journal says exactly what was sent', async () => {
    const w = await world();
    await planned(w, ['-a', 'sample']);
    w.sample.inject(
      { method: ['POST', 'PUT', 'PATCH', 'DELETE'], path: /^\/api\/4\.0\/(users|groups|scheduled_plans)\//, skip: 2 },
      { kind: 'status', status: 500 },
    );
    const r = await w.run(['apply', 'plan.json', '--yes', '-f', 'json']);
    expect(r.status).toBe(4);
    const run = runOf(r.stdout);
    expect(statuses(run)).toMatchObject({
      'sample/3': 'applied',
      'sample/5': 'failed',
      'sample/9': 'not-attempted',
      'sample/25': 'blocked',
    });
    expect(run.totals).toMatchObject({ applied: 1, failed: 1, 'not-attempted': 6 });
    expect(w.writes()).toHaveLength(3);
    const lines = (await journal(w)).map((e) =>
      e.event === 'run'
        ? 'run apply'
        : `${e.event} ${e.item_id.length} ${e.step_index} ${e.op}${e.event === 'intent' ? '' : ` ${e.status}`}`,
    );
    expect(lines).toEqual([
      'run apply',
      'intent 16 0 add_to_group',
      'done 16 0 add_to_group 200',
      'intent 16 1 remove_from_group',
      'done 16 1 remove_from_group 204',
      'intent 16 0 add_to_group',
      'failed 16 0 add_to_group 500',
    ]);
  });

  it('a connection reset after Looker made the write: the retry changes nothing, and nothing is made twice', async () => {
    const w = await world();
    await planned(w, ['-a', 'sample', '--user', 'iris.ito@acme.example']);
    w.sample.inject({ method: 'PATCH', path: '/api/4.0/users/9' }, { kind: 'reset-after' });
    const r = await w.run(['apply', 'plan.json', '--yes', '-f', 'json']);
    expect(r.status).toBe(0);
    expect(statuses(runOf(r.stdout))).toEqual({ 'sample/9': 'applied' });
    // The first copy was made and its answer lost; the second found it made: one disable, one schedule turned off.
    expect(logged(w.sample)).toEqual(['PATCH /api/4.0/users/9', 'PATCH /api/4.0/users/9']);
    expect(w.sample.org.users.find((u) => u.id === '9')?.is_disabled).toBe(true);
    expect((await journal(w)).filter((e) => e.event !== 'run').map((e) => e.event)).toEqual(['intent', 'done']);
  });

  it('every copy reset: the re-read finds the change made, sends nothing more, and undo still puts it back', async () => {
    const w = await world();
    const start = stateOf(w.sample);
    await planned(w, ['-a', 'sample', '--user', 'iris.ito@acme.example']);
    w.sample.inject({ method: 'PATCH', path: '/api/4.0/users/9', times: 100 }, { kind: 'reset-after' });
    const r = await w.run(['apply', 'plan.json', '--yes', '-f', 'json']);
    expect(r.status).toBe(0);
    const item = runOf(r.stdout).accounts[0]?.items[0];
    expect(item).toMatchObject({
      status: 'applied',
      steps: [{ op: 'disable_user', status: 'sent', http_status: null }],
    });
    const copies = logged(w.sample).length;
    expect(copies).toBe(4); // the first and its 3 retries, no more
    expect(
      (await journal(w))
        .filter((e) => e.event !== 'run')
        .map((e) => `${e.event}${e.event === 'failed' ? ` ${e.status}` : ''}`),
    ).toEqual(['intent', 'failed null']);
    w.sample.clearFaults();
    expect((await w.run(['undo', 'plan.journal.jsonl', '--yes', '-q'])).status).toBe(0);
    expect(stateOf(w.sample)).toEqual(start);
  });
});

describe('stopped', () => {
  it('Ctrl-C with a write in flight: exit 130, the journal named, its last intent unanswered', async () => {
    let arrive = () => {};
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const w = await world((q) => {
      if (q.method === 'POST' && q.path.includes('/groups/')) arrive();
    });
    await planned(w, ['-a', 'sample']);
    w.sample.inject({ method: 'POST', path: /^\/api\/4\.0\/groups\// }, { kind: 'hang-after' });
    const stop = new AbortController();
    const io = { ...memoryIo(w.ws.dir, { env, now: NOW }), http: { sleep: async () => {} }, stop: stop.signal };
    const running = runCli(['apply', 'plan.json', '--yes', '-q'], io);
    await arrived;
    stop.abort('SIGINT');
    expect(await running).toBe(130);
    expect(io.err()).toMatch(
      /^looker-audit: stopped by SIGINT: .*; the journal plan\.journal\.jsonl records every write sent \(looker-audit undo plan\.journal\.jsonl puts them back\)\n$/,
    );
    expect((await journal(w)).map((e) => e.event)).toEqual(['run', 'intent']);
    expect(w.sample.liveSessions()).toBe(0);
  });
});

describe('refused before any request (exit 2)', () => {
  const refused = async (w: World, argv: readonly string[], message: RegExp) => {
    const before = w.requests();
    const r = await w.run(argv);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(w.requests()).toBe(before);
  };

  it('more users than --max-changes', async () => {
    const w = await world();
    await planned(w);
    await refused(
      w,
      ['apply', 'plan.json', '--yes', '--max-changes', '8'],
      /^looker-audit: plan\.json changes 9 users, more than --max-changes 8: /,
    );
  });

  it('a tampered plan: a step edited after the review', async () => {
    const w = await world();
    await planned(w);
    const path = join(w.ws.dir, 'plan.json');
    await writeFile(
      path,
      (await readFile(path, 'utf8'))
        .replace('"name": "Finance"', '"name": "Finance "')
        .replace('"id": "7"', '"id": "1"'),
    );
    await refused(
      w,
      ['apply', 'plan.json', '--yes'],
      /^looker-audit: plan\.json: .*item_id: does not match the item: it was edited after the plan was made/,
    );
  });

  it('a plan for another instance, and a plan for an account the config does not have', async () => {
    const w = await world();
    await planned(w);
    const other = await startFakeLooker();
    try {
      await w.ws.write('looker-audit.yaml', configText(other.url, w.sandbox.url));
      await refused(
        w,
        ['apply', 'plan.json', '--yes'],
        /accounts\[0\]\.url: the plan was made for another URL than the config gives this account/,
      );
      await w.ws.write('looker-audit.yaml', configText(w.sample.url, w.sandbox.url, ['production', 'sandbox']));
      await refused(w, ['apply', 'plan.json', '--yes'], /accounts\[0\]\.name: no account of that name in the config/);
      expect(other.requests).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('other rules than the plan was made with, a journal with no apply, -o over an input', async () => {
    const w = await world();
    await planned(w);
    await refused(
      w,
      ['apply', 'plan.json', '--yes', '--rules', 'looker'],
      /was made with the torii rules, not looker: apply it with --rules torii/,
    );
    await refused(
      w,
      ['apply', 'plan.json', '-o', 'plan.json'],
      /--output plan\.json: is plan\.json, an input of this run/,
    );
    await w.ws.write('empty.jsonl', '');
    await refused(w, ['undo', 'empty.jsonl', '--yes'], /^looker-audit: empty\.jsonl: holds no apply run/);
  });
});
