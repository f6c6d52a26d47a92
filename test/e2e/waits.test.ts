/**
 * Every wait ends: a named pipe given as --output with no reader, or as an input with no writer, is waited on
 * without blocking the process, and SIGINT/SIGTERM end the run at once with a true line; the output target is never
 * read unless it is a regular file (`summary -f prometheus -o <pipe>`); and a closed stdout (`| true`) ends quietly.
 * Real `mkfifo` pipes, the built CLI; events awaited with bounded polls, never fixed sleeps.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SAMPLE_CREDENTIALS, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { BIN, exec, hasStackTrace } from '../helpers/exec.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

let ws: Workspace;
let fake: FakeLooker;
const env = { PATH: process.env.PATH ?? '', NO_COLOR: '1', S: SAMPLE_CREDENTIALS.clientSecret };

beforeAll(async () => {
  ws = await createWorkspace('looker-audit-waits-');
  fake = await startFakeLooker();
  await ws.write(
    'looker-audit.yaml',
    `accounts:\n  - name: sample\n    url: ${fake.url}\n    client_id: ${SAMPLE_CREDENTIALS.clientId}\n    client_secret_env: S\n`,
  );
});
afterAll(async () => {
  await fake.close();
  await ws.remove();
});

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The built CLI, its output collected, its end awaited. */
function start(args: readonly string[]) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ws.dir,
    env: { ...env, HOME: ws.dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
  return { child, out, exited };
}

/** Whether process `pid` has `path` open (Linux: /proc/<pid>/fd). */
async function opened(pid: number | undefined, path: string): Promise<boolean> {
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
  return targets.includes(path);
}

const fifo = (name: string): string => {
  const path = join(ws.dir, name);
  execFileSync('mkfifo', [path]);
  return path;
};

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s while waiting for a reader of the --output pipe', (signal, code) => {
  it(`ends the run at once, exit ${code}, one true line, the session already logged out`, async () => {
    const target = fifo(`report-${signal}.pipe`);
    const logouts = fake.requests.filter((r) => r.path === '/api/4.0/logout').length;
    const run = start(['users', '-f', 'csv', '-o', target]);
    // The audit ends with its logout; then the report waits for a reader that never comes.
    await until(() => fake.requests.filter((r) => r.path === '/api/4.0/logout').length > logouts, 'the logout');
    await until(() => run.child.exitCode === null && fake.liveSessions() === 0, 'the wait for a reader');
    run.child.kill(signal);
    const status = await Promise.race([
      run.exited,
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5_000)),
    ]);
    if (status === 'hung') run.child.kill('SIGKILL');
    expect(status).toBe(code);
    expect(run.out.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^looker-audit: stopped by ${signal}: `)),
    ]);
    expect(run.out.stderr).not.toContain('logout did not finish');
    expect(hasStackTrace(run.out.stderr)).toBe(false);
  });
});

it('SIGTERM while the config is a named pipe nobody writes to: ends at once, exit 143', async () => {
  const config = fifo('config.yaml');
  const run = start(['users', '-c', config]);
  // Awaited: the process holds the pipe open (it reads it without blocking, waiting for a writer).
  await until(() => opened(run.child.pid, config), 'the pipe opened');
  run.child.kill('SIGTERM');
  expect(await run.exited).toBe(143);
  expect(run.out.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^looker-audit: stopped by SIGTERM: /)]);
});

it('a config that is a named pipe nobody writes to fails after its 10 s limit, exit 2, one line', async () => {
  const config = fifo('silent.yaml');
  const r = await exec(['users', '-c', config], { cwd: ws.dir, env, timeoutMs: 30_000 });
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toEqual([
    `looker-audit: ${config}: cannot read: it is a named pipe that did not deliver its content and close within 10 s (is anything writing to it?)`,
  ]);
}, 40_000);

describe('summary -f prometheus never reads its output target unless it is a regular file', () => {
  it('-o <pipe> with a reader: the textfile arrives, the run ends', async () => {
    const target = fifo('metrics.pipe');
    let received = '';
    const reading = new Promise<void>((resolve, reject) =>
      createReadStream(target, 'utf8')
        .on('data', (chunk) => (received += String(chunk)))
        .on('end', resolve)
        .on('error', reject),
    );
    const r = await exec(['summary', '-f', 'prometheus', '-o', target], { cwd: ws.dir, env });
    await reading;
    expect(r.status).toBe(0);
    expect(received).toMatch(/^# HELP looker_audit_seats /);
  });

  it.each(['/dev/stdout', '/dev/urandom'])('-o %s: written, never read, the run ends', async (target) => {
    const r = await exec(['summary', '-f', 'prometheus', '-o', target], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    if (target === '/dev/stdout') expect(r.stdout).toMatch(/^# HELP looker_audit_seats /);
  });
});

describe('a closed stdout ends quietly, exit 0', () => {
  it.each([[['--help']], [['accounts']], [['completion', 'zsh']], [['users', '-f', 'csv']]])(
    '%j | true',
    async (args) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: ws.dir,
        env: { ...env, HOME: ws.dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // The reader goes before the first byte is written, as `| true` does.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const status = await new Promise<number | null>((resolve) => child.on('close', (s) => resolve(s)));
      expect(stderr).not.toMatch(/EPIPE|Error/);
      expect(hasStackTrace(stderr)).toBe(false);
      expect(status).toBe(0);
    },
  );
});
