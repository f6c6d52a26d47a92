/**
 * Fault suite: the BUILT CLI (`users --format csv --output report.csv --verbose`) against sample
 * instances with one injected fault per case. Transient faults are recovered: exit 0 and a complete report
 * whose user ids are the fake's final organisation. The rest: exit 3, one error line naming the account and
 * the cause, no stack trace, the report absent (or untouched when a previous one existed). In every case no
 * secret and no access token appears in stdout or stderr (verbose included), and the fake holds no live
 * session afterwards (the CLI logged out, failed runs included).
 *
 * Most cases run the CLI in-process (runCli with an injected process boundary) and an injected sleep that records
 * each retry wait instead of waiting it, so the backoff (0.5 s, 1 s, 2 s) and Retry-After costs no time; the
 * waits the client announces are still asserted. The cases marked `spawned` run the built binary in its own
 * process: end-to-end proof of the same path, and the cases whose point is the process itself (a body that would
 * exhaust its memory) or real time (socket timeouts, one real Retry-After wait).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  loadOrganisation,
  sampleOrganisation,
  startFakeLooker,
  type FakeLooker,
  type Organisation,
} from '../../src/fake-looker/index.js';
import { runCli } from '../../src/cli/run.js';
import type { Io } from '../../src/output/io.js';
import { exec, hasStackTrace, type ExecResult } from '../helpers/exec.js';
import {
  hasOpenssl,
  selfSignedCertificate,
  startProxy,
  startTlsFront,
  TEST_HOST,
  type Certificate,
  type TestProxy,
  type TlsFront,
} from '../looker/net-helpers.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

/** Planted, distinctive: it must never be printed. */
const SECRET = 'fault-suite-SECRET-q7Zx-never-print-me';
const CLIENT_ID = 'fault-suite-client';
const USERS = '/api/4.0/users';
const ROLES = '/api/4.0/roles';
const GROUPS = '/api/4.0/groups/search/with_hierarchy';
const LOGIN = '/api/4.0/login';
/** Access tokens of the sample instance are 20 random bytes in hex. */
const TOKEN_SHAPE = /\b[0-9a-f]{40}\b/i;
const PREVIOUS = 'previous,complete,report\n';

interface FaultCase {
  readonly title: string;
  /** Run the built binary in a child process instead of runCli in-process (see the header). */
  readonly spawned?: true;
  readonly outcome: 'recovered' | 'fails';
  /** Injected before the run. */
  readonly inject?: (fake: FakeLooker) => void;
  readonly org?: () => Organisation;
  /** Per-account `timeout` (seconds) in the YAML. */
  readonly timeout?: number;
  readonly pageSize?: number;
  /** A second account whose instance is down (nothing listens on 127.0.0.1:9). */
  readonly withDownAccount?: boolean;
  /** Per-account `max_response_mb` in the YAML. */
  readonly maxResponseMb?: number;
  /** A second, healthy instance (account "good"): its results must be kept in `<file>.partial`. */
  readonly healthyNeighbour?: boolean;
  /** What the error line must not say (a misleading cause). */
  readonly notCause?: readonly RegExp[];
  /** A report from an earlier run is in place: a failed run must leave it untouched. */
  readonly previous?: boolean;
  /** The failing account (default "fake") and what its one error line must say. */
  readonly failing?: string;
  readonly cause?: readonly RegExp[];
  /** Extra checks on the fake's recorded requests and on stderr. */
  readonly check?: (fake: FakeLooker, r: ExecResult) => void;
}

const countOf = (fake: FakeLooker, path: string, status?: number) =>
  fake.requests.filter((q) => q.path === path && (status === undefined || q.status === status)).length;

/** The wait the client announced before its first retry of `path` ("... -> 429, retry in N ms"). */
function announcedWait(stderr: string, path: string): number | undefined {
  const match = new RegExp(`${path.replace(/\//g, '\\/')} -> \\d{3}, retry in (\\d+) ms`).exec(stderr);
  return match ? Number(match[1]) : undefined;
}

/**
 * An HTTP-date (whole seconds) between 2.5 and 3.5 s after the moment the fake answers (read then, so a slow start
 * of the run cannot eat the wait): a wait clearly above the 500 ms backoff.
 */
const httpDateAhead = () => new Date(Math.ceil((Date.now() + 2500) / 1000) * 1000).toUTCString();

