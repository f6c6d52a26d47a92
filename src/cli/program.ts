/**
 * commander wiring only. Each action: typed options from the flags -> lazy import of its command -> its outcome.
 * Global options are declared on the program; commander recognises them before or after the command, and
 * `optsWithGlobals()` merges them.
 */
import { readFileSync } from 'node:fs';
import { Argument, Command, Option } from 'commander';
import type { DemoCommands } from '../commands/demo.js';
import type { AccountsCommand } from '../commands/init.js';
import type { AuditCommandName } from '../commands/shared/options.js';
import type { Outcome } from '../commands/shared/outcome.js';
import type { Io } from '../output/io.js';
import { MAX_USAGE_DAYS } from '../usage-window.js';
import {
  DEFAULT_RULE_SET,
  PLAN_SOURCES,
  RULE_SET_NAMES,
  TIERS,
  USER_STATUSES,
  VIOLATION_KINDS,
} from '../vocabulary.js';
import { commandHelpAfter, helpConfiguration, ROOT_HELP_AFTER } from './help.js';
import {
  collectList,
  COMPLETION_SHELLS,
  parseAccountsOptions,
  parseAuditCommandOptions,
  parseCheckOptions,
  parseCompletionOptions,
  parseDemoOptions,
  parseDiffOptions,
  parseExplainOptions,
  parseReportOptions,
  parseInitOptions,
  parseLoginOptions,
  parseLogoutOptions,
  parsePeopleOptions,
  parsePlanOptions,
  parseApplyOptions,
  parseUndoOptions,
  parseRightsizeOptions,
  DEFAULT_MAX_CHANGES,
  type RawFlags,
} from './options.js';

/** `--compare`: each command's help for it. One System Activity query per account, so only when asked. */
const COMPARE_HELP = {
  users:
    "only the seats whose tier differs from Looker's own user flags, with both tiers and reasons (System Activity: 1 query)",
  summary:
    "also Looker's own count per tier (its user flags in System Activity: 1 query), and the seats where it differs",
  explain: "also the user's flags in Looker's own count (System Activity: 1 query) and the tier they give",
} as const;

/**
 * The version from our own package.json, found by walking up from this file: it runs from dist/cli/ (tsc) and from
 * dist/bundle/ (scripts/bundle.js), and must not depend on how deep either sits.
 */
function packageVersion(): string {
  for (let dir = new URL('./', import.meta.url); ;) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'looker-audit' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json here, or not ours: keep walking up
    }
    const parent = new URL('../', dir);
    if (parent.href === dir.href) return '0.0.0';
    dir = parent;
  }
}

