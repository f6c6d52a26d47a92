/**
 * The CLI in-process with an injected process boundary: usage and config errors exit 2 with one line on
 * stderr and no stack, before any network call.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Io } from '../../src/output/io.js';
import { runCli } from '../../src/cli/run.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

function memoryIo(cwd: string, env: NodeJS.ProcessEnv = {}): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { NO_COLOR: '1', ...env },
    cwd,
    home: cwd,
    now: () => new Date('2026-11-23T08:00:00Z'),
    interrupted: () => Promise.resolve(),
    out: () => out,
    err: () => err,
  };
}

let ws: Workspace;
beforeAll(async () => {
  ws = await createWorkspace();
  await ws.write(
    'good.yaml',
    'accounts:\n  - name: prod\n    url: https://127.0.0.1:1\n    client_id: abc\n    client_secret_env: PROD_SECRET\n',
  );
  await ws.write('bad.yaml', 'accounts:\n  - name: prod\n    url: ftp://x\n');
});
afterAll(() => ws.remove());

describe('usage and config errors', () => {
  it.each([
    ['an unknown command', ['frobnicate'], /unknown command/],
    ['an unknown option', ['users', '--frob'], /unknown option/],
    ['an unknown format', ['users', '-c', 'good.yaml', '--format', 'xml'], /unknown format "xml"/],
    ['a negative --inactive-days', ['users', '-c', 'good.yaml', '--inactive-days', '-3'], /--inactive-days/],
    [
      'a non-numeric --inactive-days',
      ['users', '-c', 'good.yaml', '--inactive-days', 'ten'],
      /--inactive-days must be a positive whole number/,
    ],
    ['an unknown --license', ['users', '-c', 'good.yaml', '--license', 'admin'], /--license: unknown value "admin"/],
    ['a missing config file', ['users', '-c', 'missing.yaml'], /missing\.yaml/],
    ['an invalid config', ['users', '-c', 'bad.yaml'], /bad\.yaml.*accounts\[0\]/],
    ['an unknown account', ['users', '-c', 'good.yaml', '-a', 'nope'], /nope/],
    ['an unknown rule set', ['users', '-c', 'good.yaml', '--rules', 'nope.yaml'], /nope\.yaml/],
    ['an output folder that does not exist', ['users', '-c', 'good.yaml', '-o', 'no/such/dir/r.csv'], /--output/],
  ])('%s exits 2 with one line and no stack', async (_name, argv, message) => {
    const io = memoryIo(ws.dir, { PROD_SECRET: 's3cr3t-value' });
    const code = await runCli(argv, io);
    expect(code).toBe(2);
    expect(io.out()).toBe('');
    const lines = io
      .err()
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('(run with --help'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(io.err()).not.toMatch(/^\s+at /m);
    expect(io.err()).not.toContain('s3cr3t-value');
  });

  it('--help and --version exit 0 on stdout', async () => {
    const help = memoryIo(ws.dir);
    expect(await runCli(['--help'], help)).toBe(0);
    expect(help.out()).toContain('Usage: looker-audit');
    const version = memoryIo(ws.dir);
    expect(await runCli(['--version'], version)).toBe(0);
    expect(version.out()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
