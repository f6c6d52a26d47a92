import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SAMPLE_CREDENTIALS, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { exec, hasStackTrace } from '../helpers/exec.js';
import { oauthConfigYaml } from '../helpers/oauth-login.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

let fake: FakeLooker;
let ws: Workspace;
const env = { API3_SECRET: SAMPLE_CREDENTIALS.clientSecret };

beforeAll(async () => {
  fake = await startFakeLooker();
  ws = await createWorkspace();
  await ws.write('looker-audit.yaml', oauthConfigYaml(fake.url));
});
afterAll(async () => {
  await fake.close();
  await ws.remove();
});

describe('an auth: oauth account', () => {
  it('is listed by `accounts` with its auth kind, and no secret source', async () => {
    const table = await exec(['accounts'], { cwd: ws.dir, env });
    expect(table.status).toBe(0);
    const line = table.stdout.split('\n').find((l) => l.includes('person')) ?? '';
    expect(line).toMatch(/\boauth\b.*oauth login/);
    expect(table.stdout.split('\n').find((l) => l.includes('keyed'))).toMatch(/\bapi3\b.*env API3_SECRET/);

    const json = await exec(['accounts', '--format', 'json'], { cwd: ws.dir, env });
    const doc = JSON.parse(json.stdout) as { accounts: Record<string, unknown>[] };
    expect(doc.accounts.map((a) => [a.name, a.auth, a.secret_from, a.secret_problem])).toEqual([
      ['keyed', 'api3', 'env API3_SECRET', null],
      ['person', 'oauth', null, null],
    ]);
  });

  it('not logged in: fails alone (exit 3) with the command that logs in; the API3 account is still audited', async () => {
    const r = await exec(['users', '--format', 'json'], { cwd: ws.dir, env });
    expect(r.status).toBe(3);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stderr).toContain('account "person": not logged in: run: looker-audit login -a person');
    const doc = JSON.parse(r.stdout) as { accounts: { name: string; error?: string; users: unknown[] }[] };
    const [keyed, person] = doc.accounts;
    expect(keyed).toMatchObject({ name: 'keyed' });
    expect(keyed?.error).toBeUndefined();
    expect(keyed?.users.length).toBeGreaterThan(0);
    expect(person).toMatchObject({
      name: 'person',
      error: expect.stringContaining('run: looker-audit login -a person'),
    });
    expect(person?.users).toEqual([]);
  });
});
