/**
 * Secrets and tokens never reach a plan, a journal or any output: plan, apply and undo (dry and real, with
 * --verbose) against an instance whose credentials are a planted secret, one write answered by a server that
 * echoes the request back (its Authorization header and body) into its error message. Neither the secret nor any
 * access token (the sample issues 40-hex-character tokens) is on stdout, stderr or in any file the runs wrote.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { SAMPLE_ACTIVITY_DATE, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { exec } from '../helpers/exec.js';
import { configYaml, createWorkspace, type Workspace } from '../helpers/workspace.js';

const SECRET = 'PLANTED-remediation-s3cr3t-Vx42Qa';
const CLIENT_ID = 'remediation-client-id';
const TOKEN = /\b[0-9a-f]{40}\b/;
const env = { PLANTED_SECRET: SECRET };

let fake: FakeLooker;
let ws: Workspace;

beforeAll(async () => {
  fake = await startFakeLooker({
    now: () => Date.parse(`${SAMPLE_ACTIVITY_DATE}T08:00:00Z`),
    credentials: [{ clientId: CLIENT_ID, clientSecret: SECRET }],
  });
  ws = await createWorkspace('looker-audit-remediation-secrets-');
  await ws.write(
    'looker-audit.yaml',
    configYaml(
      [{ name: 'acme', url: fake.url, clientId: CLIENT_ID, secretEnv: 'PLANTED_SECRET' }],
      'remediation: { roles: { standard: Explorer }, groups: { viewer: Finance } }\n',
    ),
  );
});
afterAll(async () => {
  await fake.close();
  await ws.remove();
});

async function everything(): Promise<string> {
  const names = (await readdir(ws.dir)).filter((n) => n !== 'looker-audit.yaml');
  return (await Promise.all(names.map((n) => readFile(join(ws.dir, n), 'utf8')))).join('\n');
}

it('plan, apply and undo, dry and real, print and write neither the secret nor a token', async () => {
  const streams: string[] = [];
  const run = async (args: string[], expected: number) => {
    const r = await exec([...args, '--verbose'], { cwd: ws.dir, env });
    expect(r.status).toBe(expected);
    streams.push(r.stdout, r.stderr);
    return r;
  };
  await run(['plan', '-o', 'plan.json'], 0);
  await run(['plan', '-f', 'markdown', '-o', 'plan.md'], 0);
  await run(['apply', 'plan.json'], 0);
  // The fourth write's answer repeats the request: the token in its Authorization header, the body.
  fake.inject(
    { method: ['POST', 'PUT', 'PATCH', 'DELETE'], path: /^\/api\/4\.0\/(users|groups)\//, skip: 3 },
    { kind: 'echo', status: 500 },
  );
  const applied = await run(['apply', 'plan.json', '--yes', '-f', 'json', '-o', 'applied.json'], 4);
  expect(applied.stderr).toMatch(/PATCH|POST|PUT|DELETE/);
  await run(['undo', 'plan.journal.jsonl', '-f', 'markdown'], 0);
  await run(['undo', 'plan.journal.jsonl', '--yes', '-f', 'json', '-o', 'undone.json'], 0);

  const all = `${streams.join('\n')}\n${await everything()}`;
  // The echo reached the journal (redacted), or the search would prove nothing.
  expect(await readFile(join(ws.dir, 'plan.journal.jsonl'), 'utf8')).toMatch(/"event":"failed".*Request was/);
  expect(all).not.toContain(SECRET);
  expect(all).not.toMatch(TOKEN);
  expect(fake.liveSessions()).toBe(0);
});
