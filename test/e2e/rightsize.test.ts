/**
 * `rightsize` end to end (in-process CLI, the clock injected) on the sample instance: every seeded right-sizing
 * case gets what audit/rightsize.ts prescribes; an API user without see_system_activity, a missing model, a
 * failing query or a field missing on the release fall back to logins only with one warning and exit 0; the call
 * budget stops before the System Activity calls; the System Activity calls per account are counted.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli } from '../../src/cli/run.js';
import {
  SAMPLE_ACTIVITY_DATE,
  SAMPLE_CREDENTIALS,
  SAMPLE_USAGE_CASES,
  sampleOrganisation,
  startFakeLooker,
  type FakeLooker,
  type SystemActivityOptions,
} from '../../src/fake-looker/index.js';
import type { Io } from '../../src/output/io.js';
import { hasStackTrace } from '../helpers/exec.js';
import { configYaml, createWorkspace, SAMPLE_ENV, sampleAccount, type Workspace } from '../helpers/workspace.js';

const NOW = `${SAMPLE_ACTIVITY_DATE}T08:00:00Z`;
const PRICES = 'prices: { developer: 1650, standard: 800, viewer: 400 }\n';
const env = SAMPLE_ENV;

interface RightsizeDoc {
  usage_days: number;
  accounts: {
    name: string;
    api_calls: number;
    usage: string;
    usage_as_of: string | null;
    error?: string;
    recommendations: { user_id: string; tier: string; to: string; yearly_saving: number | null; evidence: string }[];
    totals: { reclaim: number; downgrade: number; yearly_saving: number | null };
  }[];
  totals: { reclaim: number; downgrade: number; yearly_saving: number | null };
}

function memoryIo(cwd: string): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { NO_COLOR: '1', ...env },
    cwd,
    home: cwd,
    now: () => new Date(NOW),
    out: () => out,
    err: () => err,
  };
}

let ws: Workspace;
const fakes: FakeLooker[] = [];
beforeAll(async () => {
  ws = await createWorkspace();
});
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  await ws.remove();
});

/** A sample instance (with its activity history) and a config for it; returns the config file name. */
async function instance(name: string, systemActivity: SystemActivityOptions = {}, extra = PRICES) {
  const fake = await startFakeLooker({ now: () => Date.parse(NOW), systemActivity });
  fakes.push(fake);
  const file = `${name}.yaml`;
  await ws.write(file, configYaml([sampleAccount(fake.url, name)], extra));
  return { fake, file };
}

async function run(argv: string[]) {
  const io = memoryIo(ws.dir);
  const status = await runCli(argv, io);
  return { status, stdout: io.out(), stderr: io.err() };
}

const saQueries = (fake: FakeLooker) => fake.requests.filter((r) => r.path.startsWith('/api/4.0/queries/run/'));
const saCalls = (fake: FakeLooker) =>
  fake.requests.filter(
    (r) => r.path === '/api/4.0/user' || r.path.includes('/lookml_models/') || r.path.includes('/queries/'),
  );

