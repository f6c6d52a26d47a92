/**
 * What `--help` adds to commander's own text: per command the formats, 2-3 examples and only the global options
 * that command reads; at the root the exit codes and where the full documentation is. Kept here, beside the
 * program, so help and parsing cannot drift apart (the format lists are the commands' own, commands/shared/formats.ts).
 */
import type { Command, Help, Option } from 'commander';
import { COMMAND_FORMATS, DEMO_FORMATS, extensionList } from '../commands/shared/formats.js';
import type { Format } from '../vocabulary.js';

/** Global options (by attribute name) that each command does not read; every other global applies. */
const NOT_READ: Readonly<Record<string, readonly string[]>> = {
  diff: ['config', 'account', 'rules', 'maxCalls'],
  demo: ['config', 'account', 'maxCalls'],
  accounts: ['rules'],
  undo: ['rules'],
  init: ['config', 'account', 'format', 'outputMode', 'rules', 'maxCalls'],
  login: ['format', 'output', 'outputMode', 'rules', 'maxCalls'],
  logout: ['format', 'output', 'outputMode', 'rules', 'maxCalls'],
  completion: ['config', 'account', 'format', 'output', 'outputMode', 'rules', 'quiet', 'verbose', 'color', 'maxCalls'],
};

const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  users: [
    'looker-audit users                                   # every user, their tier and why',
    'looker-audit users --license developer --status active',
    'looker-audit users -f csv -o /var/reports/looker-$(date +%F).csv   # for cron: complete file or none',
    "looker-audit users --usage -f json                   # with each user's usage from System Activity",
    "looker-audit users --compare                         # seats whose tier differs from Looker's own flags",
  ],
  summary: [
    'looker-audit summary                                 # seats per account and tier',
    'looker-audit summary --inactive-days 60 -f json',
    'looker-audit summary -f markdown >> "$GITHUB_STEP_SUMMARY"        # a CI step summary',
    'looker-audit summary -f prometheus -o /var/lib/node_exporter/textfile/looker.prom   # for node_exporter',
    "looker-audit summary --compare                       # beside Looker's own count (System Activity)",
  ],
  report: [
    'looker-audit report -o seats.html                    # figures, charts and the users table, works offline',
    'looker-audit report --history snapshots/ -o seats.html   # with seats per tier over time',
  ],
  roles: [
    'looker-audit roles',
    'looker-audit roles --rules looker -f csv',
    "looker-audit roles --rules system-activity           # what Looker's own flags make of each role",
  ],
  groups: ['looker-audit groups', 'looker-audit groups -a production -f json'],
  explain: [
    'looker-audit explain alice@acme.com',
    'looker-audit explain 42 -a production -f json',
    "looker-audit explain alice@acme.com --compare        # with her flags in Looker's own count",
  ],
  check: [
    'looker-audit check                                   # the policy from the config; exit 1 on violations',
    'looker-audit check --max-developers 5 --allow "*@acme.com" -f junit -o check.xml',
    'looker-audit check --baseline last-week.json --fail-on new-developer',
    'looker-audit check -f markdown >> "$GITHUB_STEP_SUMMARY"',
    'looker-audit check --max-idle-developer-days 60      # Developer seats with no developer use (System Activity)',
  ],
  rightsize: [
    'looker-audit rightsize                               # seats to reclaim or downgrade, and the yearly saving',
    'looker-audit rightsize --usage-days 30 -f json',
    'looker-audit rightsize -f markdown >> "$GITHUB_STEP_SUMMARY"',
  ],
  plan: [
    'looker-audit plan                                    # what would change, from right-sizing: nothing is written',
    'looker-audit plan -o plan.json                       # the plan file that apply reads',
    'looker-audit plan -f markdown > plan.md              # for a pull-request review',
    'looker-audit plan --only reclaim --user ann@acme.com,bob@acme.com --reassign-schedules-to lead@acme.com',
  ],
  apply: [
    'looker-audit apply plan.json                         # dry run: re-reads every user, sends nothing',
    'looker-audit apply plan.json --yes                   # send the writes, journaled in plan.journal.jsonl',
    'looker-audit apply plan.json --yes --max-changes 60 -f markdown >> "$GITHUB_STEP_SUMMARY"',
  ],
  undo: [
    'looker-audit undo plan.journal.jsonl                 # dry run: what would be put back',
    'looker-audit undo plan.journal.jsonl --yes           # put it back, journaled in plan.journal.undo.jsonl',
  ],
  diff: ['looker-audit diff old.json new.json', 'looker-audit diff old.json new.json -f csv -o changes.csv'],
  accounts: ['looker-audit accounts', 'looker-audit accounts --test       # log in and out of each'],
  people: [
    'looker-audit people                                  # each person, their seats in every account, yearly cost',
    'looker-audit people --directory okta-users.csv --flagged   # leavers and people missing from the directory',
    'looker-audit people -f markdown >> "$GITHUB_STEP_SUMMARY"',
  ],
  init: [
    'looker-audit init                                    # on a terminal: asks for the URL, client id, secret variable',
    'looker-audit init --url https://acme.cloud.looker.com --client-id AbC123 --secret-env LOOKER_ACME_SECRET',
    'looker-audit init -o ~/.config/looker-audit/config.yaml --force --test',
  ],
  login: [
    'looker-audit login                                   # every auth: oauth account, one after the other',
    'looker-audit login -a production                     # one account',
    'looker-audit login -a production --no-browser        # over SSH: open the printed address elsewhere, paste where it ends',
  ],
  logout: [
    'looker-audit logout -a production                    # end the session on Looker, delete the stored tokens',
    'looker-audit logout                                  # every auth: oauth account',
  ],
  completion: [
    'source <(looker-audit completion bash)               # this shell; add the line to ~/.bashrc to keep it',
    'looker-audit completion zsh > "${fpath[1]}/_looker-audit"',
    'looker-audit completion fish > ~/.config/fish/completions/looker-audit.fish',
  ],
  demo: [
    'looker-audit demo                                    # users of the built-in sample instance',
    'looker-audit demo -f json | head',
    'looker-audit demo -f html -o demo.html              # the HTML report of the sample instance',
    "looker-audit demo rightsize                          # right-sizing on the sample's System Activity",
    'looker-audit demo plan                               # a remediation plan for the sample and a sandbox',
    'looker-audit demo --serve --port 8080               # keep the sample Looker API running',
  ],
};

