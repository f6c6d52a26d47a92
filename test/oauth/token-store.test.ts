import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmod, lstat, mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AccountError, ExitCode } from '../../src/errors.js';
import type { OAuthTokens } from '../../src/looker/oauth-token.js';
import {
  createTokenStore,
  shellWord,
  tokenFileName,
  tokenFolder,
  type TokenAccount,
  type TokenStore,
} from '../../src/oauth/token-store.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

const ACCESS = 'access-token-value-1f2e3d';
const REFRESH = 'refresh-token-value-9a8b7c';
const NOW = Date.UTC(2026, 10, 23, 12);
const TOKENS: OAuthTokens = {
  access: { value: ACCESS, expiresAt: NOW + 3600_000 },
  refreshToken: REFRESH,
  refreshExpiresAt: NOW + 30 * 86_400_000,
};
const PROD: TokenAccount = { name: 'prod', url: 'https://acme.cloud.looker.com', clientId: 'looker-audit' };

let ws: Workspace;
let store: TokenStore;
let path: string;
beforeEach(async () => {
  ws = await createWorkspace('looker-audit-tokens-');
  store = createTokenStore({
    env: { XDG_STATE_HOME: join(ws.dir, 'state') },
    home: join(ws.dir, 'home'),
    now: () => NOW,
  });
  path = store.pathOf('prod');
});
afterEach(() => ws.remove());

const modeOf = async (p: string) => (await stat(p)).mode & 0o777;

async function refusalOf(promise: Promise<unknown>): Promise<AccountError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AccountError);
    const message = (error as Error).message;
    expect(message).not.toContain(ACCESS);
    expect(message).not.toContain(REFRESH);
    return error as AccountError;
  }
  throw new Error('expected an AccountError');
}

describe('where tokens live', () => {
  it('is $XDG_STATE_HOME/looker-audit/tokens, or ~/.local/state/... when it is unset, empty or relative', () => {
    expect(tokenFolder({ XDG_STATE_HOME: '/var/state' }, '/home/ann')).toBe('/var/state/looker-audit/tokens');
    expect(tokenFolder({}, '/home/ann')).toBe('/home/ann/.local/state/looker-audit/tokens');
    expect(tokenFolder({ XDG_STATE_HOME: '' }, '/home/ann')).toBe('/home/ann/.local/state/looker-audit/tokens');
    expect(tokenFolder({ XDG_STATE_HOME: 'state' }, '/home/ann')).toBe('/home/ann/.local/state/looker-audit/tokens');
  });

  it.each([
    ['prod', 'prod.json'],
    ['eu_prod-2', 'eu_prod-2.json'],
    ['../x', '%2E%2E%2Fx.json'],
    ['..', '%2E%2E.json'],
    ['a/b\\c', 'a%2Fb%5Cc.json'],
    ['eu prod', 'eu%20prod.json'],
    ['Zürich', 'Z%C3%BCrich.json'],
    ['.hidden', '%2Ehidden.json'],
  ])('names the file of account %j %s, inside the folder', (name, file) => {
    expect(tokenFileName(name)).toBe(file);
    expect(dirname(store.pathOf(name))).toBe(store.folder);
  });

  it('cuts a very long name and tells two of them apart by a hash', () => {
    const a = tokenFileName(`${'x'.repeat(300)}a`);
    const b = tokenFileName(`${'x'.repeat(300)}b`);
    expect(a).not.toBe(b);
    for (const file of [a, b]) {
      expect(file.length).toBeLessThanOrEqual(125);
      expect(file).toMatch(/^[A-Za-z0-9_%-]+\.json$/);
    }
  });
});

describe('write and read', () => {
  it('writes the folder 0700 and the file 0600, and reads back what it wrote', async () => {
    await store.write(PROD, TOKENS);
    expect(await modeOf(store.folder)).toBe(0o700);
    expect(await modeOf(path)).toBe(0o600);
    expect(await readdir(store.folder)).toEqual(['prod.json']);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      looker_audit_tokens: 1,
      url: PROD.url,
      client_id: PROD.clientId,
      token_type: 'Bearer',
      access_token: ACCESS,
      expires_at: '2026-11-23T13:00:00.000Z',
      refresh_token: REFRESH,
      refresh_expires_at: '2026-12-23T12:00:00.000Z',
      saved_at: '2026-11-23T12:00:00.000Z',
    });
    expect(await store.read(PROD)).toEqual({ found: true, tokens: TOKENS });
  });

  it('replaces the tokens whole: a rotated refresh token, and a login without one', async () => {
    await store.write(PROD, TOKENS);
    const rotated = { ...TOKENS, access: { value: 'a2', expiresAt: NOW }, refreshToken: 'r2' };
    await store.write(PROD, rotated);
    expect(await store.read(PROD)).toEqual({ found: true, tokens: rotated });
    const none = { ...TOKENS, refreshToken: null, refreshExpiresAt: null };
    await store.write(PROD, none);
    expect(await store.read(PROD)).toEqual({ found: true, tokens: none });
    expect(await readdir(store.folder)).toEqual(['prod.json']);
  });

  it('reads "none" when there is no file, and "other-instance" when url or client_id changed', async () => {
    expect(await store.read(PROD)).toEqual({ found: false, reason: 'none' });
    await store.write(PROD, TOKENS);
    expect(await store.read({ ...PROD, url: 'https://evil.example' })).toEqual({
      found: false,
      reason: 'other-instance',
    });
    expect(await store.read({ ...PROD, clientId: 'other-app' })).toEqual({ found: false, reason: 'other-instance' });
  });

  it('tightens a folder others can enter, and a token file others can read, when it writes', async () => {
    await mkdir(store.folder, { recursive: true, mode: 0o755 });
    await chmod(store.folder, 0o755);
    await writeFile(path, 'old', { mode: 0o644 });
    await chmod(path, 0o644);
    await store.write(PROD, TOKENS);
    expect(await modeOf(store.folder)).toBe(0o700);
    expect(await modeOf(path)).toBe(0o600);
  });
});

