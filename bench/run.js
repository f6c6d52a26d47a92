#!/usr/bin/env node
// `npm run bench`: looker-audit side by side with scripts on the official Looker SDK, against the sample
// Looker instance on 127.0.0.1 with a server-time model, then BENCHMARKS.md.
//
//   node bench/run.js [--runs n] [--quick] [--out <file>] [--only tricks|node-start] [--node24 <node>]
//
// --runs n   timed runs per tool and scenario (default 5; the median is reported)
// --quick    1 run and smaller organisations: a smoke test for developers; prints the report instead of
//            rewriting BENCHMARKS.md unless --out is given
// --out      where to write the report (default BENCHMARKS.md for a full run)
// --only     one section, printed: `tricks` (bench/tricks.js) or `node-start` (Node 20 and 24, compile cache)
// --node24   the Node 24 binary for the start-up section (else LOOKER_AUDIT_BENCH_NODE24, else the one .ci/run
//            installs in ~/.cache/looker-audit-ci; the section says when none is found)
//
// Every tool runs in its own spawned process, preloaded with bench/probe.js, which reports that process's peak
// RSS and CPU time at exit. API calls come from the fake servers' request logs, never from the tools themselves.
// Network: 127.0.0.1 only. Every loop is bounded; every child has a time limit.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, homedir, platform, release, tmpdir, totalmem } from 'node:os';
import { gzipSync } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { plural } from '../dist/counts.js';
import { generateOrganisation, startFakeLooker } from '../dist/fake-looker/index.js';
import { DEFAULT_CONCURRENCY } from '../dist/looker/client.js';
import { summariseCpuProfile } from './cpu-profile.js';
import { measureTricks, REMOVED_TRICKS } from './tricks.js';
import { runTimeline, serverFloor, timelineRows } from './timeline.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const PROBE = pathToFileURL(join(ROOT, 'bench', 'probe.js')).href;
const CLI = join(ROOT, 'bin', 'looker-audit.js');
const SERVER_TIME = { perRequestMs: 30, perRowMs: 0.2 };
const PAGE_SIZE = 1000; // looker-audit's default page size; the SDK scripts use the same
const CHILD_TIMEOUT_MS = 5 * 60_000;

// ---------------------------------------------------------------------------------------------- options
function parseArgs(argv) {
  const options = { runs: 5, quick: false, out: undefined, only: undefined, node24: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg.startsWith('--runs=')) options.runs = Number(arg.slice(7));
    else if (arg === '--out') options.out = argv[++i];
    else if (arg.startsWith('--out=')) options.out = arg.slice(6);
    else if (arg === '--only') options.only = argv[++i];
    else if (arg === '--node24') options.node24 = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        'usage: node bench/run.js [--runs n] [--quick] [--out <file>] [--only tricks|node-start] [--node24 <node>]\n',
      );
      process.exit(0);
    } else throw new Error(`unknown option ${arg}`);
  }
  if (options.quick && !argv.some((a) => a.startsWith('--runs'))) options.runs = 1;
  if (!Number.isSafeInteger(options.runs) || options.runs < 1 || options.runs > 50)
    throw new Error('--runs: expected 1..50');
  if (options.only !== undefined && !['tricks', 'node-start'].includes(options.only))
    throw new Error('--only: expected tricks or node-start');
  if (options.out === undefined && !options.quick && options.only === undefined)
    options.out = join(ROOT, 'BENCHMARKS.md');
  return options;
}

const options = parseArgs(process.argv.slice(2));
const SIZES = options.quick
  ? {
      small: { users: 200, groups: 20, roles: 8, nestingDepth: 3 },
      large: { users: 3000, groups: 60, roles: 40, nestingDepth: 4 },
      local: 10_000,
      tables: [2_000, 10_000],
      html: 20_000,
      helpRuns: 3,
    }
  : {
      small: { users: 500, groups: 40, roles: 8, nestingDepth: 3 },
      large: { users: 20_000, groups: 400, roles: 40, nestingDepth: 4 },
      local: 100_000,
      tables: [20_000, 100_000],
      html: 20_000,
      helpRuns: 15,
    };

const log = (line) => process.stderr.write(`${line}\n`);
const work = mkdtempSync(join(tmpdir(), 'looker-audit-bench-'));

// ---------------------------------------------------------------------------------------------- helpers
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmtMs = (ms) =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
const fmtMb = (mb) => `${Math.round(mb)} MB`;
const fmtX = (x) => (x >= 10 ? `${Math.round(x)}x` : `${x.toFixed(2)}x`);
const pagesOf = (rows) => Math.ceil(rows / PAGE_SIZE);
/** Epoch ms with sub-millisecond precision, the clock of the fake's receivedAt / sentAt. */
const epochNow = () => performance.timeOrigin + performance.now();
/** An epoch ms of this process as µs of the monotonic clock (process.hrtime's, which V8 stamps profiles with). */
const epochToMonotonicUs = (epochMs) => (epochMs - epochNow() + Number(process.hrtime.bigint()) / 1e6) * 1000;
/** The call formula: login, roles (with and without support roles), logout + the pages of users and groups. */
const expectedCalls = (org) => 4 + pagesOf(org.users) + pagesOf(org.groups);
/**
 * Without X-Total-Count (looker/paginate.ts): pages up to and including the first short one, plus the requests
 * already out past it in the window that doubled from 1 with each full page (at most 8 in flight).
 */
const windowedPages = (rows) => {
  const short = Math.floor(rows / PAGE_SIZE);
  const window = short <= 1 ? 1 : Math.min(8, 2 ** (short - 1));
  return Math.max(short + 1, short + window);
};
const expectedCallsNoTotal = (org) => 4 + windowedPages(org.users) + windowedPages(org.groups);

let probeCount = 0;
/**
 * Spawns `node [--import probe] ...args` and resolves with wall time, exit code, peak RSS and CPU (from the probe),
 * and the captured stdout when asked (else stdout goes to /dev/null). Killed after CHILD_TIMEOUT_MS. Also: the
 * spawn and exit as epoch ms (the clock of the fake's request log), and the CPU this process used meanwhile (the
 * fake servers run here: with `frozen: false` that is the cost of building every page).
 */
function runNode(args, { env = {}, captureStdout = false, probe = true, node = process.execPath } = {}) {
  const probeFile = join(work, `probe-${++probeCount}.json`);
  const nodeArgs = probe ? ['--import', PROBE, ...args] : args;
  return new Promise((resolve, reject) => {
    const hostCpu = process.cpuUsage();
    const spawnAt = epochNow();
    let exitAt = NaN;
    const started = process.hrtime.bigint();
    const child = spawn(node, nodeArgs, {
      cwd: work,
      env: { ...process.env, ...env, BENCH_PROBE_FILE: probe ? probeFile : '', NO_COLOR: '1' },
      stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      if (stderr.length < 20_000) stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', () => (exitAt = epochNow()));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const host = process.cpuUsage(hostCpu);
      let usage = null;
      if (probe) {
        try {
          usage = JSON.parse(readFileSync(probeFile, 'utf8'));
        } catch {
          usage = null;
        }
      }
      resolve({
        code: code ?? -1,
        signal,
        wallMs,
        stdout,
        stderr,
        maxRssMb: usage ? usage.maxRssKb / 1024 : NaN,
        cpuMs: usage ? usage.cpuMs : NaN,
        spawnAt,
        exitAt: Number.isNaN(exitAt) ? epochNow() : exitAt,
        hostCpuMs: (host.user + host.system) / 1000,
      });
    });
  });
}

function assertOk(label, result) {
  if (result.code !== 0)
    throw new Error(
      `${label} exited with ${result.code}${result.signal ? ` (${result.signal})` : ''}: ${result.stderr.trim().split('\n').slice(-5).join(' | ')}`,
    );
}

// ---------------------------------------------------------------------------------------------- instances
async function startInstance(index, spec, fakeOptions = {}) {
  const generated = process.hrtime.bigint();
  const org = generateOrganisation({ seed: 1000 + index, ...spec });
  const generateMs = Number(process.hrtime.bigint() - generated) / 1e6;
  const credentials = {
    clientId: `bench-client-${index}`,
    clientSecret: `bench-secret-${index}-${Math.random().toString(36).slice(2)}`,
  };
  // frozen: the org never changes during the benchmark, so pages are served from a cache and the fake's own CPU
  // does not compete with the tools for this machine's cores; SERVER_TIME alone stands for Looker's work.
  // `frozen: false`: every page built and serialised per request, as a real server spends CPU on it.
  const fake = await startFakeLooker({
    org,
    credentials: [credentials],
    serverTime: SERVER_TIME,
    frozen: true,
    ...fakeOptions,
  });
  const noTotal = fakeOptions.pagingHeaders === false;
  return {
    name: `account-${index}`,
    fake,
    credentials,
    spec,
    generateMs,
    noTotal,
    frozen: fakeOptions.frozen ?? true,
    secretEnv: `BENCH_LOOKER_SECRET_${index}`,
  };
}

function configFor(instances, file) {
  const lines = ['accounts:'];
  for (const i of instances)
    lines.push(
      `  - name: ${i.name}`,
      `    url: ${i.fake.url}`,
      `    client_id: ${i.credentials.clientId}`,
      `    client_secret_env: ${i.secretEnv}`,
    );
  const path = join(work, file);
  writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o600 });
  return path;
}

const secretsEnv = (instances) => Object.fromEntries(instances.map((i) => [i.secretEnv, i.credentials.clientSecret]));
const sdkEnv = (instances) => ({
  BENCH_ACCOUNTS: JSON.stringify(
    instances.map((i) => ({
      name: i.name,
      url: i.fake.url,
      clientId: i.credentials.clientId,
      clientSecret: i.credentials.clientSecret,
    })),
  ),
});

// ---------------------------------------------------------------------------------------------- tools
function tools(instances, configPath) {
  return {
    'looker-audit': { args: [CLI, 'users', '--format', 'csv', '-c', configPath], env: secretsEnv(instances) },
    'SDK, careful': { args: [join(ROOT, 'bench', 'sdk-careful.js')], env: sdkEnv(instances) },
    'SDK, straightforward': { args: [join(ROOT, 'bench', 'sdk-straightforward.js')], env: sdkEnv(instances) },
  };
}

