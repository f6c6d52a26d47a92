/**
 * OAuth login with the built CLI, on loopback:
 * - `login --no-browser` prints the login address on stderr; the test opens it as a browser would (an HTTP
 *   client that follows Looker's redirect to the login's listener); then `users` audits with the stored token and
 *   `logout` ends the session;
 * - SIGINT while the login waits for the browser: exit 130, one line, nothing listening, no token file;
 * - no output of any command (stdout, stderr with -v, every report format, the `.partial` of a failed run), ever
 *   holds a known access token or refresh token, nor the rotated ones, even when the server echoes the request
 *   back (the token file itself excepted: that is where they belong).
 *
 * Each login listens on a free port registered with the sample's OAuth app: the default 7878 may be taken by
 * another build on this machine.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  SAMPLE_CREDENTIALS,
  SAMPLE_OAUTH_CLIENT,
  startFakeLooker,
  type FakeLooker,
} from '../../src/fake-looker/index.js';
import { createTokenStore } from '../../src/oauth/token-store.js';
import { BIN, exec, hasStackTrace } from '../helpers/exec.js';
import { expectPortFree, oauthConfigYaml, registerLoopbackRedirect, visitLoginPage } from '../helpers/oauth-login.js';
import { KNOWN_OAUTH_SECRETS, oauthLeaks } from '../helpers/oauth-secrets.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

const CLIENT = SAMPLE_OAUTH_CLIENT.clientId;
const env = { API3_SECRET: SAMPLE_CREDENTIALS.clientSecret };

let fake: FakeLooker;
let ws: Workspace;
let port: number;
let clock: number;

beforeEach(async () => {
  clock = Date.now();
  fake = await startFakeLooker({ now: () => clock });
  let redirect: string;
  ({ port, redirect } = await registerLoopbackRedirect(fake));
  ws = await createWorkspace('looker-audit-oauth-e2e-');
  await ws.write(
    'looker-audit.yaml',
    oauthConfigYaml(fake.url, { redirectUri: redirect, extra: 'policy:\n  max_seats: { developer: 1 }\n' }),
  );
});
afterEach(async () => {
  await fake.close();
  await ws.remove();
});

const tokensDir = () => join(ws.dir, '.local/state/looker-audit/tokens');

/** The built CLI with its stderr collected as it comes, and its exit awaited. */
function start(args: readonly string[]) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, ...args], {
    cwd: ws.dir,
    env: { PATH: process.env.PATH ?? '', HOME: ws.dir, NO_COLOR: '1', TZ: 'UTC', ...env },
  });
  child.stdin.end();
  const seen = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (seen.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (seen.stderr += chunk));
  const exited = once(child, 'close').then(([status]) => status as number | null);
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  void exited.finally(() => clearTimeout(timer));
  /** The login address, once the CLI has printed it (an event awaited in bounded steps, not a fixed sleep). */
  const loginAddress = async (): Promise<string> => {
    for (let i = 0; i < 2000; i++) {
      const found = /^ {2}(http:\/\/127\.0\.0\.1:\d+\/auth\?\S+)$/m.exec(seen.stderr)?.[1];
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`no login address on stderr: ${seen.stderr}`);
  };
  return { child, seen, exited, loginAddress };
}

describe('the built CLI', () => {
  it('login --no-browser, then users with the token, then logout', async () => {
    const run = start(['login', '--no-browser']);
    const visit = await visitLoginPage(await run.loginAddress());
    expect(visit.landed?.status).toBe(200);
    expect(await run.exited).toBe(0);
    expect(run.seen.stdout).toBe('');
    expect(run.seen.stderr).toMatch(/account "person": logged in as Ada Admin/);
    expect(await readdir(tokensDir())).toEqual(['person.json']);
    await expectPortFree(port);

    const users = await exec(['users', '-f', 'json'], { cwd: ws.dir, env });
    expect(users.status).toBe(0);
    const doc = JSON.parse(users.stdout) as { accounts: { name: string; users: unknown[] }[] };
    expect(doc.accounts.map((a) => [a.name, a.users.length > 0])).toEqual([
      ['keyed', true],
      ['person', true],
    ]);

    const out = await exec(['logout', '-a', 'person'], { cwd: ws.dir, env });
    expect(out.status).toBe(0);
    expect(out.stderr).toMatch(/logged out: the session on Looker is ended/);
    expect(await readdir(tokensDir())).toEqual([]);
    expect(fake.liveRefreshTokens(CLIENT)).toBe(0);
  });

  it('SIGINT while the login waits for the browser: exit 130, nothing listening, no token file', async () => {
    const run = start(['login', '-a', 'person', '--no-browser']);
    await run.loginAddress();
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.seen.stderr.trim().split('\n').at(-1)).toBe(
      'looker-audit: stopped by SIGINT: the login of account "person" was stopped; nothing was saved',
    );
    expect(hasStackTrace(run.seen.stderr)).toBe(false);
    expect(run.seen.stdout).toBe('');
    await expectPortFree(port);
    expect(existsSync(tokensDir()) ? await readdir(tokensDir()) : []).toEqual([]);
  });
});

