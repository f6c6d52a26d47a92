// Local CPU time and peak RSS of the audit and the CSV rendering, no network. Two steps, two processes,
// so that generating the organisation does not inflate the measured peak RSS:
//   node bench/local-audit.js prepare <users> <file>   a generated organisation -> the fake's API JSON ->
//                                                      looker/narrow (what the client holds after fetching) ->
//                                                      RawSnapshot JSON in <file>
//   node bench/local-audit.js measure <file> [repeat]  parse it, then auditAccount + the users CSV (its pieces written
//                                                      to /dev/null, as the CLI streams them) `repeat` times;
//                                                      prints one JSON line: CPU per run (audit, CSV; process
//                                                      CPU, so GC threads count) and the process's peak RSS
//                                                      (parse included). run.js uses repeat 1, one process per run.
//   node bench/local-audit.js formats <file> [repeat]  parse and audit it once, then render the users CSV and
//                                                      the users table: once untimed, then
//                                                      `repeat` times each, in turns, pieces written to /dev/null
//                                                      as the CLI streams them; prints one JSON line: the median
//                                                      CPU and wall time of each format. The table is drawn as
//                                                      piped (no width limit, no colour) and as on a 120-column
//                                                      colour terminal.
//   node bench/local-audit.js html <file> <out.html>   parse and audit it once, then render the HTML report
//                                                      (summary and users, as `report` does) to <out.html>;
//                                                      prints one JSON line: its bytes and the render time
//                                                      (vega's import included, timed apart).
// The growth curve, one process per step, each reporting its own CPU and peak RSS:
//   node bench/local-audit.js prepare <users> <file> paged   as prepare, written as the client receives it: a line
//                                                      of lists, then a line per page of 1,000 users
//   node bench/local-audit.js render <paged file> csv|json|json-string
//                                                      reads the pages one at a time into the page-wise audit
//                                                      (startAccountAudit, as the CLI feeds it), then renders the
//                                                      users view, its pieces to /dev/null (json-string: the
//                                                      JSON as one string, as it was written before)
//   node bench/local-audit.js snapshots <paged file> <old.json> <new.json>   the users JSON of that organisation,
//                                                      and a later one: every 100th user gone, every 50th with
//                                                      another tier, every 75th disabled or re-enabled, 1% new
//   node bench/local-audit.js diff <old.json> <new.json>   reads both as `diff` does (readSnapshotFile), diffs,
//                                                      renders the JSON diff to /dev/null
//   node bench/local-audit.js curve [quick]             all of the above at 1k, 10k, 100k and 1M users (quick: 1k,
//                                                      10k, 50k) and a diff of two 300k-user snapshots (quick:
//                                                      30k); one JSON line with every step's figures
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuUsage, memoryUsage, resourceUsage } from 'node:process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const [mode, ...args] = process.argv.slice(2);

async function prepare(users, file, paged = false) {
  const { generateOrganisation } = await import('../dist/fake-looker/index.js');
  const { indexOrganisation } = await import('../dist/fake-looker/org.js');
  const { apiGroup, apiRole, apiUser } = await import('../dist/fake-looker/api-json.js');
  const { narrowGroup, narrowRole, narrowUser } = await import('../dist/looker/narrow.js');
  const org = generateOrganisation({
    seed: 100,
    users,
    groups: Math.min(1000, Math.max(10, Math.round(users / 100))),
    roles: 40,
    nestingDepth: 4,
  });
  const index = indexOrganisation(org);
  const base = 'https://bench.looker.example';
  const snapshot = {
    account: 'bench',
    url: base,
    lookerRelease: null,
    roles: org.roles.map((r) => narrowRole(apiRole(org, r, base))),
    groups: org.groups.map((g) => narrowGroup(apiGroup(index, g, true))),
    users: org.users.map((u) => narrowUser(apiUser(u, base))),
    apiCalls: 0,
  };
  if (paged) writePaged(snapshot, file);
  else writeFileSync(file, JSON.stringify(snapshot));
  return { users: snapshot.users.length, groups: snapshot.groups.length, roles: snapshot.roles.length };
}