describe('rightsize --format json on the sample instance', () => {
  let doc: RightsizeDoc;
  let fake: FakeLooker;
  beforeAll(async () => {
    const made = await instance('sample');
    fake = made.fake;
    const r = await run(['rightsize', '-c', made.file, '--format', 'json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    doc = JSON.parse(r.stdout) as RightsizeDoc;
  });

  it.each(Object.entries(SAMPLE_USAGE_CASES))('%s', (_name, c) => {
    const found = doc.accounts[0]?.recommendations.find((r) => r.user_id === c.user);
    if (c.to === null) expect(found).toBeUndefined();
    else expect([found?.to, found?.yearly_saving]).toEqual([c.to, c.saving]);
  });

  it('totals, usage source and "as of"; no recommendation names the current tier', () => {
    const account = doc.accounts[0];
    expect(account).toMatchObject({ usage: 'system_activity', usage_as_of: '2026-11-22' });
    expect(account?.totals).toEqual({ reclaim: 4, downgrade: 7, yearly_saving: 7750 });
    expect(doc.totals).toEqual(account?.totals);
    for (const r of account?.recommendations ?? []) expect(r.to).not.toBe(r.tier);
    // Biggest saving first.
    const savings = account?.recommendations.map((r) => r.yearly_saving ?? 0) ?? [];
    expect(savings).toEqual([...savings].sort((a, b) => b - a));
  });

  it('System Activity costs 11 calls: GET /user, 5 discoveries, 5 queries (at most 6), all in the api_calls', () => {
    expect(saQueries(fake)).toHaveLength(5);
    expect(saQueries(fake).length).toBeLessThanOrEqual(6);
    expect(saCalls(fake)).toHaveLength(11);
    expect(doc.accounts[0]?.api_calls).toBe(fake.requests.length);
    // Inside the session: the logout comes last.
    expect(fake.requests.at(-1)?.path).toBe('/api/4.0/logout');
  });
});

describe('graceful degradation: logins only, one warning, exit 0', () => {
  it.each([
    [
      'no see_system_activity (400 Access Denied)',
      { deniedClientIds: [SAMPLE_CREDENTIALS.clientId] },
      /Access Denied: grant the API user the see_system_activity permission/,
    ],
    ['no system__activity model', { noModel: true }, /system__activity model.*not visible \(404\)/],
    [
      'a field missing on this release',
      { missingFields: ['history.most_recent_query_date'] },
      /field history\.most_recent_query_date is missing/,
    ],
    [
      'a query failing in the database (looker_error)',
      { failingExplores: ['user'] },
      /malformed System Activity result: the query failed in Looker/,
    ],
  ] as const)('%s', async (_title, options, cause) => {
    const { file } = await instance('acme', options);
    const r = await run(['rightsize', '-c', file, '--format', 'json']);
    expect(r.status).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warning: account "acme": usage from logins only: /);
    expect(lines[0]).toMatch(cause);
    expect(hasStackTrace(r.stderr)).toBe(false);
    const doc = JSON.parse(r.stdout) as RightsizeDoc;
    expect(doc.accounts[0]).toMatchObject({ usage: 'logins_only', usage_as_of: null });
    // Logins only: reclaims alone. Sam, whose dashboard queries keep his seat when usage is known, is reclaimed on
    // logins; Mia, the service account, is not judged on logins (her API use is unknown).
    expect(doc.accounts[0]?.recommendations.map((x) => [x.user_id, x.to])).toEqual([
      ['9', 'reclaim'],
      ['15', 'reclaim'],
      ['20', 'reclaim'],
      ['18', 'reclaim'],
    ]);
  });

  it.each([
    [
      'malformed JSON',
      { kind: 'malformed-json' } as const,
      /usage from logins only: System Activity read failed: .*malformed JSON/,
    ],
    ['a 500', { kind: 'status', status: 500 } as const, /usage from logins only: System Activity read failed: .*500/],
  ])('a query answered with %s fails the usage part only: the seat audit stands', async (_title, fault, warning) => {
    const { fake, file } = await instance('faulty');
    fake.inject({ method: 'POST', path: '/api/4.0/queries/run/json', skip: 1 }, fault);
    const r = await run(['rightsize', '-c', file, '-f', 'json']);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(warning);
    const doc = JSON.parse(r.stdout) as RightsizeDoc;
    expect(doc.accounts[0]).toMatchObject({ usage: 'logins_only' });
    expect(doc.accounts[0]?.error).toBeUndefined();
    expect(fake.liveSessions()).toBe(0);
  });

  it('-v shows the System Activity requests and the sources seen, never the client secret', async () => {
    const { fake, file } = await instance('verbose');
    const r = await run(['rightsize', '-c', file, '-v', '-f', 'json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/POST \/api\/4\.0\/queries\/run\/json 200/);
    expect(r.stderr).toMatch(/history\.source values seen: /);
    expect(r.stderr).not.toContain(SAMPLE_CREDENTIALS.clientSecret);
    expect(fake.requests.length).toBeGreaterThan(0);
  });

  it('users still exits 0 with the seat audit whole when the API user lacks see_system_activity', async () => {
    const { file } = await instance('denied', { deniedClientIds: [SAMPLE_CREDENTIALS.clientId] });
    const r = await run(['users', '-c', file, '--usage', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/see_system_activity/);
    expect((JSON.parse(r.stdout) as { accounts: { users: unknown[] }[] }).accounts[0]?.users).toHaveLength(
      sampleOrganisation().users.length,
    );
  });

  it('an optional signal missing: System Activity still used, one warning naming it, Developers kept', async () => {
    const { file } = await instance('no-git', { missingFields: ['event.count'] });
    const r = await run(['rightsize', '-c', file, '--format', 'json']);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      'warning: account "no-git": System Activity lacks event.count: those signals are unknown, no seat is lowered on them',
    ]);
    const doc = JSON.parse(r.stdout) as RightsizeDoc;
    expect(doc.accounts[0]?.usage).toBe('system_activity');
    // Without git events nobody is lowered from Developer except by reclaim (Iris).
    const fromDeveloper = doc.accounts[0]?.recommendations.filter((x) => x.tier === 'developer');
    expect(fromDeveloper?.map((x) => [x.user_id, x.to])).toEqual([['9', 'reclaim']]);
  });

  it('older display labels for history.source give the same recommendations', async () => {
    const raw = await instance('raw');
    const labels = await instance('labels', { sourceLabels: true });
    const a = JSON.parse((await run(['rightsize', '-c', raw.file, '-f', 'json'])).stdout) as RightsizeDoc;
    const b = JSON.parse((await run(['rightsize', '-c', labels.file, '-f', 'json'])).stdout) as RightsizeDoc;
    expect(b.accounts[0]?.recommendations).toEqual(a.accounts[0]?.recommendations);
    expect(b.accounts[0]?.recommendations.length).toBeGreaterThan(5);
  });

  it('two accounts: the report says which had usage data', async () => {
    const ok = await instance('ok');
    const denied = await instance('denied2', { deniedClientIds: [SAMPLE_CREDENTIALS.clientId] });
    const both = 'both.yaml';
    const url = (f: FakeLooker) => f.url;
    await ws.write(
      both,
      configYaml([sampleAccount(url(ok.fake), 'ok'), sampleAccount(url(denied.fake), 'denied')], PRICES),
    );
    const r = await run(['rightsize', '-c', both]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ok\s+│ System Activity \(as of 2026-11-22\)/);
    expect(r.stdout).toMatch(/denied\s+│ logins only/);
    expect(r.stdout).toMatch(/total\s+│/);
  });
});

describe('budget and bad input', () => {
  it('--max-calls too small for the System Activity reads: exit 3 before any of them, the usual message', async () => {
    const { fake, file } = await instance('budget');
    const r = await run(['rightsize', '-c', file, '--max-calls', '10']);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/call budget of 10 API calls reached before the System Activity reads.*raise --max-calls/);
    expect(saCalls(fake)).toHaveLength(0);
    expect(fake.liveSessions()).toBe(0);
  });

  it('a budget that runs out during the seat lists counts the System Activity calls in what the audit needs', async () => {
    const { file } = await instance('budget-seats');
    const r = await run(['rightsize', '-c', file, '--max-calls', '4']);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/the full audit with usage needs (at least )?17 calls: raise --max-calls/);
  });

  it.each([
    [['rightsize', '--usage-days', '120'], /--usage-days must be at most 90/],
    [['rightsize', '--usage-days', '0'], /--usage-days must be a positive whole number/],
    [['rightsize', '--format', 'junit'], /unknown format "junit"/],
    [['demo', 'summary'], /demo: unknown value "summary": use users, rightsize/],
  ])('%j exits 2 with one line', async (argv, message) => {
    const r = await run(argv);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('(run with'))).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('without prices the savings are null and the table says so', async () => {
    const { file } = await instance('unpriced', {}, '');
    const json = JSON.parse((await run(['rightsize', '-c', file, '-f', 'json'])).stdout) as RightsizeDoc;
    expect(json.accounts[0]?.totals.yearly_saving).toBeNull();
    const table = await run(['rightsize', '-c', file]);
    expect(table.stdout).not.toContain('API calls');
    expect(table.stderr).toContain('no prices configured');
  });

  it('-o report.md writes Markdown (the format follows the extension); -f csv with it is refused', async () => {
    const { file } = await instance('to-file');
    const r = await run(['rightsize', '-c', file, '-o', 'rightsize.md']);
    expect(r.status).toBe(0);
    const { readFile } = await import('node:fs/promises');
    const md = await readFile(`${ws.dir}/rightsize.md`, 'utf8');
    expect(md).toMatch(/^## Right-sizing: seats bigger than their holders' use \(last 90 days\)/);
    const bad = await run(['rightsize', '-c', file, '-o', 'rightsize.md', '-f', 'csv']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/-f csv contradicts --output rightsize\.md/);
  });

  it('-o rightsize.html: the HTML report with its right-sizing section (every recommendation in it)', async () => {
    const { file } = await instance('to-html');
    const r = await run(['rightsize', '-c', file, '-o', 'rightsize.html']);
    expect(r.status).toBe(0);
    const { readFile } = await import('node:fs/promises');
    const html = await readFile(`${ws.dir}/rightsize.html`, 'utf8');
    for (const email of ['iris.ito@acme.example', 'chloe.chen@acme.example', 'mia.moss@acme.example'])
      expect(html).toContain(email);
    expect(html).not.toContain('ben.builder@acme.example');
  });

  it('a shorter --usage-days window is sent to Looker and reported', async () => {
    const { fake, file } = await instance('window');
    const doc = JSON.parse(
      (await run(['rightsize', '-c', file, '-f', 'json', '--usage-days', '30'])).stdout,
    ) as RightsizeDoc;
    expect(doc.usage_days).toBe(30);
    expect(fake.systemActivity.queries).toContainEqual(
      expect.objectContaining({ view: 'history', filters: { 'history.created_date': '30 days' } }),
    );
  });
});

describe('users --usage and explain --usage', () => {
  interface UsersDoc {
    accounts: { users: { id: string; usage: Record<string, unknown> | null }[] }[];
  }

  it('users --usage --format json: a usage object last on each user (null with logins only)', async () => {
    const { file } = await instance('usage-json');
    const r = await run(['users', '-c', file, '--usage', '-f', 'json']);
    expect(r.status).toBe(0);
    const users = (JSON.parse(r.stdout) as UsersDoc).accounts[0]?.users ?? [];
    const ben = users.find((u) => u.id === '2');
    expect(Object.keys(ben ?? {}).at(-1)).toBe('usage');
    expect(ben?.usage).toEqual({
      last_developer_use: '2026-11-18',
      last_creator_use: '2026-11-18',
      last_viewer_use: '2026-11-17',
      last_api_login: null,
      query_count: 35,
    });
    expect(users.find((u) => u.id === '13')?.usage).toMatchObject({ last_api_login: '2026-07-01', query_count: 0 });
    const denied = await instance('usage-denied', { deniedClientIds: [SAMPLE_CREDENTIALS.clientId] });
    const d = JSON.parse((await run(['users', '-c', denied.file, '--usage', '-f', 'json'])).stdout) as UsersDoc;
    expect(d.accounts[0]?.users.every((u) => u.usage === null)).toBe(true);
  });

  it('users --usage JSON is still a snapshot: diff reads it', async () => {
    const { file } = await instance('usage-snapshot');
    const json = (await run(['users', '-c', file, '--usage', '-f', 'json'])).stdout;
    await ws.write('usage-a.json', json);
    await ws.write('usage-b.json', json);
    const r = await run(['diff', 'usage-a.json', 'usage-b.json', '-f', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('users without --usage spends no System Activity call and adds nothing', async () => {
    const { fake, file } = await instance('no-usage');
    const r = await run(['users', '-c', file, '-f', 'json']);
    expect(saCalls(fake)).toHaveLength(0);
    expect(r.stdout).not.toContain('"usage"');
  });

  it('users --usage --format csv: five usage columns after the usual ones', async () => {
    const { file } = await instance('usage-csv');
    const lines = (await run(['users', '-c', file, '--usage-days', '60', '-f', 'csv'])).stdout.split('\n');
    expect(lines[0]).toBe(
      'account,id,email,name,status,kind,license,roles,groups,last_login_at,reason,seat,last_developer_use,last_creator_use,last_viewer_use,last_api_login,query_count',
    );
    expect(lines.find((l) => l.startsWith('usage-csv,3,'))).toMatch(/,,,2026-11-02,,17$/);
  });

  it('explain --usage shows the usage and the right-sizing evidence', async () => {
    const { file } = await instance('explain');
    const r = await run(['explain', 'chloe.chen@acme.example', '-c', file, '--usage']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/usage \(System Activity, last 90 days, as of 2026-11-22\): last developer use none;/);
    expect(r.stdout).toMatch(
      /right-sizing: viewer \(a Viewer seat covers the use seen\), saves 1250 a year: no Development Mode query/,
    );
    const json = JSON.parse((await run(['explain', '3', '-c', file, '--usage', '-f', 'json'])).stdout) as {
      matches: { rightsize: { to: string } | null; usage_source: string }[];
    };
    expect(json.matches[0]).toMatchObject({ usage_source: 'system_activity', rightsize: { to: 'viewer' } });
    const plain = await run(['explain', '3', '-c', file]);
    expect(plain.stdout).not.toContain('right-sizing');
  });
});

describe('check idle-developer', () => {
  interface CheckDoc {
    ok: boolean;
    violations: { kind: string; user_id: string; message: string }[];
    accounts: { checked: string[]; notes: string[] }[];
  }

  it('flags Developer seats with no developer use in max_idle_developer_days (exit 1)', async () => {
    const { fake, file } = await instance('idle', {}, `${PRICES}policy:\n  max_idle_developer_days: 30\n`);
    const r = await run(['check', '-c', file, '-f', 'json']);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as CheckDoc;
    // Chloe, Pia and Iris (torii: "Report Admin"); Ben works in Development Mode; Ada is the API user.
    expect(doc.violations.map((v) => [v.kind, v.user_id]).sort()).toEqual([
      ['idle-developer', '17'],
      ['idle-developer', '3'],
      ['idle-developer', '9'],
    ]);
    expect(doc.violations[0]?.message).toMatch(/no Development Mode query or git event in 30 days/);
    expect(doc.accounts[0]?.checked).toEqual(['idle-developer']);
    // The usage window sent is the policy's.
    expect(fake.systemActivity.queries).toContainEqual(
      expect.objectContaining({ view: 'history', filters: { 'history.created_date': '30 days' } }),
    );
  });

  it('--max-idle-developer-days enables it; without usage (Access Denied) it is not checked, with a note', async () => {
    const { fake, file } = await instance('idle-denied', { deniedClientIds: [SAMPLE_CREDENTIALS.clientId] });
    const r = await run(['check', '-c', file, '-f', 'json', '--max-idle-developer-days', '30']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as CheckDoc;
    expect(doc.violations).toEqual([]);
    expect(doc.accounts[0]?.checked).toEqual([]);
    expect(r.stderr).toMatch(/idle Developer seats not checked/);
    // Denied at the first query: nothing more was tried.
    expect(fake.systemActivity.queries).toHaveLength(1);
  });

  it('check without idle-developer reads no System Activity', async () => {
    const { fake, file } = await instance('no-idle', {}, 'policy:\n  max_seats: { developer: 1 }\n');
    const r = await run(['check', '-c', file, '-f', 'json']);
    expect(r.status).toBe(1);
    expect(saCalls(fake)).toHaveLength(0);
  });
});
