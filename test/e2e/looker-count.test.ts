/**
 * What Looker itself counts, end to end (in-process CLI, the clock injected) on the sample instance, whose System
 * Activity flags follow each user's permissions: `--rules system-activity` tiers users by them (one query per
 * account, in the call count and under --max-calls); `--compare` sets Looker's own count beside the chosen set's in
 * every format of `summary`, lists only the seats whose tier differs in every format of `users`, and shows the
 * flags in `explain`; `report` always shows it. Without see_system_activity: one warning and no comparison, or,
 * under the system-activity rule set, that account fails (exit 3) while the others are reported.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse as parseCsv } from 'csv-parse/sync';
import MarkdownIt from 'markdown-it';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { runCli } from '../../src/cli/run.js';
import {
  SAMPLE_ACTIVITY_DATE,
  SAMPLE_CREDENTIALS,
  startFakeLooker,
  type FakeLooker,
  type SystemActivityOptions,
} from '../../src/fake-looker/index.js';
import { hasStackTrace } from '../helpers/exec.js';
import { memoryIo } from '../helpers/memory-io.js';
import {
  type AccountSpec,
  configYaml,
  createWorkspace,
  SAMPLE_ENV,
  sampleAccount,
  type Workspace,
} from '../helpers/workspace.js';

const NOW = `${SAMPLE_ACTIVITY_DATE}T08:00:00Z`;
const env = SAMPLE_ENV;
const PERMISSION = /see_system_activity/;

/** The sample's seats whose torii tier is not Looker's: Hugo, Mia and Vic (SQL Runner is no flag), Iris ("Report Admin"). */
const TORII_VS_LOOKER = [
  ['8', 'standard', 'viewer'],
  ['9', 'developer', 'none'],
  ['13', 'standard', 'viewer'],
  ['23', 'standard', 'viewer'],
];
/** Looker's own count of the sample: not disabled (Gina, Uma), not Looker staff, not embed (Leo). */
const LOOKER_COUNT = { developer: 4, standard: 7, viewer: 8, none: 2 };

interface SummaryDoc {
  rules: string;
  accounts: { name: string; seats: Record<string, number>; looker_count?: Record<string, number> | null }[];
  totals: { looker_count?: Record<string, number> | null };
  looker_disagreements?: {
    account: string;
    user_id: string;
    license: string;
    reason: string;
    looker: { license: string; reason: string; flags: Record<string, boolean> | null };
  }[];
}
interface UsersDoc {
  rules: string;
  accounts: {
    name: string;
    api_calls: number;
    error?: string;
    summary: Record<string, number> | null;
    users: { id: string; license: string; reason: string; looker?: { license: string; reason: string } | null }[];
  }[];
}

let ws: Workspace;
const fakes: FakeLooker[] = [];
beforeAll(async () => {
  ws = await createWorkspace('looker-audit-count-');
});
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  await ws.remove();
});

async function fakeLooker(systemActivity: SystemActivityOptions = {}): Promise<FakeLooker> {
  const fake = await startFakeLooker({ now: () => Date.parse(NOW), systemActivity });
  fakes.push(fake);
  return fake;
}

const spec = (name: string, fake: FakeLooker): AccountSpec => sampleAccount(fake.url, name);

/** A config for these accounts; returns its file name. */
async function config(name: string, accounts: readonly AccountSpec[], extra = ''): Promise<string> {
  const file = `${name}.yaml`;
  await ws.write(file, configYaml(accounts, extra));
  return file;
}

async function run(argv: readonly string[]) {
  const io = memoryIo(ws.dir, { env, now: NOW });
  const status = await runCli(argv, io);
  return { status, stdout: io.out(), stderr: io.err() };
}

const queries = (fake: FakeLooker) => fake.requests.filter((r) => r.path === '/api/4.0/queries/run/json');

