/**
 * OAuth login end to end, in-process, on loopback: `login` with an HTTP client standing in for the browser (the
 * injected opener opens Looker's /auth page and follows its redirect to the login's listener), then audits with
 * the stored token, a refresh after expiry (the old refresh token then refused by Looker), `logout` (the session
 * ended on Looker, the file gone) and `logout` again (nothing to do). Then everything that must fail cleanly: a
 * wrong state, a wrong verifier, a redirect URI that differs from the registered one, a token file others can
 * read, an expired refresh token, a stop during the wait; the address pasted on a terminal; several accounts.
 *
 * Each test's login listens on a free port of its own (registered with the sample's OAuth app), since several
 * builds may share this machine and the default 7878.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { chmod, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseLoginOptions } from '../../src/cli/options.js';
import { runCli } from '../../src/cli/run.js';
import { runLogin, type LoginDeps } from '../../src/commands/login.js';
import { InterruptedError } from '../../src/errors.js';
import {
  SAMPLE_CREDENTIALS,
  SAMPLE_OAUTH_CLIENT,
  startFakeLooker,
  type FakeLooker,
} from '../../src/fake-looker/index.js';
import type { Io } from '../../src/output/io.js';
import {
  expectPortFree,
  freePort,
  oauthConfigYaml,
  registerLoopbackRedirect,
  visitLoginPage,
  type BrowserVisit,
} from '../helpers/oauth-login.js';
import { memoryIo, type MemoryIo } from '../helpers/memory-io.js';
import { oauthLeaks } from '../helpers/oauth-secrets.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

const HOUR = 3600_000;
const CLIENT = SAMPLE_OAUTH_CLIENT.clientId;
const SECRET_ENV = { API3_SECRET: SAMPLE_CREDENTIALS.clientSecret };

let fake: FakeLooker;
let ws: Workspace;
let port: number;
let redirect: string;
let clock: number;

beforeEach(async () => {
  clock = Date.UTC(2026, 10, 23, 12);
  fake = await startFakeLooker({ now: () => clock });
  ({ port, redirect } = await registerLoopbackRedirect(fake));
  ws = await createWorkspace('looker-audit-login-');
  await writeConfig();
});
afterEach(async () => {
  await fake.close();
  await ws.remove();
});

function writeConfig(people: readonly string[] = ['person'], redirectUri = redirect): Promise<string> {
  return ws.write('looker-audit.yaml', oauthConfigYaml(fake.url, { people, redirectUri }));
}

type TestIo = MemoryIo & { stop: AbortSignal };

function ioFor(extra: Partial<Io> = {}): TestIo & { abort(): void } {
  const stop = new AbortController();
  return {
    ...memoryIo(ws.dir, { env: SECRET_ENV }),
    http: { now: () => clock, sleep: async () => undefined },
    stop: stop.signal,
    abort: () => stop.abort('SIGINT'),
    ...extra,
  };
}

const tokenFile = (name = 'person') => join(ws.dir, '.local/state/looker-audit/tokens', `${name}.json`);
const readTokens = async (name = 'person') =>
  JSON.parse(await readFile(tokenFile(name), 'utf8')) as { access_token: string; refresh_token: string };

/** The browser of these tests: opens each login page given, follows Looker's redirect (after `rewrite`). */
function browser(rewrite?: { readonly page?: (url: URL) => URL; readonly back?: (url: URL) => URL }) {
  const visits: BrowserVisit[] = [];
  const deps: LoginDeps = {
    platform: 'darwin',
    openBrowser: async (url) => {
      const page = rewrite?.page ? rewrite.page(new URL(url)).href : url;
      visits.push(await visitLoginPage(page, rewrite?.back ? { rewrite: rewrite.back } : {}));
      return true;
    },
  };
  return { visits, deps };
}

const login = (io: Io, deps: LoginDeps, flags: Record<string, unknown> = { account: ['person'] }) =>
  runLogin(parseLoginOptions(flags), io, deps);

async function usersJson(io: TestIo, args: string[] = []) {
  const code = await runCli(['users', '-f', 'json', ...args], io);
  const doc = JSON.parse(io.out()) as { accounts: { name: string; error?: string; users: unknown[] }[] };
  return { code, accounts: doc.accounts };
}