export const ROOT_HELP_AFTER = `
Exit codes:
  0  success (check: no violation)
  1  check found policy violations
  2  usage or configuration error (bad flag, bad config, unknown account, unreadable file)
  3  an account could not be audited (login refused, network, API error, call budget); the others are reported
  4  apply/undo: some items drifted, failed or were not attempted; the others were done
  70 internal error (a bug: please report it)

Run looker-audit <command> --help for a command's options and examples.
Full documentation: the README of the looker-audit package (README.md beside its package.json).`;

/** Commander's help, with each command's applicable global options shown under its own. */
export function helpConfiguration(): Partial<Help> {
  return {
    showGlobalOptions: true,
    visibleGlobalOptions(cmd: Command): Option[] {
      const skip = new Set(['version', ...(NOT_READ[cmd.name()] ?? [])]);
      const globals = cmd.parent?.options.filter((option) => !option.hidden) ?? [];
      return globals.filter((option) => !skip.has(option.attributeName()));
    },
  };
}

/** The text after a command's own help: its formats (and the extensions that pick one), and examples. */
export function commandHelpAfter(name: string): string {
  const lines = [''];
  const own = (COMMAND_FORMATS as Readonly<Record<string, readonly Format[]>>)[name];
  const lists: [string, readonly Format[]][] =
    name === 'demo'
      ? Object.entries(DEMO_FORMATS).map(([run, list]) => [` of demo ${run}`, list])
      : own
        ? [['', own]]
        : [];
  for (const [label, list] of lists) lines.push(`Formats (-f)${label}: ${list.join(' | ')} (default ${list[0]})`);
  const named = extensionList([...new Set(lists.flatMap(([, list]) => list))]);
  if (named !== '') lines.push(`-o <file> ending in ${named} picks the format from the file name`);
  if (lists.length > 0) lines.push('');
  lines.push('Examples:', ...(EXAMPLES[name] ?? []).map((example) => `  ${example}`));
  return lines.join('\n');
}
