/**
 * The built CLI: `diff` and `check --baseline` agree on who is the same user (snapshot/match.ts), end to end.
 * The example on the sample instance: user 1 (a Developer) changes email, and a new user 30 takes the old
 * one as a Developer. Both commands must call user 30 new, and neither may match one earlier user twice. Then the
 * same with the account's name spelt in another case in the baseline: still the same account for both.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SAMPLE_CREDENTIALS, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { exec } from '../helpers/exec.js';
import { configYaml, createWorkspace, type Workspace } from '../helpers/workspace.js';

const env = { M_SECRET: SAMPLE_CREDENTIALS.clientSecret };

interface CheckJson {
  violations: { kind: string; user_id: string | null; email: string | null; message: string }[];
  accounts: { name: string; checked: string[]; notes: string[] }[];
}
interface DiffJson {
  accounts: {
    name: string;
    status: string;
    users_added: { id: string; email: string }[];
    users_removed: { id: string }[];
    tier_changes: { id: string }[];
  }[];
}

let m: FakeLooker;
let ws: Workspace;
beforeAll(async () => {
  m = await startFakeLooker();
  ws = await createWorkspace();
  await ws.write(
    'm.yaml',
    configYaml([{ name: 'main', url: m.url, clientId: SAMPLE_CREDENTIALS.clientId, secretEnv: 'M_SECRET' }]),
  );
});
afterAll(async () => {
  await m.close();
  await ws.remove();
});

async function checkAndDiff(baseline: string): Promise<{ check: CheckJson; diff: DiffJson }> {
  const gate = await exec(['check', '-c', 'm.yaml', '--baseline', baseline, '-f', 'json'], { cwd: ws.dir, env });
  expect(gate.stderr).toBe('check: 1 policy violation\n'); // and no note (not compared, matched by email)
  expect(gate.status).toBe(1);
  const diff = await exec(['diff', baseline, 'after.json', '-f', 'json'], { cwd: ws.dir, env: {} });
  expect(diff.stderr).toBe('');
  expect(diff.status).toBe(0);
  return { check: JSON.parse(gate.stdout) as CheckJson, diff: JSON.parse(diff.stdout) as DiffJson };
}

describe("the issue's example through both commands", () => {
  it('a new user who takes the email of an existing Developer is a new Developer seat for check and diff', async () => {
    const before = await exec(['users', '-c', 'm.yaml', '-f', 'json', '-o', 'before.json', '-q'], {
      cwd: ws.dir,
      env,
    });
    expect(before.status).toBe(0);
    const ada = m.org.users.find((u) => u.id === '1');
    expect(ada?.email).toBe('ada.admin@acme.example');
    ada!.email = 'ada.lovelace@acme.example';
    m.org.users.push({
      id: '30',
      first_name: 'Adam',
      last_name: 'Admin',
      email: 'ada.admin@acme.example',
      is_disabled: false,
      role_ids: ['1'],
      group_ids: [],
      login: 'email',
      logged_in_at: '2026-11-25T09:00:00.000+00:00',
      created_at: '2026-11-24T10:00:00.000+00:00',
    });
    const after = await exec(['users', '-c', 'm.yaml', '-f', 'json', '-o', 'after.json', '-q'], { cwd: ws.dir, env });
    expect(after.status).toBe(0);

    const { check, diff } = await checkAndDiff('before.json');
    expect(check.violations.map((v) => [v.kind, v.user_id, v.email])).toEqual([
      ['new-developer', '30', 'ada.admin@acme.example'],
    ]);
    expect(check.violations[0]?.message).toContain('a user not in the baseline');
    const [account] = diff.accounts;
    expect(account?.status).toBe('compared');
    expect(account?.users_added.map((u) => [u.id, u.email])).toEqual([['30', 'ada.admin@acme.example']]);
    expect(account?.users_removed).toEqual([]);
    expect(account?.tier_changes).toEqual([]);
  });

  it('the account named in another case in the baseline is the same account for both', async () => {
    const doc = JSON.parse(await readFile(`${ws.dir}/before.json`, 'utf8')) as { accounts: { name: string }[] };
    doc.accounts[0]!.name = 'MAIN';
    await writeFile(`${ws.dir}/before-upper.json`, JSON.stringify(doc));

    const { check, diff } = await checkAndDiff('before-upper.json');
    expect(check.accounts).toEqual([{ name: 'main', checked: ['new-developer'], notes: [] }]);
    expect(check.violations.map((v) => v.user_id)).toEqual(['30']);
    expect(diff.accounts.map((a) => [a.name, a.status])).toEqual([['main', 'compared']]);
    expect(diff.accounts[0]?.users_added.map((u) => u.id)).toEqual(['30']);
  });
});