describe('login, audit, refresh, logout', () => {
  it('works end to end with the browser played by an HTTP client', async () => {
    const { visits, deps } = browser();
    const io = ioFor();
    expect(await login(io, deps)).toBe('ok');
    expect(visits).toHaveLength(1);
    expect(visits[0]?.authStatus).toBe(302);
    expect(visits[0]?.landed).toMatchObject({ status: 200, body: expect.stringContaining('Logged in') });
    expect(io.err()).toMatch(/account "person": logged in as Ada Admin <ada\.admin@acme\.example>\. Tokens saved in /);
    expect(io.out()).toBe('');
    expect((await stat(tokenFile())).mode & 0o777).toBe(0o600);
    expect((await stat(join(ws.dir, '.local/state/looker-audit/tokens'))).mode & 0o777).toBe(0o700);
    await expectPortFree(port);
    const first = await readTokens();

    // The audit: both accounts, the oauth one with the person's token and no login request of its own.
    fake.requests.length = 0;
    const audit = await usersJson(ioFor());
    expect(audit.code).toBe(0);
    expect(audit.accounts.map((a) => [a.name, a.error, a.users.length > 0])).toEqual([
      ['keyed', undefined, true],
      ['person', undefined, true],
    ]);
    expect(fake.requests.filter((r) => r.auth === 'bearer').length).toBeGreaterThan(2);
    expect(fake.requests.filter((r) => r.path === '/api/token')).toEqual([]);

    // An hour later the access token has expired: refreshed once, the rotated pair stored, the old one dead.
    clock += 2 * HOUR;
    fake.requests.length = 0;
    expect(await runCli(['summary', '-a', 'person', '-f', 'json'], ioFor())).toBe(0);
    expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`)[0]).toBe('POST /api/token 200');
    const second = await readTokens();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    const replay = await fetch(`${fake.url}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', client_id: CLIENT, refresh_token: first.refresh_token }),
    });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');

    // logout ends the session on Looker (both tokens) and deletes the file; a second one has nothing to do.
    const out = ioFor();
    expect(await runCli(['logout', '-a', 'person'], out)).toBe(0);
    expect(out.err()).toMatch(
      /account "person": logged out: the session on Looker is ended and .*person\.json is deleted/,
    );
    expect(existsSync(tokenFile())).toBe(false);
    expect(fake.liveRefreshTokens(CLIENT)).toBe(0);
    expect(fake.liveSessions(CLIENT)).toBe(0);
    const again = ioFor();
    expect(await runCli(['logout'], again)).toBe(0);
    expect(again.err()).toMatch(/account "person": not logged in \(no tokens in .*\): nothing to do/);

    // Logged out: that account fails alone, with the command that logs in again.
    const after = await usersJson(ioFor());
    expect(after.code).toBe(3);
    expect(after.accounts[0]?.error).toBeUndefined();
    expect(after.accounts[1]?.error).toBe('account "person": not logged in: run: looker-audit login -a person');
  });

  it('prints neither the code, the verifier nor a token, even with -v', async () => {
    const { visits, deps } = browser();
    const io = ioFor();
    // A known random source: the verifier is then a known value to look for.
    const random = (size: number) => Buffer.alloc(size, 7);
    expect(await login(io, { ...deps, random }, { account: ['person'], verbose: true })).toBe('ok');
    const verifier = random(32).toString('base64url');
    const code = visits[0]?.location?.searchParams.get('code') ?? '';
    const saved = await readTokens();
    expect(code).not.toBe('');
    expect(io.err()).toMatch(
      /POST \/api\/token 200 .*\n.*GET \/api\/4\.0\/user\?fields=id%2Cemail%2Cdisplay_name 200 .*\(authorization: Bearer <redacted>\)/,
    );
    expect(
      oauthLeaks(io.out() + io.err(), { code, verifier, access: saved.access_token, refresh: saved.refresh_token }),
    ).toEqual([]);
  });

  it('logs in every oauth account, one after the other, when none is named', async () => {
    await writeConfig(['person', 'second']);
    const { visits, deps } = browser();
    const io = ioFor();
    expect(await login(io, deps, {})).toBe('ok');
    expect(visits.map((v) => v.landed?.status)).toEqual([200, 200]);
    expect(existsSync(tokenFile('person')) && existsSync(tokenFile('second'))).toBe(true);
    await expectPortFree(port);
  });
});

