/**
 * Bad-input suite: the BUILT CLI refuses bad input with exit 2, one clear stderr line (naming the file
 * and the path inside it where there is one), no stack trace, nothing on stdout, and nothing written. Every
 * case runs against a workspace of its own and must not spend a single API call on the sample instance.
 * An unset `client_secret_env` variable is one of them: its presence is checked before any call (the value is
 * still read only at login).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmod, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE_CREDENTIALS, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { exec, hasStackTrace } from '../helpers/exec.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

/** Planted in env and, in one case, misplaced in the config: it must never be echoed. */
const SECRET = 'bad-input-SECRET-Kp3v-never-print-me';
const RUNNING_AS_ROOT = process.getuid?.() === 0;

interface BadInputCase {
  readonly title: string;
  /** Files to create in the case's folder (name -> content); `{url}` is replaced by the sample instance's URL. */
  readonly files?: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  /** Every pattern must match the one error line. */
  readonly line: readonly RegExp[];
  /** Before the run (e.g. chmod). */
  readonly prepare?: (dir: string) => Promise<void>;
  /** Skip when running as root (root reads any file whatever its mode). */
  readonly skipAsRoot?: boolean;
  /** Default 2. */
  readonly exit?: 2 | 3;
  /** Files the run may leave in the folder (default none). */
  readonly written?: readonly string[];
  /** How many stderr lines (default 1). */
  readonly lines?: number;
}

const account = (fields: Record<string, string>, name = 'prod') =>
  [`  - name: ${name}`, ...Object.entries(fields).map(([k, v]) => `    ${k}: ${v}`)].join('\n');
const config = (...accounts: string[]) => `accounts:\n${accounts.join('\n')}\n`;
const GOOD = { url: '{url}', client_id: SAMPLE_CREDENTIALS.clientId, client_secret_env: 'BAD_INPUT_SECRET' };
const GOOD_CONFIG = config(account(GOOD));
const USERS = ['users', '--format', 'csv', '--output', 'report.csv'];