describe('no output ever holds a token', () => {
  const { accessToken, refreshToken } = KNOWN_OAUTH_SECRETS;
  const known = { accessToken, refreshToken };
  const account = () => ({ name: 'person', url: fake.url, clientId: CLIENT });
  const store = () => createTokenStore({ env: {}, home: ws.dir });
  const stored = (accessLeftMs: number) =>
    store().write(account(), {
      access: { value: accessToken, expiresAt: clock + accessLeftMs },
      refreshToken,
      refreshExpiresAt: clock + 30 * 24 * 3600_000,
    });
  let outputs: string[];

  beforeEach(() => {
    fake.grantOAuth(CLIENT, { accessToken, refreshToken });
    outputs = [];
  });

  const run = async (args: string[], status: number) => {
    const r = await exec([...args, '-v'], { cwd: ws.dir, env });
    expect([args, r.status]).toEqual([args, status]);
    outputs.push(r.stdout, r.stderr);
    return r;
  };

  /** Every output of the runs, and every file they wrote but the token store's (reports, a `.partial`). */
  async function everything(): Promise<string> {
    const names = (await readdir(ws.dir)).filter((n) => n !== 'looker-audit.yaml' && !n.startsWith('.'));
    const files = await Promise.all(names.map((n) => readFile(join(ws.dir, n), 'utf8')));
    return [...outputs, ...files].join('\n');
  }

  // Many spawns of the CLI on a shared machine: a bound for the test, not a claim about its speed.
  const MANY_RUNS_MS = 90_000;

  it(
    'the known access token, on every request of every report format and of a server echoing it back',
    async () => {
      await stored(3600_000);
      for (const format of ['table', 'csv', 'json', 'html'])
        await run(['users', '-f', format, '-o', `users-${format}.out`], 0);
      await run(['summary', '-f', 'markdown', '-o', 'summary.md'], 0);
      await run(['summary', '-f', 'prometheus', '-o', 'summary.prom'], 0);
      await run(['check', '-f', 'junit', '-o', 'check.xml'], 1);
      // The Authorization header echoed into an error: stderr, the JSON report's error, the .partial left.
      fake.inject({ path: '/api/4.0/users' }, { kind: 'echo', status: 500 });
      const echo = await run(['users', '-a', 'person', '-f', 'json', '-o', 'echoed.json'], 3);
      // The echo reached the message, redacted: the search below looks where the token would be.
      expect(echo.stderr).toContain('authorization=Bearer <redacted>');
      expect(existsSync(join(ws.dir, 'echoed.json.partial'))).toBe(true);

      const all = await everything();
      expect(all).toContain('(authorization: Bearer <redacted>)');
      expect(oauthLeaks(all, known)).toEqual([]);
    },
    MANY_RUNS_MS,
  );

  it(
    'the known refresh token sent on expiry, echoed back once, then rotated: neither it nor its successors',
    async () => {
      await stored(-1);
      fake.inject({ path: '/api/token' }, { kind: 'echo', status: 500 });
      const echoed = await run(['summary', '-a', 'person'], 3);
      expect(echoed.stderr).toMatch(/POST \/api\/token -> 500.*refresh_token=<redacted>/);
      await run(['summary', '-a', 'person', '-f', 'json', '-o', 'after-refresh.json'], 0);
      const rotated = await store().read(account());
      if (!rotated.found) throw new Error('the refresh stored nothing');
      expect(rotated.tokens.refreshToken).not.toBe(refreshToken);
      await run(['accounts', '--test'], 0);

      const all = await everything();
      expect(oauthLeaks(all, known)).toEqual([]);
      const successors = { access: rotated.tokens.access.value, refresh: rotated.tokens.refreshToken ?? '' };
      expect(oauthLeaks(all, successors)).toEqual([]);
    },
    MANY_RUNS_MS,
  );
});