describe('a login that must fail leaves no token file and no listener', () => {
  async function expectNothingLeft(): Promise<void> {
    expect(existsSync(tokenFile())).toBe(false);
    await expectPortFree(port);
  }

  it('an answer with another state (a forged redirect) is refused', async () => {
    const { visits, deps } = browser({
      back: (url) => {
        url.searchParams.set('state', 'forged');
        return url;
      },
    });
    const io = ioFor();
    expect(await login(io, deps)).toBe('accounts-failed');
    expect(visits[0]?.landed).toMatchObject({ status: 400, body: expect.stringContaining('Not this login') });
    expect(io.err()).toMatch(/error: account "person": the answer does not belong to this login \(its state differs\)/);
    await expectNothingLeft();
    expect(fake.requests.some((r) => r.path === '/api/token')).toBe(false);
  });

  it('a code issued for another verifier (its challenge replaced on the way) is refused by Looker', async () => {
    const { deps } = browser({
      page: (url) => {
        url.searchParams.set('code_challenge', 'A'.repeat(43));
        return url;
      },
    });
    const io = ioFor();
    expect(await login(io, deps)).toBe('accounts-failed');
    expect(io.err()).toContain(
      'error: account "person": Looker refused the authorization code (invalid_grant): nothing was saved; log in again',
    );
    await expectNothingLeft();
  });

  it('a redirect_uri that differs from the registered one: Looker never redirects, and the wait ends', async () => {
    const other = await freePort();
    await writeConfig(['person'], `http://127.0.0.1:${other}/callback`);
    let timeUp: () => void = () => undefined;
    const { visits, deps } = browser();
    const io = ioFor();
    const run = login(io, {
      ...deps,
      openBrowser: async (url) => {
        await deps.openBrowser?.(url);
        timeUp();
        return true;
      },
      wait: (_ms, signal) =>
        new Promise<void>((resolve, reject) => {
          timeUp = resolve;
          signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        }),
    });
    expect(await run).toBe('accounts-failed');
    expect(visits[0]).toEqual({ authStatus: 400, location: null });
    expect(io.err()).toMatch(/account "person": no answer from the browser within 5 minutes; nothing was saved/);
    await expectPortFree(other);
    expect(existsSync(tokenFile())).toBe(false);
  });

  it('a stop (Ctrl-C) during the wait: exit 130, nothing saved, nothing listening', async () => {
    const io = ioFor();
    const run = login(io, { platform: 'linux' }, { account: ['person'], browser: false });
    for (let i = 0; i < 400 && !io.err().includes('/auth?'); i++) await new Promise((r) => setTimeout(r, 5));
    expect(io.err()).toMatch(/open this address in a browser to log in to Looker \(--no-browser\)/);
    io.abort();
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(130);
    expect((error as Error).message).toBe(
      'stopped by SIGINT: the login of account "person" was stopped; nothing was saved',
    );
    await expectNothingLeft();
  });

  it('an https redirect_uri without a terminal to paste into: said at once', async () => {
    await writeConfig(['person'], 'https://audit.acme.example/looker/callback');
    const io = ioFor();
    expect(await login(io, browser().deps)).toBe('accounts-failed');
    expect(io.err()).toContain('is not on this machine: the login needs a terminal to paste the address');
  });
});

describe('the address pasted on a terminal', () => {
  it('is read while the listener waits; a line that is not the address is answered and another read', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const io = ioFor({ stdin });
    const run = login(io, { platform: 'linux' }, { account: ['person'], browser: false });
    for (let i = 0; i < 400 && !io.err().includes('paste that address here'); i++)
      await new Promise((r) => setTimeout(r, 5));
    const url = /^ {2}(http\S+)$/m.exec(io.err())?.[1] ?? '';
    // The browser on another machine: Looker sends it to the redirect address, which does not load there.
    const visit = await visitLoginPage(url, { follow: false });
    stdin.write('not an address\n');
    stdin.write(`${visit.location?.href}\n`);
    expect(await run).toBe('ok');
    expect(io.err()).toContain(
      "warning: that is not one address: paste the whole address from the browser's address bar",
    );
    expect(io.err()).toMatch(/account "person": logged in as Ada Admin/);
    expect(existsSync(tokenFile())).toBe(true);
    await expectPortFree(port);
  });
});

describe('an oauth account that cannot be audited fails alone (exit 3), the others are reported', () => {
  async function loggedIn(): Promise<void> {
    expect(await login(ioFor(), browser().deps)).toBe('ok');
  }

  it('a token file others can read: refused, with the chmod to run', async () => {
    await loggedIn();
    await chmod(tokenFile(), 0o644);
    const { code, accounts } = await usersJson(ioFor());
    expect(code).toBe(3);
    expect(accounts[0]?.error).toBeUndefined();
    expect(accounts[1]?.error).toBe(
      `account "person": ${tokenFile()} can be read or changed by others than you (mode 644): run chmod 600 ${tokenFile()}`,
    );
  });

  it('an expired refresh token: Looker says invalid_grant, and the person is told to log in again', async () => {
    await loggedIn();
    clock += 31 * 24 * HOUR;
    const io = ioFor();
    const { code, accounts } = await usersJson(io);
    expect(code).toBe(3);
    expect(accounts[0]?.users.length).toBeGreaterThan(0);
    expect(accounts[1]?.error).toBe(
      'account "person": the login has expired (a refresh token lasts a month): run: looker-audit login -a person',
    );
  });
});

describe('login and logout refuse what they cannot do (exit 2)', () => {
  it.each([
    [['login', '-a', 'keyed'], /login: account "keyed" logs in with an API3 key .*: it needs no login/],
    [['logout', '-a', 'keyed'], /logout: account "keyed" logs in with an API3 key/],
    [['login', '-f', 'json'], /login writes no report: -f\/--format does not apply to it/],
    [['logout', '-o', 'x.txt'], /logout writes no report: -o\/--output does not apply to it/],
  ])('%j', async (argv, message) => {
    const io = ioFor();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
  });

  it('a config without any oauth account', async () => {
    await writeConfig([]);
    const io = ioFor();
    expect(await runCli(['login'], io)).toBe(2);
    expect(io.err()).toMatch(
      /login: no account in .*looker-audit\.yaml has auth: oauth \(API3 accounts need no login\)/,
    );
  });
});
