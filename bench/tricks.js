// The performance tricks of the code, each measured against a build without it, the two builds run in turns.
//
// A trick is code that exists only to be faster or smaller. Each one kept has a patch in bench/tricks/ that takes
// it out (the smallest edit that turns it off); this file copies the project twice into a scratch folder, applies
// the patch to one copy, builds both, and runs the two builds alternately on the same scenario against the same
// fake servers: with, without, without, with, ... so a drift of the machine's speed hits both alike. The figure is
// the median of the pairs' ratios (without / with): above 1, the trick gains.
//
// The noise is measured the same way: the unpatched build against itself (two runs of one build, in turns). Half
// the spread of the middle half of those ratios, plus how far their median sits from 1, is what a ratio moves by
// with nothing changed. A trick whose gain is not above that noise does not earn its keep.
//
// test/bench/tricks.test.ts checks that every patch still applies to the source, so a trick cannot change
// without its measurement noticing. To renew a patch after the code around it moved: make the same edit in a clean
// checkout and write `git diff > bench/tricks/<name>.patch`.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/** What a build reads: copied, never linked, so a patch changes the copy only. */
const BUILD_INPUTS = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts', 'src', 'bin', 'bench'];

/**
 * The tricks kept, with the scenario that shows each one's gain. `where` is the code a reader finds the trick in;
 * the gain measured here is written beside it.
 */
export const TRICKS = [
  {
    name: 'paginator yield',
    patch: 'paginator-yield.patch',
    where: 'src/looker/paginate.ts (`setImmediate` before each page is handed over)',
    what: 'a turn of the event loop before the consumer audits a page, so the next requests leave and the responses already in the socket are read first',
    scenario: 'users-csv',
    measure: 'wall',
  },
  {
    name: 'CSV rendered while pages arrive',
    patch: 'csv-ahead.patch',
    where: 'src/commands/audit-command.ts (`usersCsvAhead`), src/report/users-csv.ts',
    what: "one account's users CSV rendered page by page in the time the fetch leaves idle, instead of all at the end",
    scenario: 'users-csv',
    measure: 'wall',
  },
  {
    name: 'snapshot read in pieces',
    patch: 'snapshot-scanner.patch',
    where: 'src/snapshot/split.ts, src/commands/shared/read-snapshot.ts',
    what: "a snapshot's users parsed a chunk at a time as its bytes are read, never held as bytes, text and objects at once",
    scenario: 'diff',
    measure: 'rss',
  },
];

/** Scenarios: what one run of a build does. `prepare` makes what they need once; `run` runs one build once. */
function scenarios({ runNode, instance, configFor, secretsEnv, work, quick }) {
  const usersOf = (format) => {
    let config;
    return {
      label: `\`users --format ${format}\`, one account of ${instance.spec.users.toLocaleString('en')} users`,
      prepare: () => (config = configFor([instance], `tricks-${format}.yaml`)),
      run: (build) =>
        runNode([join(build, 'bin', 'looker-audit.js'), 'users', '--format', format, '-c', config], {
          env: secretsEnv([instance]),
        }),
    };
  };
  const users = quick ? 20_000 : 300_000;
  let files;
  return {
    'users-csv': usersOf('csv'),
    diff: {
      label: `\`diff\` of two ${users.toLocaleString('en')}-user snapshots (bench/local-audit.js \`diff\`)`,
      prepare: async () => {
        const paged = join(work, 'tricks-org.jsonl');
        files = [join(work, 'tricks-old.json'), join(work, 'tricks-new.json')];
        const local = join(ROOT, 'bench', 'local-audit.js');
        const made = await runNode([local, 'prepare', String(users), paged, 'paged'], { probe: false });
        if (made.code !== 0) throw new Error(`tricks: prepare: ${made.stderr.trim()}`);
        const snaps = await runNode([local, 'snapshots', paged, ...files], { probe: false });
        if (snaps.code !== 0) throw new Error(`tricks: snapshots: ${snaps.stderr.trim()}`);
      },
      run: (build) => runNode([join(build, 'bench', 'local-audit.js'), 'diff', ...files]),
    },
  };
}

