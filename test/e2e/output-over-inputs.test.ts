/**
 * `-o` naming any file the run reads is refused before any API call (exit 2), the file left as it was: the config,
 * a rules file (flag and config key), client_secret_file, ca_file, --directory, --baseline, a diff snapshot, a
 * --history snapshot, and a plan file (apply, and plan's own config inputs); named as given, through a symlink, or
 * through a hard link.
 */
import { link, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SAMPLE_CREDENTIALS, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { exec, hasStackTrace } from '../helpers/exec.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

let ws: Workspace;
let fake: FakeLooker;
const env = { S: SAMPLE_CREDENTIALS.clientSecret };
const SNAPSHOT = JSON.stringify({
  schema_version: 1,
  generated_at: '2026-01-01T00:00:00.000Z',
  rules: 'torii',
  accounts: [],
});
const RULES = 'name: acme\ntiers:\n  developer:\n    name_contains: [admin]\n';

beforeAll(async () => {
  ws = await createWorkspace('looker-audit-o-inputs-');
  fake = await startFakeLooker();
  const account = (extra: string) =>
    `accounts:\n  - name: sample\n    url: ${fake.url}\n    client_id: ${SAMPLE_CREDENTIALS.clientId}\n${extra}`;
  await ws.write('looker-audit.yaml', account('    client_secret_env: S\n'));
  await ws.write('with-rules.yaml', `${account('    client_secret_env: S\n')}rules: ./rules.yaml\n`);
  await ws.write('with-secret.yaml', account('    client_secret_file: ./secret.txt\n'));
  await ws.write('with-ca.yaml', account('    client_secret_env: S\n    ca_file: ./ca.pem\n'));
  await ws.write('rules.yaml', RULES);
  await ws.write('secret.txt', `${SAMPLE_CREDENTIALS.clientSecret}\n`);
  await ws.write('ca.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  await ws.write('directory.csv', 'email,status\nalice@acme.com,active\n');
  // history-snapshot: a name without an extension, so -o reaches the input check (a .json -o is refused earlier,
  // as a format report cannot write).
  for (const name of ['baseline.json', 'old.json', 'new.json', 'history-snapshot']) await ws.write(name, SNAPSHOT);
  // A real plan of the sample instance, for apply to read.
  const planned = await exec(['plan', '-f', 'json', '-o', 'plan.json'], { cwd: ws.dir, env });
  expect(planned.status).toBe(0);
});
afterAll(async () => {
  await fake.close();
  await ws.remove();
});

// [input kind, the file, the command that reads it (and writes -o)]
const CASES: [string, string, string[]][] = [
  ['the config', 'looker-audit.yaml', ['users', '-f', 'csv']],
  ['a rules file (--rules)', 'rules.yaml', ['users', '-f', 'csv', '--rules', './rules.yaml']],
  ['a rules file (rules: in the config)', 'rules.yaml', ['users', '-f', 'csv', '-c', 'with-rules.yaml']],
  ['client_secret_file', 'secret.txt', ['users', '-f', 'csv', '-c', 'with-secret.yaml']],
  [
    'client_secret_file of an account not selected',
    'secret.txt',
    ['users', '-f', 'csv', '-c', 'with-secret.yaml', '-a', 'sample'],
  ],
  ['ca_file', 'ca.pem', ['users', '-f', 'csv', '-c', 'with-ca.yaml']],
  ['--directory', 'directory.csv', ['people', '-f', 'csv', '--directory', 'directory.csv']],
  ['--baseline', 'baseline.json', ['check', '-f', 'json', '--max-developers', '9', '--baseline', 'baseline.json']],
  ['a diff snapshot', 'new.json', ['diff', 'old.json', 'new.json', '-f', 'json']],
  ['a --history snapshot', 'history-snapshot', ['report', '--history', 'history-snapshot']],
  ['client_secret_file (plan)', 'secret.txt', ['plan', '-f', 'json', '-c', 'with-secret.yaml']],
  ['the plan file (apply)', 'plan.json', ['apply', 'plan.json', '-f', 'json']],
  ['client_secret_file (apply)', 'secret.txt', ['apply', 'plan.json', '-f', 'json', '-c', 'with-secret.yaml']],
];

describe.each([
  ['named as given', (file: string) => Promise.resolve(file)],
  [
    'through a symlink',
    async (file: string) => {
      const alias = `link-${Math.random().toString(36).slice(2)}-${file}`;
      await symlink(join(ws.dir, file), join(ws.dir, alias));
      return alias;
    },
  ],
  [
    'through a hard link',
    async (file: string) => {
      const alias = `hard-${Math.random().toString(36).slice(2)}-${file}`;
      await link(join(ws.dir, file), join(ws.dir, alias));
      return alias;
    },
  ],
] as const)('-o %s', (_how, aliasOf) => {
  it.each(CASES)('%s: exit 2 before any API call, the input unchanged', async (_kind, file, args) => {
    const before = await readFile(join(ws.dir, file));
    const calls = fake.requests.length;
    const target = await aliasOf(file);
    const r = await exec([...args, '-o', target], { cwd: ws.dir, env });
    expect(r.status).toBe(2);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^looker-audit: --output ${target.replace(/[.]/g, '\\.')}: is .*, an input of this run`),
      ),
    ]);
    expect(await readFile(join(ws.dir, file))).toEqual(before);
    expect(fake.requests.length).toBe(calls);
  });
});