describe('--rules system-activity on the sample instance', () => {
  let fake: FakeLooker;
  let file: string;
  let doc: UsersDoc;
  /** What the audit sent, before the other tests use the same instance. */
  let sent: FakeLooker['requests'];
  beforeAll(async () => {
    fake = await fakeLooker();
    file = await config('sa', [spec('sample', fake)]);
    const r = await run(['users', '-c', file, '--rules', 'system-activity', '-f', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    doc = JSON.parse(r.stdout) as UsersDoc;
    sent = [...fake.requests];
  });

  it("tiers every user by Looker's flags, the reason naming them", () => {
    const users = new Map(doc.accounts[0]?.users.map((u) => [u.id, u]));
    expect(doc.rules).toBe('system-activity');
    expect(users.get('1')?.reason).toBe("developer: Looker's own flags is_admin, is_developer (System Activity)");
    expect(users.get('2')?.reason).toBe("developer: Looker's own flag is_developer (System Activity)");
    expect(users.get('4')?.reason).toBe("standard: Looker's own flags is_explorer, is_content_saver (System Activity)");
    expect(users.get('6')?.reason).toBe("viewer: Looker's own flag is_viewer (System Activity)");
    for (const [id, , looker] of TORII_VS_LOOKER) expect([id, users.get(id ?? '')?.license]).toEqual([id, looker]);
  });

  it("its seats are Looker's own count, and summary --compare finds no seat to name", async () => {
    expect(doc.accounts[0]?.summary).toEqual(LOOKER_COUNT);
    const r = await run(['summary', '-c', file, '--rules', 'system-activity', '--compare', '-f', 'json']);
    const summary = JSON.parse(r.stdout) as SummaryDoc;
    expect(summary.accounts[0]?.looker_count).toEqual(LOOKER_COUNT);
    expect(summary.looker_disagreements).toEqual([]);
  });

  it('costs one System Activity query, counted in api_calls; the flags are read beside the lists', () => {
    expect(sent.filter((r) => r.path === '/api/4.0/queries/run/json')).toHaveLength(1);
    expect(fake.systemActivity.queries[0]).toMatchObject({ model: 'system__activity', view: 'user' });
    expect(sent.filter((r) => r.path.includes('/lookml_models/'))).toHaveLength(0);
    expect(doc.accounts[0]?.api_calls).toBe(sent.length);
    expect(doc.accounts[0]?.api_calls).toBe(7);
    expect(sent.at(-1)?.path).toBe('/api/4.0/logout');
  });

  it('rules: system-activity in the config does the same; roles shows each role under it', async () => {
    const fromConfig = await config('sa-config', [spec('sample', fake)], 'rules: system-activity\n');
    const r = await run(['roles', '-c', fromConfig, '-f', 'json']);
    expect(r.status).toBe(0);
    const roles = (JSON.parse(r.stdout) as { rules: string; accounts: { roles: Record<string, unknown>[] }[] })
      .accounts[0]?.roles;
    expect(roles?.find((role) => role.name === 'Report Admin')).toMatchObject({
      tier: 'none',
      torii_tier: 'developer',
      looker_tier: 'viewer',
      system_activity_tier: 'none',
    });
  });

  it('a user whose facts Looker has not computed yet: none, saying so; never a guess from the roles', async () => {
    const pending = await fakeLooker({ factsPending: ['2'] });
    const f = await config('sa-pending', [spec('sample', pending)]);
    const r = await run(['users', '-c', f, '--rules', 'system-activity', '-f', 'json']);
    const ben = (JSON.parse(r.stdout) as UsersDoc).accounts[0]?.users.find((u) => u.id === '2');
    expect(ben).toMatchObject({ license: 'none', reason: expect.stringMatching(/no flags in System Activity yet/) });
  });
});

describe('summary --compare in every format', () => {
  let fake: FakeLooker;
  let file: string;
  beforeAll(async () => {
    fake = await fakeLooker();
    file = await config('compare', [spec('sample', fake)], 'prices: { developer: 1650, standard: 800, viewer: 400 }\n');
  });
  const summary = async (...argv: string[]) => {
    const r = await run(['summary', '-c', file, '--compare', '-q', ...argv]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout;
  };

  it("json: looker_count per account and in total, and the seats where torii and Looker's flags differ", async () => {
    const doc = JSON.parse(await summary('-f', 'json')) as SummaryDoc;
    expect(doc.accounts[0]?.looker_count).toEqual(LOOKER_COUNT);
    expect(doc.totals.looker_count).toEqual(LOOKER_COUNT);
    expect(doc.looker_disagreements?.map((d) => [d.user_id, d.license, d.looker.license])).toEqual(TORII_VS_LOOKER);
    const iris = doc.looker_disagreements?.find((d) => d.user_id === '9');
    expect(iris?.reason).toBe('developer: role "Report Admin" name contains "admin", via group "Partners"');
    expect(iris?.looker).toMatchObject({
      reason: "none: none of Looker's own seat flags is set (System Activity)",
      flags: { is_admin: false, is_developer: false, is_viewer: false },
    });
  });

  it('json, --rules looker: other seats differ (Omar: create_table_calculations is no flag)', async () => {
    const doc = JSON.parse(await summary('-f', 'json', '--rules', 'looker')) as SummaryDoc;
    expect(doc.looker_disagreements?.map((d) => [d.user_id, d.license, d.looker.license])).toEqual([
      ['8', 'standard', 'viewer'],
      ['9', 'viewer', 'none'],
      ['13', 'standard', 'viewer'],
      ['16', 'standard', 'viewer'],
      ['23', 'standard', 'viewer'],
    ]);
  });

  it('table: both counts per account, then the seats with both tiers and both reasons', async () => {
    const text = await summary();
    expect(text).toContain("Looker's own count (its user flags in System Activity) beside the torii rule set:");
    expect(text).toMatch(/│ sample\s+│ torii\s+│\s+5 │\s+10 │\s+5 │\s+1 │/);
    expect(text).toMatch(/│ sample\s+│ Looker\s+│\s+4 │\s+7 │\s+8 │\s+2 │/);
    expect(text).toContain("Seats whose tier differs under Looker's own flags (4):");
    expect(text).toMatch(/iris\.ito@acme\.example\s+│ developer\s+│ none/);
  });

  it('csv: looker_<tier> columns after the usual ones', async () => {
    const [header, row] = parseCsv(await summary('-f', 'csv')) as string[][];
    expect(header?.slice(-4)).toEqual(['looker_developer', 'looker_standard', 'looker_viewer', 'looker_none']);
    expect(row?.slice(-4)).toEqual(['4', '7', '8', '2']);
  });

  it('markdown: a counts table and a table of the seats, names escaped', async () => {
    const text = await summary('-f', 'markdown');
    const html = new MarkdownIt().render(text);
    expect(html).toContain("Looker's own count");
    expect(text).toMatch(/\| sample \| Looker \| 4 \| 7 \| 8 \|/);
    expect(text).toContain("4 seats with another tier under Looker's own flags");
    // The email through the one Markdown escaper: `\@` and `\.` read as `@` and `.`.
    expect(text).toContain('| iris\\.ito\\@acme\\.example | developer | none |');
  });

  it('prometheus: looker_audit_looker_seats and the disagreements per account', async () => {
    const families = parsePrometheusTextFormat(await summary('-f', 'prometheus'));
    const metrics = (name: string) => families.find((f) => f.name === name)?.metrics ?? [];
    const seats = metrics('looker_audit_looker_seats').map((m) => [m.labels?.tier, Number(m.value)]);
    expect(Object.fromEntries(seats)).toEqual(LOOKER_COUNT);
    expect(metrics('looker_audit_looker_disagreements').map((m) => Number(m.value))).toEqual([4]);
  });

  it('html: the comparison in the summary section, every differing seat named', async () => {
    const text = await summary('-f', 'html');
    expect(text).toContain('<table class="looker-count">');
    const rows = text.split('<table class="looker-disagreements">')[1]?.split('</table>')[0] ?? '';
    for (const email of ['hugo.hill', 'iris.ito', 'mia.moss', 'vic.vance']) expect(rows).toContain(`${email}@acme`);
    expect(rows.match(/<tr>/g)).toHaveLength(5);
  });

  it('without --compare: no query, no looker_count key, the usual calls', async () => {
    const before = queries(fake).length;
    const r = await run(['summary', '-c', file, '-f', 'json']);
    expect(queries(fake).length).toBe(before);
    expect(r.stdout).not.toContain('looker_count');
    expect(r.stdout).not.toContain('looker_disagreements');
    expect(await summary('-f', 'table')).toContain('Looker');
    expect((await run(['summary', '-c', file, '-q'])).stdout).not.toContain("Looker's own count");
  });
});

describe('users --compare in every format: only the seats whose tier differs', () => {
  let file: string;
  beforeAll(async () => {
    file = await config('users-compare', [spec('sample', await fakeLooker())]);
  });
  const users = async (...argv: string[]) => {
    const r = await run(['users', '-c', file, '--compare', '-q', ...argv]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout;
  };

  it('json: the snapshot shape, a looker object last on each user', async () => {
    const doc = JSON.parse(await users('-f', 'json')) as UsersDoc;
    const listed = doc.accounts[0]?.users ?? [];
    expect(listed.map((u) => [u.id, u.license, u.looker?.license])).toEqual(TORII_VS_LOOKER);
    expect(Object.keys(listed[0] ?? {}).at(-1)).toBe('looker');
    // The seats are still the whole account's.
    expect(doc.accounts[0]?.summary).toEqual({ developer: 5, standard: 10, viewer: 5, none: 1 });
  });

  it('csv: looker_license and looker_reason after the usual columns', async () => {
    const [header, ...rows] = parseCsv(await users('-f', 'csv')) as string[][];
    expect(header?.slice(-2)).toEqual(['looker_license', 'looker_reason']);
    expect(rows.map((r) => [r[1], r[6], r.at(-2)])).toEqual(TORII_VS_LOOKER);
    expect(rows.find((r) => r[1] === '8')?.at(-1)).toBe("viewer: Looker's own flag is_viewer (System Activity)");
  });

  it('table: the Looker tier and reason beside the usual columns', async () => {
    const text = await users('-f', 'table');
    const body = text.split('\n').filter((l) => /^│ \d/.test(l));
    expect(body.map((l) => l.split('│')[1]?.trim())).toEqual(['8', '9', '13', '23']);
    expect(text).toMatch(/│ Looker\s+│ Looker reason/);
  });

  it('html: a page of the differing seats with both tiers and both reasons', async () => {
    const text = await users('-f', 'html');
    expect(text).toContain('<section id="looker"');
    expect(text).not.toContain('id="users-data"');
    const rows = text.split('<table class="looker-disagreements">')[1]?.split('</table>')[0] ?? '';
    expect(rows.match(/<tr>/g)).toHaveLength(5);
    expect(rows).toContain('Report Admin');
  });

  it('with a filter: both apply', async () => {
    const doc = JSON.parse(await users('-f', 'json', '--license', 'developer')) as UsersDoc;
    expect(doc.accounts[0]?.users.map((u) => u.id)).toEqual(['9']);
  });
});

describe('explain --compare', () => {
  it("shows the user's flags and Looker's tier, in the table and in JSON", async () => {
    const file = await config('explain', [spec('sample', await fakeLooker())]);
    const table = await run(['explain', 'iris.ito@acme.example', '-c', file, '--compare']);
    expect(table.status).toBe(0);
    expect(table.stdout).toContain(
      "Looker's own flags (System Activity): is_admin no, is_developer no, is_explorer no, is_content_saver no, is_viewer no, is_embed no, is_looker_employee no",
    );
    expect(table.stdout).toContain(
      "Looker's tier: none: none of Looker's own seat flags is set (System Activity) (differs from developer)",
    );
    const json = await run(['explain', '8', '-c', file, '--compare', '-f', 'json']);
    const match = (JSON.parse(json.stdout) as { matches: { looker: unknown }[] }).matches[0];
    expect(match?.looker).toMatchObject({ license: 'viewer', flags: { is_viewer: true, is_explorer: false } });
    const plain = await run(['explain', '8', '-c', file, '-f', 'json']);
    expect(plain.stdout).not.toContain('"looker"');
  });
});

describe('System Activity not readable', () => {
  const denied = { deniedClientIds: [SAMPLE_CREDENTIALS.clientId] };

  it('--compare: one warning naming the permission, exit 0, no comparison', async () => {
    const file = await config('denied', [spec('sample', await fakeLooker(denied))]);
    const r = await run(['summary', '-c', file, '--compare', '-f', 'json']);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      'warning: account "sample": Looker\'s own count not compared: System Activity: Access Denied: grant the API user the see_system_activity permission (or the Admin role)',
    ]);
    const doc = JSON.parse(r.stdout) as SummaryDoc;
    expect(doc.accounts[0]?.looker_count).toBeNull();
    expect(doc.totals.looker_count).toBeNull();
    expect(doc.looker_disagreements).toEqual([]);
    const table = await run(['summary', '-c', file, '--compare']);
    expect(table.stdout).toMatch(/│ sample\s+│ Looker\s+│\s+- │\s+- │\s+- │\s+- │ not read/);
    const users = await run(['users', '-c', file, '--compare', '-f', 'json']);
    expect((JSON.parse(users.stdout) as UsersDoc).accounts[0]?.users).toEqual([]);
  });

  it('--rules system-activity: that account fails (exit 3, one line), the other is reported', async () => {
    const ok = await fakeLooker();
    const no = await fakeLooker(denied);
    const file = await config('denied-two', [spec('fine', ok), spec('locked', no)]);
    const r = await run(['users', '-c', file, '--rules', 'system-activity', '-f', 'json']);
    expect(r.status).toBe(3);
    expect(hasStackTrace(r.stderr)).toBe(false);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^error: account "locked": the system-activity rule set tiers users by Looker's own flags, which could not be read: System Activity: Access Denied: grant the API user the see_system_activity permission/,
    );
    const doc = JSON.parse(r.stdout) as UsersDoc;
    expect(doc.accounts.map((a) => [a.name, a.error === undefined, a.users.length > 0])).toEqual([
      ['fine', true, true],
      ['locked', false, false],
    ]);
    expect(no.liveSessions()).toBe(0);
  });

  it('a flag missing on the release is a failure of the same kind, naming the field', async () => {
    const file = await config('missing', [
      spec('sample', await fakeLooker({ missingFields: ['user_facts.is_viewer'] })),
    ]);
    const r = await run(['summary', '-c', file, '--rules', 'system-activity']);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/field user_facts\.is_viewer is missing on this Looker release/);
  });

  it('report (usage and the comparison): one warning for both, naming the permission once', async () => {
    const file = await config('denied-report', [spec('sample', await fakeLooker(denied))]);
    const r = await run(['report', '-c', file, '-o', 'denied.html']);
    expect(r.status).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('warning'));
    expect(warnings).toEqual([
      'warning: account "sample": usage from logins only, Looker\'s own count not compared: System Activity: Access Denied: grant the API user the see_system_activity permission (or the Admin role)',
    ]);
    expect(r.stderr.match(PERMISSION)).toHaveLength(1);
  });
});