/** The sample organisation without its three lowest ids, so inserted rows take ids below the first page. */
function sampleFromId4(): Organisation {
  const org = sampleOrganisation();
  org.users = org.users.filter((u) => Number(u.id) > 3);
  return org;
}

const CASES: readonly FaultCase[] = [
  {
    title: '429 with Retry-After "1" (seconds): waits 1 s, retries, recovers',
    spawned: true,
    outcome: 'recovered',
    inject: (f) => f.inject({ path: USERS }, { kind: 'status', status: 429, retryAfter: '1' }),
    check: (f, r) => {
      expect(countOf(f, USERS, 429)).toBe(1);
      expect(announcedWait(r.stderr, USERS)).toBe(1000);
    },
  },
  {
    title: '429 with Retry-After as an HTTP-date a few seconds ahead: waits until then, recovers',
    outcome: 'recovered',
    inject: (f) => f.inject({ path: USERS }, { kind: 'status', status: 429, retryAfter: httpDateAhead }),
    check: (f, r) => {
      expect(countOf(f, USERS, 429)).toBe(1);
      const wait = announcedWait(r.stderr, USERS);
      // Not the 500 ms backoff of a missing header, and not a misread number of seconds.
      expect(wait).toBeGreaterThan(500);
      expect(wait).toBeLessThanOrEqual(3500);
    },
  },
  {
    title: '429 without Retry-After: backs off 500 ms, recovers',
    outcome: 'recovered',
    inject: (f) => f.inject({ path: USERS }, { kind: 'status', status: 429 }),
    check: (f, r) => {
      expect(countOf(f, USERS, 429)).toBe(1);
      expect(announcedWait(r.stderr, USERS)).toBe(500);
    },
  },
  {
    title: '429 with a Retry-After over the 60 s cap: not retried, exit 3 (rate-limited)',
    outcome: 'fails',
    inject: (f) => f.inject({ path: USERS }, { kind: 'status', status: 429, retryAfter: '3600' }),
    cause: [/429/, /rate-limited/],
    check: (f) => expect(countOf(f, USERS, 429)).toBe(1),
  },
  {
    title: '500 (not retried by design: a server error is not a proxy hiccup): exit 3',
    outcome: 'fails',
    inject: (f) => f.inject({ path: USERS }, { kind: 'status', status: 500 }),
    cause: [/GET \/api\/4\.0\/users/, /500/, /server error/i],
    check: (f) => expect(countOf(f, USERS, 500)).toBe(1),
  },
  {
    title: '502 once on the groups: retried, recovers',
    outcome: 'recovered',
    inject: (f) => f.inject({ path: GROUPS }, { kind: 'status', status: 502 }),
    check: (f) => {
      expect(countOf(f, GROUPS, 502)).toBe(1);
      expect(countOf(f, GROUPS, 200)).toBeGreaterThanOrEqual(1);
    },
  },
  {
    title: '503 once on the roles: retried, recovers',
    outcome: 'recovered',
    inject: (f) => f.inject({ path: ROLES }, { kind: 'status', status: 503 }),
    check: (f) => expect(countOf(f, ROLES, 503)).toBe(1),
  },
  {
    title: '504 twice on the users: retried twice, recovers',
    outcome: 'recovered',
    inject: (f) => f.inject({ path: USERS, times: 2 }, { kind: 'status', status: 504 }),
    check: (f) => expect(countOf(f, USERS, 504)).toBe(2),
  },
  {
    title: '503 every time: 3 retries (0.5 + 1 + 2 s), then exit 3 saying so',
    outcome: 'fails',
    inject: (f) => f.inject({ path: USERS, times: 4 }, { kind: 'status', status: 503 }),
    cause: [/503/, /\(after 3 retries\)/],
    check: (f) => expect(countOf(f, USERS, 503)).toBe(4),
  },
  {
    title: 'a connection dropped mid-response: retried, recovers',
    outcome: 'recovered',
    inject: (f) => f.inject({ path: USERS }, { kind: 'drop' }),
    check: (f) => expect(countOf(f, USERS, -1)).toBe(1),
  },
  {
    title: 'a connection dropped at login: retried, recovers',
    outcome: 'recovered',
    inject: (f) => f.inject({ path: LOGIN }, { kind: 'drop' }),
    check: (f) => expect(countOf(f, LOGIN, -1)).toBe(1),
  },
  {
    title: 'a response slower than the 1 s timeout: timed out, retried, recovers',
    spawned: true,
    outcome: 'recovered',
    timeout: 1,
    inject: (f) => f.inject({ path: USERS }, { kind: 'latency', ms: 2500 }),
    check: (_f, r) => expect(r.stderr).toMatch(/GET \/api\/4\.0\/users failed \(ETIMEDOUT\), retry in 500 ms/),
  },
  {
    title: 'malformed JSON with status 200: exit 3',
    outcome: 'fails',
    inject: (f) => f.inject({ path: USERS }, { kind: 'malformed-json' }),
    cause: [/GET \/api\/4\.0\/users/, /malformed JSON/],
  },
  {
    title: 'an HTML error page with status 200: exit 3',
    outcome: 'fails',
    inject: (f) => f.inject({ path: ROLES }, { kind: 'html-200' }),
    cause: [/GET \/api\/4\.0\/roles/, /expected JSON, got text\/html/],
  },
  {
    title: 'token expiry in the middle of paging (--page-size 5): one re-login, recovers',
    outcome: 'recovered',
    pageSize: 5,
    inject: (f) => f.inject({ path: USERS, skip: 2 }, { kind: 'expire-token' }),
    check: (f) => {
      expect(countOf(f, LOGIN, 200)).toBe(2);
      expect(countOf(f, USERS, 401)).toBeGreaterThanOrEqual(1);
      expect(countOf(f, USERS, 200)).toBeGreaterThanOrEqual(5);
    },
  },
  {
    title: 'a 401 right after login, once: one re-login, recovers',
    outcome: 'recovered',
    inject: (f) => f.inject({ path: ROLES }, { kind: 'expire-token' }),
    check: (f) => {
      expect(countOf(f, LOGIN, 200)).toBe(2);
      // Both roles calls (with and without support roles) may have been sent with the expired token.
      expect(countOf(f, ROLES, 401)).toBeGreaterThanOrEqual(1);
    },
  },
  {
    title: 'a 401 right after login, every time: one re-login only, exit 3',
    outcome: 'fails',
    inject: (f) => f.inject({ method: 'GET', times: 50 }, { kind: 'expire-token' }),
    cause: [/401/, /not authenticated/],
    check: (f) => expect(countOf(f, LOGIN, 200)).toBe(2),
  },
  {
    title: '404 on a list endpoint: says it is a permission problem, exit 3',
    outcome: 'fails',
    inject: (f) => f.inject({ path: USERS }, { kind: 'status', status: 404 }),
    cause: [/GET \/api\/4\.0\/users/, /404/, /permission/],
  },
  {
    title: '404 on a list endpoint with a previous report in place: the report is untouched, exit 3',
    outcome: 'fails',
    previous: true,
    inject: (f) => f.inject({ path: GROUPS }, { kind: 'status', status: 404 }),
    cause: [/groups/, /404/, /permission/],
  },
  {
    title: 'rows inserted between pages (--page-size 5): no user lost, none twice, recovers',
    outcome: 'recovered',
    pageSize: 5,
    org: sampleFromId4,
    inject: (f) => f.inject({ path: USERS, skip: 1 }, { kind: 'shift-rows', insert: 2 }),
    check: (f) => {
      expect(f.org.users.map((u) => u.id)).toEqual(expect.arrayContaining(['2', '3']));
      // The total changed under the first pass: the list was read once more (5 pages a pass).
      expect(countOf(f, USERS, 200)).toBeGreaterThanOrEqual(10);
    },
  },
  {
    title: 'rows deleted between pages (--page-size 5): the report is the final organisation, recovers',
    outcome: 'recovered',
    pageSize: 5,
    inject: (f) => f.inject({ path: USERS, skip: 1 }, { kind: 'shift-rows', remove: 2 }),
    check: (f) => {
      expect(f.org.users.map((u) => u.id)).not.toContain('1');
      expect(countOf(f, USERS, 200)).toBeGreaterThanOrEqual(10);
    },
  },
  {
    title: 'an empty organisation: a header-only report, exit 0',
    outcome: 'recovered',
    org: () => loadOrganisation(JSON.stringify({ users: [] })),
    check: (f) => expect(f.org.users).toHaveLength(0),
  },
  // Network faults: redirects, misleading login lines, echoed secrets, unbounded and slow bodies, a past Retry-After.
  {
    title: 'a redirect on the users list: the line names its Location, exit 3',
    outcome: 'fails',
    inject: (f) => f.inject({ path: USERS }, { kind: 'redirect', location: 'https://sso.example/start?RelayState=x' }),
    cause: [/GET \/api\/4\.0\/users -> 302/, /redirected to https:\/\/sso\.example\/start \(not followed/],
    notCause: [/RelayState/],
  },
  {
    title: 'a login redirected (the url is the web UI): says so, not "wrong client_id", exit 3',
    outcome: 'fails',
    inject: (f) =>
      f.inject({ path: LOGIN }, { kind: 'redirect', status: 301, location: 'https://acme.looker.com/login' }),
    cause: [/login redirected to https:\/\/acme\.looker\.com\/login/, /must be the API host/],
    notCause: [/wrong client_id/],
  },
  ...(
    [
      [400, /login rejected as a bad request \(400\)/],
      [403, /login forbidden \(403\)/],
      [500, /Looker server error at login/],
    ] as const
  ).map(([status, cause]): FaultCase => ({
    title: `a login answered ${status}: a true line, not "wrong client_id", exit 3`,
    outcome: 'fails',
    inject: (f) => f.inject({ path: LOGIN }, { kind: 'status', status }),
    cause: [cause],
    notCause: [/wrong client_id/, /retr/],
  })),
  {
    title: 'a login answered 503 every time: retried, then says so (not "wrong client_id"), exit 3',
    outcome: 'fails',
    inject: (f) => f.inject({ path: LOGIN, times: 4 }, { kind: 'status', status: 503 }),
    cause: [/login -> 503, Looker unavailable at login/, /\(after 3 retries\)/],
    notCause: [/wrong client_id/],
  },
  {
    title: 'a login 404 whose message echoes the form body: the secret is redacted, exit 3',
    outcome: 'fails',
    inject: (f) => f.inject({ path: LOGIN }, { kind: 'echo' }),
    cause: [/wrong client_id or client_secret/, /client_secret=<redacted>/],
  },
  {
    title: 'a list error whose message echoes the Authorization header: the token is redacted, exit 3',
    outcome: 'fails',
    inject: (f) => f.inject({ path: ROLES }, { kind: 'echo', status: 400 }),
    cause: [/GET \/api\/4\.0\/roles -> 400/, /authorization=token <redacted>/],
  },
  {
    title: 'an endless body: stops at max_response_mb (2), logged out, exit 3',
    spawned: true,
    outcome: 'fails',
    maxResponseMb: 2,
    inject: (f) => f.inject({ path: USERS }, { kind: 'endless' }),
    cause: [/GET \/api\/4\.0\/users: the response is larger than max_response_mb/],
    check: (f) => expect(countOf(f, USERS)).toBe(1),
  },
  {
    title: 'a gzip bomb beside a healthy account: the bomb stops at max_response_mb, the other is kept, exit 3',
    spawned: true,
    outcome: 'fails',
    maxResponseMb: 2,
    healthyNeighbour: true,
    inject: (f) => f.inject({ path: USERS }, { kind: 'gzip-bomb', expandsToMb: 64 }),
    cause: [/the compressed response expands past max_response_mb/],
  },
  {
    title: 'a server that drips (1 s timeout): timed out, retried, recovers',
    spawned: true,
    outcome: 'recovered',
    timeout: 1,
    inject: (f) => f.inject({ path: USERS }, { kind: 'drip', intervalMs: 100 }),
    check: (f, r) => {
      expect(countOf(f, USERS, 200)).toBeGreaterThanOrEqual(2);
      expect(r.stderr).toMatch(/GET \/api\/4\.0\/users failed \(ETIMEDOUT\), retry in 500 ms/);
    },
  },
  {
    title: '429 with a Retry-After date in the past: backs off 500 ms (not 0), recovers',
    outcome: 'recovered',
    inject: (f) =>
      f.inject(
        { path: USERS },
        { kind: 'status', status: 429, retryAfter: new Date(Date.now() - 3_600_000).toUTCString() },
      ),
    check: (f, r) => {
      expect(countOf(f, USERS, 429)).toBe(1);
      expect(announcedWait(r.stderr, USERS)).toBe(500);
    },
  },
  {
    title: 'a null row in the users list: names the endpoint, not "Cannot read properties of null", exit 3',
    outcome: 'fails',
    inject: (f) => f.inject({ path: USERS }, { kind: 'status', status: 200, body: '[null]' }),
    cause: [/GET \/api\/4\.0\/users: row 0 is null, not an object/],
    notCause: [/Cannot read properties/],
  },
  {
    title: 'an account whose instance is down while the other is up: the down one is named, exit 3',
    spawned: true,
    outcome: 'fails',
    withDownAccount: true,
    failing: 'down',
    cause: [/connection refused/],
  },
];

function yaml(fake: FakeLooker, c: FaultCase, neighbour?: FakeLooker): string {
  const lines = [
    'accounts:',
    '  - name: fake',
    `    url: ${fake.url}`,
    `    client_id: ${CLIENT_ID}`,
    '    client_secret_env: FAULT_SECRET',
  ];
  if (c.timeout !== undefined) lines.push(`    timeout: ${c.timeout}`);
  if (c.maxResponseMb !== undefined) lines.push(`    max_response_mb: ${c.maxResponseMb}`);
  if (neighbour)
    lines.push(
      '  - name: good',
      `    url: ${neighbour.url}`,
      `    client_id: ${CLIENT_ID}`,
      '    client_secret_env: FAULT_SECRET',
    );
  if (c.withDownAccount)
    lines.push(
      '  - name: down',
      '    url: http://127.0.0.1:9',
      `    client_id: ${CLIENT_ID}`,
      '    client_secret_env: FAULT_SECRET',
    );
  return `${lines.join('\n')}\n`;
}

function reportIds(csv: string, account: string): string[] {
  const rows = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.filter((row) => row.account === account).map((row) => row.id ?? '');
}

/**
 * The CLI in this process: memory streams, a hermetic environment, and a sleep that records the retry waits the
 * client asks for and returns at once (the fake servers answer from this process too).
 */
async function runInProcess(args: readonly string[], cwd: string, env: Record<string, string>): Promise<ExecResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { NO_COLOR: '1', ...env },
    cwd,
    home: cwd,
    now: () => new Date(),
    http: { sleep: async () => {} },
  };
  const status = await runCli(args, io);
  return { status, stdout, stderr };
}