const CASES: readonly BadInputCase[] = [
  {
    title: 'missing config (--config nope.yaml)',
    args: [...USERS, '--config', 'nope.yaml'],
    line: [/nope\.yaml/, /not found/],
  },
  {
    title: `unreadable config (chmod 000)${RUNNING_AS_ROOT ? ' [skipped: running as root, and root reads any file]' : ''}`,
    files: { 'looker-audit.yaml': GOOD_CONFIG },
    prepare: (dir) => chmod(join(dir, 'looker-audit.yaml'), 0o000),
    skipAsRoot: true,
    args: USERS,
    line: [/looker-audit\.yaml/, /permission denied/],
  },
  {
    title: 'YAML syntax error: the line number is given',
    files: {
      'looker-audit.yaml': `accounts:\n  - name: prod\n    url: https://acme.cloud.looker.com\n   client_id: abc\n    client_secret_env: X\n`,
    },
    args: USERS,
    line: [/looker-audit\.yaml/, /line 4, column \d+/],
  },
  {
    title: 'unknown key (a misspelt secret key holding the secret: neither echoed nor accepted)',
    files: {
      'looker-audit.yaml': config(
        account({ url: 'https://acme.cloud.looker.com', client_id: 'abc', client_secert: SECRET }),
      ),
    },
    args: USERS,
    line: [/looker-audit\.yaml/, /accounts\[0\]\.client_secert: unknown key \(did you mean "client_secret"\?\)/],
  },
  {
    title: 'missing url',
    files: { 'looker-audit.yaml': config(account({ client_id: 'abc', client_secret_env: 'X' })) },
    args: USERS,
    line: [/looker-audit\.yaml/, /accounts\[0\]\.url: is required/],
  },
  {
    title: 'missing client_id',
    files: { 'looker-audit.yaml': config(account({ url: 'https://acme.cloud.looker.com', client_secret_env: 'X' })) },
    args: USERS,
    line: [/looker-audit\.yaml/, /accounts\[0\]\.client_id: is required/],
  },
  {
    title: 'missing secret (no client_secret, client_secret_env or client_secret_file)',
    files: { 'looker-audit.yaml': config(account({ url: 'https://acme.cloud.looker.com', client_id: 'abc' })) },
    args: USERS,
    line: [
      /looker-audit\.yaml/,
      /accounts\[0\]: one of client_secret, client_secret_env, client_secret_file is required/,
    ],
  },
  {
    title: 'client_secret_env names an unset variable: a config error found before any API call',
    files: { 'looker-audit.yaml': config(account({ ...GOOD, client_secret_env: 'UNSET_LOOKER_SECRET' })) },
    args: USERS,
    line: [
      /looker-audit\.yaml: account "prod": environment variable UNSET_LOOKER_SECRET \(client_secret_env\) is not set/,
    ],
  },
  {
    title: 'client_secret_file that does not exist: a config error (exit 2) found before any API call',
    files: {
      'looker-audit.yaml': config(
        account({ url: GOOD.url, client_id: GOOD.client_id, client_secret_file: './no-such-secret.txt' }),
      ),
    },
    args: USERS,
    line: [/looker-audit\.yaml: account "prod": client_secret_file .*no-such-secret\.txt: no such file/],
  },
  {
    title: 'http:// to a remote host',
    files: { 'looker-audit.yaml': config(account({ ...GOOD, url: 'http://acme.cloud.looker.com' })) },
    args: USERS,
    line: [/looker-audit\.yaml/, /accounts\[0\]\.url: must be an https URL/],
  },
  {
    title: 'a URL with a path',
    files: { 'looker-audit.yaml': config(account({ ...GOOD, url: 'https://acme.cloud.looker.com/looker/admin' })) },
    args: USERS,
    line: [/looker-audit\.yaml/, /accounts\[0\]\.url: must be the API host only, without a path/],
  },
  {
    title: 'a URL with a query',
    files: { 'looker-audit.yaml': config(account({ ...GOOD, url: '"https://acme.cloud.looker.com/?tenant=1"' })) },
    args: USERS,
    line: [/looker-audit\.yaml/, /accounts\[0\]\.url: must not have a query string/],
  },
  {
    title: 'duplicate account names',
    files: { 'looker-audit.yaml': config(account(GOOD), account(GOOD, 'Prod')) },
    args: USERS,
    line: [/looker-audit\.yaml/, /accounts\[1\]: duplicate account name "Prod" \(also accounts\[0\]\)/],
  },
  {
    title: 'an unknown --account',
    files: { 'looker-audit.yaml': GOOD_CONFIG },
    args: [...USERS, '--account', 'staging'],
    line: [/unknown account "staging"/, /looker-audit\.yaml configures: prod/],
  },
  {
    title: 'an unknown --format',
    files: { 'looker-audit.yaml': GOOD_CONFIG },
    args: ['users', '--format', 'xml'],
    line: [/unknown format "xml"/, /table, csv, json/],
  },
  {
    title: 'a negative --inactive-days',
    files: { 'looker-audit.yaml': GOOD_CONFIG },
    args: [...USERS, '--inactive-days', '-5'],
    line: [/--inactive-days must be a positive whole number, got "-5"/],
  },
  {
    title: 'a non-numeric --inactive-days',
    files: { 'looker-audit.yaml': GOOD_CONFIG },
    args: [...USERS, '--inactive-days', 'ninety'],
    line: [/--inactive-days must be a positive whole number, got "ninety"/],
  },
  {
    title: 'an unwritable --output path (its folder does not exist)',
    files: { 'looker-audit.yaml': GOOD_CONFIG },
    args: ['users', '--format', 'csv', '--output', 'missing-folder/report.csv'],
    line: [/--output missing-folder\/report\.csv/, /does not exist or is not writable/],
  },
  {
    title: 'an --output path that is a folder',
    files: { 'looker-audit.yaml': GOOD_CONFIG, 'reports/.keep': '' },
    args: ['users', '--format', 'csv', '--output', 'reports'],
    line: [/--output reports: is a folder/],
  },
  {
    title: 'a diff snapshot that is not JSON',
    files: { 'old.json': '{"schema_version": 1, "accounts": [', 'new.json': '{}' },
    args: ['diff', 'old.json', 'new.json', '--format', 'csv', '--output', 'diff.csv'],
    line: [/old\.json: not JSON/, /users --format json/],
  },
  {
    title: 'a diff snapshot with the wrong schema_version',
    files: {
      'old.json': JSON.stringify({
        schema_version: 2,
        generated_at: '2026-01-01T00:00:00.000Z',
        rules: 'torii',
        accounts: [],
      }),
      'new.json': JSON.stringify({
        schema_version: 2,
        generated_at: '2026-01-02T00:00:00.000Z',
        rules: 'torii',
        accounts: [],
      }),
    },
    args: ['diff', 'old.json', 'new.json', '--format', 'csv', '--output', 'diff.csv'],
    line: [/old\.json: schema_version: 2 is not supported/],
  },
  {
    title: 'an invalid rules file (--rules)',
    files: {
      'looker-audit.yaml': GOOD_CONFIG,
      'rules.yaml': 'name: ours\ntiers:\n  developer:\n    permissions: [Administer!]\n',
    },
    args: [...USERS, '--rules', 'rules.yaml'],
    line: [/rules\.yaml/, /tiers\.developer\.permissions\[0\]: must be a Looker permission name/],
  },
  {
    title: 'a rules file that does not exist (--rules)',
    files: { 'looker-audit.yaml': GOOD_CONFIG },
    args: [...USERS, '--rules', 'no-such-rules.yaml'],
    line: [/no-such-rules\.yaml/, /cannot read the rules file \(no such file\)/],
  },
];