describe('calls', () => {
  it('--compare adds one call: the audit needs it under --max-calls, and says so when it is short', async () => {
    const fake = await fakeLooker();
    const file = await config('budget', [spec('sample', fake)]);
    const plain = JSON.parse((await run(['users', '-c', file, '-f', 'json'])).stdout) as UsersDoc;
    const compared = JSON.parse((await run(['users', '-c', file, '-f', 'json', '--compare'])).stdout) as UsersDoc;
    expect(compared.accounts[0]?.api_calls).toBe((plain.accounts[0]?.api_calls ?? 0) + 1);
    const enough = await run([
      'summary',
      '-c',
      file,
      '--compare',
      '--max-calls',
      String(compared.accounts[0]?.api_calls),
    ]);
    expect(enough.status).toBe(0);
    const short = await run(['summary', '-c', file, '--compare', '--max-calls', String(plain.accounts[0]?.api_calls)]);
    expect(short.status).toBe(3);
    expect(short.stderr).toMatch(/the full audit with Looker's own flags needs (at least )?7 calls: raise --max-calls/);
    expect(fake.liveSessions()).toBe(0);
  });

  it('report reads usage and the flags: 12 System Activity calls, and shows the comparison', async () => {
    const fake = await fakeLooker();
    const file = await config('report', [spec('sample', fake)]);
    const r = await run(['report', '-c', file, '-o', 'report.html', '-q']);
    expect(r.status).toBe(0);
    const sa = fake.requests.filter(
      (q) => q.path === '/api/4.0/user' || q.path.includes('/lookml_models/') || q.path.includes('/queries/'),
    );
    expect(sa).toHaveLength(12);
    expect(queries(fake)).toHaveLength(6);
    const html = await readFile(join(ws.dir, 'report.html'), 'utf8');
    expect(html).toContain('<table class="looker-disagreements">');
  });
});