const numerically = (ids: readonly string[]) => [...ids].sort((a, b) => Number(a) - Number(b));

let fake: FakeLooker | undefined;
let neighbour: FakeLooker | undefined;
let ws: Workspace | undefined;
afterEach(async () => {
  await fake?.close();
  await neighbour?.close();
  await ws?.remove();
  fake = undefined;
  neighbour = undefined;
  ws = undefined;
});

describe('fault suite: users --format csv --output report.csv --verbose against a faulty sample instance', () => {
  it.each(CASES.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    fake = await startFakeLooker({ org: c.org?.(), credentials: [{ clientId: CLIENT_ID, clientSecret: SECRET }] });
    if (c.healthyNeighbour)
      neighbour = await startFakeLooker({ credentials: [{ clientId: CLIENT_ID, clientSecret: SECRET }] });
    ws = await createWorkspace('looker-audit-fault-');
    await ws.write('looker-audit.yaml', yaml(fake, c, neighbour));
    const target = join(ws.dir, 'report.csv');
    if (c.previous) await writeFile(target, PREVIOUS);
    c.inject?.(fake);

    const args = [
      'users',
      '--format',
      'csv',
      '--output',
      'report.csv',
      '--verbose',
      ...(c.pageSize ? ['--page-size', String(c.pageSize)] : []),
    ];
    const r = c.spawned
      ? await exec(args, { cwd: ws.dir, env: { FAULT_SECRET: SECRET }, timeoutMs: 25_000 })
      : await runInProcess(args, ws.dir, { FAULT_SECRET: SECRET });
    const files = await readdir(ws.dir);
    const written = await Promise.all(
      files.filter((f) => f.startsWith('report.csv')).map((f) => readFile(join(ws!.dir, f), 'utf8')),
    );

    // Every case: no secret, no token, no stack, nothing but the report on stdout (the report went to a file),
    // and every session the CLI opened was closed.
    for (const text of [r.stdout, r.stderr, ...written]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toMatch(TOKEN_SHAPE);
    }
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stdout).toBe('');
    expect(fake.liveSessions()).toBe(0);
    expect(r.stderr).toMatch(/\[fake\] POST \/api\/4\.0\/login/); // --verbose did print per-request lines
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);

    if (c.outcome === 'recovered') {
      expect(r.stderr).not.toMatch(/^error:/m);
      expect(r.status).toBe(0);
      const csv = await readFile(target, 'utf8');
      expect(csv.split('\n')[0]).toBe('account,id,email,name,status,kind,license,roles,groups,last_login_at,reason');
      expect(numerically(reportIds(csv, 'fake'))).toEqual(numerically(fake.org.users.map((u) => u.id)));
    } else {
      expect(r.status).toBe(3);
      const account = c.failing ?? 'fake';
      const named = r.stderr.split('\n').filter((line) => line.includes(`account "${account}"`));
      expect(named).toHaveLength(1);
      expect(named[0]).toMatch(/^error: account "/);
      for (const cause of c.cause ?? []) expect(named[0]).toMatch(cause);
      for (const wrong of c.notCause ?? []) expect(named[0]).not.toMatch(wrong);
      // The output file is complete or untouched: absent without a previous report, else the previous content.
      if (c.previous) expect(await readFile(target, 'utf8')).toBe(PREVIOUS);
      else expect(files).not.toContain('report.csv');
      if (neighbour) {
        const partial = await readFile(`${target}.partial`, 'utf8');
        expect(numerically(reportIds(partial, 'good'))).toEqual(numerically(neighbour.org.users.map((u) => u.id)));
        expect(neighbour.liveSessions()).toBe(0);
      }
      if (c.withDownAccount) {
        // What succeeded is kept beside it, complete for the account that was up.
        const partial = await readFile(`${target}.partial`, 'utf8');
        expect(numerically(reportIds(partial, 'fake'))).toEqual(numerically(fake.org.users.map((u) => u.id)));
      }
    }
    c.check?.(fake, r);
  });

  // A 500 is not retried by design (RETRYABLE_STATUSES): its line states the cause without claiming retries.
  it('500: the error line does not claim retries that never happened', async () => {
    fake = await startFakeLooker({ credentials: [{ clientId: CLIENT_ID, clientSecret: SECRET }] });
    ws = await createWorkspace('looker-audit-fault-');
    await ws.write('looker-audit.yaml', yaml(fake, { title: '500', outcome: 'fails' }));
    fake.inject({ path: USERS }, { kind: 'status', status: 500 });
    const r = await exec(['users', '--format', 'csv', '--output', 'report.csv'], {
      cwd: ws.dir,
      env: { FAULT_SECRET: SECRET },
    });
    expect(r.status).toBe(3);
    expect(countOf(fake, USERS, 500)).toBe(1);
    const line = r.stderr.split('\n').find((l) => l.includes('account "fake"')) ?? '';
    expect(line).toMatch(/500/);
    expect(line).not.toMatch(/retries exhausted|after \d+ retr/);
  });
});

