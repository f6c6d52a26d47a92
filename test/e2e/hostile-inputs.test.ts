/**
 * Every input path x every file kind an attacker (or a mistake) can put there: the run ends with one clean line, the
 * right exit code, no stack trace, and no byte of the file beyond what the user typed (its name). The kinds: a
 * shadow-format file reached through a symlink, a .env file, a binary file, a named pipe whose writer sends such
 * content, /dev/zero (through a symlink), and a sparse file just over the path's size limit.
 *
 * The input paths: the config (-c), a rules file (--rules, and `rules:` in the config), --directory, a snapshot
 * (diff, check --baseline), --history, client_secret_file (read at login: the account fails, exit 3) and ca_file.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exec, hasStackTrace } from '../helpers/exec.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

const SHADOW =
  'root:$6$SALTsaltSALT$HASHhashHASHhash0123456789abcdefXYZ:19000:0:99999:7:::\n' +
  'daemon:*:19000:0:99999:7:::\n' +
  'alice:$6$PEPPERpepper$DIGESTdigest9876543210zyxw:19001:0:99999:7:::\n';
const ENV =
  'LOOKER_CLIENT_SECRET=s3cr3tEnvValue42xyz\n' +
  'export AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMIK7MDENGbPxRfiCYzzkey"\n' +
  'looker_secret: colonSecretValue77\n';
const BINARY = Buffer.concat([
  Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a, 0x00]),
  Buffer.from('MARKERbinaryPayload31337'),
  Buffer.from([0xc3, 0x28, 0x00, 0x7f, 0x80, 0x0a]),
  Buffer.from('\nsecond:MARKERlineTwo\n'),
]);

/** Every run of 8 characters of the file that could show up in a message. */
function windows(content: string | Buffer): string[] {
  const text = typeof content === 'string' ? content : content.toString('latin1');
  const out: string[] = [];
  for (const line of text.split(/[\n\0]/)) for (let i = 0; i + 8 <= line.length; i++) out.push(line.slice(i, i + 8));
  return out;
}

interface InputPath {
  readonly name: string;
  /** The file's name (what the user types) and the size over which it is refused. */
  readonly file: string;
  readonly limit: number;
  readonly args: (file: string) => string[];
  /** A config the run uses, naming the file. */
  readonly config?: (file: string) => string;
  readonly code: number;
}

const ACCOUNT = (extra = '') =>
  `accounts:\n  - name: prod\n    url: http://127.0.0.1:9\n    client_id: id\n    client_secret_env: S\n${extra}`;
const MiB = 1024 * 1024;

const PATHS: readonly InputPath[] = [
  { name: 'the config (-c)', file: 'cfg.yaml', limit: MiB, args: (f) => ['users', '-c', f], code: 2 },
  {
    name: 'a rules file (--rules)',
    file: 'rules.yaml',
    limit: MiB,
    args: (f) => ['users', '-c', 'good.yaml', '--rules', `./${f}`],
    code: 2,
  },
  {
    name: 'a rules file (rules: in the config)',
    file: 'key-rules.yaml',
    limit: MiB,
    args: () => ['users', '-c', 'with-rules.yaml'],
    config: (f) => `${ACCOUNT()}rules: ./${f}\n`,
    code: 2,
  },
  {
    name: '--directory',
    file: 'directory.csv',
    limit: 256 * MiB,
    args: (f) => ['people', '-c', 'good.yaml', '--directory', f],
    code: 2,
  },
  { name: 'a diff snapshot', file: 'old.json', limit: 1024 * MiB, args: (f) => ['diff', f, 'good.json'], code: 2 },
  {
    name: 'check --baseline',
    file: 'baseline.json',
    limit: 1024 * MiB,
    args: (f) => ['check', '-c', 'good.yaml', '--max-developers', '1', '--baseline', f],
    code: 2,
  },
  {
    name: '--history',
    file: 'history.json',
    limit: 1024 * MiB,
    args: (f) => ['report', '-c', 'good.yaml', '--history', f],
    code: 2,
  },
  {
    name: 'client_secret_file',
    file: 'secret.txt',
    limit: 64 * 1024,
    args: () => ['users', '-c', 'with-secret.yaml'],
    config: (f) =>
      `accounts:\n  - name: prod\n    url: http://127.0.0.1:9\n    client_id: id\n    client_secret_file: ./${f}\n`,
    code: 3,
  },
  {
    name: 'ca_file',
    file: 'ca.pem',
    limit: 4 * MiB,
    args: () => ['users', '-c', 'with-ca.yaml'],
    config: (f) => ACCOUNT(`    ca_file: ./${f}\n`),
    code: 2,
  },
];

