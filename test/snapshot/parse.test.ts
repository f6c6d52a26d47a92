/**
 * The snapshot contract: parseSnapshot (pure) accepts what report/json.ts writes and names the path of every
 * problem; and every way a snapshot file can fail, read by `diff` or by `check --baseline` through the CLI
 * in-process, is exit 2 with one stderr line naming the file, no stack, nothing on stdout.
 */
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Io } from '../../src/output/io.js';
import { runCli } from '../../src/cli/run.js';
import { InputFileError } from '../../src/errors.js';
import { renderUsersJson } from '../../src/report/json.js';
import { parseSnapshot } from '../../src/snapshot/parse.js';
import { hasStackTrace } from '../helpers/exec.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';
import { twoAccounts } from '../report/fixture.js';

function thrown(fn: () => unknown): InputFileError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputFileError) return error;
    throw error;
  }
  throw new Error('expected an InputFileError');
}

describe('parseSnapshot', () => {
  it('round-trips the users JSON report (a BOM is tolerated)', () => {
    const text = renderUsersJson(twoAccounts());
    expect(parseSnapshot(`\uFEFF${text}`, 'a.json')).toEqual(JSON.parse(text));
  });

  it('accepts unknown keys (dropping them) and `summary: null` for a failed account', () => {
    const doc = JSON.parse(renderUsersJson(twoAccounts())) as {
      extra?: number;
      accounts: { summary: unknown; users: Record<string, unknown>[] }[];
    };
    doc.extra = 1;
    doc.accounts[2]!.summary = null;
    doc.accounts[0]!.users[0]!.usage = { queries: 3 };
    const parsed = parseSnapshot(JSON.stringify(doc), 'a.json');
    expect(parsed.accounts[2]?.summary).toBeNull();
    expect(parsed.accounts[0]?.summary).toEqual({ developer: 1, standard: 1, viewer: 0, none: 0 });
    expect(Object.keys(parsed)).toEqual(['schema_version', 'generated_at', 'rules', 'accounts']);
    expect(Object.keys(parsed.accounts[0]?.users[0] ?? {})).not.toContain('usage');
  });

  it.each([
    ['', /^a\.json: empty file/],
    ['  \n', /^a\.json: empty file: expected the JSON report of `users --format json`$/],
    ['{nope', /^a\.json: not JSON \(.*\): expected the JSON report of `users --format json`$/],
    ['[]', /^a\.json: must be a JSON object/],
    ['{"accounts": []}', /^a\.json: schema_version: missing/],
    ['{"schema_version": "1"}', /^a\.json: schema_version: this value is not supported \(this version reads 1\)$/],
    ['{"schema_version": {"secret": "x"}}', /^a\.json: schema_version: this value is not supported/],
    ['{"schema_version": 1, "generated_at": "x", "rules": "torii"}', /^a\.json: accounts: missing$/],
    [
      '{"schema_version": 1, "generated_at": "x", "rules": "torii", "accounts": {}}',
      /^a\.json: accounts: must be a list$/,
    ],
  ])('%j is an InputFileError (exit 2) naming the file', (text, message) => {
    const error = thrown(() => parseSnapshot(text, 'a.json'));
    expect(error.message).toMatch(message);
    expect(error.exitCode).toBe(2);
    expect(error.file).toBe('a.json');
  });

  // Node's JSON.parse message quotes the text (`Unexpected token 'o', "notjson" is not valid JSON`): ours says where.
  it.each([
    ['notjson', 'line 1, column 1: a value was expected (a string, number, object, list, true, false or null)'],
    [
      '{\n  "a": 1,\n  "b": tru\n}',
      'line 3, column 8: a value was expected (a string, number, object, list, true, false or null)',
    ],
    ['{"a": 1,}', 'line 1, column 9: a "quoted" key was expected'],
    ['{"a" 1}', 'line 1, column 6: a ":" was expected after a key'],
    ['[1, 2', 'line 1, column 6: the file ends early'],
    ['{"a": "x\ty"}', 'line 1, column 9: a control character or line break inside a string'],
    ['{"a": "\\q"}', 'line 1, column 8: an invalid escape in a string'],
    ['{"a": 1} {"b": 2}', 'line 1, column 10: more text after the end of the JSON value'],
    ['{"a": [1, 2}', 'line 1, column 12: a "," or "]" was expected'],
    ['"unterminated', 'line 1, column 14: the file ends inside a string'],
  ])('%j: not JSON, with where and why, never the text', (text, where) => {
    const error = thrown(() => parseSnapshot(text, 'a.json'));
    expect(error.message).toBe(`a.json: not JSON (${where}): expected the JSON report of \`users --format json\``);
    for (const word of ['notjson', 'unterminated']) if (text.includes(word)) expect(error.message).not.toContain(word);
  });

  it('names the path of every mistyped field, deep inside', () => {
    const bad = JSON.parse(renderUsersJson(twoAccounts())) as {
      accounts: { summary: Record<string, unknown>; users: Record<string, unknown>[] }[];
    };
    bad.accounts[0]!.users[1]!.license = 'gold';
    delete bad.accounts[1]!.users[0]!.reason;
    bad.accounts[0]!.users[0]!.roles = 'Admins';
    bad.accounts[0]!.users[0]!.groups = ['BI', 7];
    bad.accounts[1]!.users[1]!.email = 42;
    bad.accounts[1]!.summary.viewer = '3';
    const error = thrown(() => parseSnapshot(JSON.stringify(bad), 'snap.json'));
    expect(error.problems).toEqual([
      'accounts[0].users[0].roles: must be a list of strings',
      'accounts[0].users[0].groups[1]: must be a string',
      'accounts[0].users[1].license: must be one of developer, standard, viewer, none',
      'accounts[1].summary.viewer: must be a number',
      'accounts[1].users[0].reason: missing',
      'accounts[1].users[1].email: must be a string or null',
    ]);
    expect(error.message).toMatch(/^snap\.json: 6 problems: accounts\[0\]\.users\[0\]\.roles: must be a list/);
  });

  it('shows at most 10 problems and says how many there were', () => {
    const many = {
      schema_version: 1,
      generated_at: 'x',
      rules: 'torii',
      accounts: Array.from({ length: 20 }, () => ({})),
    };
    const error = thrown(() => parseSnapshot(JSON.stringify(many), 's.json'));
    expect(error.problems).toHaveLength(10);
    expect(error.problems[0]).toBe('accounts[0].name: missing');
    expect(error.total).toBe(20 * 5);
    expect(error.message).toMatch(/^s\.json: 100 problems \(the first 10\): accounts\[0\]\.name: missing; /);
    const users = JSON.stringify({ ...many, accounts: [{ name: 'a', url: 'u', api_calls: 1, summary: null }] });
    expect(thrown(() => parseSnapshot(users, 's.json')).message).toBe(
      's.json: accounts[0].users: missing (is this a `users --format json` report?)',
    );
  });
});

