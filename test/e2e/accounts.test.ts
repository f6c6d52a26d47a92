import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SAMPLE_CREDENTIALS, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { exec, hasStackTrace } from '../helpers/exec.js';
import { configYaml, createWorkspace, type Workspace } from '../helpers/workspace.js';

let fake: FakeLooker;
let ws: Workspace;
const SECRET = SAMPLE_CREDENTIALS.clientSecret;

beforeAll(async () => {
  fake = await startFakeLooker();
  ws = await createWorkspace();
  await ws.write(
    'looker-audit.yaml',
    configYaml([
      { name: 'good', url: fake.url, clientId: SAMPLE_CREDENTIALS.clientId, secretEnv: 'GOOD_SECRET' },
      { name: 'wrong', url: fake.url, clientId: SAMPLE_CREDENTIALS.clientId, secretEnv: 'WRONG_SECRET' },
    ]),
  );
});
afterAll(async () => {
  await fake.close();
  await ws.remove();
});

describe('looker-audit accounts', () => {
  it('lists the configured accounts without reading or printing any secret', async () => {
    const r = await exec(['accounts'], { cwd: ws.dir, env: { GOOD_SECRET: SECRET } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('good');
    expect(r.stdout).toContain('env GOOD_SECRET');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(fake.requests).toHaveLength(0);
  });

  it('--test logs in and out of a good account and prints its Looker release', async () => {
    const r = await exec(['accounts', '--test', '-a', 'good', '--format', 'json'], {
      cwd: ws.dir,
      env: { GOOD_SECRET: SECRET },
    });
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      accounts: { name: string; ok: boolean; looker_release: string; api_calls: number }[];
    };
    expect(doc.accounts).toEqual([
      expect.objectContaining({ name: 'good', ok: true, looker_release: '26.12.0', api_calls: 3 }),
    ]);
    expect(fake.liveSessions()).toBe(0);
  });

  it('a wrong secret gives one line naming the account, no stack trace, exit 3; the good account still passes', async () => {
    const r = await exec(['accounts', '--test'], {
      cwd: ws.dir,
      env: { GOOD_SECRET: SECRET, WRONG_SECRET: 'not-the-secret-123' },
    });
    expect(r.status).toBe(3);
    const errorLines = r.stderr.split('\n').filter((line) => line.includes('wrong'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(/account "wrong".*login/i);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stdout).toMatch(/good\s+.*OK/);
    expect(r.stdout + r.stderr).not.toContain('not-the-secret-123');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('an unset secret variable: accounts flags it; accounts --test gives that account a FAILED row and tests the rest', async () => {
    const listed = await exec(['accounts'], { cwd: ws.dir, env: { GOOD_SECRET: SECRET } });
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/env WRONG_SECRET \(NOT SET\)/);
    expect(listed.stdout).not.toMatch(/env GOOD_SECRET \(NOT SET\)/);
    expect(listed.stderr).toMatch(/^warning: account "wrong": environment variable WRONG_SECRET .* is not set$/m);

    const before = fake.requests.length;
    const tested = await exec(['accounts', '--test', '--format', 'json'], {
      cwd: ws.dir,
      env: { GOOD_SECRET: SECRET },
    });
    expect(tested.status).toBe(3);
    const doc = JSON.parse(tested.stdout) as { accounts: { name: string; ok: boolean; error?: string }[] };
    expect(doc.accounts.map((a) => [a.name, a.ok])).toEqual([
      ['good', true],
      ['wrong', false],
    ]);
    expect(doc.accounts[1]?.error).toMatch(/WRONG_SECRET .* is not set/);
    // Only the good account logged in (login, versions, logout).
    expect(fake.requests.length - before).toBe(3);
    expect(hasStackTrace(tested.stderr)).toBe(false);
  });
});