async function measure(file, repeat) {
  const { auditAccount, buildReport, TORII_RULES } = await import('../dist/audit/index.js');
  const { usersCsvChunks } = await import('../dist/report/index.js');
  const devNull = openSync('/dev/null', 'w');
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const rssBeforeMb = memoryUsage().rss / 1048576;
  const runs = [];
  let bytes = 0;
  for (let i = 0; i < repeat; i++) {
    const start = cpuUsage();
    const audit = auditAccount(snapshot, TORII_RULES);
    const mid = cpuUsage(start);
    // As the CLI does with `users --format csv`: the pieces are written out as they are made.
    bytes = 0;
    for (const chunk of usersCsvChunks(buildReport([audit], { generatedAt: new Date(0), rules: TORII_RULES.name }))) {
      bytes += Buffer.byteLength(chunk);
      writeSync(devNull, chunk);
    }
    const used = cpuUsage(start);
    if (audit.users.length !== snapshot.users.length)
      throw new Error(`audited ${audit.users.length} of ${snapshot.users.length} users`);
    const auditCpuMs = (mid.user + mid.system) / 1000;
    const cpuMs = (used.user + used.system) / 1000;
    runs.push({ cpuMs, auditCpuMs, csvCpuMs: cpuMs - auditCpuMs });
  }
  const sorted = [...runs].sort((a, b) => a.cpuMs - b.cpuMs);
  const median = sorted[Math.floor(sorted.length / 2)];
  return {
    users: snapshot.users.length,
    groups: snapshot.groups.length,
    repeat,
    runs,
    median,
    csvBytes: bytes,
    rssBeforeMb,
    maxRssMb: resourceUsage().maxRSS / 1024,
  };
}

// CPU (user + system) and wall time of writing `pieces` to `fd`, and the bytes and lines written.
function timed(fd, pieces) {
  const cpu = cpuUsage();
  const wall = process.hrtime.bigint();
  let bytes = 0;
  let lines = 0;
  for (const piece of pieces) {
    bytes += Buffer.byteLength(piece);
    for (let i = piece.indexOf('\n'); i !== -1; i = piece.indexOf('\n', i + 1)) lines += 1;
    writeSync(fd, piece);
  }
  const used = cpuUsage(cpu);
  return {
    cpuMs: (used.user + used.system) / 1000,
    wallMs: Number(process.hrtime.bigint() - wall) / 1e6,
    bytes,
    lines,
  };
}

async function formats(file, repeat) {
  const { auditAccount, buildReport, TORII_RULES } = await import('../dist/audit/index.js');
  const { renderUsersTable, usersCsvChunks } = await import('../dist/report/index.js');
  const { Chalk } = await import('chalk');
  const devNull = openSync('/dev/null', 'w');
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const report = buildReport([auditAccount(snapshot, TORII_RULES)], { generatedAt: new Date(0), rules: 'torii' });
  const kinds = {
    csv: () => usersCsvChunks(report),
    tablePiped: () => renderUsersTable(report, { chalk: new Chalk({ level: 0 }), width: undefined }),
    tableTerminal: () => renderUsersTable(report, { chalk: new Chalk({ level: 1 }), width: 120 }),
  };
  // One untimed round first, so that the format rendered first does not alone pay for compiling the shared code.
  for (const render of Object.values(kinds)) timed(devNull, render());
  const runs = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
  for (let i = 0; i < repeat; i++)
    for (const [kind, render] of Object.entries(kinds)) runs[kind].push(timed(devNull, render()));
  const mid = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const summary = (list) => ({
    cpuMs: mid(list.map((r) => r.cpuMs)),
    wallMs: mid(list.map((r) => r.wallMs)),
    bytes: list[0].bytes,
    lines: list[0].lines,
  });
  return {
    users: snapshot.users.length,
    repeat,
    ...Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, summary(v)])),
  };
}

async function html(file, out) {
  const { auditAccount, buildReport, summarise, TORII_RULES } = await import('../dist/audit/index.js');
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const now = new Date('2026-11-30T00:00:00Z');
  const report = buildReport([auditAccount(snapshot, TORII_RULES)], { generatedAt: now, rules: 'torii' });
  const wall = process.hrtime.bigint();
  const { loadChartRenderer, renderHtmlReport } = await import('../dist/report/html/index.js');
  const draw = await loadChartRenderer();
  const loaded = process.hrtime.bigint();
  const prices = { developer: 1650, standard: 800, viewer: 400 };
  const summary = summarise(report, { prices, inactiveDays: 90, now });
  const page = await renderHtmlReport({ report, summary, prices, sections: ['summary', 'users'] }, draw);
  const done = process.hrtime.bigint();
  writeFileSync(out, page);
  return {
    users: snapshot.users.length,
    bytes: Buffer.byteLength(page),
    importMs: Number(loaded - wall) / 1e6,
    renderMs: Number(done - loaded) / 1e6,
  };
}

// ---------------------------------------------------------------------------------------------- growth curve

const PAGE = 1000;
const cpuMsOf = (used) => (used.user + used.system) / 1000;
const peakMb = () => resourceUsage().maxRSS / 1024;