/** Tier counts of every user (kind and status aside), from looker-audit's JSON report and from the SDK scripts. */
async function checkAgreement(instances, configPath, names) {
  const all = tools(instances, configPath);
  const audit = await runNode([CLI, 'users', '--format', 'json', '-c', configPath], {
    env: all['looker-audit'].env,
    captureStdout: true,
  });
  assertOk('looker-audit users --format json', audit);
  const report = JSON.parse(audit.stdout);
  const fromAudit = report.accounts.map((a) => {
    const counts = { users: a.users.length, developer: 0, standard: 0, viewer: 0, none: 0 };
    for (const u of a.users) counts[u.license]++;
    return counts;
  });
  const verdicts = [];
  for (const name of names) {
    const result = await runNode(all[name].args, { env: all[name].env, captureStdout: true });
    assertOk(name, result);
    const counts = JSON.parse(result.stdout).accounts.map(({ account: _account, ...rest }) => rest);
    verdicts.push({ name, agrees: JSON.stringify(counts) === JSON.stringify(fromAudit), counts });
  }
  for (const i of instances) i.fake.requests.length = 0;
  return { fromAudit, verdicts };
}

/** N timed runs of each tool, interleaved (run 1 of every tool, then run 2, ...) so drift hits them alike. */
async function scenario(label, instances, names) {
  const configPath = configFor(instances, `${label.replace(/\W+/g, '-')}.yaml`);
  log(
    `\n== ${label}: ${instances.length} account(s) of ${instances[0].spec.users} users, ${instances[0].spec.groups} groups`,
  );
  const agreement = await checkAgreement(
    instances,
    configPath,
    names.filter((n) => n !== 'looker-audit'),
  );
  const all = tools(instances, configPath);
  const results = Object.fromEntries(names.map((n) => [n, []]));
  for (let run = 1; run <= options.runs; run++) {
    for (const name of names) {
      for (const i of instances) i.fake.requests.length = 0;
      const result = await runNode(all[name].args, { env: all[name].env });
      assertOk(name, result);
      const calls = instances.map((i) => i.fake.requests.length);
      const failed = instances.flatMap((i) =>
        i.fake.requests.filter((r) => r.status >= 400).map((r) => `${r.method} ${r.path} ${r.status}`),
      );
      if (failed.length > 0) throw new Error(`${name}: failed requests: ${failed.slice(0, 5).join(', ')}`);
      const timeline =
        instances.length === 1 ? runTimeline(instances[0].fake.requests, result.spawnAt, result.exitAt) : undefined;
      results[name].push({ ...result, calls, timeline });
      log(
        `   ${name.padEnd(22)} run ${run}/${options.runs}: ${fmtMs(result.wallMs)}, ${calls.join('+')} calls, ${fmtMb(result.maxRssMb)}`,
      );
    }
  }
  const summary = names.map((name) => {
    const runs = results[name];
    return {
      name,
      callsPerAccount: runs[0].calls,
      callsStable: runs.every((r) => JSON.stringify(r.calls) === JSON.stringify(runs[0].calls)),
      calls: runs[0].calls.reduce((a, b) => a + b, 0),
      wallMs: median(runs.map((r) => r.wallMs)),
      wallMin: Math.min(...runs.map((r) => r.wallMs)),
      wallMax: Math.max(...runs.map((r) => r.wallMs)),
      maxRssMb: median(runs.map((r) => r.maxRssMb)),
      cpuMs: median(runs.map((r) => r.cpuMs)),
      hostCpuMs: median(runs.map((r) => r.hostCpuMs)),
      timelines: runs.map((r) => r.timeline).filter((t) => t !== undefined),
      // The run of median wall time (the lower middle of an even count), for its timeline.
      medianTimeline: [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor((runs.length - 1) / 2)].timeline,
    };
  });
  return {
    label,
    frozen: instances.every((i) => i.frozen),
    instances: instances.map((i) => ({ ...i.spec, generateMs: i.generateMs })),
    expected: instances.map((i) => (i.noTotal ? expectedCallsNoTotal(i.spec) : expectedCalls(i.spec))),
    summary,
    agreement,
  };
}

// ---------------------------------------------------------------------------------------------- rightsize
/**
 * The cost of `rightsize` on the large organisation: the seat audit plus the System Activity reads
 * (GET /user, 5 field discoveries, 5 queries), timed against `users --format csv` on the same instance, interleaved.
 * The fake computes each query over a history derived from the organisation (fake-looker/system-activity-data.ts);
 * the server-time model applies to those requests like any other (30 ms + 0.2 ms per returned row).
 */
async function rightsizeScenario(instance) {
  const configPath = configFor([instance], 'rightsize.yaml');
  writeFileSync(
    configPath,
    `${readFileSync(configPath, 'utf8')}prices: { developer: 1650, standard: 800, viewer: 400 }\n`,
    { mode: 0o600 },
  );
  log(`\n== rightsize: 1 account of ${instance.spec.users} users`);
  const env = secretsEnv([instance]);
  const commands = {
    'users --format csv': [CLI, 'users', '--format', 'csv', '-c', configPath],
    'rightsize --format json': [CLI, 'rightsize', '--format', 'json', '-c', configPath],
  };
  // Untimed: the JSON report, to state what was recommended.
  const first = await runNode(commands['rightsize --format json'], { env, captureStdout: true });
  assertOk('looker-audit rightsize', first);
  const report = JSON.parse(first.stdout).accounts[0];
  const results = Object.fromEntries(Object.keys(commands).map((n) => [n, []]));
  for (let run = 1; run <= options.runs; run++) {
    for (const [name, args] of Object.entries(commands)) {
      instance.fake.requests.length = 0;
      const result = await runNode(args, { env });
      assertOk(name, result);
      const requests = instance.fake.requests;
      const failed = requests.filter((r) => r.status >= 400);
      if (failed.length > 0) throw new Error(`${name}: failed requests: ${failed.map((r) => r.path).join(', ')}`);
      const queries = requests.filter((r) => r.path.startsWith('/api/4.0/queries/')).length;
      const systemActivity = requests.filter(
        (r) => r.path === '/api/4.0/user' || r.path.includes('/lookml_models/') || r.path.includes('/queries/'),
      ).length;
      results[name].push({ ...result, calls: requests.length, queries, systemActivity });
      log(`   ${name.padEnd(24)} run ${run}/${options.runs}: ${fmtMs(result.wallMs)}, ${requests.length} calls`);
    }
  }
  const summary = Object.entries(results).map(([name, runs]) => ({
    name,
    calls: runs[0].calls,
    queries: runs[0].queries,
    systemActivity: runs[0].systemActivity,
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    maxRssMb: median(runs.map((r) => r.maxRssMb)),
  }));
  return { users: instance.spec.users, summary, totals: report.totals, usage: report.usage };
}

function rightsizeSection(r) {
  const [users, rightsize] = r.summary;
  return [
    `## rightsize on the large organisation`,
    '',
    `One account of ${r.users.toLocaleString('en')} users; \`rightsize\` adds the System Activity reads to the seat audit:`,
    '`GET /user`, a field discovery per explore (user, history, event, look, dashboard) and one query each.',
    '',
    '| command | API calls | of which System Activity | query calls | median wall | CPU | peak RSS |',
    '|---|---|---|---|---|---|---|',
    ...r.summary.map(
      (s) =>
        `| \`${s.name}\` | ${s.calls} | ${s.systemActivity} | ${s.queries} | ${fmtMs(s.wallMs)} | ${fmtMs(s.cpuMs)} | ${fmtMb(s.maxRssMb)} |`,
    ),
    '',
    `- rightsize costs ${rightsize.calls - users.calls} calls more than the seat audit (${rightsize.queries} query calls, at most 6 allowed) and ${fmtMs(rightsize.wallMs - users.wallMs)} more wall time: the queries run one at a time (System Activity limits concurrent queries).`,
    `- Usage: ${r.usage}; recommended ${r.totals.reclaim} seats to reclaim and ${r.totals.downgrade} to downgrade, ${r.totals.yearly_saving ?? 'n/a'} a year at the sample prices.`,
    '',
  ];
}

/**
 * What plan, apply and undo cost in API calls, as a formula (test/commands/remediation-calls.test.ts checks it
 * against the sample instance's count). Text, not a measurement: it is kept as is on every rerun.
 */
function remediationCallsSection() {
  return [
    '## Reclaiming seats: API calls',
    '',
    'Per account, with P(n) = the pages of a list of n rows (1000 a page, at least 1), C the users the plan is about,',
    'A the alerts on the instance, D = min(the candidates that may be changed and hold direct roles, the distinct roles',
    'they hold), and per planned user r = 2 + 1 if a step disables them or gives a schedule away + 1 if a step gives',
    "a schedule away (the user, their direct roles, their schedules, the new owner's schedules) and w = its writes:",
    '',
    '| command | API calls |',
    '|---|---|',
    '| `plan` | 4 + P(users) + P(groups) + 11 (System Activity) + 4 + ceil(C / 100) + floor(A / 1000) + 1 + D |',
    '| `apply plan.json` (dry run) | 3 + Σ r |',
    '| `apply plan.json --yes` | 5 + P(groups) + Σ (2 r + w) |',
    '| `apply` again (all already done) | 5 + P(groups) + Σ r |',
    '| `undo journal` (dry run) | 2 + Σ r |',
    '| `undo journal --yes` | 2 + Σ (2 r + w), w counting each schedule turned back on |',
    '',
    '- A plan costs the seat audit, the System Activity reads and a handful of bulk reads (schedules, alerts, Looks,',
    "  dashboards: one call each whatever the number of users), plus the candidates' direct roles by the cheaper route;",
    '  no per-user call beyond those. On the sample instance: 24 calls for 11 candidates. One call more (`GET /user`)',
    '  when System Activity could not be read; with no candidate at all, only `versions` is read after the usage.',
    '- apply and undo are per user by nature (one write at a time, and a re-read before and after each user): 25',
    '  planned users, the default --max-changes, cost at most 5 + P(groups) + 25 × (2 × 4 + w) calls. A rerun after a',
    '  failure pays only the re-reads of the users already done. A write retried after a 429/5xx or a reset, and the',
    '  re-read after a lost answer, add one call each.',
    '',
  ];
}

// ---------------------------------------------------------------------------------------------- server modes
/** The server-time floor of a one-account scenario (bench/timeline.js); node start-up is `node -e 0`'s median. */
const floorOf = (s, nodeMs) =>
  serverFloor(s.instances[0], {
    nodeMs,
    serverTime: SERVER_TIME,
    pageSize: PAGE_SIZE,
    concurrency: DEFAULT_CONCURRENCY,
  });

/** Medians of looker-audit's run timelines in a one-account scenario, and the timeline of its median run. */
function startupOf(s) {
  const la = s.summary.find((t) => t.name === 'looker-audit');
  const m = (f) => median(la.timelines.map(f));
  return {
    runs: la.timelines.length,
    loginMs: m((t) => t.loginMs),
    exitMs: m((t) => t.exitMs),
    segments: Object.fromEntries(Object.keys(la.timelines[0].segments).map((k) => [k, m((t) => t.segments[k])])),
    medianTimeline: la.medianTimeline,
  };
}

