/**
 * Secrets never leave memory: every command, run with --verbose against an instance whose credentials are a
 * planted, distinctive secret, prints neither the secret nor any access token (the sample instance issues
 * 40-hex-character tokens) on stdout, stderr or in any file it writes. --verbose must really be verbose (it
 * logs the requests), or the search would prove nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { exec } from '../helpers/exec.js';
import { configYaml, createWorkspace, type Workspace } from '../helpers/workspace.js';

const SECRET = 'PLANTED-verbose-s3cr3t-Kq81Zr';
const CLIENT_ID = 'verbose-client-id';
const TOKEN = /\b[0-9a-f]{40}\b/;
let fake: FakeLooker;
let ws: Workspace;
const env = { VERBOSE_SECRET: SECRET };

beforeAll(async () => {
  fake = await startFakeLooker({ credentials: [{ clientId: CLIENT_ID, clientSecret: SECRET }] });
  ws = await createWorkspace();
  await ws.write(
    'looker-audit.yaml',
    configYaml(
      [{ name: 'acme', url: fake.url, clientId: CLIENT_ID, secretEnv: 'VERBOSE_SECRET' }],
      'policy:\n  max_seats: { developer: 1 }\n',
    ),
  );
  // Two snapshots for `diff` and `check --baseline`.
  for (const name of ['old.json', 'new.json']) {
    const r = await exec(['users', '-f', 'json', '-o', name, '-q'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
  }
});
afterAll(async () => {
  await fake.close();
  await ws.remove();
});

async function writtenFiles(): Promise<string> {
  const names = (await readdir(ws.dir)).filter((n) => n !== 'looker-audit.yaml');
  return (await Promise.all(names.map((n) => readFile(join(ws.dir, n), 'utf8')))).join('\n');
}

describe('--verbose never prints a secret or a token', () => {
  it.each([
    [['users'], 0],
    [['users', '-f', 'csv', '-o', 'users.csv'], 0],
    [['users', '-f', 'json'], 0],
    [['summary', '--inactive-days', '30'], 0],
    [['roles', '-f', 'json'], 0],
    [['groups', '-f', 'csv'], 0],
    [['explain', 'ben.builder@acme.example'], 0],
    [['accounts'], 0],
    [['accounts', '--test'], 0],
    [['check'], 1],
    [['check', '-f', 'junit', '-o', 'check.xml'], 1],
    [['check', '--baseline', 'old.json', '--fail-on', 'new-developer'], 0],
    [['diff', 'old.json', 'new.json'], 0],
  ])('%j', async (args, expectedExit) => {
    const before = fake.requests.length;
    const r = await exec([...args, '--verbose'], { cwd: ws.dir, env });
    expect(r.status).toBe(expectedExit);
    const output = `${r.stdout}\n${r.stderr}\n${await writtenFiles()}`;
    expect(output).not.toContain(SECRET);
    expect(output).not.toMatch(TOKEN);
    if (args[0] !== 'diff' && !(args[0] === 'accounts' && args.length === 1)) {
      // The command talked to Looker, and --verbose said so request by request.
      expect(fake.requests.length).toBeGreaterThan(before);
      expect(r.stderr).toMatch(/POST \/api\/4\.0\/login 200/);
    }
    expect(fake.liveSessions()).toBe(0);
  });
});