let fake: FakeLooker;
let ws: Workspace;
beforeAll(async () => {
  fake = await startFakeLooker();
  ws = await createWorkspace('looker-audit-bad-input-');
});
afterAll(async () => {
  await fake.close();
  await ws.remove();
});

const runnable = CASES.filter((c) => !(c.skipAsRoot && RUNNING_AS_ROOT));
const skipped = CASES.filter((c) => c.skipAsRoot && RUNNING_AS_ROOT);

async function runCase(index: number, c: BadInputCase): Promise<void> {
  const dir = join(ws.dir, `case-${index}`);
  await mkdir(dir);
  for (const [name, content] of Object.entries(c.files ?? {})) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await ws.write(join(`case-${index}`, name), content.replaceAll('{url}', fake.url));
  }
  await c.prepare?.(dir);
  const before = (await readdir(dir)).sort();
  const calls = fake.requests.length;

  const r = await exec(c.args, { cwd: dir, env: { BAD_INPUT_SECRET: SECRET } });

  expect(r.status).toBe(c.exit ?? 2);
  expect(r.stdout).toBe('');
  expect(hasStackTrace(r.stderr)).toBe(false);
  const lines = r.stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines).toHaveLength(c.lines ?? 1);
  const first = lines[0] ?? '';
  if ((c.exit ?? 2) === 2) expect(first).toMatch(/^looker-audit: /);
  for (const pattern of c.line) expect(first).toMatch(pattern);
  expect(r.stdout + r.stderr).not.toContain(SECRET);
  // Nothing written (beyond what the case names), and no API call spent on bad input.
  expect((await readdir(dir)).sort()).toEqual([...before, ...(c.written ?? [])].sort());
  expect(fake.requests.length).toBe(calls);
}

describe('bad-input suite: exit 2, one clear line, no stack trace, nothing on stdout, nothing written', () => {
  it.each(runnable.map((c) => [c.title, CASES.indexOf(c), c] as const))('%s', async (_title, index, c) =>
    runCase(index, c),
  );
  if (skipped.length > 0) it.skip.each(skipped.map((c) => [c.title] as const))('%s', () => undefined);
});