type Kind = 'shadow (a symlink)' | '.env' | 'binary' | 'named pipe' | '/dev/zero' | 'huge';
const KINDS: readonly Kind[] = ['shadow (a symlink)', '.env', 'binary', 'named pipe', '/dev/zero', 'huge'];

let ws: Workspace;
const writers: ChildProcess[] = [];

beforeAll(async () => {
  ws = await createWorkspace('looker-audit-hostile-');
  await ws.write('good.yaml', ACCOUNT());
  await ws.write(
    'good.json',
    JSON.stringify({ schema_version: 1, generated_at: '2026-01-01T00:00:00.000Z', rules: 'torii', accounts: [] }),
  );
  await ws.write('shadow-target', SHADOW);
});
afterAll(async () => {
  // A writer whose pipe the run never opened (a refused ca_file) is still waiting: end it.
  for (const writer of writers) if (writer.exitCode === null) writer.kill('SIGKILL');
  await ws.remove();
});

/** Makes `file` of this kind in the workspace; returns what it holds, for the leak check. */
async function make(kind: Kind, file: string, limit: number): Promise<string | Buffer> {
  const path = join(ws.dir, file);
  switch (kind) {
    case 'shadow (a symlink)':
      await symlink(join(ws.dir, 'shadow-target'), path);
      return SHADOW;
    case '.env':
      await writeFile(path, ENV);
      return ENV;
    case 'binary':
      await writeFile(path, BINARY);
      return BINARY;
    case 'named pipe': {
      execFileSync('mkfifo', [path]);
      // A writer in another process, as `<(cat /etc/shadow)` would be: it sends the content once a reader opens.
      const writer = spawn('sh', ['-c', 'cat "$1" > "$0"', path, join(ws.dir, 'shadow-target')], { stdio: 'ignore' });
      writers.push(writer);
      return SHADOW;
    }
    case '/dev/zero':
      await symlink('/dev/zero', path);
      return '';
    case 'huge':
      // Sparse: as large as it says, at no cost; refused by its size, never read.
      await writeFile(path, '');
      await truncate(path, limit + 1);
      return '';
  }
}

describe.each(PATHS)('$name', (input) => {
  it.each(KINDS)('%s: one clean line, the right exit code, nothing of the file', async (kind) => {
    const slug = kind.replace(/[^a-z]+/g, '-');
    const file = `${slug}-${input.file}`;
    const content = await make(kind, file, input.limit);
    if (input.config) await ws.write(input.args(file).at(-1) as string, input.config(file));
    const r = await exec(input.args(file), { cwd: ws.dir, env: { S: 'env-secret' }, timeoutMs: 30_000 });
    expect(r.status).toBe(input.code);
    expect(hasStackTrace(r.stderr)).toBe(false);
    const lines = r.stderr.trim().split('\n');
    if (input.code === 2) {
      // A usage or configuration error: that one line and nothing else.
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^looker-audit: /);
    } else {
      // The account fails (the secret is read at login): its one line names the account and the file.
      expect(lines.filter((l) => l.includes('client_secret_file'))).toHaveLength(1);
    }
    expect(r.stderr).toContain(file);
    const leaked = windows(content).filter((w) => (r.stderr + r.stdout).includes(w));
    expect(leaked).toEqual([]);
  });
});
