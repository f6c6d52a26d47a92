/**
 * What the lists said that could not be taken at face value reaches the user: one warning line on stderr per
 * finding, naming the account, while the report on stdout stays complete and the exit code stays 0.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  SAMPLE_CREDENTIALS,
  sampleOrganisation,
  startFakeLooker,
  type FakeLooker,
} from '../../src/fake-looker/index.js';
import { exec, hasStackTrace } from '../helpers/exec.js';
import { configYaml, createWorkspace, type Workspace } from '../helpers/workspace.js';

let fake: FakeLooker;
let ws: Workspace;
const env = { EU_SECRET: SAMPLE_CREDENTIALS.clientSecret };

beforeAll(async () => {
  const org = sampleOrganisation();
  const first = org.users[0];
  if (first) first.role_ids = [...first.role_ids, '9001'];
  fake = await startFakeLooker({ org, paging: { total: 9_999_999 }, supportRoles: 'only' });
  ws = await createWorkspace();
  await ws.write(
    'looker-audit.yaml',
    configYaml([{ name: 'eu', url: fake.url, clientId: SAMPLE_CREDENTIALS.clientId, secretEnv: 'EU_SECRET' }]),
  );
});

afterAll(async () => {
  await fake.close();
  await ws.remove();
});

describe('users against an instance with a lying total, support roles only, and an unknown role id', () => {
  it('warns on stderr, naming the account and the numbers; every user on stdout; exit 0', async () => {
    const r = await exec(['users', '--format', 'json'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    expect(hasStackTrace(r.stderr)).toBe(false);
    const doc = JSON.parse(r.stdout) as { accounts: { users: unknown[] }[] };
    expect(doc.accounts[0]?.users).toHaveLength(fake.org.users.length);
    expect(r.stderr).toMatch(/warning: account "eu": GET \/api\/4\.0\/users: X-Total-Count 9999999 not trusted/);
    expect(r.stderr).toMatch(/warning: account "eu": 1 role id in no role list: 9001 \(1 user\)/);
    // Support roles only under get_all_support_roles=true: the customer roles still came from the plain call.
    expect(r.stderr).not.toMatch(/role ids? in no role list: (?!9001)/);
  });
});
