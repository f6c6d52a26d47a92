/**
 * OAuth tokens on disk, one file per account, under `$XDG_STATE_HOME/looker-audit/tokens/` (XDG Base Directory:
 * "state data that should persist between restarts"; default `~/.local/state`; a relative XDG_STATE_HOME is
 * ignored, as the specification says). Neither peer uses an OS keychain: looker-cli keeps `~/.looker_auth`
 * mode 0600 and refuses it otherwise, lkr a SQLite file. This store does what looker-cli does, and more:
 *
 * - The folder is 0700 (tightened if it is looser) and each file 0600, written whole or not at all (temp file,
 *   fsync, rename: output/write-atomic.ts), so a rotated refresh token never replaces the old one half-written.
 * - A file that others may read or change is refused with the exact `chmod 600 <path>` to run; so is anything
 *   that is not a regular file of ours (a symbolic link, a pipe, another user's file), opened without following
 *   links and checked on the open handle.
 * - The file names the API URL and client_id it was issued for: tokens are never sent to another instance after
 *   the account's `url` or `client_id` changes (they read as "not logged in").
 * - The file name comes from the account name with anything but letters, digits, `_` and `-` percent-encoded, so
 *   no name reaches outside the folder (`../x` becomes `%2E%2E%2Fx.json`).
 *
 * Every failure is the account's (AccountError, exit 3) and names the file, never its content.
 */
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { chmod, lstat, mkdir, open, rm, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { AccountError, describeFileError, UsageError } from '../errors.js';
import type { StoredTokens } from '../looker/oauth-authenticator.js';
import type { OAuthTokens } from '../looker/oauth-token.js';
import { writeFileAtomic } from '../output/write-atomic.js';

/** What identifies an account's tokens: its name (the file) and what they were issued for. */
export interface TokenAccount {
  readonly name: string;
  /** The API origin. */
  readonly url: string;
  readonly clientId: string;
}

/** What reading an account's file found (`other-instance`: it was issued for another url or client_id). */
export type TokenRead = StoredTokens;

export interface TokenStore {
  readonly folder: string;
  pathOf(accountName: string): string;
  read(account: TokenAccount): Promise<TokenRead>;
  /** Replaces the account's tokens atomically (mode 0600). */
  write(account: TokenAccount, tokens: OAuthTokens, options?: { readonly signal?: AbortSignal }): Promise<void>;
  /** Removes the account's file; false when there was none. */
  delete(accountName: string): Promise<boolean>;
}

export interface TokenStoreOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  /** Default process.platform: on Windows, POSIX modes and owners mean nothing and are not checked. */
  readonly platform?: NodeJS.Platform;
  /** The owner a token file must have (default process.getuid()). */
  readonly uid?: number;
  /** For `saved_at` (default Date.now). */
  readonly now?: () => number;
}

const FORMAT_VERSION = 1;
/** A token file is well under 2 KB; anything much larger is not one and is not read whole. */
const MAX_BYTES = 64 * 1024;
const MAX_NAME = 120;

export function tokenFolder(env: NodeJS.ProcessEnv, home: string): string {
  const state = env.XDG_STATE_HOME;
  const base = state !== undefined && state !== '' && isAbsolute(state) ? state : join(home, '.local', 'state');
  return join(base, 'looker-audit', 'tokens');
}

