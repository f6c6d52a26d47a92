// Local CPU time and peak RSS of the audit and the CSV rendering, no network (issue 6). Two steps, two processes,
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
//                                                      the users table (issue 11 point 9): once untimed, then
//                                                      `repeat` times each, in turns, pieces written to /dev/null
//                                                      as the CLI streams them; prints one JSON line: the median
//                                                      CPU and wall time of each format. The table is drawn as
//                                                      piped (no width limit, no colour) and as on a 120-column
//                                                      colour terminal.
//   node bench/local-audit.js html <file> <out.html>   parse and audit it once, then render the HTML report
//                                                      (summary and users, as `report` does) to <out.html>;
//                                                      prints one JSON line: its bytes and the render time
//                                                      (vega's import included, timed apart).
import { openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { cpuUsage, memoryUsage, resourceUsage } from 'node:process';

const [mode, ...args] = process.argv.slice(2);

async function prepare(users, file) {
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
  writeFileSync(file, JSON.stringify(snapshot));
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

const repeatOf = (arg) => Math.min(10, Math.max(1, Number(arg ?? 1)));
const result =
  mode === 'prepare'
    ? await prepare(Number(args[0]), args[1])
    : mode === 'measure'
      ? await measure(args[0], repeatOf(args[1]))
      : mode === 'formats'
        ? await formats(args[0], repeatOf(args[1]))
        : mode === 'html'
          ? await html(args[0], args[1])
          : (() => {
              throw new Error(
                'usage: local-audit.js prepare <users> <file> | measure <file> [repeat] | formats <file> [repeat] | html <file> <out.html>',
              );
            })();
process.stdout.write(`${JSON.stringify(result)}\n`);