function writePaged(snapshot, file) {
  const fd = openSync(file, 'w');
  const { users, ...lists } = snapshot;
  writeSync(fd, `${JSON.stringify(lists)}\n`);
  for (let i = 0; i < users.length; i += PAGE) writeSync(fd, `${JSON.stringify(users.slice(i, i + PAGE))}\n`);
  closeSync(fd);
}

/** The organisation audited as the CLI audits a fetched account: lists, then page after page, then finish. */
async function auditPaged(file) {
  const { startAccountAudit, TORII_RULES } = await import('../dist/audit/index.js');
  const auditor = startAccountAudit(TORII_RULES);
  let facts;
  let index = 0;
  let readCpuMs = 0;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity })[Symbol.asyncIterator]();
  for (;;) {
    // Reading and JSON.parse stand for the HTTP client receiving pages: timed apart from the audit.
    const start = cpuUsage();
    const next = await lines.next();
    const page = next.done ? undefined : JSON.parse(next.value);
    readCpuMs += cpuMsOf(cpuUsage(start));
    if (page === undefined) break;
    if (facts === undefined) {
      facts = page;
      auditor.addLists({ roles: facts.roles, groups: facts.groups });
    } else auditor.addUsers({ pass: 0, index: index++, rows: page });
  }
  return { audit: auditor.finish(facts), readCpuMs };
}

async function render(file, format) {
  const { buildReport, TORII_RULES } = await import('../dist/audit/index.js');
  const { usersCsvChunks, usersJsonChunks } = await import('../dist/report/index.js');
  const { renderUsersJson } = await import('../dist/report/json.js');
  const start = cpuUsage();
  const { audit, readCpuMs } = await auditPaged(file);
  const audited = cpuUsage(start);
  const rssAfterAuditMb = memoryUsage().rss / 1048576;
  const report = buildReport([audit], { generatedAt: new Date(0), rules: TORII_RULES.name });
  // json-string: the users JSON as one string, as it was written before it came in pieces (for comparison).
  const pieces =
    format === 'json'
      ? usersJsonChunks(report)
      : format === 'json-string'
        ? [renderUsersJson(report)]
        : usersCsvChunks(report);
  const devNull = openSync('/dev/null', 'w');
  let bytes = 0;
  let count = 0;
  for (const piece of pieces) {
    bytes += Buffer.byteLength(piece);
    count += 1;
    writeSync(devNull, piece);
  }
  const used = cpuUsage(start);
  return {
    users: audit.users.length,
    format,
    readCpuMs,
    auditCpuMs: cpuMsOf(audited) - readCpuMs,
    renderCpuMs: cpuMsOf(used) - cpuMsOf(audited),
    cpuMs: cpuMsOf(used),
    bytes,
    pieces: count,
    rssAfterAuditMb,
    maxRssMb: peakMb(),
  };
}

/** Every n-th user, offset: the changes made to the later snapshot (disjoint: see the counts below). */
const removed = (i) => i % 100 === 0;
const retiered = (i) => i % 50 === 25;
const restatused = (i) => i % 75 === 37;

async function snapshots(file, oldFile, newFile) {
  const { buildReport, TORII_RULES } = await import('../dist/audit/index.js');
  const { usersJsonChunks } = await import('../dist/report/index.js');
  const { audit } = await auditPaged(file);
  const write = (path, report) => {
    const fd = openSync(path, 'w');
    for (const piece of usersJsonChunks(report)) writeSync(fd, piece);
    closeSync(fd);
  };
  write(oldFile, buildReport([audit], { generatedAt: new Date('2026-10-01T00:00:00Z'), rules: TORII_RULES.name }));
  const expected = { added: 0, removed: 0, tierChanges: 0, statusChanges: 0 };
  const users = [];
  audit.users.forEach((u, i) => {
    if (removed(i)) expected.removed += 1;
    else if (retiered(i)) {
      expected.tierChanges += 1;
      users.push({ ...u, license: u.license === 'viewer' ? 'developer' : 'viewer' });
    } else if (restatused(i)) {
      expected.statusChanges += 1;
      users.push({ ...u, status: u.status === 'active' ? 'disabled' : 'active' });
    } else users.push(u);
  });
  const added = Math.floor(audit.users.length / 100);
  for (let i = 0; i < added; i++) {
    const from = audit.users[i];
    users.push({ ...from, id: `new-${i}`, email: `new.${i}@bench.example`, name: `New ${i}` });
  }
  expected.added = added;
  const later = { ...audit, users };
  write(newFile, buildReport([later], { generatedAt: new Date('2026-11-01T00:00:00Z'), rules: TORII_RULES.name }));
  return { users: audit.users.length, expected };
}