/** `prod-eu` -> `prod-eu.json`; `../x` -> `%2E%2E%2Fx.json`; a very long name is cut and told apart by a hash. */
export function tokenFileName(accountName: string): string {
  const encoded = [...Buffer.from(accountName, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
  if (encoded.length <= MAX_NAME) return `${encoded}.json`;
  const hash = createHash('sha256').update(accountName, 'utf8').digest('hex').slice(0, 16);
  return `${encoded.slice(0, MAX_NAME - 17)}-${hash}.json`;
}

/** A path or name as one shell word, for the command lines the messages tell people to run. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_\-./%@+:=,]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** What a person runs to log in to this account (again), as every message that asks for it words it. */
export const loginHint = (name: string) => `run: looker-audit login -a ${shellWord(name)}`;

function toFile(account: TokenAccount, tokens: OAuthTokens, now: number): string {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const file = {
    looker_audit_tokens: FORMAT_VERSION,
    url: account.url,
    client_id: account.clientId,
    token_type: 'Bearer',
    access_token: tokens.access.value,
    expires_at: iso(tokens.access.expiresAt),
    refresh_token: tokens.refreshToken,
    refresh_expires_at: iso(tokens.refreshExpiresAt),
    saved_at: iso(now),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The file's JSON -> its tokens and what they were issued for; undefined when it is not a token file. */
function fromFile(text: string): { url: string; clientId: string; tokens: OAuthTokens } | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const f = data as Record<string, unknown>;
  const text_ = (v: unknown): v is string => typeof v === 'string' && v !== '';
  const date = (v: unknown): number | undefined => (typeof v === 'string' ? Date.parse(v) : undefined);
  const expiresAt = date(f.expires_at);
  const refreshExpiresAt = f.refresh_expires_at === null ? null : date(f.refresh_expires_at);
  if (
    f.looker_audit_tokens !== FORMAT_VERSION ||
    !text_(f.url) ||
    !text_(f.client_id) ||
    !text_(f.access_token) ||
    f.token_type !== 'Bearer' ||
    expiresAt === undefined ||
    Number.isNaN(expiresAt) ||
    !(f.refresh_token === null || text_(f.refresh_token)) ||
    refreshExpiresAt === undefined ||
    Number.isNaN(refreshExpiresAt)
  )
    return undefined;
  return {
    url: f.url,
    clientId: f.client_id,
    tokens: { access: { value: f.access_token, expiresAt }, refreshToken: f.refresh_token, refreshExpiresAt },
  };
}

export function createTokenStore(options: TokenStoreOptions): TokenStore {
  const folder = tokenFolder(options.env, options.home);
  const posix = (options.platform ?? process.platform) !== 'win32';
  const uid = options.uid ?? process.getuid?.();
  const now = options.now ?? Date.now;
  const pathOf = (accountName: string) => join(folder, tokenFileName(accountName));

  /** Why this file (its stat) is not one we may use, or null. */
  function refusal(path: string, info: Stats, name: string): string | null {
    if (!info.isFile()) return `${path} is not a regular file: remove it, then ${loginHint(name)}`;
    if (!posix) return null;
    if (uid !== undefined && info.uid !== uid)
      return `${path} belongs to another user: remove it, then ${loginHint(name)}`;
    const mode = info.mode & 0o777;
    if ((mode & 0o077) !== 0)
      return `${path} can be read or changed by others than you (mode ${mode.toString(8)}): run chmod 600 ${shellWord(path)}`;
    return null;
  }

  async function read(account: TokenAccount): Promise<TokenRead> {
    const path = pathOf(account.name);
    const fail = (message: string, cause?: unknown) => new AccountError(account.name, message, { cause });
    // Not following a link, and not waiting on a pipe: what is opened is then checked on the handle itself.
    const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
    let handle;
    try {
      handle = await open(path, flags);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { found: false, reason: 'none' };
      if (code === 'ELOOP') throw fail(`${path} is a symbolic link: remove it, then ${loginHint(account.name)}`, error);
      throw fail(`cannot read ${path}: ${describeFileError(error)}`, error);
    }
    try {
      const info = await handle.stat();
      const refused = refusal(path, info, account.name);
      if (refused !== null) throw fail(refused);
      const buffer = Buffer.alloc(MAX_BYTES + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      const parsed = bytesRead > MAX_BYTES ? undefined : fromFile(buffer.subarray(0, bytesRead).toString('utf8'));
      if (parsed === undefined)
        throw fail(`${path} is not a looker-audit token file: remove it, then ${loginHint(account.name)}`);
      if (parsed.url !== account.url || parsed.clientId !== account.clientId)
        return { found: false, reason: 'other-instance' };
      return { found: true, tokens: parsed.tokens };
    } finally {
      await handle.close();
    }
  }

  /** The folder exists, is ours and is 0700 (a looser one is tightened: it holds nothing but our files). */
  async function prepareFolder(name: string): Promise<void> {
    const fail = (message: string, cause?: unknown) => new AccountError(name, message, { cause });
    try {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const info = await stat(folder);
      if (!info.isDirectory()) throw fail(`${folder} is not a folder`);
      if (posix && uid !== undefined && info.uid !== uid) throw fail(`${folder} belongs to another user`);
      if (posix && (info.mode & 0o077) !== 0) await chmod(folder, 0o700);
    } catch (error) {
      if (error instanceof AccountError) throw error;
      throw fail(`cannot create ${folder}: ${describeFileError(error)}`, error);
    }
  }

  async function write(account: TokenAccount, tokens: OAuthTokens, writeOptions: { signal?: AbortSignal } = {}) {
    await prepareFolder(account.name);
    const path = pathOf(account.name);
    const existing = await lstat(path).catch(() => undefined);
    if (existing !== undefined) {
      if (!existing.isFile())
        throw new AccountError(account.name, `${path} is not a regular file: remove it, then log in again`);
      // The atomic writer keeps an existing file's mode: a loosened one is made 0600 before it is replaced.
      if (posix && (existing.mode & 0o077) !== 0) await chmod(path, 0o600);
    }
    try {
      await writeFileAtomic(path, toFile(account, tokens, now()), { newFileMode: 0o600, signal: writeOptions.signal });
    } catch (error) {
      // A stop (Ctrl-C) passes as it is: the temp file is gone and the previous tokens are kept.
      if (!(error instanceof UsageError)) throw error;
      throw new AccountError(account.name, `${error.message}; the login is lost: ${loginHint(account.name)}`, {
        cause: error,
      });
    }
  }

  async function remove(accountName: string): Promise<boolean> {
    const path = pathOf(accountName);
    const existing = await lstat(path).catch(() => undefined);
    if (existing === undefined) return false;
    try {
      await rm(path, { force: true });
    } catch (error) {
      throw new AccountError(accountName, `cannot remove ${path}: ${describeFileError(error)}`, { cause: error });
    }
    return true;
  }

  return { folder, pathOf, read, write, delete: remove };
}