/** A copy of the project in `dir`, `patch` applied when given, built (tsc and the bundle). */
function makeBuild(dir, patch) {
  mkdirSync(dir, { recursive: true });
  for (const name of BUILD_INPUTS) cpSync(join(ROOT, name), join(dir, name), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const steps = [
    ...(patch === undefined ? [] : [['git', ['apply', join(ROOT, 'bench', 'tricks', patch)]]]),
    ['npm', ['run', 'build', '--silent']],
  ];
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8', timeout: 5 * 60_000 });
    if (result.status !== 0)
      throw new Error(`tricks: ${command} ${args.join(' ')} in ${dir}: ${(result.stderr || result.stdout).trim()}`);
  }
  return dir;
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.ceil(at)] - sorted[low]) * (at - low);
};

/** Ratio statistics of pairs: the median, and the noise as defined at the top of this file. */
export function ratioStats(ratios) {
  const mid = quantile(ratios, 0.5);
  return { median: mid, noise: (quantile(ratios, 0.75) - quantile(ratios, 0.25)) / 2 + Math.abs(mid - 1) };
}

const valueOf = (result, measure) => (measure === 'rss' ? result.maxRssMb : result.wallMs);

/**
 * `runs` pairs of `a` and `b`, alternating which goes first; the ratios b / a of `measure`, pair by pair, and the
 * medians of each.
 */
async function inTurns(run, a, b, runs, measure) {
  const ratios = [];
  const values = { a: [], b: [] };
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
    const pair = {};
    for (const side of order) {
      const result = await run(side === 'a' ? a : b);
      if (result.code !== 0) throw new Error(`tricks: a run exited with ${result.code}: ${result.stderr.trim()}`);
      pair[side] = valueOf(result, measure);
      values[side].push(pair[side]);
    }
    ratios.push(pair.b / pair.a);
  }
  return { ratios, a: quantile(values.a, 0.5), b: quantile(values.b, 0.5) };
}

/**
 * Every trick of TRICKS against its build without it, and each scenario's noise; `log` gets progress lines.
 * Needs a fake Looker instance (the benchmark's large organisation) and the benchmark's runner.
 */
export async function measureTricks({ runNode, instance, configFor, secretsEnv, work, runs, quick, log }) {
  const builds = join(work, 'builds');
  log(`\n== performance tricks: building ${TRICKS.length + 1} copies of the project`);
  const withAll = makeBuild(join(builds, 'with'), undefined);
  const without = Object.fromEntries(
    TRICKS.map((t) => [t.name, makeBuild(join(builds, t.patch.replace(/\.patch$/, '')), t.patch)]),
  );
  const all = scenarios({ runNode, instance, configFor, secretsEnv, work, quick });
  const noise = {};
  const results = [];
  for (const [key, scenario] of Object.entries(all)) {
    const tricks = TRICKS.filter((t) => t.scenario === key);
    if (tricks.length === 0) continue;
    await scenario.prepare();
    const measure = tricks[0].measure;
    // Warm-up, untimed: the file-system cache, the fake's page cache, the compile cache.
    for (const build of [withAll, ...tricks.map((t) => without[t.name])]) await scenario.run(build);
    const pairs = key === 'diff' ? Math.max(3, Math.ceil(runs / 2)) : runs;
    const control = await inTurns(scenario.run, withAll, withAll, pairs, measure);
    noise[key] = { label: scenario.label, measure, ...ratioStats(control.ratios), pairs };
    log(`   ${scenario.label}: noise ±${(noise[key].noise * 100).toFixed(1)}% (${pairs} pairs of one build)`);
    for (const trick of tricks) {
      const turns = await inTurns(scenario.run, withAll, without[trick.name], pairs, measure);
      const stats = ratioStats(turns.ratios);
      const gain = stats.median - 1;
      results.push({
        ...trick,
        label: scenario.label,
        pairs,
        with: turns.a,
        without: turns.b,
        ratio: stats.median,
        noise: noise[key].noise,
        earns: gain > noise[key].noise,
      });
      log(
        `   ${trick.name}: without ${turns.b.toFixed(0)} vs with ${turns.a.toFixed(0)} (${measure}), ratio ${stats.median.toFixed(3)}, ${gain > noise[key].noise ? 'above' : 'within'} the noise`,
      );
    }
  }
  return { results, noise };
}

/** Tricks taken out because their gain was within the noise: what was measured then (text, kept as is). */
export const REMOVED_TRICKS = [
  {
    name: 'report code loaded during the fetch',
    what: 'the first audited page started importing the report module, to compile it while later pages were in flight',
    where: 'src/commands/audit-command.ts (`onUsersAudited`)',
    measured:
      '2026-12-07, `users --format json` of 20,000 users, 10 pairs, twice: +4.4% (noise ±3.5%), then +0.9% (noise ±2.8%). Not above the noise every time: removed.',
  },
];
