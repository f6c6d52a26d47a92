/**
 * `check` and `diff` with the built CLI against sample instances: exit codes, the violations listed by account,
 * email and reason, allowlist expiry, --baseline, JUnit and JSON output, and a diff of two CLI snapshots taken
 * around changes made to the sample organisation.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { XMLParser } from 'fast-xml-parser';
import { SAMPLE_CREDENTIALS, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { exec, hasStackTrace } from '../helpers/exec.js';
import { configYaml, createWorkspace, type Workspace } from '../helpers/workspace.js';

const SECRET = SAMPLE_CREDENTIALS.clientSecret;
const env = { EU_SECRET: SECRET, US_SECRET: SECRET, M_SECRET: SECRET };
const DEVELOPERS = [
  'ada.admin@acme.example',
  'ben.builder@acme.example',
  'chloe.chen@acme.example',
  'iris.ito@acme.example',
  'pia.park@acme.example',
];

interface CheckJson {
  schema_version: number;
  generated_at: string;
  rules: string;
  ok: boolean;
  violations: {
    account: string;
    kind: string;
    tier: string;
    user_id: string | null;
    email: string | null;
    name: string | null;
    reason: string | null;
    count: number | null;
    limit: number | null;
    message: string;
  }[];
  accounts: { name: string; error?: string; checked: string[]; notes: string[] }[];
}

interface UsersJson {
  accounts: {
    name: string;
    users: { id: string; email: string | null; license: string; status: string; reason: string }[];
  }[];
}

let eu: FakeLooker;
let us: FakeLooker;
let ws: Workspace;

const accounts = () => [
  { name: 'eu', url: eu.url, clientId: SAMPLE_CREDENTIALS.clientId, secretEnv: 'EU_SECRET' },
  { name: 'us', url: us.url, clientId: SAMPLE_CREDENTIALS.clientId, secretEnv: 'US_SECRET' },
];

/** Writes a config with this `policy:` block and returns its file name. */
async function withPolicy(name: string, policy: string): Promise<string> {
  await ws.write(name, configYaml(accounts(), policy));
  return name;
}

beforeAll(async () => {
  [eu, us] = await Promise.all([startFakeLooker(), startFakeLooker()]);
  ws = await createWorkspace();
});
afterAll(async () => {
  await Promise.all([eu.close(), us.close()]);
  await ws.remove();
});

