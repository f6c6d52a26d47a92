/**
 * A secret that cannot be had is the failure of the account it belongs to, as a refused login is: with two
 * accounts and one secret variable unset, every command reports the other account, names the unset variable in
 * one line, exits 3 and (with --output) leaves the target alone and writes `.partial`. No request reaches the
 * instance whose secret is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE_CREDENTIALS, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { exec, hasStackTrace } from '../helpers/exec.js';
import { configYaml, createWorkspace, type Workspace } from '../helpers/workspace.js';

let good: FakeLooker;
let broken: FakeLooker;
let ws: Workspace;
const env = { GOOD_SECRET: SAMPLE_CREDENTIALS.clientSecret };
const UNSET_LINE = /^error: account "broken": environment variable BROKEN_SECRET \(client_secret_env\) is not set$/m;

beforeAll(async () => {
  [good, broken] = await Promise.all([startFakeLooker(), startFakeLooker()]);
  ws = await createWorkspace('looker-audit-missing-secret-');
  await ws.write(
    'looker-audit.yaml',
    configYaml(
      [
        { name: 'good', url: good.url, clientId: SAMPLE_CREDENTIALS.clientId, secretEnv: 'GOOD_SECRET' },
        { name: 'broken', url: broken.url, clientId: SAMPLE_CREDENTIALS.clientId, secretEnv: 'BROKEN_SECRET' },
      ],
      'policy:\n  max_seats: { developer: 100 }\n',
    ),
  );
});
afterAll(async () => {
  await Promise.all([good.close(), broken.close()]);
  await ws.remove();
});

function expectOneFailureLine(stderr: string): void {
  expect(stderr).toMatch(UNSET_LINE);
  expect(stderr.split('\n').filter((line) => line.includes('BROKEN_SECRET'))).toHaveLength(1);
  expect(hasStackTrace(stderr)).toBe(false);
  expect(broken.requests).toHaveLength(0);
}

describe('two accounts, one secret variable unset: that account fails, the other is reported', () => {
  it('summary -f csv -o s.csv: exit 3, s.csv not written, s.csv.partial holds the good account', async () => {
    const r = await exec(['summary', '-f', 'csv', '-o', 's.csv'], { cwd: ws.dir, env });
    expect(r.status).toBe(3);
    expectOneFailureLine(r.stderr);
    await expect(stat(join(ws.dir, 's.csv'))).rejects.toThrow(/ENOENT/);
    const partial = await readFile(join(ws.dir, 's.csv.partial'), 'utf8');
    expect(partial).toMatch(/^good,/m);
    expect(r.stderr).toMatch(/s\.csv not written; the accounts that succeeded are in .*s\.csv\.partial/);
  });

  it('users: exit 3, the good account in the table', async () => {
    const r = await exec(['users'], { cwd: ws.dir, env });
    expect(r.status).toBe(3);
    expectOneFailureLine(r.stderr);
    expect(r.stdout).toContain('ada.admin@acme.example');
    expect(r.stdout).toMatch(/account "broken" could not be audited/);
  });

  it('check: exit 3 (could not audit wins), the good account checked', async () => {
    const r = await exec(['check'], { cwd: ws.dir, env });
    expect(r.status).toBe(3);
    expectOneFailureLine(r.stderr);
    expect(r.stdout).toMatch(/^good: passed: no tier has more seats than max_seats$/m);
    expect(r.stdout).toMatch(/^broken: could not be audited: .*BROKEN_SECRET/m);
  });

  it('accounts --test: exit 3 as well, the good account tested', async () => {
    const r = await exec(['accounts', '--test', '-f', 'json'], { cwd: ws.dir, env });
    expect(r.status).toBe(3);
    expectOneFailureLine(r.stderr);
    const doc = JSON.parse(r.stdout) as { accounts: { name: string; ok: boolean }[] };
    expect(doc.accounts.map((a) => [a.name, a.ok])).toEqual([
      ['good', true],
      ['broken', false],
    ]);
  });

  it('plan: exit 3, the good account planned, the broken one named in the plan', async () => {
    const r = await exec(['plan', '-f', 'json'], { cwd: ws.dir, env });
    expect(r.status).toBe(3);
    expectOneFailureLine(r.stderr);
    const doc = JSON.parse(r.stdout) as { accounts: { name: string; error?: string; items: unknown[] }[] };
    expect(doc.accounts.find((a) => a.name === 'good')?.items.length).toBeGreaterThan(0);
    expect(doc.accounts.find((a) => a.name === 'broken')?.error).toMatch(/BROKEN_SECRET/);
  });

  it('apply (dry run): exit 3 for the account without its secret, no request to it, the other checked', async () => {
    const made = await exec(['plan', '-f', 'json', '-o', 'both.json'], {
      cwd: ws.dir,
      env: { ...env, BROKEN_SECRET: SAMPLE_CREDENTIALS.clientSecret },
    });
    expect(made.status).toBe(0);
    const before = broken.requests.length;
    const goodBefore = good.requests.length;
    const r = await exec(['apply', 'both.json', '-f', 'json'], { cwd: ws.dir, env });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(UNSET_LINE);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(broken.requests.length).toBe(before);
    // The good account was re-read (a dry run: no write).
    const sent = good.requests.slice(goodBefore);
    expect(sent.some((q) => q.method === 'GET' && q.path.startsWith('/api/4.0/users'))).toBe(true);
    expect(sent.filter((q) => ['PATCH', 'PUT'].includes(q.method) || q.path.includes('/groups/'))).toEqual([]);
  });
});
