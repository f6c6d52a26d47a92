/**
 * The CLI in-process with an injected process boundary: usage and config errors exit 2 with one line on
 * stderr and no stack, before any network call.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli } from '../../src/cli/run.js';
import { memoryIo } from '../helpers/memory-io.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

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
    [
      'a misspelt option, with its suggestion',
      ['users', '--licens', 'x'],
      /unknown option '--licens' \(did you mean --license\?\); see --help$/,
    ],
    ['a misspelt command, with its suggestion', ['usrs'], /unknown command 'usrs' \(did you mean users\?\)/],
    ['a missing argument', ['explain'], /missing required argument 'user'; see --help$/],
    [
      '--quiet with --verbose',
      ['-q', '-v', 'users', '-c', 'good.yaml'],
      /'-q, --quiet' cannot be used with option '-v, --verbose'/,
    ],
    ['an empty --license', ['users', '-c', 'good.yaml', '--license', ''], /--license needs a tier/],
    ['a misspelt built-in rule set', ['users', '-c', 'good.yaml', '--rules', 'tori'], /\(did you mean "torii"\?\)/],
  ])('%s exits 2 with one line and no stack', async (_name, argv, message) => {
    const io = memoryIo(ws.dir, { env: { PROD_SECRET: 's3cr3t-value' } });
    const code = await runCli(argv, io);
    expect(code).toBe(2);
    expect(io.out()).toBe('');
    const lines = io.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^looker-audit: /);
    expect(lines[0]).toMatch(message);
    expect(io.err()).not.toMatch(/^\s+at /m);
    expect(io.err()).not.toContain('s3cr3t-value');
  });

  it('demo --serve on a port already in use: one line, exit 2', async () => {
    const { createServer } = await import('node:net');
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const io = memoryIo(ws.dir);
      expect(await runCli(['demo', '--serve', '--port', String(port)], io)).toBe(2);
      expect(io.err()).toBe(
        `looker-audit: --port ${port}: port ${port} on 127.0.0.1 is already in use: choose another\n`,
      );
    } finally {
      busy.close();
    }
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

describe('help', () => {
  it('the root help lists the exit codes and points to the README', async () => {
    const io = memoryIo(ws.dir);
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/Exit codes:\n {2}0 {2}success/);
    expect(io.out()).toMatch(/^ {2}3 {2}an account could not be audited/m);
    expect(io.out()).toContain('README');
    // Users have the README; engineering notes are not in a clone.
    expect(io.out()).not.toMatch(/design\.md|reference\.md|\.\.\/shared/);
  });

  it.each([
    ['users', ['-f, --format', '-o, --output', '--rules'], /Formats \(-f\): table \| csv \| json/],
    ['check', ['-f, --format', '--max-calls'], /Formats \(-f\): table \| json \| junit/],
    ['diff', ['-f, --format', '-o, --output'], /Formats \(-f\): table \| json \| csv/],
    ['people', ['-f, --format', '-a, --account', '--rules'], /Formats \(-f\): table \| csv \| json \| markdown/],
  ])('%s --help shows examples, its formats and the global options it reads', async (command, globals, formats) => {
    const io = memoryIo(ws.dir);
    expect(await runCli([command, '--help'], io)).toBe(0);
    const help = io.out();
    expect(help).toMatch(formats);
    expect(help).toMatch(/Global Options:/);
    for (const option of globals) expect(help).toContain(option);
    const examples = help
      .slice(help.indexOf('Examples:'))
      .split('\n')
      .slice(1)
      .filter((l) => l.trim() !== '');
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const example of examples) expect(example).toMatch(new RegExp(`^ {2}looker-audit ${command}\\b`));
  });

  it.each([
    [
      'init',
      ['-o, --output', '--url', '--client-id', '--secret-env', '--force'],
      ['--config', '--format', '--client-secret'],
    ],
    ['completion', [], ['--config', '--format', '--output']],
  ])('%s --help shows its examples and only the options it reads', async (command, shown, hidden) => {
    const io = memoryIo(ws.dir);
    expect(await runCli([command, '--help'], io)).toBe(0);
    const help = io.out();
    for (const option of shown) expect(help).toContain(option);
    for (const option of hidden) expect(help).not.toContain(option);
    expect(help).not.toContain('Formats (-f)');
    const examples = help
      .slice(help.indexOf('Examples:'))
      .split('\n')
      .slice(1)
      .filter((l) => l.trim() !== '');
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const example of examples)
      expect(example).toMatch(new RegExp(`^ {2}(source <\\()?looker-audit ${command}\\b`));
  });

  it('diff --help does not offer the options diff never reads', async () => {
    const io = memoryIo(ws.dir);
    await runCli(['diff', '--help'], io);
    expect(io.out()).not.toContain('--config');
    expect(io.out()).not.toContain('--max-calls');
    expect(io.out()).not.toContain('--version');
  });
});