// The echoed secret is redacted on every output path: stderr, the JSON `error`, `<file>.partial`.
describe('an echoing login never puts the secret on any output', () => {
  it('stderr, the JSON report on stdout, and the JSON .partial beside --output', async () => {
    fake = await startFakeLooker({ credentials: [{ clientId: CLIENT_ID, clientSecret: 'not-this-one' }] });
    neighbour = await startFakeLooker({ credentials: [{ clientId: CLIENT_ID, clientSecret: SECRET }] });
    fake.inject({ path: LOGIN, times: 2 }, { kind: 'echo' });
    ws = await createWorkspace('looker-audit-fault-');
    await ws.write('looker-audit.yaml', yaml(fake, { title: 'echo', outcome: 'fails' }, neighbour));
    const toStdout = await exec(['users', '--format', 'json'], { cwd: ws.dir, env: { FAULT_SECRET: SECRET } });
    const toFile = await exec(['users', '--format', 'json', '--output', 'report.json'], {
      cwd: ws.dir,
      env: { FAULT_SECRET: SECRET },
    });
    const partial = await readFile(join(ws.dir, 'report.json.partial'), 'utf8');
    for (const r of [toStdout, toFile]) expect(r.status).toBe(3);
    const outputs = { stderr: toStdout.stderr + toFile.stderr, stdout: toStdout.stdout, partial };
    for (const [where, text] of Object.entries(outputs)) {
      expect([where, text.includes(SECRET)]).toEqual([where, false]);
      expect([where, text.includes(encodeURIComponent(SECRET))]).toEqual([where, false]);
    }
    // The echo itself is still shown (it is the useful part), with the secret cut out of it.
    for (const json of [toStdout.stdout, partial]) {
      const report = JSON.parse(json) as { accounts: Array<{ name: string; error?: string; users?: unknown[] }> };
      const echoed = report.accounts.find((a) => a.name === 'fake');
      expect(echoed?.error).toMatch(/login refused: wrong client_id or client_secret.*client_secret=<redacted>/);
      expect(report.accounts.find((a) => a.name === 'good')?.users).toHaveLength(neighbour.org.users.length);
    }
    expect(toFile.stderr).toMatch(/client_secret=<redacted>/);
  });
});

