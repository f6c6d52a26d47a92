import { describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveSecret, secretSourceProblem } from '../../src/config/secrets.js';
import type { SecretSource } from '../../src/config/types.js';

const SECRET = 'PLANTED-client-secret-9f8e7d';
const fsError = (code: string) => Object.assign(new Error(`${code}: ${SECRET}`), { code });
const files: Record<string, string | Error> = {
  '/s/ok': `${SECRET}\n`,
  '/s/blank': ' \n',
  '/s/missing': fsError('ENOENT'),
  '/s/locked': fsError('EACCES'),
  '/s/odd': new Error(`weird failure mentioning ${SECRET}`),
};
const deps = {
  env: { LOOKER_SECRET: SECRET, PADDED: ` ${SECRET}\n`, EMPTY: '', SPACES: '   ' },
  readFile: async (file: string) => {
    const entry = files[file];
    if (entry === undefined || entry instanceof Error) throw entry ?? fsError('ENOENT');
    return entry;
  },
};

describe('resolveSecret', () => {
  it.each<[string, SecretSource]>([
    ['a literal', { kind: 'literal', value: SECRET }],
    ['an env var', { kind: 'env', name: 'LOOKER_SECRET' }],
    ['an env var with stray whitespace', { kind: 'env', name: 'PADDED' }],
    ['a file, trimmed', { kind: 'file', path: '/s/ok' }],
  ])('reads %s', async (_name, source) => {
    await expect(resolveSecret(source, deps)).resolves.toBe(SECRET);
  });

  it.each<[string, SecretSource, string]>([
    [
      'an unset variable',
      { kind: 'env', name: 'NOT_SET' },
      'environment variable NOT_SET (client_secret_env) is not set',
    ],
    ['an empty variable', { kind: 'env', name: 'EMPTY' }, 'environment variable EMPTY (client_secret_env) is empty'],
    ['a blank variable', { kind: 'env', name: 'SPACES' }, 'environment variable SPACES (client_secret_env) is empty'],
    ['a missing file', { kind: 'file', path: '/s/missing' }, 'cannot read client_secret_file /s/missing: no such file'],
    [
      'an unreadable file',
      { kind: 'file', path: '/s/locked' },
      'cannot read client_secret_file /s/locked: permission denied',
    ],
    ['a failure with no code', { kind: 'file', path: '/s/odd' }, 'cannot read client_secret_file /s/odd: read failed'],
    ['an empty file', { kind: 'file', path: '/s/blank' }, 'client_secret_file /s/blank is empty'],
    ['an empty literal', { kind: 'literal', value: '' }, 'client_secret is empty'],
  ])('fails on %s, naming the variable or file and never a value', async (_name, source, message) => {
    const error = await resolveSecret(source, deps).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(message);
    expect((error as Error).message).not.toContain(SECRET);
  });

  it('reads a real file by default', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'looker-audit-secret-'));
    try {
      const file = path.join(dir, 'secret');
      await writeFile(file, `${SECRET}\n`, { mode: 0o600 });
      await expect(resolveSecret({ kind: 'file', path: file })).resolves.toBe(SECRET);
      await expect(resolveSecret({ kind: 'file', path: path.join(dir, 'nope') })).rejects.toThrow(
        `${path.join(dir, 'nope')}: no such file`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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
