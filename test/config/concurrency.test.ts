/**
 * `concurrency` per account (requests in flight to that instance, 1 to 32), in YAML/JSON and in
 * looker.ini. A bad value is one line that names the file, the account and the key, exit 2, before any call.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { runCli } from '../../src/cli/run.js';
import { parseLookerIni } from '../../src/config/ini.js';
import { renderStarterConfig } from '../../src/config/starter.js';
import { validateConfig } from '../../src/config/validate.js';
import type { Io } from '../../src/output/io.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';
import { configProblems } from '../helpers/config-problems.js';

const ctx = { file: '/etc/looker/audit.yaml', env: {} };
// Each named account on an instance of its own: one instance configured twice is a problem of its own.
const hostOf = (name: unknown) => (name === undefined ? 'acme' : String(name).replace(/[^A-Za-z0-9]+/g, '-'));
const account = (overrides: Record<string, unknown> = {}) => ({
  name: 'production',
  url: `https://${hostOf(overrides.name)}.cloud.looker.com`,
  client_id: 'AbCdEf123',
  client_secret_env: 'LOOKER_PROD_CLIENT_SECRET',
  ...overrides,
});
const RANGE = 'must be a whole number of requests in flight from 1 to 32';
const OVER = 'must be at most 32 (a Looker node serves the API from 200 threads, shared by all its users)';

const problemsOf = (raw: unknown) => configProblems(raw, ctx);

describe('concurrency in the config', () => {
  it.each([1, 2, 32])('%p reaches the AccountConfig of that account only', (value) => {
    const config = validateConfig({ accounts: [account({ concurrency: value }), account({ name: 'other' })] }, ctx);
    expect(config.accounts[0]?.concurrency).toBe(value);
    expect(config.accounts[1]).not.toHaveProperty('concurrency');
  });

  it.each([
    [0, RANGE],
    [-1, RANGE],
    [33, OVER],
    ['abc', RANGE],
    ['4', RANGE],
    [1.5, RANGE],
    [null, RANGE],
  ])('%p is refused with one problem naming the account and the key', (value, message) => {
    expect(problemsOf({ accounts: [account(), account({ name: 'eu', concurrency: value })] })).toEqual([
      `accounts[1].concurrency: ${message}`,
    ]);
  });

  it.each([
    ['concurency', 'concurrency'],
    ['max_concurrency', 'concurrency'],
    ['parallelism', 'concurrency'],
  ])('a misspelt %s gets a "did you mean"', (key, meant) => {
    expect(problemsOf({ accounts: [account({ [key]: 4 })] })).toEqual([
      `accounts[0].${key}: unknown key (did you mean "${meant}"?)`,
    ]);
  });

  it('is an account key, not a top-level one (the config has no defaults section)', () => {
    const here = 'unknown key at the top level: it is an account key, set it under each account in `accounts`';
    expect(problemsOf({ accounts: [account()], concurrency: 4, timeout: 60 })).toEqual([
      `concurrency: ${here}`,
      `timeout: ${here}`,
    ]);
    // Other unknown top-level keys still get their suggestion.
    expect(problemsOf({ accounts: [account()], curency: 'EUR' })).toEqual([
      'curency: unknown key (did you mean "currency"?)',
    ]);
  });

  it("init's starter config shows it commented out under the account; uncommented, it is valid", () => {
    const text = renderStarterConfig({
      name: 'acme',
      url: 'https://acme.cloud.looker.com',
      clientId: 'AbCdEf123',
      secretEnv: 'LOOKER_ACME_CLIENT_SECRET',
    });
    expect(validateConfig(parse(text), ctx).accounts[0]).not.toHaveProperty('concurrency');
    const uncommented = text.replace(/^( {4})# (concurrency: 8)/m, '$1$2');
    expect(uncommented).not.toBe(text);
    expect(validateConfig(parse(uncommented), ctx).accounts[0]?.concurrency).toBe(8);
  });
});

describe('concurrency in looker.ini', () => {
  const section = (line: string) =>
    `[prod]\nbase_url=https://a.looker.com\nclient_id=id\nclient_secret=s\n${line}\n[eu]\nbase_url=https://b.looker.com\nclient_id=id2\nclient_secret=s2\n`;

  it('is read as a whole number for its section, and is not an ignored key', () => {
    const { raw, warnings, problems } = parseLookerIni(section('concurrency = "4"'), {});
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    expect(raw.accounts[0]?.concurrency).toBe(4);
    expect(raw.accounts[1]).not.toHaveProperty('concurrency');
    expect(validateConfig(raw, ctx).accounts[0]?.concurrency).toBe(4);
  });

  it.each(['0', '33', 'abc', '1.5', ''])('concurrency=%s is one problem naming the section', (value) => {
    const { raw, problems } = parseLookerIni(section(`concurrency=${value}`), {});
    expect(problems).toEqual([`[prod] concurrency: ${RANGE}`]);
    expect(raw.accounts[0]).not.toHaveProperty('concurrency');
  });
});

describe('the CLI with a bad concurrency', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace();
  });
  afterAll(() => ws.remove());

  function memoryIo(cwd: string): Io & { out: () => string; err: () => string } {
    let out = '';
    let err = '';
    return {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env: { NO_COLOR: '1', PROD_SECRET: 'never-printed' },
      cwd,
      home: cwd,
      now: () => new Date('2026-12-01T08:00:00Z'),
      out: () => out,
      err: () => err,
    };
  }

  it.each([
    ['0', RANGE],
    ['33', OVER],
    ['abc', RANGE],
    ['1.5', RANGE],
  ])('concurrency: %s exits 2 with one line, nothing on stdout, no call', async (value, message) => {
    // Port 1 on loopback: a call would fail as exit 3, not 2.
    const file = await ws.write(
      'looker-audit.yaml',
      `accounts:\n  - name: prod\n    url: http://127.0.0.1:1\n    client_id: abc\n    client_secret_env: PROD_SECRET\n    concurrency: ${value}\n`,
    );
    const io = memoryIo(ws.dir);
    expect(await runCli(['users', '-c', file, '-f', 'csv'], io)).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toBe(`looker-audit: ${file}: accounts[0].concurrency: ${message}\n`);
  });
});