/**
 * One extra, untimed run of looker-audit under `node --cpu-prof`, summarised by bench/cpu-profile.js. The login's
 * arrival (the fake's clock) is moved onto the profile's clock, so what ran before it counts as start-up.
 */
async function cpuProfileRun(instance) {
  log(`\n== --cpu-prof of one looker-audit run, ${instance.spec.users} users (untimed)`);
  const configPath = configFor([instance], 'cpu-profile.yaml');
  const dir = mkdtempSync(join(work, 'cpu-prof-'));
  instance.fake.requests.length = 0;
  const result = await runNode(
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, CLI, 'users', '--format', 'csv', '-c', configPath],
    { env: secretsEnv([instance]), probe: false },
  );
  assertOk('looker-audit --cpu-prof', result);
  const login = instance.fake.requests.find((r) => r.path.endsWith('/login'));
  instance.fake.requests.length = 0;
  let summary = summariseCpuProfile(dir, {
    loginAtUs: login === undefined ? undefined : epochToMonotonicUs(login.receivedAt),
    root: ROOT,
  });
  const onClock = summary.loginAtMs !== undefined && summary.loginAtMs >= 0 && summary.loginAtMs <= summary.spanMs;
  if (!onClock) summary = summariseCpuProfile(dir, { root: ROOT });
  log(`   ${summary.categories.map((c) => `${c.name} ${fmtMs(c.ms)}`).join(', ')}`);
  return { users: instance.spec.users, frozen: instance.frozen, wallMs: result.wallMs, onClock, ...summary };
}

const modeName = (s) => (s.frozen ? 'frozen (pages cached)' : 'pages built per request');

function serverModesSection(pairs, nodeMs) {
  const pick = (s, name) => s.summary.find((t) => t.name === name);
  const rows = pairs.flatMap(({ label, modes }) =>
    modes.map((s) => {
      const la = pick(s, 'looker-audit');
      const sdk = pick(s, 'SDK, careful');
      const floor = floorOf(s, nodeMs);
      return `| ${label} | ${modeName(s)} | ${fmtMs(la.wallMs)} (${fmtMs(la.cpuMs)} CPU) | ${fmtMs(sdk.wallMs)} | ${fmtX(sdk.wallMs / la.wallMs)} | ${fmtMs(floor.totalMs)} | ${fmtX(la.wallMs / floor.totalMs)} | ${fmtMs(la.hostCpuMs)} / ${fmtMs(sdk.hostCpuMs)} |`;
    }),
  );
  const large = pairs.find((p) => p.label === 'large')?.modes[0] ?? pairs[0].modes[0];
  const f = floorOf(large, nodeMs);
  const org = large.instances[0];
  return [
    '## Server modes: pages cached, and pages built per request',
    '',
    'The same organisations (same seeds) served twice: `frozen` (each page built once, then served from a cache) and',
    'with every page built and serialised per request, as a real Looker spends CPU on each. The SDK script runs in the',
    'same interleaved runs. Last column: CPU of the benchmark process, where the fake servers run, while each tool ran.',
    '',
    "| organisation | server | looker-audit | SDK, careful | looker-audit vs SDK | server-time floor | looker-audit vs floor | fake servers' CPU (looker-audit / SDK) |",
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `**The server-time floor** is the least wall time any client could take with looker-audit's calls at its concurrency`,
    `(${DEFAULT_CONCURRENCY} requests in flight per instance, DEFAULT_CONCURRENCY of dist/looker/client.js), computed by bench/timeline.js from the`,
    `organisation's sizes and the server-time model (${SERVER_TIME.perRequestMs} ms + ${SERVER_TIME.perRowMs} ms a row). For the large organisation (${org.users.toLocaleString('en')} users, ${org.groups} groups):`,
    '',
    `- node start-up, the median of \`node -e 0\`: ${fmtMs(f.nodeMs)}`,
    `- the login: ${fmtMs(f.loginMs)} (the fake answers /login before applying its server-time model; a real Looker's login would cost every tool alike)`,
    `- the first page of users (${Math.min(PAGE_SIZE, org.users).toLocaleString('en')} rows), the roles and the first page of groups beside it: ${fmtMs(f.firstRoundMs)}`,
    `- the other ${plural(pagesOf(org.users) - 1 + Math.max(0, pagesOf(org.groups) - 1), 'page')}, ${DEFAULT_CONCURRENCY} at a time: ${plural(f.rounds, 'round')}, ${fmtMs(f.roundsMs)}`,
    `- floor: **${fmtMs(f.totalMs)}**. Not counted: the logout (it can overlap writing the report) and all local work.`,
    '',
  ];
}

function startupSection(modes, nodeMs) {
  const figures = modes.map((s) => ({ s, st: startupOf(s), floor: floorOf(s, nodeMs) }));
  const f = figures[0].floor;
  const cells = (pick) => figures.map((x) => pick(x)).join(' | ');
  const rows = [
    ['spawn → login arrived (start-up)', `${fmtMs(nodeMs)} (\`node -e 0\`)`, (x) => fmtMs(x.st.segments.startup)],
    ['login arrived → first users page arrived', `${fmtMs(f.loginMs)} (the login)`, (x) => fmtMs(x.st.segments.login)],
    [
      'first users page arrived → last page sent',
      `${fmtMs(f.fetchMs)} (first page, then ${plural(f.rounds, 'round')})`,
      (x) => fmtMs(x.st.segments.fetch),
    ],
    ['last page sent → exit (the tail)', '0', (x) => fmtMs(x.st.segments.tail)],
    ['spawn → exit', fmtMs(f.totalMs), (x) => fmtMs(x.st.exitMs)],
    ['login arrived, vs `node -e 0`', '1x', (x) => fmtX(x.st.loginMs / nodeMs)],
  ];
  const timeline = (x) => {
    const t = x.st.medianTimeline;
    return [
      `### Timeline of one median run, ${modeName(x.s)}`,
      '',
      '| step | requests | arrived (ms after spawn) | sent |',
      '|---|---|---|---|',
      ...timelineRows(t).map((r) => `| ${r.step} | ${r.what} | ${r.arrived} | ${r.sent} |`),
      `| | exit | ${Math.round(t.exitMs)} | |`,
      '',
    ];
  };
  return [
    `## Start-up and tail, large organisation`,
    '',
    `looker-audit's runs of the large organisation cut at the login's arrival, the first page of users' arrival and the`,
    "last page's response (the fake's receivedAt / sentAt), from the spawn to the exit (stamped by bench/run.js on the",
    `same clock); ${figures[0].st.runs === 1 ? 'one run' : `medians of ${figures[0].st.runs} runs, so they need not add up exactly`}.`,
    '',
    `| segment | floor | ${figures.map((x) => modeName(x.s)).join(' | ')} |`,
    `|---|---|${figures.map(() => '---|').join('')}`,
    ...rows.map(([name, floor, pick]) => `| ${name} | ${floor} | ${cells(pick)} |`),
    '',
    'A step is one more than the latest step among the requests answered before it arrived: the pages of a step waited',
    'for the ones before it (a free slot, or the first page and its X-Total-Count).',
    '',
    ...figures.flatMap(timeline),
  ];
}

function cpuProfileSection(p) {
  return [
    `## CPU profile of one run, large organisation`,
    '',
    `One more run of \`users --format csv\` (${p.users.toLocaleString('en')} users, ${p.frozen ? 'frozen server' : 'pages built per request'}), untimed, under \`node --cpu-prof\`; bench/cpu-profile.js`,
    "sorts the main thread's self time by the nearest frame on the stack that names a category (the bundle's",
    '`// node_modules/<pkg>` and `// dist/<layer>` comments give each line its module). Start-up: everything before',
    p.onClock
      ? `the login arrived (${fmtMs(p.loginAtMs)} into the profile), idle aside, and module compilation after it; HTTP: got, http2-wrapper, node:_http*, net, tls,`
      : 'the login (the login could not be placed on the profile clock: module compilation only); HTTP: got, http2-wrapper, node:_http*, net, tls,',
    "streams, dist/looker; JSON.parse: the client's jsonExchange; audit: dist/audit and looker/narrow; CSV: dist/report,",
    `dist/output and csv-stringify. Profile span ${fmtMs(p.spanMs)} (the run took ${fmtMs(p.wallMs)} with the profiler on).`,
    '',
    '| category | self time | share of the span | largest frames |',
    '|---|---|---|---|',
    ...p.categories.map(
      (c) =>
        `| ${c.name} | ${fmtMs(c.ms)} | ${(c.share * 100).toFixed(1)}% | ${c.top.map((t) => `${t.label.replaceAll('|', '\\|')} ${fmtMs(t.ms)}`).join(', ')} |`,
    ),
    '',
  ];
}

/** How far each segment of looker-audit's runs (median) is over its part of the floor, largest first. */
function excessOver(s, nodeMs) {
  const st = startupOf(s);
  const f = floorOf(s, nodeMs);
  const parts = [
    ['start-up before the login', st.segments.startup - f.nodeMs],
    ['login to the first page of users', st.segments.login - f.loginMs],
    ['the pages', st.segments.fetch - f.fetchMs],
    ['the tail after the last page', st.segments.tail],
  ].sort((a, b) => b[1] - a[1]);
  return { f, text: parts.map(([name, ms]) => `${name} ${ms >= 0 ? '+' : '−'}${fmtMs(Math.abs(ms))}`).join(', ') };
}

const SPEED_GOAL = 3.5;
const FLOOR_GOAL = 1.3;
const LOGIN_GOAL = 1.5;

function speedTarget(s, nodeMs) {
  const la = s.summary.find((t) => t.name === 'looker-audit');
  const sdk = s.summary.find((t) => t.name === 'SDK, careful');
  const ratio = sdk.wallMs / la.wallMs;
  const users = s.instances[0].users;
  const pageMs = SERVER_TIME.perRequestMs + PAGE_SIZE * SERVER_TIME.perRowMs;
  const { f, text } = excessOver(s, nodeMs);
  const host = s.frozen
    ? ''
    : ` The fake servers spent ${fmtMs(la.hostCpuMs)} of CPU during each looker-audit run, on the same ${cpus().length} cores.`;
  const base = `the SDK script reads the ${pagesOf(users)} pages of users one after the other (${fmtMs(pagesOf(users) * pageMs)} of server time for them alone); looker-audit's floor is ${fmtMs(f.totalMs)} (at the floor the ratio would be ${fmtX(sdk.wallMs / f.totalMs)}); over the floor: ${text}.${host}`;
  return {
    target: `Large organisation, ${modeName(s)}: at least ${SPEED_GOAL}x faster than "SDK, careful"`,
    measured: `${fmtMs(la.wallMs)} vs ${fmtMs(sdk.wallMs)}: ${fmtX(ratio)}`,
    met: ratio >= SPEED_GOAL,
    why: ratio >= SPEED_GOAL ? base : `${fmtX(ratio)} instead of at least ${SPEED_GOAL}x: ${base}`,
  };
}