async function diff(oldFile, newFile) {
  const { readSnapshotFile } = await import('../dist/commands/shared/read-snapshot.js');
  const { diffSnapshots } = await import('../dist/audit/index.js');
  const { diffJsonChunks } = await import('../dist/report/index.js');
  const start = cpuUsage();
  const before = await readSnapshotFile(process.cwd(), oldFile);
  const after = await readSnapshotFile(process.cwd(), newFile);
  const read = cpuUsage(start);
  const rssAfterReadMb = memoryUsage().rss / 1048576;
  const result = diffSnapshots(before, after);
  const devNull = openSync('/dev/null', 'w');
  let bytes = 0;
  for (const piece of diffJsonChunks(result)) {
    bytes += Buffer.byteLength(piece);
    writeSync(devNull, piece);
  }
  const used = cpuUsage(start);
  const [account] = result.accounts;
  return {
    users: before.accounts[0].users.length,
    readCpuMs: cpuMsOf(read),
    cpuMs: cpuMsOf(used),
    rssAfterReadMb,
    maxRssMb: peakMb(),
    bytes,
    found: {
      added: account.added.length,
      removed: account.removed.length,
      tierChanges: account.tierChanges.length,
      statusChanges: account.statusChanges.length,
    },
  };
}

/** One step in its own process: its JSON line, and the wall time it took. */
function step(args) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    timeout: 5 * 60_000,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) {
    const why = (child.stderr || String(child.error ?? child.signal)).trim().split('\n');
    // The error line (a RangeError, an out-of-memory), not the stack under it.
    return { failed: why.find((l) => /Error|heap/i.test(l)) ?? why.at(-1) ?? 'failed', wallMs };
  }
  return { ...JSON.parse(child.stdout), wallMs };
}

async function curve(quick) {
  const sizes = quick ? [1_000, 10_000, 50_000] : [1_000, 10_000, 100_000, 1_000_000];
  const diffUsers = quick ? 30_000 : 300_000;
  const dir = mkdtempSync(join(tmpdir(), 'looker-audit-curve-'));
  const started = process.hrtime.bigint();
  try {
    const rows = [];
    for (const users of sizes) {
      const file = join(dir, `org-${users}.jsonl`);
      const prepared = step(['prepare', String(users), file, 'paged']);
      if (prepared.failed) throw new Error(`prepare ${users}: ${prepared.failed}`);
      const row = { users, prepareMs: prepared.wallMs };
      row.csv = step(['render', file, 'csv']);
      row.json = step(['render', file, 'json']);
      // The largest size once more as one string, as the JSON was written before: what the pieces changed.
      if (users === sizes.at(-1)) row.jsonString = step(['render', file, 'json-string']);
      rows.push(row);
      rmSync(file, { force: true });
      process.stderr.write(`   curve: ${users} users done\n`);
    }
    const file = join(dir, `org-${diffUsers}.jsonl`);
    const [oldFile, newFile] = [join(dir, 'old.json'), join(dir, 'new.json')];
    const prepared = step(['prepare', String(diffUsers), file, 'paged']);
    if (prepared.failed) throw new Error(`prepare ${diffUsers}: ${prepared.failed}`);
    const made = step(['snapshots', file, oldFile, newFile]);
    if (made.failed) throw new Error(`snapshots ${diffUsers}: ${made.failed}`);
    const diffed = step(['diff', oldFile, newFile]);
    const diffResult = {
      users: diffUsers,
      snapshotBytes: readFileSync(oldFile).length,
      prepareMs: prepared.wallMs + made.wallMs,
      expected: made.expected,
      ...diffed,
    };
    return { quick, rows, diff: diffResult, totalMs: Number(process.hrtime.bigint() - started) / 1e6 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const repeatOf = (arg) => Math.min(10, Math.max(1, Number(arg ?? 1)));
const result =
  mode === 'prepare'
    ? await prepare(Number(args[0]), args[1], args[2] === 'paged')
    : mode === 'render'
      ? await render(args[0], args[1])
      : mode === 'snapshots'
        ? await snapshots(args[0], args[1], args[2])
        : mode === 'diff'
          ? await diff(args[0], args[1])
          : mode === 'curve'
            ? await curve(args[0] === 'quick')
            : mode === 'measure'
              ? await measure(args[0], repeatOf(args[1]))
              : mode === 'formats'
                ? await formats(args[0], repeatOf(args[1]))
                : mode === 'html'
                  ? await html(args[0], args[1])
                  : (() => {
                      throw new Error(
                        'usage: local-audit.js prepare <users> <file> [paged] | measure <file> [repeat] | formats <file> [repeat] | html <file> <out.html> | render <paged file> csv|json | snapshots <paged file> <old> <new> | diff <old> <new> | curve [quick]',
                      );
                    })();
process.stdout.write(`${JSON.stringify(result)}\n`);
