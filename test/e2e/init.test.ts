/**
 * `init` writes a starter config: the flag path on the built CLI (mode 0600, no secret, refuses to overwrite
 * without --force, loads back with the config loader, --test logs in), the prompt path in-process with an
 * injected prompter (no terminal needed), and `demo --serve`'s printed config, saved as it says and used, with no
 * literal-secret warning.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runInit, type Prompter } from '../../src/commands/init.js';
import type { InitOptions } from '../../src/commands/shared/options.js';
import { loadConfig } from '../../src/config/load.js';
import { SAMPLE_CREDENTIALS, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import type { Io } from '../../src/output/io.js';
import { BIN, exec, hasStackTrace } from '../helpers/exec.js';
import { createWorkspace, SAMPLE_ENV, type Workspace } from '../helpers/workspace.js';

let ws: Workspace;
let fake: FakeLooker;
beforeAll(async () => {
  ws = await createWorkspace();
  fake = await startFakeLooker();
});
afterAll(async () => {
  await fake.close();
  await ws.remove();
});

const FLAGS = ['--url', 'https://acme.cloud.looker.com', '--client-id', 'AbC123', '--secret-env', 'LOOKER_ACME_SECRET'];
const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

describe('init with flags (scripts)', () => {
  it('writes a config with mode 0600 that names the secret variable, and the config loader accepts it', async () => {
    const r = await exec(['init', ...FLAGS, '-o', 'flags.yaml'], { cwd: ws.dir });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^Wrote flags\.yaml \(mode 600\): account "acme", secret read from \$LOOKER_ACME_SECRET/);
    expect(r.stderr).toContain('export LOOKER_ACME_SECRET=');
    const path = join(ws.dir, 'flags.yaml');
    expect(await modeOf(path)).toBe(0o600);
    const text = await readFile(path, 'utf8');
    expect(text).toContain('client_secret_env: LOOKER_ACME_SECRET');
    expect(text).not.toMatch(/^\s*client_secret:/m);
    const config = await loadConfig({ explicit: path, env: {}, cwd: ws.dir, home: ws.dir });
    expect(config.accounts).toEqual([
      expect.objectContaining({
        name: 'acme',
        url: 'https://acme.cloud.looker.com',
        clientId: 'AbC123',
        secret: { kind: 'env', name: 'LOOKER_ACME_SECRET' },
      }),
    ]);
    expect(config.warnings).toEqual([]);
  });

  it('refuses to overwrite an existing file without --force, and replaces it (mode 0600) with it', async () => {
    const path = await ws.write('existing.yaml', 'accounts: []  # mine\n');
    await import('node:fs/promises').then((fs) => fs.chmod(path, 0o644));
    const refused = await exec(['init', ...FLAGS, '-o', 'existing.yaml'], { cwd: ws.dir });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe('looker-audit: existing.yaml already exists: pass --force to replace it\n');
    expect(await readFile(path, 'utf8')).toBe('accounts: []  # mine\n');
    const forced = await exec(['init', ...FLAGS, '--name', 'prod', '-o', 'existing.yaml', '--force'], { cwd: ws.dir });
    expect(forced.status).toBe(0);
    expect(await readFile(path, 'utf8')).toContain('name: prod');
    expect(await modeOf(path)).toBe(0o600);
  });

  it.each([
    [
      'a missing --url off a terminal',
      ['--client-id', 'x'],
      /^looker-audit: init needs --url when it is not run on a terminal/,
    ],
    ['a plain-http URL', ['--url', 'http://acme.example.com', '--client-id', 'x'], /^looker-audit: --url: /],
    [
      'a secret given as --secret-env',
      [...FLAGS.slice(0, 4), '--secret-env', 'hunter2-the-real-secret!'],
      /^looker-audit: --secret-env: must be the NAME of an environment variable/,
    ],
    [
      'a literal --client-secret',
      [...FLAGS, '--client-secret', 'hunter2-the-real-secret!'],
      /^looker-audit: init never writes a secret: put it in an environment variable/,
    ],
    ['--output -', [...FLAGS, '-o', '-'], /^looker-audit: init writes a file/],
  ])('%s: one line, exit 2, nothing written', async (_what, args, message) => {
    const r = await exec(['init', ...args], { cwd: ws.dir });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('hunter2');
    expect(hasStackTrace(r.stderr)).toBe(false);
    await expect(stat(join(ws.dir, 'looker-audit.yaml'))).rejects.toThrow();
  });

  it('--test logs in with the new config (accounts --test) and leaves no session', async () => {
    const r = await exec(
      ['init', '--url', fake.url, '--client-id', SAMPLE_CREDENTIALS.clientId, '--secret-env', 'SAMPLE_SECRET'],
      { cwd: ws.dir, env: SAMPLE_ENV },
    );
    expect(r.status).toBe(0);
    expect(await readFile(join(ws.dir, 'looker-audit.yaml'), 'utf8')).toContain('name: looker');
    const tested = await exec(
      [
        'init',
        ...['--url', fake.url, '--client-id', SAMPLE_CREDENTIALS.clientId, '--secret-env', 'SAMPLE_SECRET'],
        ...['--name', 'sample', '-o', 'tested.yaml', '--test'],
      ],
      { cwd: ws.dir, env: SAMPLE_ENV },
    );
    expect(tested.status).toBe(0);
    expect(tested.stdout).toMatch(/sample\s+.*OK/);
    expect(tested.stdout + tested.stderr).not.toContain(SAMPLE_CREDENTIALS.clientSecret);
    expect(fake.liveSessions()).toBe(0);
  });
});

function memoryIo(env: NodeJS.ProcessEnv = {}): Io & { err: () => string; out: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { NO_COLOR: '1', ...env },
    cwd: ws.dir,
    home: ws.dir,
    now: () => new Date('2026-11-23T08:00:00Z'),
    out: () => out,
    err: () => err,
  };
}

/** Answers in order; records each question and whether its validator accepted the answer. */
function scripted(answers: (string | boolean)[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = (): string | boolean => {
    if (answers.length === 0) throw new Error('no answer left');
    return answers.shift() as string | boolean;
  };
  return {
    asked,
    input: async ({ message, default: fallback, validate }) => {
      asked.push(message);
      let answer = next() as string;
      // The prompt library keeps asking until the validator accepts; the script's next answer is the retry.
      while (validate(answer === '' ? (fallback ?? '') : answer) !== true) {
        asked.push(`retry: ${message}`);
        answer = next() as string;
      }
      return answer === '' ? (fallback ?? '') : answer;
    },
    confirm: async ({ message }) => {
      asked.push(message);
      return next() as boolean;
    },
  };
}

const NO_FLAGS: InitOptions = { force: false, test: false, quiet: false, verbose: false, color: false };

describe('init on a terminal (injected prompter)', () => {
  it('asks for what the flags do not give, re-asks a bad answer, offers names from the URL, then offers the test', async () => {
    const prompter = scripted(['ftp://nope', 'https://beta.cloud.looker.com', 'cid-9', '', '', true]);
    const logins: string[] = [];
    const io = memoryIo({ LOOKER_BETA_CLIENT_SECRET: 'set' });
    const outcome = await runInit({ ...NO_FLAGS, output: 'asked.yaml' }, io, {
      interactive: true,
      prompter,
      testLogin: async (path) => {
        logins.push(path);
        return 'ok';
      },
    });
    expect(outcome).toBe('ok');
    expect(prompter.asked).toEqual([
      'Looker URL (e.g. https://acme.cloud.looker.com)',
      'retry: Looker URL (e.g. https://acme.cloud.looker.com)',
      'API client ID (Admin > Users > Edit Keys)',
      'A name for this account',
      'Name of the environment variable that will hold the client secret',
      'Log in to "beta" now to test it (accounts --test)?',
    ]);
    const text = await readFile(join(ws.dir, 'asked.yaml'), 'utf8');
    expect(text).toContain('name: beta');
    expect(text).toContain('client_secret_env: LOOKER_BETA_CLIENT_SECRET');
    expect(logins).toEqual([join(ws.dir, 'asked.yaml')]);
    expect(io.out()).toBe('');
  });

  it('asks only what is missing, and does not offer a login while the secret variable is unset', async () => {
    const prompter = scripted(['my-id']);
    const io = memoryIo();
    const outcome = await runInit(
      { ...NO_FLAGS, url: 'https://gamma.cloud.looker.com', name: 'gamma', secretEnv: 'G_SECRET', output: 'g.yaml' },
      io,
      { interactive: true, prompter, testLogin: () => Promise.reject(new Error('must not log in')) },
    );
    expect(outcome).toBe('ok');
    expect(prompter.asked).toEqual(['API client ID (Admin > Users > Edit Keys)']);
    expect(io.err()).toContain('export G_SECRET=');
    expect(io.err()).toContain('looker-audit -c g.yaml accounts --test');
  });

  it('Ctrl-C at a question writes nothing and says so', async () => {
    const cancel = Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' });
    const prompter: Prompter = { input: () => Promise.reject(cancel), confirm: () => Promise.reject(cancel) };
    await expect(
      runInit({ ...NO_FLAGS, output: 'cancel.yaml' }, memoryIo(), { interactive: true, prompter }),
    ).rejects.toThrow('init cancelled: nothing was written');
    await expect(stat(join(ws.dir, 'cancel.yaml'))).rejects.toThrow();
  });

  it('Ctrl-C at the login question, once the file is written, keeps the file and skips the test', async () => {
    const cancel = Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' });
    const prompter: Prompter = {
      input: () => Promise.reject(new Error('nothing to ask')),
      confirm: () => Promise.reject(cancel),
    };
    const options = {
      ...NO_FLAGS,
      ...{ url: 'https://d.cloud.looker.com', clientId: 'c', name: 'd', secretEnv: 'D_SECRET' },
    };
    const outcome = await runInit({ ...options, output: 'kept.yaml' }, memoryIo({ D_SECRET: 'set' }), {
      interactive: true,
      prompter,
      testLogin: () => Promise.reject(new Error('must not log in')),
    });
    expect(outcome).toBe('ok');
    expect(await readFile(join(ws.dir, 'kept.yaml'), 'utf8')).toContain('name: d');
  });
});

describe('demo --serve', () => {
  it('prints a config that, saved as it says (mode 0644) and used, gives no literal-secret warning and shows money', async () => {
    const child = spawn(process.execPath, [BIN, 'demo', '--serve'], {
      cwd: ws.dir,
      env: { PATH: process.env.PATH ?? '', HOME: ws.dir, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let printed = '';
      child.stdout.setEncoding('utf8');
      for await (const chunk of child.stdout) {
        printed += chunk as string;
        if (/^prices: .*\n/m.test(printed)) break;
      }
      expect(printed).not.toMatch(/^\s*client_secret:/m);
      const exported = /export (LOOKER_AUDIT_DEMO_SECRET)=(\S+)/.exec(printed);
      expect(exported?.[2]).toBe(SAMPLE_CREDENTIALS.clientSecret);
      const dir = await createWorkspace();
      try {
        await writeFile(join(dir.dir, 'looker-audit.yaml'), printed, { mode: 0o644 });
        const r = await exec(['users', '-f', 'json'], {
          cwd: dir.dir,
          env: { [exported?.[1] ?? '']: exported?.[2] ?? '' },
        });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect((JSON.parse(r.stdout) as { accounts: { name: string }[] }).accounts[0]?.name).toBe('sample');
        // The sample prices are in it: summary has a yearly cost, as `demo -f html` shows one.
        expect(printed).toMatch(/^prices: \{ developer: 1650, standard: 800, viewer: 400 \}/m);
        const summary = await exec(['summary', '-f', 'json'], {
          cwd: dir.dir,
          env: { [exported?.[1] ?? '']: exported?.[2] ?? '' },
        });
        expect(
          (JSON.parse(summary.stdout) as { totals: { total_cost: number | null } }).totals.total_cost,
        ).toBeGreaterThan(0);
        // The OAuth variant, uncommented as it says, is a valid account of the same instance, and says how to log in.
        expect(printed).toContain('#   looker-audit login -a sample-oauth');
        const uncommented = printed.replace(/^#( {2}- name| {4}\w)/gm, '$1');
        await writeFile(join(dir.dir, 'looker-audit.yaml'), uncommented, { mode: 0o600 });
        const listed = await exec(['accounts', '-f', 'json'], { cwd: dir.dir, env: {} });
        expect(listed.status).toBe(0);
        const accounts = (JSON.parse(listed.stdout) as { accounts: Record<string, unknown>[] }).accounts;
        expect(accounts.map((a) => [a.name, a.auth, a.url])).toEqual([
          ['sample', 'api3', expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/)],
          ['sample-oauth', 'oauth', accounts[0]?.url],
        ]);
      } finally {
        await dir.remove();
      }
    } finally {
      child.kill('SIGINT');
      await once(child, 'close');
    }
  });
});
