/**
 * Networks, config part: `proxy` and `max_response_mb` per account; looker.ini warnings that
 * never echo a pasted secret and an unquoted `;`/`#` that would cut a secret; secret files whose read is bounded.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseLookerIni } from '../../src/config/ini.js';
import { resolveSecret } from '../../src/config/secrets.js';
import { validateConfig } from '../../src/config/validate.js';
import { configProblems } from '../helpers/config-problems.js';

const FILE = '/etc/looker/audit.yaml';
const ctx = { file: FILE, env: {} };
// Each named account on an instance of its own: one instance configured twice is a problem of its own.
const hostOf = (name: unknown) => (name === undefined ? 'acme' : String(name).replace(/[^A-Za-z0-9]+/g, '-'));
const account = (overrides: Record<string, unknown> = {}) => ({
  name: 'production',
  url: `https://${hostOf(overrides.name)}.cloud.looker.com`,
  client_id: 'AbCdEf123',
  client_secret_env: 'LOOKER_PROD_CLIENT_SECRET',
  ...overrides,
});
const PROXY_PASSWORD = 'pr0xy-PASSWORD-planted';

const problemsOf = (raw: unknown) => configProblems(raw, ctx);

describe('proxy and max_response_mb', () => {
  it('reach the AccountConfig: a proxy URL as given, none, and megabytes as bytes', () => {
    const config = validateConfig(
      {
        accounts: [
          account({ proxy: `http://user:${PROXY_PASSWORD}@proxy.corp:3128`, max_response_mb: 64 }),
          account({ name: 'direct', proxy: 'NONE' }),
          account({ name: 'env' }),
        ],
      },
      ctx,
    );
    expect(config.accounts[0]).toMatchObject({
      proxy: `http://user:${PROXY_PASSWORD}@proxy.corp:3128`,
      maxResponseBytes: 64 * 1024 * 1024,
    });
    expect(config.accounts[1]?.proxy).toBe('none');
    expect(config.accounts[2]?.proxy).toBeUndefined();
    expect(config.accounts[2]?.maxResponseBytes).toBeUndefined();
  });

  it.each([
    ['socks5://user:' + PROXY_PASSWORD + '@proxy:1080', 'accounts[0].proxy: must be an http:// or https:// proxy'],
    ['proxy.corp:3128', 'accounts[0].proxy: must be a proxy URL like http://proxy.example.com:3128'],
    [`http://u:${PROXY_PASSWORD}@proxy.corp:3128/path`, 'accounts[0].proxy: must be the proxy host and port only'],
  ])('a bad proxy %#: one problem with its path, the value never quoted', (proxy, message) => {
    const problems = problemsOf({ accounts: [account({ proxy })] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
    expect(problems.join('\n')).not.toContain(PROXY_PASSWORD);
  });

  it.each([0, 513, 1.5, 'big'])('max_response_mb %p is refused with the allowed range', (value) => {
    expect(problemsOf({ accounts: [account({ max_response_mb: value })] })).toEqual([
      'accounts[0].max_response_mb: must be a whole number of megabytes from 1 to 512',
    ]);
  });

  it('a typo of the new keys gets a "did you mean"', () => {
    expect(problemsOf({ accounts: [account({ proxi: 'none' })] }).join('\n')).toMatch(/did you mean "proxy"/);
  });
});

describe('looker.ini', () => {
  it('a secret pasted on a line of its own is counted in the warning, never shown', () => {
    const text =
      '[prod]\nbase_url=https://a.looker.com\nclient_id=id\nclient_secret=s\nS3CR3T-pasted-Xy9\napi_version=4.0\n';
    const { warnings, problems } = parseLookerIni(text, {});
    expect(problems).toEqual([]);
    expect(warnings).toEqual([
      'looker.ini [prod]: ignored key(s) api_version',
      'looker.ini [prod]: ignored 1 line(s) that are not a key = value setting (not shown: such a line may hold a pasted secret)',
    ]);
    expect(warnings.join('\n')).not.toContain('S3CR3T');
  });

  it('a key that does not look like a setting name is not shown either', () => {
    const { warnings } = parseLookerIni('[prod]\nbase_url=https://a.looker.com\nAbC-S3CR3T=x\n', {});
    expect(warnings.join('\n')).not.toContain('S3CR3T');
    expect(warnings.join('\n')).toMatch(/ignored 1 line/);
  });

  it.each([
    ['client_secret=abc;def', '[prod] client_secret'],
    ['client_secret = abc#def', '[prod] client_secret'],
    ['client_id=id;x', '[prod] client_id'],
  ])('an unquoted %s would be cut at the comment sign: a problem that says to quote it', (line, where) => {
    const { problems, raw } = parseLookerIni(`[prod]\nbase_url=https://a.looker.com\n${line}\n`, {});
    expect(problems).toEqual([
      `${where}: holds a ";" or "#", which looker.ini reads as the start of a comment, so the value would be cut there: put the whole value in double quotes (client_secret="...")`,
    ]);
    expect(problems.join('\n')).not.toMatch(/abc|def/);
    expect(raw.accounts).toHaveLength(1);
  });

  it('a quoted value keeps its ";", and comments elsewhere are still comments', () => {
    const text =
      '[prod]\n; client_secret=old;one\nbase_url=https://a.looker.com\nclient_id=id\nclient_secret="abc;def"\ntimeout=30 ; seconds\n';
    const { problems, raw } = parseLookerIni(text, {});
    expect(problems).toEqual([]);
    expect(raw.accounts[0]).toMatchObject({ client_secret: 'abc;def', timeout: 30 });
  });
});

describe('client_secret_file: every read is bounded', () => {
  let dir = '';
  const hasMkfifo = (() => {
    try {
      execFileSync('which', ['mkfifo'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'looker-audit-fifo-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const env = {};
  const fifo = (name: string) => {
    const file = path.join(dir, name);
    execFileSync('mkfifo', [file]);
    return file;
  };

  (hasMkfifo ? it : it.skip)('a FIFO nobody writes to fails after the time limit instead of hanging', async () => {
    const file = fifo('silent');
    const read = resolveSecret({ kind: 'file', path: file }, { env, pipeTimeoutMs: 300 });
    await expect(read).rejects.toThrow(
      `client_secret_file ${file} is a named pipe that did not deliver a secret and close within 0.3 s (is anything writing to it?)`,
    );
  });

  (hasMkfifo ? it : it.skip)(
    'a FIFO held open but never closed fails the same way (the secret is not printed)',
    async () => {
      const file = fifo('open');
      // O_RDWR never blocks on Linux: this test holds a writer that writes part of a secret and never closes.
      const writer = openSync(file, constants.O_RDWR | constants.O_NONBLOCK);
      try {
        writeSync(writer, 'partial-SECRET-');
        const error = await resolveSecret({ kind: 'file', path: file }, { env, pipeTimeoutMs: 300 }).then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        expect(error?.message).toMatch(/named pipe that did not deliver a secret and close within 0\.3 s/);
        expect(error?.message).not.toContain('SECRET');
      } finally {
        closeSync(writer);
      }
    },
  );

  (hasMkfifo ? it : it.skip)(
    'a FIFO that delivers the secret and closes is read (as `<(vault read ...)` does)',
    async () => {
      const file = fifo('ok');
      const read = resolveSecret({ kind: 'file', path: file }, { env, pipeTimeoutMs: 5000 });
      // A writer in another process, as a shell's process substitution would be; spawned, not run synchronously,
      // so this process can open its end meanwhile.
      const writer = spawn('sh', ['-c', 'printf "piped-secret\\n" > "$0"', file], { stdio: 'ignore' });
      const exited = new Promise((resolve) => writer.on('close', resolve));
      await expect(read).resolves.toBe('piped-secret');
      await exited;
    },
  );

  it('a device (never-ending /dev/zero) is refused without reading it', async () => {
    await expect(resolveSecret({ kind: 'file', path: '/dev/zero' }, { env })).rejects.toThrow(
      'client_secret_file /dev/zero is a device or socket, not a file',
    );
  });

  it('a file over 64 KiB is refused', async () => {
    const file = path.join(dir, 'huge');
    await writeFile(file, 'x'.repeat(65 * 1024));
    await expect(resolveSecret({ kind: 'file', path: file }, { env })).rejects.toThrow(
      `client_secret_file ${file} is larger than 64 KiB: that is not a client secret`,
    );
  });
});