// Proxies and TLS on the built CLI: a real proxy (CONNECT) and a TLS front with a test-made certificate.
(hasOpenssl() ? describe : describe.skip)('proxy and TLS, end to end', () => {
  let certificate: Certificate | undefined;
  let front: TlsFront | undefined;
  let proxy: TestProxy | undefined;
  afterEach(async () => {
    await front?.close();
    await proxy?.close();
    certificate?.remove();
    front = undefined;
    proxy = undefined;
    certificate = undefined;
  });

  async function tlsSetup(): Promise<{ port: number; certFile: string }> {
    fake = await startFakeLooker({ credentials: [{ clientId: CLIENT_ID, clientSecret: SECRET }] });
    certificate = selfSignedCertificate();
    front = await startTlsFront(certificate, Number(new URL(fake.url).port));
    ws = await createWorkspace('looker-audit-fault-');
    return { port: front.port, certFile: certificate.certFile };
  }

  it('HTTPS_PROXY with credentials: every request tunnelled, ca_file trusted, the credentials never printed', async () => {
    const { port, certFile } = await tlsSetup();
    proxy = await startProxy({ requireAuth: 'ann:PR0XY-pw-never-print' });
    await ws!.write(
      'looker-audit.yaml',
      [
        'accounts:',
        '  - name: fake',
        `    url: https://${TEST_HOST}:${port}`,
        `    client_id: ${CLIENT_ID}`,
        '    client_secret_env: FAULT_SECRET',
        `    ca_file: ${certFile}`,
        '',
      ].join('\n'),
    );
    const r = await exec(['users', '--format', 'csv', '--verbose'], {
      cwd: ws!.dir,
      env: { FAULT_SECRET: SECRET, HTTPS_PROXY: `http://ann:PR0XY-pw-never-print@127.0.0.1:${proxy.port}` },
    });
    expect(r.stderr).not.toMatch(/^error:/m);
    expect(r.status).toBe(0);
    expect(numerically(reportIds(r.stdout, 'fake'))).toEqual(numerically(fake!.org.users.map((u) => u.id)));
    // looker.test resolves only at the proxy: the report proves every request went through it.
    expect(proxy.connects.length).toBeGreaterThanOrEqual(1);
    expect(proxy.connects.every((t) => t === `${TEST_HOST}:${port}`)).toBe(true);
    expect(r.stdout + r.stderr).not.toContain('PR0XY-pw-never-print');
    expect(fake!.liveSessions()).toBe(0);
  });

  it('a self-signed certificate without ca_file: the cause and the fix on one line, exit 3', async () => {
    const { port } = await tlsSetup();
    await ws!.write(
      'looker-audit.yaml',
      [
        'accounts:',
        '  - name: fake',
        `    url: https://127.0.0.1:${port}`,
        `    client_id: ${CLIENT_ID}`,
        '    client_secret_env: FAULT_SECRET',
        '',
      ].join('\n'),
    );
    const r = await exec(['users', '--format', 'csv'], { cwd: ws!.dir, env: { FAULT_SECRET: SECRET } });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(
      /^error: account "fake": POST \/api\/4\.0\/login: self-signed certificate: add the CA with ca_file, or verify_ssl: false for this account$/m,
    );
    expect(r.stderr).not.toMatch(/DEPTH_ZERO|retries/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