function memoryIo(cwd: string): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { NO_COLOR: '1' },
    cwd,
    home: cwd,
    now: () => new Date('2026-11-23T08:00:00Z'),
    out: () => out,
    err: () => err,
  };
}

describe('a snapshot file that cannot be used: exit 2, one line naming the file, from diff and check --baseline', () => {
  let ws: Workspace;
  const good = renderUsersJson(twoAccounts());
  beforeAll(async () => {
    ws = await createWorkspace();
    await ws.write('good.json', good);
    await ws.write('empty.json', '');
    await ws.write('not-json.json', 'hello');
    await ws.write('v2.json', JSON.stringify({ schema_version: 2, accounts: [] }));
    const deep = JSON.parse(good) as { accounts: { users: { license: string }[] }[] };
    deep.accounts[1]!.users[1]!.license = 'gold';
    await ws.write('bad-tier.json', JSON.stringify(deep));
    await mkdir(`${ws.dir}/folder.json`);
    // A config with nothing wrong, so `check` gets past the baseline only if the baseline is fine.
    await ws.write(
      'looker-audit.yaml',
      'accounts:\n  - name: prod\n    url: https://127.0.0.1:1\n    client_id: abc\n    client_secret_env: PROD_SECRET\n',
    );
  });
  afterAll(() => ws.remove());

  it.each([
    ['missing.json', /^looker-audit: missing\.json: cannot read: no such file$/],
    ['folder.json', /^looker-audit: folder\.json: cannot read: it is a folder, not a file$/],
    ['empty.json', /^looker-audit: empty\.json: empty file: expected the JSON report/],
    ['not-json.json', /^looker-audit: not-json\.json: not JSON \(/],
    ['v2.json', /^looker-audit: v2\.json: schema_version: 2 is not supported/],
    [
      'bad-tier.json',
      /^looker-audit: bad-tier\.json: accounts\[1\]\.users\[1\]\.license: must be one of developer, standard, viewer, none$/,
    ],
  ])('%s', async (file, line) => {
    for (const args of [
      ['diff', file, 'good.json'],
      ['diff', 'good.json', file],
      ['check', '--baseline', file, '--max-developers', '3'],
    ]) {
      const io = memoryIo(ws.dir);
      const code = await runCli(args, io);
      expect([args.join(' '), code]).toEqual([args.join(' '), 2]);
      expect(io.out()).toBe('');
      const lines = io.err().trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(line);
      expect(hasStackTrace(io.err())).toBe(false);
    }
  });

  it('a snapshot with `summary: null` on its failed account is read (diff exits 0)', async () => {
    const doc = JSON.parse(good) as { accounts: { summary: unknown }[] };
    doc.accounts[2]!.summary = null;
    await ws.write('null-summary.json', JSON.stringify(doc));
    const io = memoryIo(ws.dir);
    expect(await runCli(['diff', 'good.json', 'null-summary.json', '-f', 'json'], io)).toBe(0);
    expect(io.err()).toBe('');
    expect(JSON.parse(io.out())).toMatchObject({ changes: 1 }); // only "eu": failed, not compared
  });
});

describe('snapshots written before the kind `standard` was renamed `regular`', () => {
  it('read, with that kind as regular, so diff and check --baseline compare old and new alike', () => {
    const user = (kind: string) => ({
      id: '1',
      email: 'a@acme.test',
      name: 'A',
      status: 'active',
      kind,
      license: 'developer',
      roles: [],
      groups: [],
      last_login_at: null,
      reason: 'x',
    });
    const doc = (kind: string) =>
      JSON.stringify({
        schema_version: 1,
        generated_at: '2026-01-01T00:00:00.000Z',
        rules: 'torii',
        accounts: [{ name: 'p', url: 'https://p.test', api_calls: 5, summary: null, users: [user(kind)] }],
      });
    expect(parseSnapshot(doc('standard'), 'old.json').accounts[0]?.users[0]?.kind).toBe('regular');
    expect(parseSnapshot(doc('regular'), 'new.json').accounts[0]?.users[0]?.kind).toBe('regular');
    expect(() => parseSnapshot(doc('owner'), 'bad.json')).toThrow(/kind: must be one of regular, embed/);
  });
});