function floorTarget(s, nodeMs) {
  const la = s.summary.find((t) => t.name === 'looker-audit');
  const { f, text } = excessOver(s, nodeMs);
  const ratio = la.wallMs / f.totalMs;
  const base = `floor ${fmtMs(f.nodeMs)} node start-up + ${fmtMs(f.loginMs)} login + ${fmtMs(f.firstRoundMs)} first page + ${plural(f.rounds, 'round')} of up to ${DEFAULT_CONCURRENCY} pages ${fmtMs(f.roundsMs)}; looker-audit's segments (medians) over their part of the floor: ${text}.`;
  return {
    target: `Large organisation, ${modeName(s)}: within ${FLOOR_GOAL}x of the server-time floor`,
    measured: `${fmtMs(la.wallMs)} vs ${fmtMs(f.totalMs)}: ${fmtX(ratio)}`,
    met: ratio <= FLOOR_GOAL,
    why: ratio <= FLOOR_GOAL ? base : `${fmtX(ratio)} instead of at most ${FLOOR_GOAL}x: ${base}`,
  };
}

function loginTarget(modes, nodeMs, profile) {
  const figures = modes.map((s) => ({ s, loginMs: startupOf(s).loginMs }));
  const worst = Math.max(...figures.map((x) => x.loginMs / nodeMs));
  const startup = profile.categories.find((c) => c.name === 'start-up');
  const before = `${fmtMs(startup.ms)} of the main thread's CPU ran before it in the profiled run (the CPU profile section)`;
  return {
    target: `The login arrives under ${LOGIN_GOAL}x \`node -e 0\` after spawn`,
    measured: figures
      .map((x) => `${modeName(x.s)}: ${fmtMs(x.loginMs)} vs ${fmtMs(nodeMs)}: ${fmtX(x.loginMs / nodeMs)}`)
      .join('; '),
    met: worst < LOGIN_GOAL,
    why:
      worst < LOGIN_GOAL
        ? `the login leaves ${fmtMs(Math.max(...figures.map((x) => x.loginMs)) - nodeMs)} at most after a bare node has started and exited; ${before}.`
        : `gap: the goal allows ${fmtMs((LOGIN_GOAL - 1) * nodeMs)} after a bare node has started and exited, the login arrives ${fmtMs(Math.max(...figures.map((x) => x.loginMs)) - nodeMs)} after; ${before}.`,
  };
}

// ---------------------------------------------------------------------------------------------- --help, local
async function helpStartup() {
  log(`\n== looker-audit --help vs node -e 0 (${SIZES.helpRuns} runs each, alternating)`);
  const help = [];
  const bare = [];
  // One warm-up each: the first spawn pays for the file-system cache.
  await runNode([CLI, '--help'], { probe: false });
  await runNode(['-e', '0'], { probe: false });
  for (let run = 0; run < SIZES.helpRuns; run++) {
    const h = await runNode([CLI, '--help'], { probe: false });
    assertOk('looker-audit --help', h);
    help.push(h.wallMs);
    const b = await runNode(['-e', '0'], { probe: false });
    assertOk('node -e 0', b);
    bare.push(b.wallMs);
  }
  return {
    runs: SIZES.helpRuns,
    helpMs: median(help),
    nodeMs: median(bare),
    helpMin: Math.min(...help),
    nodeMin: Math.min(...bare),
  };
}

async function localAudit() {
  log(`\n== local audit + CSV of ${SIZES.local} users (${options.runs} process(es), no network)`);
  const file = join(work, 'snapshot.json');
  const prepared = await runNode([join(ROOT, 'bench', 'local-audit.js'), 'prepare', String(SIZES.local), file], {
    captureStdout: true,
    probe: false,
  });
  assertOk('local-audit prepare', prepared);
  const runs = [];
  for (let run = 1; run <= options.runs; run++) {
    const result = await runNode([join(ROOT, 'bench', 'local-audit.js'), 'measure', file, '1'], {
      captureStdout: true,
    });
    assertOk('local-audit measure', result);
    const measured = JSON.parse(result.stdout);
    runs.push({
      ...measured.median,
      maxRssMb: result.maxRssMb,
      rssBeforeMb: measured.rssBeforeMb,
      csvBytes: measured.csvBytes,
      groups: measured.groups,
    });
    log(
      `   run ${run}/${options.runs}: ${fmtMs(measured.median.cpuMs)} CPU (audit ${fmtMs(measured.median.auditCpuMs)}, CSV ${fmtMs(measured.median.csvCpuMs)}), peak RSS ${fmtMb(result.maxRssMb)}`,
    );
  }
  return {
    users: SIZES.local,
    groups: runs[0].groups,
    cpuMs: median(runs.map((r) => r.cpuMs)),
    auditCpuMs: median(runs.map((r) => r.auditCpuMs)),
    csvCpuMs: median(runs.map((r) => r.csvCpuMs)),
    maxRssMb: median(runs.map((r) => r.maxRssMb)),
    rssBeforeMb: median(runs.map((r) => r.rssBeforeMb)),
    csvBytes: runs[0].csvBytes,
  };
}

// The users view as a table against the same view as CSV (cli-table3 alone took 180 s at 20,000 users and
// overflowed the stack at 150,000, report/table.ts). One process per size; in it the formats are rendered in turns, median.
async function tableVsCsv() {
  const repeat = Math.min(options.runs, 5);
  const sizes = [];
  for (const users of SIZES.tables) {
    log(`\n== users table vs CSV, ${users} users (${repeat} interleaved render(s) each, no network)`);
    const file = join(work, `snapshot-${users}.json`);
    const prepared = await runNode([join(ROOT, 'bench', 'local-audit.js'), 'prepare', String(users), file], {
      captureStdout: true,
      probe: false,
    });
    assertOk('local-audit prepare', prepared);
    const result = await runNode([join(ROOT, 'bench', 'local-audit.js'), 'formats', file, String(repeat)], {
      captureStdout: true,
      probe: false,
    });
    assertOk('local-audit formats', result);
    const m = JSON.parse(result.stdout);
    for (const kind of ['csv', 'tablePiped', 'tableTerminal']) {
      if (m[kind].lines < users + 1) throw new Error(`${kind}: ${m[kind].lines} lines for ${users} users`);
    }
    const table = m.tablePiped.wallMs >= m.tableTerminal.wallMs ? m.tablePiped : m.tableTerminal;
    sizes.push({ users, ...m, ratio: table.wallMs / m.csv.wallMs });
    log(
      `   CSV ${fmtMs(m.csv.wallMs)}, table piped ${fmtMs(m.tablePiped.wallMs)}, table at 120 columns in colour ${fmtMs(m.tableTerminal.wallMs)}: ${fmtX(table.wallMs / m.csv.wallMs)}`,
    );
  }
  return { repeat, sizes };
}

