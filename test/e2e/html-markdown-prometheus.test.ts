/**
 * The built CLI's HTML, Markdown and Prometheus outputs against two sample instances, and
 * `--history`: its files are read before any API call, and an unreadable one is one line naming it, exit 2.
 */
import { readFile, mkdir, writeFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { SAMPLE_CREDENTIALS, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { exec, hasStackTrace } from '../helpers/exec.js';
import { configYaml, createWorkspace, type Workspace } from '../helpers/workspace.js';

let eu: FakeLooker;
let us: FakeLooker;
let ws: Workspace;
const env = { EU_SECRET: SAMPLE_CREDENTIALS.clientSecret, US_SECRET: SAMPLE_CREDENTIALS.clientSecret };
const account = (name: string, url: string, secretEnv: string) => ({
  name,
  url,
  clientId: SAMPLE_CREDENTIALS.clientId,
  secretEnv,
});

beforeAll(async () => {
  [eu, us] = await Promise.all([startFakeLooker(), startFakeLooker()]);
  ws = await createWorkspace();
  const prices = 'prices: { developer: 1650, standard: 800, viewer: 400 }\ninactive_days: 90\n';
  await ws.write(
    'looker-audit.yaml',
    configYaml([account('eu', eu.url, 'EU_SECRET'), account('us', us.url, 'US_SECRET')], prices),
  );
  // The same names, `us` now down: nothing listens on 127.0.0.1:9.
  await ws.write(
    'down.yaml',
    configYaml([account('eu', eu.url, 'EU_SECRET'), account('us', 'http://127.0.0.1:9', 'US_SECRET')], prices),
  );
});
afterAll(async () => {
  await Promise.all([eu.close(), us.close()]);
  await ws.remove();
});

describe('report (HTML)', () => {
  it('writes one self-contained file with the figures, the charts and the users of both accounts; --history adds the trend', async () => {
    const snapshots = join(ws.dir, 'snapshots');
    await mkdir(snapshots);
    const first = await exec(['users', '-f', 'json', '-o', 'snapshots/2026-10-01.json'], { cwd: ws.dir, env });
    expect(first.status).toBe(0);
    // An earlier snapshot taken under another account name spelling is still matched (the matcher of diff).
    const text = await readFile(join(snapshots, '2026-10-01.json'), 'utf8');
    const older = JSON.parse(text) as { generated_at: string; accounts: { name: string }[] };
    older.generated_at = '2026-09-01T00:00:00.000Z';
    for (const a of older.accounts) a.name = a.name.toUpperCase();
    await writeFile(join(snapshots, '2026-09-01.json'), JSON.stringify(older));

    const r = await exec(['report', '--history', 'snapshots', '-o', 'report.html'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stdout).toBe('');
    const page = await readFile(join(ws.dir, 'report.html'), 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    for (const id of ['chart-seats', 'chart-inactive', 'chart-trend', 'users-table'])
      expect(page).toContain(`id="${id}"`);
    expect(page).toContain('From 2 earlier snapshots and this report.');
    // One trend point per account, tier and time: 2 snapshots + now, 2 accounts, 3 tiers.
    const trend = /<figure id="chart-trend"[\s\S]*?<\/figure>/.exec(page)?.[0] ?? '';
    expect(trend.match(/aria-roledescription="point"/g)).toHaveLength(3 * 2 * 3);
    expect(page).not.toContain(SAMPLE_CREDENTIALS.clientSecret);
  });

  it('users and summary take --format html; --history with another format is a usage error', async () => {
    const users = await exec(['users', '-f', 'html', '--license', 'developer'], { cwd: ws.dir, env });
    expect(users.status).toBe(0);
    expect(users.stdout).toContain('id="users-table"');
    expect(users.stdout).toContain('Only users with tier developer.');
    expect(users.stdout).not.toContain('<figure');
    const summary = await exec(['summary', '-f', 'html'], { cwd: ws.dir, env });
    expect(summary.status).toBe(0);
    expect(summary.stdout).toContain('id="chart-seats"');
    expect(summary.stdout).not.toContain('<script>');
    const wrong = await exec(['summary', '-f', 'json', '--history', 'x.json'], { cwd: ws.dir, env });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toBe(
      'looker-audit: --history draws the trend chart of the HTML report: use it with --format html\n',
    );
  });

  it('an unreadable or invalid --history file: one line naming it, exit 2, before any API call', async () => {
    const before = eu.requests.length;
    const missing = await exec(['report', '--history', 'nope.json', '-o', 'r2.html'], { cwd: ws.dir, env });
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^looker-audit: nope\.json: cannot read/);
    await ws.write('bad.json', '{"schema_version": 1}');
    const bad = await exec(['report', '--history', 'bad.json'], { cwd: ws.dir, env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^looker-audit: bad\.json: /);
    expect(hasStackTrace(bad.stderr)).toBe(false);
    await expect(stat(join(ws.dir, 'r2.html'))).rejects.toThrow();
    await ws.write('old.snapshot', await readFile(join(ws.dir, 'snapshots', '2026-10-01.json'), 'utf8'));
    const clash = await exec(['users', '-f', 'html', '--history', 'old.snapshot', '-o', 'old.snapshot'], {
      cwd: ws.dir,
      env,
    });
    expect(clash.status).toBe(2);
    expect(clash.stderr).toBe(
      'looker-audit: --output old.snapshot: is old.snapshot, an input of this run: choose another file\n',
    );
    expect(eu.requests.length).toBe(before);
  });
});

describe('report with an account down', () => {
  it('exit 3; the page names the failed account; as with every format, it goes to <file>.partial', async () => {
    const r = await exec(['-c', 'down.yaml', 'report', '-o', 'down.html'], { cwd: ws.dir, env });
    expect(r.status).toBe(3);
    expect(hasStackTrace(r.stderr)).toBe(false);
    await expect(stat(join(ws.dir, 'down.html'))).rejects.toThrow();
    const page = await readFile(join(ws.dir, 'down.html.partial'), 'utf8');
    expect(page).toContain('<b>us</b> could not be audited');
    expect(page).toContain('Not listed: us (could not be audited).');
  }, 60_000);
});

describe('markdown', () => {
  it('summary: a table per account and a total', async () => {
    const r = await exec(['summary', '-f', 'markdown'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^### Looker licence seats\n\n\| account \| developer \| standard \| viewer \|/);
    expect(r.stdout).toMatch(/^\| eu \| \d+ \|/m);
    expect(r.stdout).toMatch(/^\| \*\*total\*\* \|/m);
  });

  it('check and diff', async () => {
    const check = await exec(['check', '--max-developers', '0', '-f', 'markdown'], { cwd: ws.dir, env });
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/^### looker-audit check: \d+ violations?\n/);
    await exec(['users', '-f', 'json', '-o', 'a.json'], { cwd: ws.dir, env });
    const diff = await exec(['diff', 'a.json', 'a.json', '-f', 'markdown'], { cwd: ws.dir, env });
    expect(diff.status).toBe(0);
    expect(diff.stdout).toMatch(/\n\nNo changes\.\n$/);
  });
});

describe('prometheus', () => {
  it('a textfile: seats per account and tier; a failed account is a gauge, keeps its last success, and the file is replaced', async () => {
    const ok = await exec(['summary', '-f', 'prometheus', '-o', 'looker.prom'], { cwd: ws.dir, env });
    expect(ok.status).toBe(0);
    const families = parsePrometheusTextFormat(await readFile(join(ws.dir, 'looker.prom'), 'utf8'));
    const metrics = (name: string) => families.find((f) => f.name === name)?.metrics ?? [];
    expect(metrics('looker_audit_seats')).toHaveLength(8);
    const lastOk = metrics('looker_audit_last_success_timestamp_seconds');
    expect(lastOk.map((m) => m.labels?.account)).toEqual(['eu', 'us']);

    const down = await exec(['-c', 'down.yaml', 'summary', '-f', 'prometheus', '-o', 'looker.prom'], {
      cwd: ws.dir,
      env,
    });
    expect(down.status).toBe(3);
    expect(down.stderr).toMatch(/us/);
    await expect(stat(join(ws.dir, 'looker.prom.partial'))).rejects.toThrow();
    const after = parsePrometheusTextFormat(await readFile(join(ws.dir, 'looker.prom'), 'utf8'));
    const get = (name: string) => after.find((f) => f.name === name)?.metrics ?? [];
    expect(get('looker_audit_account_failed')).toEqual([
      { labels: { account: 'eu' }, value: '0' },
      { labels: { account: 'us' }, value: '1' },
    ]);
    expect(get('looker_audit_seats').some((m) => m.labels?.account === 'us')).toBe(false);
    expect(get('looker_audit_last_success_timestamp_seconds')).toContainEqual(lastOk[1]);
  }, 60_000);
});