describe('check against the sample organisation', () => {
  it('exits 0 on a compliant policy (every Developer allowed, within budget) and says so', async () => {
    const file = await withPolicy(
      'ok.yaml',
      `policy:\n  max_seats: { developer: 5 }\n  allowed_developers: [${DEVELOPERS.join(', ')}]\n`,
    );
    const r = await exec(['check', '-c', file], { cwd: ws.dir, env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^eu: no violation/m);
    expect(r.stdout).toMatch(/^us: no violation/m);
  });

  it('exits 1 and lists each unexpected Developer by account, email and reason (globs match, case-insensitively)', async () => {
    const file = await withPolicy(
      'strict.yaml',
      `policy:\n  allowed_developers: [ADA.Admin@acme.example, "*@partner.example", "chloe.*@acme.example"]\n`,
    );
    const r = await exec(['check', '-c', file, '-f', 'json'], { cwd: ws.dir, env });
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as CheckJson;
    expect(doc.ok).toBe(false);
    const unexpected = ['ben.builder@acme.example', 'iris.ito@acme.example', 'pia.park@acme.example'];
    expect(doc.violations.map((v) => `${v.account} ${v.kind} ${v.email}`)).toEqual([
      ...unexpected.map((e) => `eu unexpected-developer ${e}`),
      ...unexpected.map((e) => `us unexpected-developer ${e}`),
    ]);
    // The reason is the audit's own reason for that user.
    const users = JSON.parse(
      (await exec(['users', '-c', file, '-f', 'json', '-a', 'eu'], { cwd: ws.dir, env })).stdout,
    ) as UsersJson;
    for (const v of doc.violations) {
      expect(v.reason).toBe(users.accounts[0]?.users.find((u) => u.email === v.email)?.reason);
      expect(v.tier).toBe('developer');
    }
    expect(doc.violations.find((v) => v.email === 'iris.ito@acme.example')?.reason).toMatch(
      /^developer: role "Report Admin"/,
    );

    const table = await exec(['check', '-c', file, '-a', 'eu'], { cwd: ws.dir, env });
    expect(table.status).toBe(1);
    for (const email of unexpected) {
      const line = table.stdout.split('\n').find((l) => l.includes(email));
      // One account checked: the table has no account column (a line under it names the account).
      expect(line).toMatch(/│ not allowed │/);
      expect(line).toMatch(/developer: role "/);
    }
    expect(table.stdout).toMatch(/^eu: \d+ violations$/m);
    expect(table.stdout).not.toContain('uma.underwood'); // disabled: no seat
    expect(table.stdout).not.toContain('ada.admin');
  });

  it('an allowlist entry whose expiry date has passed no longer allows; one in the future still does', async () => {
    const rest = DEVELOPERS.filter((e) => !e.startsWith('pia.'));
    const expired = await withPolicy(
      'expired.yaml',
      `policy:\n  allowed_developers: [${rest.join(', ')}, { email: pia.park@acme.example, expires: 2020-01-31 }]\n`,
    );
    const r = await exec(['check', '-c', expired, '-f', 'json', '-a', 'eu'], { cwd: ws.dir, env });
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as CheckJson;
    expect(doc.violations).toHaveLength(1);
    expect(doc.violations[0]).toMatchObject({ kind: 'unexpected-developer', email: 'pia.park@acme.example' });
    expect(doc.violations[0]?.message).toContain('2020-01-31');

    const future = await withPolicy(
      'future.yaml',
      `policy:\n  allowed_developers: [${rest.join(', ')}, { email: pia.park@acme.example, expires: 2999-12-31 }]\n`,
    );
    expect((await exec(['check', '-c', future, '-a', 'eu'], { cwd: ws.dir, env })).status).toBe(0);
  });

  it('--allow (repeatable, comma-separated) adds to the allowlist; --max-developers overrides max_seats', async () => {
    const file = await withPolicy(
      'ada-only.yaml',
      `policy:\n  max_seats: { developer: 10 }\n  allowed_developers: [ada.admin@acme.example]\n`,
    );
    const r = await exec(
      [
        'check',
        '-c',
        file,
        '-a',
        'eu',
        '-f',
        'json',
        '--allow',
        'ben.builder@acme.example,*chen@ACME.example',
        '--allow',
        'iris.ito@acme.example',
        '--max-developers',
        '4',
      ],
      { cwd: ws.dir, env },
    );
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as CheckJson;
    expect(doc.violations.map((v) => [v.kind, v.email ?? `${v.count}>${v.limit}`])).toEqual([
      ['unexpected-developer', 'pia.park@acme.example'],
      ['over-budget', '5>4'],
    ]);
    // --fail-on restricts the check to the kinds named.
    const budgetOnly = await exec(['check', '-c', file, '-a', 'eu', '-f', 'json', '--fail-on', 'over-budget'], {
      cwd: ws.dir,
      env,
    });
    expect(budgetOnly.status).toBe(0);
    expect((JSON.parse(budgetOnly.stdout) as CheckJson).accounts[0]?.checked).toEqual(['over-budget']);
  });

  it('per-account max_seats override the top level: an over-budget violation names the tier, count and limit', async () => {
    const file = await withPolicy(
      'budget.yaml',
      `policy:\n  max_seats: { developer: 9 }\n  accounts:\n    us:\n      max_seats: { standard: 1 }\n`,
    );
    const r = await exec(['check', '-c', file, '-f', 'json'], { cwd: ws.dir, env });
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as CheckJson;
    expect(doc.violations).toHaveLength(1);
    expect(doc.violations[0]).toMatchObject({
      account: 'us',
      kind: 'over-budget',
      tier: 'standard',
      limit: 1,
      user_id: null,
    });
    expect(doc.violations[0]?.count).toBeGreaterThan(1);
  });

  it('--format junit parses as XML: one testsuite per account, one failed testcase per violation, passing cases when clean', async () => {
    const file = await withPolicy(
      'junit.yaml',
      `policy:\n  allowed_developers: [${DEVELOPERS.join(', ')}]\n  accounts:\n    us:\n      allowed_developers: [ada.admin@acme.example]\n`,
    );
    const r = await exec(['check', '-c', file, '-f', 'junit'], { cwd: ws.dir, env });
    expect(r.status).toBe(1);
    const xml = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (name) => name === 'testsuite' || name === 'testcase',
    }).parse(r.stdout, true) as {
      testsuites: {
        testsuite: {
          '@name': string;
          '@failures': string;
          '@tests': string;
          testcase: { '@name': string; failure?: { '@message': string; '#text': string } }[];
        }[];
      };
    };
    const suites = xml.testsuites.testsuite;
    expect(suites.map((s) => s['@name'])).toEqual(['eu', 'us']);
    const [euSuite, usSuite] = suites;
    expect(euSuite?.['@failures']).toBe('0');
    expect(euSuite?.testcase.length).toBeGreaterThan(0);
    expect(euSuite?.testcase.every((c) => c.failure === undefined)).toBe(true);
    const failed = usSuite?.testcase.filter((c) => c.failure !== undefined) ?? [];
    expect(failed).toHaveLength(4);
    expect(usSuite?.['@failures']).toBe('4');
    expect(failed.map((c) => c['@name']).sort()).toEqual(DEVELOPERS.slice(1).map((e) => `unexpected-developer: ${e}`));
    expect(failed[0]?.failure?.['#text']).toContain('reason: developer: role "');

    // --format json lists the same violations.
    const json = JSON.parse(
      (await exec(['check', '-c', file, '-f', 'json'], { cwd: ws.dir, env })).stdout,
    ) as CheckJson;
    expect(json.violations.map((v) => `unexpected-developer: ${v.email}`).sort()).toEqual(
      failed.map((c) => c['@name']).sort(),
    );
    expect(Object.keys(json)).toEqual(['schema_version', 'generated_at', 'rules', 'ok', 'violations', 'accounts']);
  });

  it('no policy and no flag: exit 2 before any API call (a gate that checks nothing must not pass)', async () => {
    const file = await withPolicy('none.yaml', '');
    const before = eu.requests.length;
    const r = await exec(['check', '-c', file], { cwd: ws.dir, env });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/none\.yaml: policy: nothing to check/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(eu.requests.length).toBe(before);
  });

  it('an account that cannot be audited exits 3 even with violations elsewhere; JSON names both; no secret leaks', async () => {
    const file = await withPolicy('fail.yaml', `policy:\n  allowed_developers: [ada.admin@acme.example]\n`);
    const r = await exec(['check', '-c', file, '-f', 'json'], {
      cwd: ws.dir,
      env: { ...env, US_SECRET: 'wrong-secret-789' },
    });
    expect(r.status).toBe(3);
    const doc = JSON.parse(r.stdout) as CheckJson;
    expect(doc.ok).toBe(false);
    expect(doc.violations.filter((v) => v.account === 'eu')).toHaveLength(4);
    expect(doc.accounts.find((a) => a.name === 'us')?.error).toMatch(/login/i);
    expect(r.stderr).toMatch(/account "us"/);
    expect(r.stdout + r.stderr).not.toContain('wrong-secret-789');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('a baseline that is not a snapshot is exit 2 with the file named', async () => {
    await ws.write('not-json.json', 'hello');
    await ws.write(
      'summary.json',
      JSON.stringify({
        schema_version: 1,
        generated_at: 'x',
        rules: 'torii',
        accounts: [{ name: 'eu', url: 'u', api_calls: 1, summary: { developer: 0, standard: 0, viewer: 0, none: 0 } }],
      }),
    );
    await ws.write('v2.json', JSON.stringify({ schema_version: 2, accounts: [] }));
    const file = await withPolicy('b.yaml', '');
    for (const [name, pattern] of [
      ['not-json.json', /not-json\.json: not JSON/],
      ['summary.json', /summary\.json: accounts\[0\]\.users: missing/],
      ['v2.json', /v2\.json: schema_version: 2 is not supported/],
      ['missing.json', /missing\.json: cannot read/],
    ] as const) {
      const r = await exec(['check', '-c', file, '--baseline', name], { cwd: ws.dir, env });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(hasStackTrace(r.stderr)).toBe(false);
      const d = await exec(['diff', name, name], { cwd: ws.dir, env: {} });
      expect(d.status).toBe(2);
      expect(d.stderr).toMatch(pattern);
    }
  });
});

describe('snapshots, --baseline and diff around changes on the sample instance', () => {
  let m: FakeLooker;
  let config: string;
  beforeAll(async () => {
    m = await startFakeLooker();
    await ws.write(
      'm.yaml',
      configYaml([{ name: 'main', url: m.url, clientId: SAMPLE_CREDENTIALS.clientId, secretEnv: 'M_SECRET' }]),
    );
    config = 'm.yaml';
  });
  afterAll(() => m.close());

  it('--baseline flags only the Developer seats that are new; diff reports exactly the changes made', async () => {
    const snap1 = await exec(['users', '-c', config, '-f', 'json', '-o', 'before.json', '-q'], { cwd: ws.dir, env });
    expect(snap1.status).toBe(0);
    const unchanged = await exec(['check', '-c', config, '--baseline', 'before.json'], { cwd: ws.dir, env });
    expect(unchanged.stderr).toBe('');
    expect(unchanged.status).toBe(0);

    // The changes: a user added to group "BI" (developer through "Analytics"), a Developer disabled, a
    // developer-granting role added to a group (raises its two standard members), and a role whose permission set
    // changes (its tier and its holder's tier rise from viewer to standard).
    m.org.users.push({
      id: '26',
      first_name: 'Xena',
      last_name: 'Xu',
      email: 'xena.xu@acme.example',
      is_disabled: false,
      role_ids: [],
      group_ids: ['2'],
      login: 'email',
      logged_in_at: '2026-11-25T09:00:00.000+00:00',
      created_at: '2026-11-24T10:00:00.000+00:00',
    });
    const chloe = m.org.users.find((u) => u.email === 'chloe.chen@acme.example');
    chloe!.is_disabled = true;
    m.org.groups
      .find((g) => g.name === 'Sales EMEA')!
      .role_ids.push(m.org.roles.find((r) => r.name === 'Report Admin')!.id);
    m.org.roles.find((r) => r.name === 'Dashboard Builder')!.permission_set_id = m.org.permission_sets.find(
      (p) => p.name === 'User',
    )!.id;

    const gate = await exec(['check', '-c', config, '--baseline', 'before.json', '-f', 'json'], { cwd: ws.dir, env });
    expect(gate.status).toBe(1);
    const doc = JSON.parse(gate.stdout) as CheckJson;
    expect(doc.accounts).toEqual([{ name: 'main', checked: ['new-developer'], notes: [] }]);
    expect(doc.violations.map((v) => [v.kind, v.email])).toEqual([
      ['new-developer', 'eva.evans@acme.example'],
      ['new-developer', 'rosa.ruiz@acme.example'],
      ['new-developer', 'xena.xu@acme.example'],
    ]);
    expect(doc.violations[0]?.message).toContain('tier raised from standard');
    expect(doc.violations[2]?.message).toContain('not in the baseline');
    expect(doc.violations[0]?.reason).toMatch(/^developer: role "Report Admin"/);

    const snap2 = await exec(['users', '-c', config, '-f', 'json', '-o', 'after.json', '-q'], { cwd: ws.dir, env });
    expect(snap2.status).toBe(0);

    // diff needs no config and no network: run it with an empty environment.
    const requests = m.requests.length;
    const json = await exec(['diff', 'before.json', 'after.json', '-f', 'json'], { cwd: ws.dir, env: {} });
    expect(json.status).toBe(0);
    expect(json.stderr).toBe('');
    expect(m.requests.length).toBe(requests);
    const diff = JSON.parse(json.stdout) as {
      changes: number;
      accounts: {
        name: string;
        status: string;
        users_added: { id: string; email: string; license: string }[];
        users_removed: unknown[];
        tier_changes: { email: string; from: string; to: string; direction: string }[];
        status_changes: { email: string; from: string; to: string }[];
        role_tier_changes: { role: string; from: string; to: string; from_exact: boolean; to_exact: boolean }[];
      }[];
    };
    expect(diff.changes).toBe(6);
    const [account] = diff.accounts;
    expect(account?.status).toBe('compared');
    expect(account?.users_added.map((u) => [u.email, u.license])).toEqual([['xena.xu@acme.example', 'developer']]);
    expect(account?.users_removed).toEqual([]);
    expect(account?.tier_changes.map((c) => [c.email, c.from, c.to, c.direction])).toEqual([
      ['eva.evans@acme.example', 'standard', 'developer', 'raised'],
      ['omar.ortiz@acme.example', 'viewer', 'standard', 'raised'],
      ['rosa.ruiz@acme.example', 'standard', 'developer', 'raised'],
    ]);
    expect(account?.status_changes).toEqual([
      { id: '3', email: 'chloe.chen@acme.example', name: expect.any(String), from: 'active', to: 'disabled' },
    ]);
    expect(account?.role_tier_changes).toEqual([
      { role: 'Dashboard Builder', from: 'viewer', from_exact: true, to: 'standard', to_exact: true },
    ]);

    const csv = await exec(['diff', 'before.json', 'after.json', '-f', 'csv'], { cwd: ws.dir, env: {} });
    expect(csv.status).toBe(0);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('account,change,user_id,email,name,role,from,to,detail');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual([
      'user_added',
      'tier_raised',
      'tier_raised',
      'tier_raised',
      'status_changed',
      'role_tier_changed',
    ]);

    const table = await exec(['diff', 'before.json', 'after.json', '-o', 'diff.txt'], { cwd: ws.dir, env: {} });
    expect(table.status).toBe(0);
    expect(table.stdout).toBe('');
    const text = await readFile(`${ws.dir}/diff.txt`, 'utf8');
    expect(text).toMatch(/6 changes/);
    expect(text).toMatch(/role_tier_changed .*Dashboard Builder .*viewer .*standard/);
  });
});
