import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveSecret, secretSourceProblem } from '../../src/config/secrets.js';
import type { SecretSource } from '../../src/config/types.js';

const SECRET = 'PLANTED-client-secret-9f8e7d';
let dir = '';
const at = (name: string) => path.join(dir, name);
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'looker-audit-secret-'));
  await writeFile(at('ok'), `${SECRET}\n`, { mode: 0o600 });
  await writeFile(at('blank'), ' \n');
  await writeFile(at('locked'), SECRET, { mode: 0o000 });
  await writeFile(at('dotenv'), `LOOKER_ID=abc\nLOOKER_SECRET=${SECRET}\n`);
  await writeFile(at('binary'), Buffer.from([0x00, 0xff, 0xfe, 0x41]));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
const deps = { env: { LOOKER_SECRET: SECRET, PADDED: ` ${SECRET}\n`, EMPTY: '', SPACES: '   ' } };
// As root every file is readable: the permission case is checked only where the bits mean something.
const root = process.getuid?.() === 0;

describe('resolveSecret', () => {
  it.each<[string, SecretSource]>([
    ['a literal', { kind: 'literal', value: SECRET }],
    ['an env var', { kind: 'env', name: 'LOOKER_SECRET' }],
    ['an env var with stray whitespace', { kind: 'env', name: 'PADDED' }],
    ['a file, trimmed', { kind: 'file', path: 'ok' }],
  ])('reads %s', async (_name, source) => {
    const real = source.kind === 'file' ? { ...source, path: at(source.path) } : source;
    await expect(resolveSecret(real, deps)).resolves.toBe(SECRET);
  });

  it.each<[string, SecretSource, string]>([
    [
      'an unset variable',
      { kind: 'env', name: 'NOT_SET' },
      'environment variable NOT_SET (client_secret_env) is not set',
    ],
    ['an empty variable', { kind: 'env', name: 'EMPTY' }, 'environment variable EMPTY (client_secret_env) is empty'],
    ['a blank variable', { kind: 'env', name: 'SPACES' }, 'environment variable SPACES (client_secret_env) is empty'],
    ['a missing file', { kind: 'file', path: 'missing' }, 'cannot read client_secret_file <dir>/missing: no such file'],
    ...(root
      ? []
      : ([
          [
            'an unreadable file',
            { kind: 'file', path: 'locked' },
            'cannot read client_secret_file <dir>/locked: permission denied',
          ],
        ] as [string, SecretSource, string][])),
    ['a folder', { kind: 'file', path: '' }, 'cannot read client_secret_file <dir>: it is a folder, not a file'],
    ['an empty file', { kind: 'file', path: 'blank' }, 'client_secret_file <dir>/blank is empty'],
    [
      'a .env file (several lines)',
      { kind: 'file', path: 'dotenv' },
      'client_secret_file <dir>/dotenv holds 2 lines: it must hold the client secret alone (not shown)',
    ],
    [
      'a binary file',
      { kind: 'file', path: 'binary' },
      'client_secret_file <dir>/binary is not text: it must hold the client secret alone (not shown)',
    ],
    ['an empty literal', { kind: 'literal', value: '' }, 'client_secret is empty'],
  ])('fails on %s, naming the variable or file and never a value', async (_name, source, message) => {
    const real = source.kind === 'file' ? { ...source, path: at(source.path) } : source;
    const error = await resolveSecret(real, deps).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(message.replace('<dir>', dir));
    expect((error as Error).message).not.toContain(SECRET);
  });
});

describe('secretSourceProblem (checked before any API call)', () => {
  it('names an unset or empty env variable, a missing secret file or a folder, and never reads a file', async () => {
    expect(secretSourceProblem({ kind: 'env', name: 'LOOKER_X' }, {})).toBe(
      'environment variable LOOKER_X (client_secret_env) is not set',
    );
    expect(secretSourceProblem({ kind: 'env', name: 'LOOKER_X' }, { LOOKER_X: '  ' })).toBe(
      'environment variable LOOKER_X (client_secret_env) is empty',
    );
    expect(secretSourceProblem({ kind: 'env', name: 'LOOKER_X' }, { LOOKER_X: 'planted-secret-value' })).toBeNull();
    expect(secretSourceProblem({ kind: 'file', path: '/nonexistent/secret' }, {})).toBe(
      'client_secret_file /nonexistent/secret: no such file',
    );
    const { tmpdir } = await import('node:os');
    expect(secretSourceProblem({ kind: 'file', path: tmpdir() }, {})).toBe(
      `client_secret_file ${tmpdir()}: it is a folder, not a file`,
    );
    // Present: not read here (only at login), so a named pipe nobody writes to cannot hang the check.
    expect(secretSourceProblem({ kind: 'file', path: '/dev/null' }, {})).toBeNull();
    expect(secretSourceProblem({ kind: 'literal', value: 'x' }, {})).toBeNull();
  });
});