// The HTML report of 20,000 users: its size, and how long headless Chromium takes from the start of the
// navigation to the users table being ready (the page script sets data-ready), read on the page's own clock.
async function htmlReport() {
  const users = SIZES.html;
  log(`\n== HTML report of ${users} users: size and headless load-to-ready (${options.runs} load(s))`);
  const file = join(work, `snapshot-html-${users}.json`);
  const out = join(work, 'report.html');
  const prepared = await runNode([join(ROOT, 'bench', 'local-audit.js'), 'prepare', String(users), file], {
    captureStdout: true,
    probe: false,
  });
  assertOk('local-audit prepare', prepared);
  const rendered = await runNode([join(ROOT, 'bench', 'local-audit.js'), 'html', file, out], {
    captureStdout: true,
  });
  assertOk('local-audit html', rendered);
  const made = JSON.parse(rendered.stdout);
  const gzipBytes = gzipSync(readFileSync(out)).length;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.LOOKER_AUDIT_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const loads = [];
  const filters = [];
  try {
    for (let run = 1; run <= options.runs; run++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(out).href, { waitUntil: 'commit' });
      await page.waitForSelector('#users-table[data-ready="true"]', { timeout: 30_000 });
      const readyMs = await page.evaluate(() => performance.now());
      const filterMs = await page.evaluate(() => {
        const start = performance.now();
        const select = document.getElementById('users-tier');
        select.value = '0';
        select.dispatchEvent(new Event('change'));
        return performance.now() - start;
      });
      loads.push(readyMs);
      filters.push(filterMs);
      log(`   load ${run}/${options.runs}: ready in ${fmtMs(readyMs)}, tier filter ${fmtMs(filterMs)}`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return {
    users,
    ...made,
    gzipBytes,
    readyMs: median(loads),
    readyMax: Math.max(...loads),
    filterMs: median(filters),
    maxRssMb: rendered.maxRssMb,
  };
}

// The growth curve: audit + CSV and audit + JSON at 1k, 10k, 100k and 1M users, and a diff of
// two 300,000-user snapshots; bench/local-audit.js `curve` runs every step in its own process.
const GOAL_RSS_MB = { million: 1536, hundredK: 300, diff: 1536 };

async function growthCurve() {
  log(`\n== growth curve: audit + CSV and audit + JSON by size, diff of two large snapshots (one process per step)`);
  const result = await runNode([join(ROOT, 'bench', 'local-audit.js'), 'curve', ...(options.quick ? ['quick'] : [])], {
    captureStdout: true,
    probe: false,
  });
  assertOk('local-audit curve', result);
  const curve = JSON.parse(result.stdout);
  for (const r of curve.rows)
    log(
      `   ${r.users} users: CSV ${r.csv.failed ?? `${fmtMs(r.csv.cpuMs)} CPU, ${fmtMb(r.csv.maxRssMb)}`}; JSON ${r.json.failed ?? `${fmtMs(r.json.cpuMs)} CPU, ${fmtMb(r.json.maxRssMb)}`}`,
    );
  log(
    `   diff of two ${curve.diff.users}-user snapshots: ${curve.diff.failed ?? `${fmtMs(curve.diff.cpuMs)} CPU, ${fmtMb(curve.diff.maxRssMb)}`}`,
  );
  return { ...curve, wallMs: result.wallMs };
}

function growthSection(g) {
  const n = (users) => users.toLocaleString('en');
  const mb = (bytes) => `${(bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0)} MB`;
  const cpuOf = (m) =>
    m.failed
      ? `failed: ${m.failed}`
      : `${fmtMs(m.cpuMs)} (read ${fmtMs(m.readCpuMs)}, audit ${fmtMs(m.auditCpuMs)}, render ${fmtMs(m.renderCpuMs)})`;
  const rssOf = (m) => (m.failed ? '-' : fmtMb(m.maxRssMb));
  const bytesOf = (m) => (m.failed ? '-' : mb(m.bytes));
  const largest = g.rows.at(-1);
  const hundredK = g.rows.find((r) => r.users === 100_000);
  const million = g.rows.find((r) => r.users === 1_000_000);
  const ok = (m, limit) => m !== undefined && !m.failed && m.maxRssMb < limit;
  const d = g.diff;
  const diffAgrees = !d.failed && JSON.stringify(d.found) === JSON.stringify(d.expected);
  const perUser = (m) => (m.maxRssMb - g.rows[0][m.format].maxRssMb) / ((largest.users - g.rows[0].users) / 1000);
  const goals = [];
  for (const format of ['csv', 'json']) {
    const label = format.toUpperCase();
    const m = million?.[format];
    goals.push({
      target: `1,000,000 users: audit + ${label} succeeds, peak RSS under 1.5 GB`,
      measured:
        m === undefined
          ? 'not measured (--quick)'
          : m.failed
            ? `failed: ${m.failed}`
            : `${fmtMb(m.maxRssMb)} peak, ${mb(m.bytes)} written`,
      met: m === undefined ? null : ok(m, GOAL_RSS_MB.million),
      why:
        m === undefined
          ? 'the quick run stops at 50,000 users.'
          : ok(m, GOAL_RSS_MB.million)
            ? `the run holds the narrowed users (until the audit ends) and the audited users; the ${label} is written in pieces${format === 'json' ? ' (jsonChunks: the single-string text, 100 rows per JSON.stringify call, each piece under the 128 KB past which V8 makes a string in the large-object space, so its garbage dies young)' : ' of 1,000 rows'}, never held whole; ${fmtMb(m.rssAfterAuditMb)} of RSS once audited.`
            : `gap: ${m.failed ? m.failed : `${fmtMb(m.maxRssMb - GOAL_RSS_MB.million)} over`}; ${fmtMb(m.rssAfterAuditMb ?? NaN)} of RSS once audited, before the first row is rendered.`,
    });
  }
  const h = hundredK;
  const hRss = h === undefined ? undefined : Math.max(h.csv.maxRssMb, h.json.maxRssMb);
  goals.push({
    target: '100,000 users: peak RSS under 300 MB (CSV and JSON)',
    measured: h === undefined ? 'not measured (--quick)' : `CSV ${rssOf(h.csv)}, JSON ${rssOf(h.json)}`,
    met: h === undefined ? null : ok(h.csv, GOAL_RSS_MB.hundredK) && ok(h.json, GOAL_RSS_MB.hundredK),
    why:
      h === undefined
        ? 'the quick run stops at 50,000 users.'
        : hRss < GOAL_RSS_MB.hundredK
          ? 'users with the same roles and groups share their arrays and text; both formats are written in pieces.'
          : `gap ${fmtMb(hRss - GOAL_RSS_MB.hundredK)} over 300 MB.`,
  });
  goals.push({
    target: `\`diff\` of two ${n(d.users)}-user snapshots: peak RSS under 1.5 GB, the changes found`,
    measured: d.failed
      ? `failed: ${d.failed}`
      : `${fmtMb(d.maxRssMb)} peak, ${fmtMs(d.cpuMs)} CPU; found ${Object.entries(d.found)
          .map(([k, v]) => `${k} ${n(v)}`)
          .join(', ')}`,
    met: !d.failed && d.maxRssMb < GOAL_RSS_MB.diff && diffAgrees,
    why: !diffAgrees
      ? `the diff did not find the changes made (${JSON.stringify(d.expected)}).`
      : d.maxRssMb < GOAL_RSS_MB.diff
        ? `each snapshot (${mb(d.snapshotBytes)} of JSON) is read in pieces, its users parsed a chunk at a time as the bytes arrive (snapshot/split.ts), never held as bytes, text and objects at once; a user as the tool writes it is checked by hand and kept as parsed, no second copy; ${fmtMb(d.rssAfterReadMb)} of RSS once both are read.`
        : `gap ${fmtMb(d.maxRssMb - GOAL_RSS_MB.diff)} over 1.5 GB; ${fmtMb(d.rssAfterReadMb)} of RSS once both snapshots are read.`,
  });

  const single = largest.jsonString;
  const lines = [
    '## Growth curve: 1,000 to 1,000,000 users, no network',
    '',
    `bench/local-audit.js \`curve\` (this section took ${fmtMs(g.totalMs)}, generating the organisations included): for each size,`,
    'a generated organisation (seed 100, groups = users / 100 up to 1,000, nested 4 deep, 40 roles) is written as the client',
    'receives it (a line of lists, then a line per page of 1,000 users); a process reads it page by page into the page-wise',
    'audit (`startAccountAudit`, as the CLI feeds fetched pages), then writes the users view to /dev/null in its pieces:',
    'one process for CSV, one for JSON. CPU is process CPU: reading the pages (JSON.parse, standing for the HTTP client), the',
    "audit, the rendering. Peak RSS is the process's own (`resourceUsage().maxRSS`).",
    '',
    '| users | CSV: CPU | CSV: peak RSS | CSV size | JSON: CPU | JSON: peak RSS | JSON size |',
    '|---|---|---|---|---|---|---|',
    ...g.rows.map(
      (r) =>
        `| ${n(r.users)} | ${cpuOf(r.csv)} | ${rssOf(r.csv)} | ${bytesOf(r.csv)} | ${cpuOf(r.json)} | ${rssOf(r.json)} | ${bytesOf(r.json)} |`,
    ),
    '',
    `Growth: from ${n(g.rows[0].users)} to ${n(largest.users)} users, peak RSS grows by about ${perUser(largest.csv).toFixed(2)} MB (CSV) and ${perUser(largest.json).toFixed(2)} MB (JSON) per 1,000 users. CPU per 1,000 users, CSV / JSON: ${g.rows
      .filter((r) => r.users >= 10_000)
      .map(
        (r) => `${fmtMs((r.csv.cpuMs / r.users) * 1000)} / ${fmtMs((r.json.cpuMs / r.users) * 1000)} at ${n(r.users)}`,
      )
      .join(', ')}.`,
    single === undefined
      ? ''
      : single.failed
        ? `The same ${n(largest.users)}-user JSON as one string, as it was written before it came in pieces: failed (${single.failed}).`
        : `The same ${n(largest.users)}-user JSON as one string, as it was written before it came in pieces: ${mb(single.bytes)} (V8's string limit is 536,870,888 characters, ${((single.bytes / 536870888) * 100).toFixed(1)}% of it here, with ASCII names), peak RSS ${fmtMb(single.maxRssMb)}, ${fmtMs(single.cpuMs)} CPU.`,
    '',
    `### diff of two ${n(d.users)}-user snapshots`,
    '',
    `The users JSON of the ${n(d.users)}-user organisation, and a later one: every 100th user removed, every 50th (offset 25) with`,
    'another tier, every 75th (offset 37) disabled or re-enabled, 1% new users. A process reads both as `diff` does',
    '(`readSnapshotFile`: read in pieces, parsed, checked against the snapshot schema), diffs them and writes the JSON',
    'diff to /dev/null.',
    '',
    '| measure | value |',
    '|---|---|',
    `| snapshot size | ${d.snapshotBytes === undefined ? '-' : mb(d.snapshotBytes)} each |`,
    `| CPU, reading both | ${d.failed ? '-' : fmtMs(d.readCpuMs)} |`,
    `| CPU, in all (read, diff, JSON) | ${d.failed ? `failed: ${d.failed}` : fmtMs(d.cpuMs)} |`,
    `| RSS once both are read | ${d.failed ? '-' : fmtMb(d.rssAfterReadMb)} |`,
    `| peak RSS of the process | ${d.failed ? '-' : fmtMb(d.maxRssMb)} |`,
    `| changes made / found | ${Object.entries(d.expected)
      .map(([k, v]) => `${k} ${n(v)} / ${d.failed ? '-' : n(d.found[k])}`)
      .join(', ')} |`,
    '',
    '### Goals',
    '',
    '| goal | measured | result | why |',
    '|---|---|---|---|',
    ...goals.map(
      (t) => `| ${t.target} | ${t.measured} | ${t.met === null ? 'not measured' : verdict(t.met)} | ${t.why} |`,
    ),
    '',
  ];
  // A goal the quick run does not reach is left out of the run's met / not met list.
  return { lines, goals: goals.filter((t) => t.met !== null) };
}

// ---------------------------------------------------------------------------------------------- report
function scenarioTable(s) {
  const base = s.summary.find((t) => t.name === 'looker-audit');
  const rows = [
    '| tool | API calls per account | wall time, median (min–max) | peak RSS | CPU time | calls vs looker-audit | time vs looker-audit | RSS vs looker-audit |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const t of s.summary) {
    const same = t === base;
    rows.push(
      `| ${t.name} | ${t.callsPerAccount.join(' + ')}${t.callsStable ? '' : ' (varied)'} | ${fmtMs(t.wallMs)} (${fmtMs(t.wallMin)}–${fmtMs(t.wallMax)}) | ${fmtMb(t.maxRssMb)} | ${fmtMs(t.cpuMs)} | ${same ? '1x' : fmtX(t.calls / base.calls)} | ${same ? '1x' : fmtX(t.wallMs / base.wallMs)} | ${same ? '1x' : fmtX(t.maxRssMb / base.maxRssMb)} |`,
    );
  }
  const org = s.instances[0];
  const agree = s.agreement.verdicts
    .map((v) => `${v.name}: ${v.agrees ? 'same tier counts' : `DIFFERENT tier counts ${JSON.stringify(v.counts)}`}`)
    .join('; ');
  return [
    `${s.instances.length > 1 ? `${s.instances.length} accounts, each ` : ''}${org.users.toLocaleString('en')} users, ${org.groups} groups nested ${org.nestingDepth} deep, ${org.roles} roles. ` +
      `Expected looker-audit calls per account (formula): ${s.expected.join(' + ')}.`,
    '',
    ...rows,
    '',
    `Tier counts of looker-audit (all users, ${JSON.stringify(s.agreement.fromAudit.map(({ users: _u, ...c }) => c))}) checked against the SDK scripts in the same run: ${agree}.`,
  ].join('\n');
}

/** Findings beyond the targets, computed from the same numbers. */
function observations({ small, large, three }) {
  const pick = (s, name) => s.summary.find((t) => t.name === name);
  const notes = [];
  const la = pick(small, 'looker-audit');
  const careful = pick(small, 'SDK, careful');
  if (la.wallMs > careful.wallMs) {
    notes.push(
      `- Small organisation: looker-audit (${fmtMs(la.wallMs)}, ${fmtMs(la.cpuMs)} CPU) is slower than "SDK, careful" (${fmtMs(careful.wallMs)}, ${fmtMs(careful.cpuMs)} CPU) with the same ${la.calls} calls: at ${small.instances[0].users.toLocaleString('en')} users the run is start-up bound, not API bound: even bundled (scripts/bundle.js), the CLI compiles and runs got, zod and yaml and validates its config before the first call, where the script has only the SDK. No target covers it.`,
    );
  }
  const one = pick(large, 'looker-audit');
  const three3 = pick(three, 'looker-audit');
  notes.push(
    `- Peak RSS grows with the users held at once: ${fmtMb(one.maxRssMb)} for one account of ${large.instances[0].users.toLocaleString('en')} users, ${fmtMb(three3.maxRssMb)} for three fetched concurrently; the SDK scripts keep ${fmtMb(pick(large, 'SDK, careful').maxRssMb)}-${fmtMb(pick(three, 'SDK, careful').maxRssMb)} because they hold tier counts, not a report.`,
  );
  notes.push(
    `- "SDK, careful" spends ${pick(large, 'SDK, careful').callsPerAccount[0]} calls per large account against looker-audit's ${one.callsPerAccount[0]}: without X-Total-Count it must read the trailing empty page after ${pagesOf(large.instances[0].users)} full ones.`,
  );
  return ['## Observations', '', ...notes, ''];
}

function verdict(met) {
  return met ? '**met**' : '**not met**';
}

function buildReport({
  small,
  large,
  three,
  noTotal,
  rightsize,
  smallLive,
  largeLive,
  profile,
  sweep,
  help,
  local,
  tables,
  html,
  startedAt,
  totalMs,
}) {
  const pick = (s, name) => s.summary.find((t) => t.name === name);
  const la = (s) => pick(s, 'looker-audit');
  const formulaRows = [small, large, three].map((s) => {
    const got = la(s).callsPerAccount;
    return { s, got, ok: got.every((c, i) => c === s.expected[i]) };
  });
  const formulaMet = formulaRows.every((r) => r.ok);
  const threeRatio = la(three).wallMs / la(large).wallMs;
  const callsRatio = pick(small, 'SDK, straightforward').calls / la(small).calls;
  const helpRatio = help.helpMs / help.nodeMs;
  const cpu = local.cpuMs;
  const rss = local.maxRssMb;
  const laLarge = la(large);
  const biggest = tables.sizes[tables.sizes.length - 1];

  const targets = [
    {
      target: 'API calls per account = 4 + ceil(users / 1000) + ceil(groups / 1000)',
      measured: formulaRows
        .map((r) => `${r.s.label}: ${r.got.join(' + ')} (formula ${r.s.expected.join(' + ')})`)
        .join('; '),
      met: formulaMet,
      why: formulaMet
        ? 'roles is two unpaged calls (with and without support roles, docs/looker-api.md); the first page of users and of groups carries X-Total-Count, so the remaining pages are requested at once and no trailing empty page is fetched.'
        : 'the calls differ from the formula: see the scenario tables (retries, re-logins or an extra page).',
    },
    ...[large, largeLive].map((s) => speedTarget(s, help.nodeMs)),
    ...[large, largeLive].map((s) => floorTarget(s, help.nodeMs)),
    {
      target: 'Three large accounts: no more than 1.3x the time of one',
      measured: `${fmtMs(la(three).wallMs)} vs ${fmtMs(laLarge.wallMs)}: ${fmtX(threeRatio)}`,
      met: threeRatio <= 1.3,
      why:
        threeRatio <= 1.3
          ? `the accounts are fetched concurrently (up to 4 at once), each instance with its own ${DEFAULT_CONCURRENCY} requests in flight, so their server time overlaps, and each account is audited while the others still fetch; what adds up is local CPU on one Node thread (${fmtMs(la(three).cpuMs)} for three accounts vs ${fmtMs(laLarge.cpuMs)} for one), the CSV of all users last.`
          : `gap: ${fmtX(threeRatio)} instead of at most 1.3x. The accounts are fetched concurrently (up to 4 at once, each instance with its own ${DEFAULT_CONCURRENCY} requests in flight), so the server time overlaps; what does not is local CPU on one Node thread: three times the JSON to parse, users to audit and CSV rows to render (${fmtMs(la(three).cpuMs)} CPU for three accounts vs ${fmtMs(laLarge.cpuMs)} for one), on a machine of ${cpus().length} cores that the benchmark's fake servers share.`,
    },
    {
      target: 'Small organisation: at least 50x fewer API calls than "SDK, straightforward"',
      measured: `${la(small).calls} vs ${pick(small, 'SDK, straightforward').calls}: ${fmtX(callsRatio)} fewer`,
      met: callsRatio >= 50,
      why:
        callsRatio >= 50
          ? 'bulk calls only: no per-user user_roles call; group roles come from groups/search/with_hierarchy.'
          : 'see the small-organisation table.',
    },
    {
      target: `${SIZES.local.toLocaleString('en')} users: local audit + CSV under 1.5 s CPU`,
      measured: `${fmtMs(cpu)} CPU (audit ${fmtMs(local.auditCpuMs)}, CSV ${fmtMs(local.csvCpuMs)})`,
      met: cpu < 1500,
      why:
        cpu < 1500
          ? 'roles, tier, reason and grants are computed once per distinct combination of direct roles, groups and group flag (shared by every user holding it; ancestors memoised per group), so no users x groups join; Looker-shaped timestamps are sliced, not parsed; the CSV goes through csv-stringify in batches of 1,000 rows whose garbage dies young. csv-stringify itself is about half of this CPU.'
          : `gap ${fmtMs(cpu - 1500)} over 1.5 s. The audit computes each distinct combination of roles and groups once (this organisation has tens of thousands: random group pairs), and csv-stringify costs about half a microsecond per cell (1.1 million cells). Process CPU counts the garbage collector's threads too.`,
    },
    {
      target: `${SIZES.local.toLocaleString('en')} users: peak RSS under 300 MB`,
      measured: `${fmtMb(rss)} peak (${fmtMb(local.rssBeforeMb)} after parsing the snapshot, before the audit)`,
      met: rss < 300,
      why:
        rss < 300
          ? `the snapshot holds narrowed users only (no raw API objects); users with the same roles and groups share their arrays and text; the ${fmtMb(local.csvBytes / 1048576)} CSV is written out in pieces of 1,000 rows, never held whole.`
          : `gap ${fmtMb(rss - 300)} over 300 MB: the narrowed snapshot (${fmtMb(local.rssBeforeMb)} of RSS after parsing) and the audited users live together; the CSV itself is written out in pieces.`,
    },
    {
      target: `${biggest.users.toLocaleString('en')} users: the users table no more than 2x the CSV`,
      measured: `table ${fmtMs(Math.max(biggest.tablePiped.wallMs, biggest.tableTerminal.wallMs))} vs CSV ${fmtMs(biggest.csv.wallMs)}: ${fmtX(biggest.ratio)}`,
      met: biggest.ratio <= 2,
      why:
        biggest.ratio <= 2
          ? 'cli-table3 draws only the frame and header; the body rows are drawn in its style in one linear pass (widths without spreading arrays), and written in pieces of 1,000 rows like the CSV.'
          : `gap ${fmtX(biggest.ratio)} over 2x: see the users table section for which table (piped or terminal) is slow.`,
    },
    {
      target: '`looker-audit --help` median under 1.3x `node -e 0`',
      measured: `${fmtMs(help.helpMs)} vs ${fmtMs(help.nodeMs)}: ${fmtX(helpRatio)}`,
      met: helpRatio < 1.3,
      why:
        helpRatio < 1.3
          ? 'the commands import their services lazily, so --help loads commander and the program definition only.'
          : `gap: ${fmtMs(help.helpMs - help.nodeMs)} over a bare node where ${fmtMs(0.3 * help.nodeMs)} is allowed: --help loads more modules than it needs; check the static imports of src/cli/program.ts and src/cli/run.ts.`,
    },
    loginTarget([large, largeLive], help.nodeMs, profile),
    {
      target: `HTML report of ${html.users.toLocaleString('en')} users under 2 MB, ready in headless Chromium in under 1 s`,
      measured: `${(html.bytes / 1048576).toFixed(2)} MB; ready in ${fmtMs(html.readyMs)} (slowest ${fmtMs(html.readyMax)})`,
      met: html.bytes < 2 * 1048576 && html.readyMs < 1000,
      why:
        html.bytes < 2 * 1048576 && html.readyMs < 1000
          ? 'the users are inline JSON stored as columns with repeated values as indexes; the page script draws 100 rows at a time; the charts are SVG drawn in Node.'
          : 'gap: see the HTML report section (size of the users data, or the time to the first page of rows).',
    },
  ];

  const cpu0 = cpus()[0];
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (bench/run.js)${options.quick ? ' in --quick mode: smaller organisations, not representative' : ''}. Do not edit by hand: rerun it.`,
    '',
    '## Machine and run',
    '',
    `- Machine: ${cpu0?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GB memory, ${platform()} ${release()}`,
    `- Node ${process.version}`,
    `- Date: ${startedAt.toISOString()}; the whole benchmark took ${fmtMs(totalMs)}`,
    `- Timed runs per tool and scenario: ${options.runs} (medians reported); \`--help\`: ${help.runs} runs each; one more, untimed run under \`--cpu-prof\``,
    '- The machine was shared: other jobs used the same cores during the run, so times carry noise; the ratios,',
    '  taken from interleaved runs (run 1 of every tool, then run 2, ...), are steadier than the absolute times.',
    '',
    '## How to reproduce',
    '',
    '```sh',
    'npm ci',
    'npm run bench                      # builds dist/, runs everything, rewrites BENCHMARKS.md (~5-10 minutes)',
    'node bench/run.js --runs 9         # more runs per tool',
    'node bench/run.js --quick          # 1 run, small organisations: a smoke test, printed instead of written',
    '```',
    '',
    '## Setup',
    '',
    `- The sample Looker instance (src/fake-looker) on 127.0.0.1, one server per account, with a server-time model:`,
    `  every request waits ${SERVER_TIME.perRequestMs} ms + ${SERVER_TIME.perRowMs} ms per returned row (a page of 1,000 users: 230 ms), as large instances do.`,
    '  The servers run `frozen` (the organisation does not change during the benchmark): each page is built and serialised',
    "  once and then served from a cache, so the fake's own CPU does not compete with the tools for the cores, and the",
    "  server-time model alone stands for Looker's work. The untimed agreement run warms the cache for every tool.",
    '- The small and large organisations run a second time against servers that build and serialise every page per',
    '  request (`frozen: false`), as a real Looker spends CPU on each. Those fake servers run inside the benchmark',
    `  process, on the same ${cpus().length} cores as the tool they answer: their CPU competes with the tool's, which a real, remote`,
    '  server would not (the server modes section gives how much).',
    "- Every tool runs in its own process (`node --import bench/probe.js ...`); the probe reports the process's peak RSS",
    '  (`process.resourceUsage().maxRSS`) and CPU time at exit. Wall time runs from spawn to exit, node start-up included.',
    '  API calls are counted by the fake servers (their request log), not by the tools.',
    '- **looker-audit**: `node bin/looker-audit.js users --format csv -c <config>`, stdout to /dev/null.',
    '- **SDK, careful** (bench/sdk-careful.js): `@looker/sdk` + `@looker/sdk-node`; the same bulk calls with the same',
    '  trimmed `fields` (all_roles, search_groups_with_hierarchy, all_users), sequential limit/offset paging (1,000 a page)',
    '  until a short page, accounts one after the other, then tiers computed simply (torii rules, groups walked per user).',
    '- **SDK, straightforward** (bench/sdk-straightforward.js): all_users, then user_roles for each user, one at a time.',
    '  Small organisation only.',
    '- The SDK logs a console.debug line per request (sdk-rtl baseTransport); the scripts silence console.debug.',
    '',
    '## Targets',
    '',
    '| target | measured | result | why |',
    '|---|---|---|---|',
    ...targets.map((t) => `| ${t.target} | ${t.measured} | ${verdict(t.met)} | ${t.why} |`),
    '',
    `## Small organisation`,
    '',
    scenarioTable(small),
    '',
    `## Large organisation`,
    '',
    scenarioTable(large),
    '',
    `## Three large accounts at once`,
    '',
    'Three servers, one config: looker-audit fetches the accounts concurrently; the SDK script loops over them.',
    '',
    scenarioTable(three),
    '',
    `## Large organisation without X-Total-Count`,
    '',
    'The large organisation again, its server sending no X-Total-Count: looker-audit requests pages in a window',
    'that grows 1, 2, 4, 8 and stops at the first short page (the formula counts the requests already out past it).',
    '',
    scenarioTable(noTotal),
    '',
    ...observations({ small, large, three }),
    ...rightsizeSection(rightsize),
    ...remediationCallsSection(),
    ...serverModesSection(
      [
        { label: 'small', modes: [small, smallLive] },
        { label: 'large', modes: [large, largeLive] },
      ],
      help.nodeMs,
    ),
    `## Small organisation, pages built per request`,
    '',
    scenarioTable(smallLive),
    '',
    `## Large organisation, pages built per request`,
    '',
    scenarioTable(largeLive),
    '',
    ...startupSection([large, largeLive], help.nodeMs),
    ...cpuProfileSection(profile),
    ...concurrencySection(sweep),
    '## Start-up: `looker-audit --help` vs `node -e 0`',
    '',
    '| command | median | fastest |',
    '|---|---|---|',
    `| \`node bin/looker-audit.js --help\` | ${fmtMs(help.helpMs)} | ${fmtMs(help.helpMin)} |`,
    `| \`node -e 0\` | ${fmtMs(help.nodeMs)} | ${fmtMs(help.nodeMin)} |`,
    `| ratio | ${fmtX(helpRatio)} | ${fmtX(help.helpMin / help.nodeMin)} |`,
    '',
    `## Local audit + CSV, ${SIZES.local.toLocaleString('en')} users, no network`,
    '',
    `bench/local-audit.js: a generated organisation (${SIZES.local.toLocaleString('en')} users, ${local.groups} groups nested 4 deep, 40 roles) goes through the fake's`,
    'API views and looker/narrow into a RawSnapshot file; a separate process parses it, then runs `auditAccount` and',
    `\`renderUsersCsv\` once (median of ${options.runs} processes). CPU is process CPU (user + system, GC threads included).`,
    '',
    '| measure | value |',
    '|---|---|',
    `| CPU, audit + CSV | ${fmtMs(local.cpuMs)} |`,
    `| CPU, audit (auditAccount) | ${fmtMs(local.auditCpuMs)} |`,
    `| CPU, CSV (renderUsersCsv) | ${fmtMs(local.csvCpuMs)} |`,
    `| RSS after parsing the snapshot | ${fmtMb(local.rssBeforeMb)} |`,
    `| peak RSS of the process | ${fmtMb(local.maxRssMb)} |`,
    `| CSV size | ${fmtMb(local.csvBytes / 1048576)} |`,
    '',
    `## HTML report, ${html.users.toLocaleString('en')} users: size and headless load-to-ready`,
    '',
    'bench/local-audit.js `html`: the same kind of generated organisation, audited, rendered as the `report` command',
    `does (summary and users), then opened from disk in Debian's headless Chromium ${options.runs} time(s); ready = the`,
    "page's own clock from the start of navigation to the users table's first page drawn (median, slowest in brackets).",
    '',
    '| measure | value |',
    '|---|---|',
    `| HTML size | ${(html.bytes / 1048576).toFixed(2)} MB (${(html.gzipBytes / 1024).toFixed(0)} KB gzipped) |`,
    `| render in Node (vega import apart) | ${fmtMs(html.renderMs)} (+ ${fmtMs(html.importMs)}) |`,
    `| load to ready | ${fmtMs(html.readyMs)} (${fmtMs(html.readyMax)}) |`,
    `| tier filter over every user | ${fmtMs(html.filterMs)} |`,
    '',
    '## Users table vs CSV, no network',
    '',
    `bench/local-audit.js \`formats\`: the same generated organisations, audited once, then the users view rendered as`,
    'CSV, as a table piped to a file (no width limit, no colour) and as a table on a 120-column colour terminal, in turns,',
    `${tables.repeat} time(s) each (median), every piece written to /dev/null as the CLI streams it. Wall time (CPU in brackets).`,
    '',
    '| users | CSV | table, piped | table, 120 columns, colour | slower table vs CSV |',
    '|---|---|---|---|---|',
    ...tables.sizes.map(
      (t) =>
        `| ${t.users.toLocaleString('en')} | ${fmtMs(t.csv.wallMs)} (${fmtMs(t.csv.cpuMs)}) | ${fmtMs(t.tablePiped.wallMs)} (${fmtMs(t.tablePiped.cpuMs)}) | ${fmtMs(t.tableTerminal.wallMs)} (${fmtMs(t.tableTerminal.cpuMs)}) | ${fmtX(t.ratio)} |`,
    ),
    '',
  ];
  return { markdown: lines.join('\n'), targets };
}

// ---------------------------------------------------------------------------------------------- concurrency
const CONCURRENCY_LEVELS = [4, 8, 12, 16];

/**
 * The per-account `concurrency` key against the large organisation in both server modes (the default comes from
 * these measurements): looker-audit alone, each level in turn, interleaved, the median wall time and the calls.
 */
async function concurrencySweep(frozenInstance, liveInstance) {
  const runs = Math.max(1, Math.min(options.runs, 3));
  const rows = [];
  for (const instance of [frozenInstance, liveInstance]) {
    log(`\n== concurrency ${CONCURRENCY_LEVELS.join(', ')}: ${modeName(instance)} (${runs} run(s) each)`);
    const configs = CONCURRENCY_LEVELS.map((level) => {
      const base = configFor([instance], `concurrency-${level}.yaml`);
      writeFileSync(base, `${readFileSync(base, 'utf8')}    concurrency: ${level}\n`, { mode: 0o600 });
      return { level, path: base, walls: [], calls: 0 };
    });
    for (let run = 0; run < runs; run++) {
      for (const c of configs) {
        instance.fake.requests.length = 0;
        const result = await runNode([CLI, 'users', '--format', 'csv', '-c', c.path], { env: secretsEnv([instance]) });
        assertOk(`looker-audit concurrency ${c.level}`, result);
        c.walls.push(result.wallMs);
        c.calls = instance.fake.requests.length;
        log(
          `   concurrency ${String(c.level).padEnd(3)} run ${run + 1}/${runs}: ${fmtMs(result.wallMs)}, ${c.calls} calls`,
        );
      }
    }
    rows.push({ mode: modeName(instance), levels: configs.map((c) => ({ ...c, wallMs: median(c.walls) })) });
  }
  return { runs, users: frozenInstance.spec.users, rows };
}

function concurrencySection(sweep) {
  const header = `| server | ${CONCURRENCY_LEVELS.map((l) => `concurrency ${l}${l === DEFAULT_CONCURRENCY ? ' (default)' : ''}`).join(' | ')} |`;
  return [
    '## Concurrency (the `concurrency` key)',
    '',
    `looker-audit alone on the large organisation (${sweep.users.toLocaleString('en')} users), \`concurrency\` set per run, the levels taking turns, median of ${sweep.runs}; the calls are the same at every level.`,
    '',
    header,
    `|---|${CONCURRENCY_LEVELS.map(() => '---').join('|')}|`,
    ...sweep.rows.map(
      (r) => `| ${r.mode} | ${r.levels.map((l) => `${fmtMs(l.wallMs)} (${l.calls} calls)`).join(' | ')} |`,
    ),
    '',
    `- The default stays ${DEFAULT_CONCURRENCY}: Looker asks callers to keep concurrency low (each node serves the API from at most 200 threads, docs/looker-api.md, Rate limits), and ${DEFAULT_CONCURRENCY} brings a 20-page list in 3 rounds after the first page. A higher level saves a round on this benchmark, where the server is idle but for us; on a shared production instance it is load on everyone else's requests. Raise it per account for a large instance on a quiet link (README, Concurrency).`,
    '',
  ];
}

// ---------------------------------------------------------------------------------------------- node start-up
const NODE24_VERSION = '24.22.3'; // the one .ci/run installs

/** The Node 24 binary to compare with, or why there is none. */
function findNode24() {
  if (process.versions.node.split('.')[0] === '24') return { node: process.execPath };
  const given = options.node24 ?? process.env.LOOKER_AUDIT_BENCH_NODE24;
  const ciCache = join(
    process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
    'looker-audit-ci',
    `node-${NODE24_VERSION}`,
    'node_modules',
    `node-${platform()}-${arch()}`,
    'bin',
    'node',
  );
  const node = given ?? (existsSync(ciCache) ? ciCache : undefined);
  return node === undefined
    ? { missing: 'no Node 24 found: give --node24 <node> or LOOKER_AUDIT_BENCH_NODE24, or run .ci/run once' }
    : { node };
}

/**
 * Start-up on this Node and on Node 24, with the compile cache (bin/looker-audit.js turns it on where Node has it,
 * 22.1 and later) warm and turned off (NODE_DISABLE_COMPILE_CACHE=1): `node -e 0`, `--help`, and `users --format
 * csv` of the small organisation, every variant of one Node taking turns, median of SIZES.helpRuns each.
 */
async function nodeStart(instance) {
  const configPath = configFor([instance], 'node-start.yaml');
  const node24 = findNode24();
  const nodes = [
    process.execPath,
    ...(node24.node !== undefined && node24.node !== process.execPath ? [node24.node] : []),
  ];
  const rows = [];
  for (const node of nodes) {
    const version = (
      await runNode(['-p', 'process.version'], { node, probe: false, captureStdout: true })
    ).stdout.trim();
    const [major, minor] = version.slice(1).split('.').map(Number);
    const hasCache = major > 22 || (major === 22 && minor >= 1); // module.enableCompileCache: Node 22.1
    const cacheDir = mkdtempSync(join(work, 'compile-cache-'));
    const variants = [
      { name: '`node -e 0`', args: ['-e', '0'], env: {} },
      ...[
        ['`--help`', [CLI, '--help'], {}],
        [
          '`users --format csv`, 500 users',
          [CLI, 'users', '--format', 'csv', '-c', configPath],
          secretsEnv([instance]),
        ],
      ].flatMap(([name, args, env]) => [
        { name, cache: 'off', args, env: { ...env, NODE_DISABLE_COMPILE_CACHE: '1' } },
        ...(hasCache ? [{ name, cache: 'warm', args, env: { ...env, NODE_COMPILE_CACHE: cacheDir } }] : []),
      ]),
    ];
    log(`\n== start-up on Node ${version}: ${variants.length} variants, ${SIZES.helpRuns} runs each, in turns`);
    // One untimed run each: the file-system cache, and the compile cache filled for the warm variants.
    for (const v of variants) assertOk(v.name, await runNode(v.args, { node, env: v.env, probe: false }));
    const walls = variants.map(() => []);
    for (let run = 0; run < SIZES.helpRuns; run++)
      for (const [i, v] of variants.entries()) {
        const result = await runNode(v.args, { node, env: v.env, probe: false });
        assertOk(v.name, result);
        walls[i].push(result.wallMs);
      }
    rows.push({ version, hasCache, variants: variants.map((v, i) => ({ ...v, wallMs: median(walls[i]) })) });
  }
  return { rows, missing: node24.missing, runs: SIZES.helpRuns };
}

function nodeStartSection(r) {
  const cell = (row, name, cache) => {
    const v = row.variants.find((x) => x.name === name && x.cache === cache);
    return v === undefined ? 'no cache in this Node' : fmtMs(v.wallMs);
  };
  const names = ['`--help`', '`users --format csv`, 500 users'];
  return [
    '## Start-up on Node 20 and Node 24, with and without the compile cache',
    '',
    `Each Node's variants take turns, ${r.runs} runs each (median wall time, spawn to exit). bin/looker-audit.js turns on`,
    "Node's compile cache (`module.enableCompileCache`, Node 22.1 and later); warm = a cache the untimed first run",
    'filled; off = `NODE_DISABLE_COMPILE_CACHE=1`. The 500-user run goes to the small organisation (server-time model on).',
    '',
    `| Node | \`node -e 0\` | ${names.map((n) => `${n}, cache off | ${n}, cache warm`).join(' | ')} |`,
    `|---|---|${names.map(() => '---|---').join('|')}|`,
    ...r.rows.map(
      (row) =>
        `| ${row.version} | ${fmtMs(row.variants[0].wallMs)} | ${names.map((n) => `${cell(row, n, 'off')} | ${cell(row, n, 'warm')}`).join(' | ')} |`,
    ),
    '',
    ...(r.missing === undefined ? [] : [`- Node 24 not measured: ${r.missing}.`, '']),
    ...r.rows
      .filter((row) => row.hasCache)
      .map((row) => {
        const gain = (n) =>
          row.variants.find((x) => x.name === n && x.cache === 'off').wallMs -
          row.variants.find((x) => x.name === n && x.cache === 'warm').wallMs;
        return `- Node ${row.version}: the warm cache saves ${fmtMs(gain(names[0]))} on \`--help\` and ${fmtMs(gain(names[1]))} on the 500-user run.`;
      }),
    '',
  ];
}

// ---------------------------------------------------------------------------------------------- tricks
async function tricks(instance) {
  return measureTricks({
    runNode,
    instance,
    configFor,
    secretsEnv,
    work,
    runs: options.quick ? 2 : Math.max(10, options.runs * 2),
    quick: options.quick,
    log,
  });
}

const pct = (ratio) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;

function tricksSection(t) {
  const shown = (r, v) => (r.measure === 'rss' ? fmtMb(v) : fmtMs(v));
  return [
    '## Performance tricks: each against a build without it, in turns',
    '',
    'bench/tricks.js: the project copied twice, one copy with the patch in bench/tricks/ that takes the trick out,',
    'both built; the two builds run alternately on the same scenario (with, without, without, with, ...) and the gain is',
    "the median of the pairs' ratios (without / with). The noise is the same measurement of the unpatched build against",
    'itself: half the spread of the middle half of its ratios plus how far their median sits from 1. A trick stays only',
    'when its gain is above the noise; the gain measured here is written beside its code.',
    '',
    '| trick | where | scenario | measure | with | without | gain | noise | verdict |',
    '|---|---|---|---|---|---|---|---|---|',
    ...t.results.map(
      (r) =>
        `| **${r.name}**: ${r.what} | ${r.where} | ${r.label}, ${r.pairs} pairs | ${r.measure === 'rss' ? 'peak RSS' : 'wall time'} | ${shown(r, r.with)} | ${shown(r, r.without)} | ${pct(r.ratio)} | ±${(r.noise * 100).toFixed(1)}% | ${r.earns ? 'kept: above the noise' : 'within the noise'} |`,
    ),
    '',
    '### Removed: measured within the noise',
    '',
    '| trick | where it was | measured when removed |',
    '|---|---|---|',
    ...REMOVED_TRICKS.map((r) => `| **${r.name}**: ${r.what} | ${r.where} | ${r.measured} |`),
    '',
  ];
}

// ---------------------------------------------------------------------------------------------- main
const startedAt = new Date();
const started = process.hrtime.bigint();
const instances = [];
/** `--only`: one section, printed. */
async function onlySection() {
  const instance =
    options.only === 'node-start' ? await startInstance(1, SIZES.small) : await startInstance(10, SIZES.large);
  instances.push(instance);
  const lines =
    options.only === 'node-start' ? nodeStartSection(await nodeStart(instance)) : tricksSection(await tricks(instance));
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function fullRun() {
  log(`looker-audit benchmark${options.quick ? ' (quick)' : ''}: ${options.runs} run(s) per tool; working in ${work}`);
  const smallInstance = await startInstance(1, SIZES.small);
  instances.push(smallInstance);
  const small = await scenario('small', [smallInstance], ['looker-audit', 'SDK, careful', 'SDK, straightforward']);

  const largeInstances = [];
  for (let i = 0; i < 3; i++) largeInstances.push(await startInstance(10 + i, SIZES.large));
  instances.push(...largeInstances);
  log(
    `   generated ${largeInstances.length} organisations of ${SIZES.large.users} users in ${largeInstances.map((i) => fmtMs(i.generateMs)).join(', ')}`,
  );
  const large = await scenario('large', [largeInstances[0]], ['looker-audit', 'SDK, careful']);
  // The same organisations, every page built per request, and a profile of one run.
  const liveInstances = [await startInstance(1, SIZES.small, { frozen: false })];
  liveInstances.push(await startInstance(10, SIZES.large, { frozen: false }));
  instances.push(...liveInstances);
  const smallLive = await scenario(
    'small, pages built per request',
    [liveInstances[0]],
    ['looker-audit', 'SDK, careful'],
  );
  const largeLive = await scenario(
    'large, pages built per request',
    [liveInstances[1]],
    ['looker-audit', 'SDK, careful'],
  );
  const sweep = await concurrencySweep(largeInstances[0], liveInstances[1]);
  const profile = await cpuProfileRun(largeInstances[0]);
  const three = await scenario('three large accounts', largeInstances, ['looker-audit', 'SDK, careful']);
  const rightsize = await rightsizeScenario(largeInstances[0]);
  // The same organisation as "large", served without X-Total-Count (real instances often omit it: docs/looker-api.md).
  const noTotalInstance = await startInstance(10, SIZES.large, { pagingHeaders: false });
  instances.push(noTotalInstance);
  const noTotal = await scenario('large, no X-Total-Count', [noTotalInstance], ['looker-audit', 'SDK, careful']);
  const start = await nodeStart(smallInstance);
  const measuredTricks = await tricks(largeInstances[0]);
  for (const i of instances) await i.fake.close();
  instances.length = 0;

  const help = await helpStartup();
  const local = await localAudit();
  const tables = await tableVsCsv();
  const html = await htmlReport();
  const growth = growthSection(await growthCurve());
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  let { markdown, targets } = buildReport({
    small,
    large,
    three,
    noTotal,
    rightsize,
    smallLive,
    largeLive,
    profile,
    sweep,
    help,
    local,
    tables,
    html,
    startedAt,
    totalMs,
  });

  markdown += `\n${[...tricksSection(measuredTricks), ...nodeStartSection(start), ...growth.lines].join('\n')}`;
  targets.push(...growth.goals);
  if (options.out) {
    writeFileSync(options.out, markdown);
    log(`\nwrote ${relative(process.cwd(), options.out) || options.out}`);
  } else {
    process.stdout.write(`${markdown}\n`);
  }
  log('');
  for (const t of targets) log(`${t.met ? 'met    ' : 'NOT MET'}  ${t.target}: ${t.measured}`);
  log(`total ${fmtMs(totalMs)}`);
}

try {
  if (options.only !== undefined) await onlySection();
  else await fullRun();
} finally {
  for (const i of instances) await i.fake.close();
  rmSync(work, { recursive: true, force: true });
}