export function buildProgram(io: Io, setOutcome: (outcome: Outcome) => void): Command {
  const program = new Command('looker-audit')
    .description('Who holds which Looker licence seat (Developer / Standard / Viewer), why, and is that expected?')
    .version(packageVersion(), '-V, --version')
    .option(
      '-c, --config <path>',
      'config file (default: $LOOKER_AUDIT_CONFIG, ./looker-audit.yaml, ~/.config/looker-audit/config.yaml, ./looker.ini)',
    )
    .option('-a, --account <name>', 'only this account (repeatable, or comma-separated)', collectList)
    .option('-f, --format <fmt>', "report format: the command's --help lists its formats")
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout; - is stdout')
    .addOption(new Option('--output-mode <bits>', 'permission bits of a new --output file (default 600)'))
    .option(
      '--rules <name|path>',
      `licence rule set: ${RULE_SET_NAMES.map((n) => (n === DEFAULT_RULE_SET ? `${n} (default)` : n)).join(' | ')} | path to a rules file`,
    )
    .addOption(new Option('-q, --quiet', 'no progress, no warnings (errors still go to stderr)').conflicts('verbose'))
    .option('-v, --verbose', 'progress and per-request detail on stderr (never secrets)')
    .option('--no-color', 'no colour (NO_COLOR and FORCE_COLOR are honoured too)')
    .addOption(new Option('--max-calls <n>', 'API call budget per account: stop before exceeding it'))
    .addOption(new Option('--page-size <n>', 'users/groups per page (default 1000)').hideHelp())
    .configureHelp(helpConfiguration())
    .addHelpText('after', ROOT_HELP_AFTER)
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      outputError: (message, write) => write(usageErrorLine(message)),
    })
    .exitOverride();

  /** Each action: parse the flags into the command's typed options, then lazy-import and run the command. */
  const action =
    (run: (raw: RawFlags, args: string[]) => Promise<Outcome>) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      setOutcome(await run(command.optsWithGlobals(), command.args));
    };

  const audit = (command: AuditCommandName) =>
    action(async (raw) => {
      const options = parseAuditCommandOptions(command, raw);
      const { runAuditCommand } = await import('../commands/audit-command.js');
      return runAuditCommand(options, io);
    });

  // What demo runs on the sample instance, and init's login test, are other commands: handed to them from here, so
  // that no command module imports another (each still loads only when it runs).
  const demoCommands: DemoCommands = {
    users: async (options, config) =>
      (await import('../commands/audit-command.js')).runAuditCommand(options, io, config),
    rightsize: async (options, config) => (await import('../commands/rightsize.js')).runRightsize(options, io, config),
    report: async (options, config) => (await import('../commands/report.js')).runReport(options, io, config),
    plan: async (options, config) => (await import('../commands/plan.js')).runPlan(options, io, config),
  };
  const accounts: AccountsCommand = async (options, runIo) =>
    (await import('../commands/accounts.js')).runAccounts(options, runIo);

  program
    .command('users')
    .description('every user: account, id, email, name, status, kind, licence, roles, groups, last login, reason')
    .option('--license <tier>', `only these tiers: ${TIERS.join(' | ')} (repeatable, comma-separated)`, collectList)
    .option('--status <s>', [...USER_STATUSES, 'all'].join(' | '), 'all')
    .option('--inactive-days <n>', 'only users with no login in n days (never-logged-in included)')
    .option(
      '--history <paths...>',
      'with -f html: earlier `users --format json` snapshots (files, or folders of them) for the seats-over-time chart',
    )
    .option('--usage', "add each user's usage from System Activity (needs see_system_activity)")
    .option(
      '--usage-days <n>',
      `the usage window in days, at most ${MAX_USAGE_DAYS} (default: usage_days, else ${MAX_USAGE_DAYS}); implies --usage`,
    )
    .option('--compare', COMPARE_HELP.users)
    .action(audit('users'));

  program
    .command('summary')
    .description('seat counts per account and tier, with totals (and yearly cost when prices are configured)')
    .option('--inactive-days <n>', 'count seats with no login in n days as inactive')
    .option(
      '--history <paths...>',
      'with -f html: earlier `users --format json` snapshots (files, or folders of them) for the seats-over-time chart',
    )
    .option('--compare', COMPARE_HELP.summary)
    .action(audit('summary'));

  program
    .command('report')
    .description('one self-contained HTML file: seat figures and charts, and the users table to filter and sort')
    .option('--inactive-days <n>', 'count seats with no login in n days as inactive (default: the config, else none)')
    .option(
      '--history <paths...>',
      'earlier `users --format json` snapshots (files, or folders of them) for the seats-over-time chart',
    )
    .action(
      action(async (raw) => {
        const options = parseReportOptions(raw);
        const { runReport } = await import('../commands/report.js');
        return runReport(options, io);
      }),
    );

  program
    .command('roles')
    .description('roles: permission set, model set, the tier the role grants, user count')
    .action(audit('roles'));

  program
    .command('groups')
    .description('groups: parents, roles, direct and effective member counts')
    .action(audit('groups'));

  program
    .command('people')
    .description('one person across the accounts (merged by email): seats in each, seats held, yearly cost, and flags')
    .option(
      '--directory <file.csv>',
      'company directory or IdP export (an email column, optional status): flag seat holders missing or inactive there',
    )
    .option('--flagged', 'only the people with a flag')
    .action(
      action(async (raw) => {
        const options = parsePeopleOptions(raw);
        const { runPeople } = await import('../commands/people.js');
        return runPeople(options, io);
      }),
    );

  program
    .command('explain')
    .description('why a user has their tier: role -> group path -> rule that fired')
    .argument('<user>', 'email or user id')
    .option('--usage', 'also the usage from System Activity and the right-sizing evidence')
    .option('--usage-days <n>', `the usage window in days, at most ${MAX_USAGE_DAYS}; implies --usage`)
    .option('--compare', COMPARE_HELP.explain)
    .action(
      action(async (raw, args) => {
        const options = parseExplainOptions(raw, args[0]);
        const { runExplain } = await import('../commands/explain.js');
        return runExplain(options, io);
      }),
    );

  program
    .command('check')
    .description(`CI gate: exit 1 on a policy violation (${VIOLATION_KINDS.join(', ')})`)
    .option('--baseline <file>', 'a `users --format json` snapshot: flag Developer seats that are new since it')
    .option('--max-developers <n>', 'Developer seat limit for every account (overrides policy.max_seats.developer)')
    .option(
      '--allow <email>',
      'also allow this email or glob to hold a Developer seat (repeatable, comma-separated)',
      collectList,
    )
    .option('--fail-on <kinds>', `only these checks: ${VIOLATION_KINDS.join(', ')} (comma-separated)`, collectList)
    .option(
      '--max-idle-developer-days <n>',
      `flag Developer seats with no developer use in n days, at most ${MAX_USAGE_DAYS} (overrides policy.max_idle_developer_days)`,
    )
    .action(
      action(async (raw) => {
        const options = parseCheckOptions(raw);
        const { runCheck } = await import('../commands/check.js');
        return runCheck(options, io);
      }),
    );

  program
    .command('rightsize')
    .description(
      'seats bigger than their holders use (System Activity): reclaim or downgrade, with the evidence and the yearly saving',
    )
    .option(
      '--usage-days <n>',
      `the usage window in days, at most ${MAX_USAGE_DAYS} (default: usage_days from the config, else ${MAX_USAGE_DAYS})`,
    )
    .action(
      action(async (raw) => {
        const options = parseRightsizeOptions(raw);
        const { runRightsize } = await import('../commands/rightsize.js');
        return runRightsize(options, io);
      }),
    );

  program
    .command('plan')
    .description('what would change to reclaim or lower seats, for review (nothing is written to Looker; -o plan.json)')
    .option('--source <from>', `what the plan is made from: ${PLAN_SOURCES.join(' | ')} (default rightsize)`)
    .option('--only <kind>', 'only reclaim (disable) or only downgrade (lower tier) items: reclaim | downgrade')
    .option(
      '--user <email|id>',
      'only these users, where the source recommends them (repeatable, comma-separated)',
      collectList,
    )
    .option('--include-service-accounts', 'also plan service accounts (blocked by default: automations use them)')
    .option('--reassign-schedules-to <email|id>', "give a reclaimed user's schedules to this user before disabling")
    .option(
      '--usage-days <n>',
      `the usage window in days, at most ${MAX_USAGE_DAYS} (default: usage_days from the config, else ${MAX_USAGE_DAYS})`,
    )
    .option('--max-idle-developer-days <n>', 'with --source check: the idle window (overrides the policy)')
    .action(
      action(async (raw) => {
        const options = parsePlanOptions(raw);
        const { runPlan } = await import('../commands/plan.js');
        return runPlan(options, io);
      }),
    );

  program
    .command('apply')
    .description("send a plan's writes to Looker, one at a time, journaled (a dry run unless --yes)")
    .argument('<plan.json>', 'a plan file made by `looker-audit plan -o plan.json`')
    .option('--yes', 'send the writes (without it: a dry run, or a question on a terminal)')
    .option('--max-changes <n>', `refuse a plan that changes more users than this (default ${DEFAULT_MAX_CHANGES})`)
    .option('--journal <file>', 'where to journal the writes (default <plan>.journal.jsonl beside the plan)')
    .action(
      action(async (raw, args) => {
        const options = parseApplyOptions(raw, args[0]);
        const { runApply } = await import('../commands/apply.js');
        return runApply(options, io);
      }),
    );

  program
    .command('undo')
    .description('put back what an apply changed, from its journal (a dry run unless --yes)')
    .argument('<journal.jsonl>', 'the journal an apply wrote')
    .option('--yes', 'send the writes (without it: a dry run, or a question on a terminal)')
    .option('--journal <file>', "where to journal undo's own writes (default <journal>.undo.jsonl)")
    .action(
      action(async (raw, args) => {
        const options = parseUndoOptions(raw, args[0]);
        const { runUndo } = await import('../commands/undo.js');
        return runUndo(options, io);
      }),
    );

  program
    .command('diff')
    .description('what changed between two `users --format json` snapshots')
    .argument('<old.json>', 'the older snapshot')
    .argument('<new.json>', 'the newer snapshot')
    .action(
      action(async (raw, args) => {
        const options = parseDiffOptions(raw, args[0] ?? '', args[1] ?? '');
        const { runDiff } = await import('../commands/diff.js');
        return runDiff(options, io);
      }),
    );

  program
    .command('accounts')
    .description('list configured accounts (never secrets); --test logs in to each')
    .option('--test', 'log in and out of each account and print its Looker release')
    .action(
      action(async (raw) => {
        const options = parseAccountsOptions(raw);
        const { runAccounts } = await import('../commands/accounts.js');
        return runAccounts(options, io);
      }),
    );

  program
    .command('demo')
    .description(
      'run `users` (or `demo rightsize`, `demo plan`) against the built-in sample Looker instance (-f html: the whole HTML report)',
    )
    .argument('[command]', 'users (default), rightsize or plan')
    .option('--serve', 'keep the sample Looker API running on loopback and print a ready-to-use config')
    .option('--port <n>', 'with --serve: the port to listen on (default: any free port)')
    .option('--user <email|id>', 'with `demo plan`: only these users (repeatable, comma-separated)', collectList)
    .action(
      action(async (raw, args) => {
        const options = parseDemoOptions(raw, args[0]);
        const { runDemo } = await import('../commands/demo.js');
        return runDemo(options, io, demoCommands);
      }),
    );

  program
    .command('init')
    .description('write a starter config (asks on a terminal, or takes flags); never writes a secret')
    .option('--url <url>', 'the Looker API host, e.g. https://acme.cloud.looker.com')
    .option('--client-id <id>', 'the API client ID (Admin > Users > Edit Keys)')
    .option(
      '--secret-env <name>',
      'the environment variable that will hold the client secret (default LOOKER_<NAME>_CLIENT_SECRET)',
    )
    .option('--name <name>', 'the account name (default: the first part of the host name)')
    .option('--force', 'replace an existing file')
    .option('--test', 'log in with the new config once it is written (accounts --test)')
    // Not an option of init: declared only to answer it with why (parseInitOptions), hidden from help.
    .addOption(new Option('--client-secret <secret>').hideHelp())
    .action(
      action(async (raw) => {
        const options = parseInitOptions(raw);
        const { runInit } = await import('../commands/init.js');
        return runInit(options, io, { accounts });
      }),
    );

  program
    .command('login')
    .description(
      'log in as yourself in the browser (OAuth) for auth: oauth accounts; the tokens are kept for later runs',
    )
    .option('--no-browser', 'print the login address instead of opening a browser (then paste the address it ends on)')
    .action(
      action(async (raw) => {
        const options = parseLoginOptions(raw);
        const { runLogin } = await import('../commands/login.js');
        return runLogin(options, io);
      }),
    );

  program
    .command('logout')
    .description('end the OAuth session on Looker and delete the stored tokens (auth: oauth accounts)')
    .action(
      action(async (raw) => {
        const options = parseLogoutOptions(raw);
        const { runLogout } = await import('../commands/logout.js');
        return runLogout(options, io);
      }),
    );

  program
    .command('completion')
    .description('print a shell completion script: bash | zsh | fish')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(COMPLETION_SHELLS))
    .action(
      action(async (_raw, args) => {
        const { shell } = parseCompletionOptions(args[0]);
        const [{ completionSpec }, { COMPLETION_SCRIPTS }] = await Promise.all([
          import('./completion-spec.js'),
          import('./completion-scripts.js'),
        ]);
        io.stdout.write(COMPLETION_SCRIPTS[shell](completionSpec(program)));
        return 'ok';
      }),
    );

  for (const command of program.commands) command.addHelpText('after', commandHelpAfter(command.name()));
  return program;
}

/**
 * commander's usage errors in the tool's one format, the one every error has: `looker-audit: ...` on one line, the
 * "did you mean" hint kept, and a pointer to --help, instead of `error: ...` over two or three lines.
 */
export function usageErrorLine(message: string): string {
  const [first = '', ...rest] = message.trim().split('\n');
  const hints = rest.map((line) => line.trim().replace(/^\((.*)\)$/, '$1')).filter((line) => line !== '');
  const hint = hints.length > 0 ? ` (${hints.join('; ').replace(/^Did you/, 'did you')})` : '';
  return `looker-audit: ${first.replace(/^error: /, '')}${hint}; see --help\n`;
}