describe('refusals', () => {
  it.each(['644', '640', '604', '620', '606'])(
    'refuses a file with mode %s, with the exact chmod to run',
    async (octal) => {
      const mode = Number.parseInt(octal, 8);
      await store.write(PROD, TOKENS);
      await chmod(path, mode);
      const error = await refusalOf(store.read(PROD));
      expect(error.exitCode).toBe(ExitCode.account);
      expect(error.message).toBe(
        `account "prod": ${path} can be read or changed by others than you (mode ${mode.toString(8)}): run chmod 600 ${path}`,
      );
      await chmod(path, 0o600);
      expect((await store.read(PROD)).found).toBe(true);
    },
  );

  it('quotes a path with spaces in the chmod line', async () => {
    const spaced = createTokenStore({ env: { XDG_STATE_HOME: join(ws.dir, 'my state') }, home: ws.dir });
    await spaced.write(PROD, TOKENS);
    const file = spaced.pathOf('prod');
    await chmod(file, 0o644);
    expect((await refusalOf(spaced.read(PROD))).message).toContain(`run chmod 600 '${file}'`);
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
  });

  it('refuses a symbolic link, even to a 0600 token file, without following it', async () => {
    await store.write({ ...PROD, name: 'real' }, TOKENS);
    await symlink(store.pathOf('real'), path);
    expect((await refusalOf(store.read(PROD))).message).toBe(
      `account "prod": ${path} is a symbolic link: remove it, then run: looker-audit login -a prod`,
    );
    await expect(store.write(PROD, TOKENS)).rejects.toThrow('is not a regular file');
    expect((await lstat(path)).isSymbolicLink()).toBe(true);
  });

  it('refuses a folder and a named pipe at the path (without waiting on the pipe)', async () => {
    await mkdir(path, { recursive: true });
    expect((await refusalOf(store.read(PROD))).message).toContain('is not a regular file');
    await ws.remove();
    await mkdir(store.folder, { recursive: true });
    execFileSync('mkfifo', ['-m', '600', path]);
    expect((await refusalOf(store.read(PROD))).message).toContain('is not a regular file');
  });

  it("refuses another user's file", async () => {
    await store.write(PROD, TOKENS);
    const other = createTokenStore({
      env: { XDG_STATE_HOME: join(ws.dir, 'state') },
      home: ws.dir,
      uid: (process.getuid?.() ?? 0) + 1,
    });
    expect((await refusalOf(other.read(PROD))).message).toContain('belongs to another user');
  });

  it.each([
    ['not JSON', `token: ${ACCESS}`],
    ['another JSON', JSON.stringify({ access_token: ACCESS })],
    ['an unknown version', JSON.stringify({ looker_audit_tokens: 2, access_token: ACCESS })],
    ['a huge file', `{"access_token":"${ACCESS}","pad":"${'x'.repeat(70_000)}"}`],
  ])('refuses %s without quoting it', async (_name, content) => {
    await store.write(PROD, TOKENS);
    await writeFile(path, content);
    expect((await refusalOf(store.read(PROD))).message).toBe(
      `account "prod": ${path} is not a looker-audit token file: remove it, then run: looker-audit login -a prod`,
    );
  });

  it('names the account in the login hint as one shell word', async () => {
    const account = { ...PROD, name: 'eu prod' };
    await store.write(account, TOKENS);
    await writeFile(store.pathOf('eu prod'), '{}');
    expect((await refusalOf(store.read(account))).message).toMatch(/run: looker-audit login -a 'eu prod'$/);
  });

  it('does not check POSIX modes on Windows, where they mean nothing', async () => {
    const windows = createTokenStore({
      env: { XDG_STATE_HOME: join(ws.dir, 'state') },
      home: ws.dir,
      platform: 'win32',
    });
    await windows.write(PROD, TOKENS);
    await chmod(path, 0o644);
    expect((await windows.read(PROD)).found).toBe(true);
  });
});

describe('a stop during the write', () => {
  it('keeps the previous tokens and leaves no temp file (InterruptedError passes through)', async () => {
    await store.write(PROD, TOKENS);
    const stop = new AbortController();
    stop.abort('SIGINT');
    await expect(
      store.write(
        PROD,
        { ...TOKENS, access: { value: 'a2', expiresAt: NOW }, refreshToken: 'r2' },
        { signal: stop.signal },
      ),
    ).rejects.toMatchObject({ name: 'InterruptedError' });
    expect(await store.read(PROD)).toEqual({ found: true, tokens: TOKENS });
    expect(await readdir(store.folder)).toEqual(['prod.json']);
  });
});

describe('delete', () => {
  it('removes the file and says whether there was one', async () => {
    await store.write(PROD, TOKENS);
    expect(await store.delete('prod')).toBe(true);
    expect(await readdir(store.folder)).toEqual([]);
    expect(await store.delete('prod')).toBe(false);
    expect(await store.read(PROD)).toEqual({ found: false, reason: 'none' });
  });
});
