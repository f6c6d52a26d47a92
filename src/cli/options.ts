/**
 * Every flag is parsed and checked here, once, into the typed options of its command (commands/shared/options.ts).
 * Each problem is a UsageError (exit 2) with one clear line, raised before any file is read or API call spent.
 */
import type {
  AccountsOptions,
  AuditCommandName,
  AuditCommandOptions,
  CheckOptions,
  CommonOptions,
  DemoOptions,
  DiffOptions,
  ExplainOptions,
  ReportOptions,
  InitOptions,
  LoginOptions,
  LogoutOptions,
  PeopleOptions,
  PlanCommandOptions,
  RightsizeOptions,
  ApplyOptions,
  UndoOptions,
  UsageFlags,
} from '../commands/shared/options.js';
import { DEMO_COMMANDS, USER_STATUS_FILTERS } from '../commands/shared/options.js';
import {
  COMMAND_FORMATS,
  extensionList,
  formatOfExtension,
  PLAIN_EXTENSIONS,
  type FormatOf,
  type FormattedCommand,
} from '../commands/shared/formats.js';
import { extname } from 'node:path';
import { UsageError } from '../errors.js';
import { MAX_USAGE_DAYS, USAGE_DAYS_LIMIT } from '../usage-window.js';
import { isOneOf, PLAN_SOURCES, TIERS, VIOLATION_KINDS } from '../vocabulary.js';

/** commander's values for one command, its own options merged with the global ones (optsWithGlobals). */
export type RawFlags = Readonly<Record<string, unknown>>;

/** commander collector for repeatable, comma-separated list options (`-a prod -a staging`, `-a prod,staging`). */
export function collectList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return [...(previous ?? []), ...items];
}

export function parseFormat<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  const normalised = value.toLowerCase();
  if ((allowed as readonly string[]).includes(normalised)) return normalised as T;
  throw new UsageError(`unknown format "${value}" for this command: use ${allowed.join(', ')}`);
}

export function parsePositiveInt(
  flag: string,
  value: string | undefined,
  { allowZero = false } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || (!allowZero && n === 0)) {
    throw new UsageError(`${flag} must be a ${allowZero ? 'non-negative' : 'positive'} whole number, got "${value}"`);
  }
  return n;
}

/**
 * -f, or else the format the --output file's extension names (`-o report.csv`), or else the command's first. An -f
 * that contradicts the extension, an extension the command cannot write, or one that names no format at all is a
 * usage error: a file named .json holding a table would mislead whoever opens it, and so would a table silently
 * written to `report.xlsx`. A name without an extension, `.txt`, and stdout (`-`) take any format.
 */
function formatFor<C extends FormattedCommand>(command: C, raw: RawFlags): FormatOf<C> {
  const allowed: readonly FormatOf<C>[] = COMMAND_FORMATS[command];
  const fallback = allowed[0] as FormatOf<C>;
  const explicit = text(raw, 'format');
  const output = text(raw, 'output');
  const extension = output === undefined || output === '-' ? '' : extname(output).toLowerCase();
  const implied = formatOfExtension(extension);
  if (explicit !== undefined) {
    const format = parseFormat(explicit, allowed, fallback);
    if (implied !== undefined && implied !== format) {
      throw new UsageError(`-f ${explicit} contradicts --output ${output} (a ${extension} file is ${implied})`);
    }
    return format;
  }
  if (implied === undefined) {
    if (extension === '' || PLAIN_EXTENSIONS.includes(extension)) return fallback;
    const plain = ['no extension', ...PLAIN_EXTENSIONS].join(' or ');
    throw new UsageError(
      `--output ${output}: ${extension} names no format; ${command} writes ${extensionList(allowed)} (${plain}: ${fallback}), or choose one with -f`,
    );
  }
  if (!isOneOf(allowed, implied)) {
    throw new UsageError(
      `--output ${output}: ${command} cannot write ${implied} (a ${extension} file); its formats are ${allowed.join(', ')}`,
    );
  }
  return implied;
}

export function parseChoices<T extends string>(
  flag: string,
  values: readonly string[] | undefined,
  allowed: readonly T[],
): T[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  return values.map((raw) => {
    const value = raw.toLowerCase();
    if (!(allowed as readonly string[]).includes(value)) {
      throw new UsageError(`${flag}: unknown value "${raw}": use ${allowed.join(', ')}`);
    }
    return value as T;
  });
}

const text = (raw: RawFlags, key: string): string | undefined =>
  typeof raw[key] === 'string' ? (raw[key] as string) : undefined;
const list = (raw: RawFlags, key: string): string[] | undefined =>
  Array.isArray(raw[key]) ? (raw[key] as string[]) : undefined;

function parseMode(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^0?[0-7]{3}$/.test(value.trim())) {
    throw new UsageError(`--output-mode must be octal permission bits such as 600 or 640, got "${value}"`);
  }
  return Number.parseInt(value.trim(), 8);
}

export function parseCommon(raw: RawFlags): CommonOptions {
  const output = text(raw, 'output');
  return {
    config: text(raw, 'config'),
    accounts: list(raw, 'account') ?? [],
    // `-o -` is stdout, as in most tools: not a file named "-".
    output: output === '-' ? undefined : output,
    outputMode: parseMode(text(raw, 'outputMode')),
    rules: text(raw, 'rules'),
    quiet: raw.quiet === true,
    verbose: raw.verbose === true,
    color: raw.color !== false,
    maxCalls: parsePositiveInt('--max-calls', text(raw, 'maxCalls')),
    pageSize: parsePositiveInt('--page-size', text(raw, 'pageSize')),
  };
}

export function parseUsageDays(raw: RawFlags): number | undefined {
  return parseUsageWindow('--usage-days', text(raw, 'usageDays'));
}

/** `--usage` (or `--usage-days n`, which implies it): undefined when usage is not asked for. */
function parseUsageFlags(raw: RawFlags): UsageFlags | undefined {
  const usageDays = parseUsageDays(raw);
  if (raw.usage !== true && usageDays === undefined) return undefined;
  return usageDays === undefined ? {} : { usageDays };
}

export function parseRightsizeOptions(raw: RawFlags): RightsizeOptions {
  const usageDays = parseUsageDays(raw);
  return {
    ...parseCommon(raw),
    format: formatFor('rightsize', raw),
    ...(usageDays === undefined ? {} : { usageDays }),
  };
}

export function parseAuditCommandOptions<C extends AuditCommandName>(
  command: C,
  raw: RawFlags,
): AuditCommandOptions<C> {
  // `--license ""` (an unset shell variable) must not quietly mean "every tier".
  if (list(raw, 'license')?.length === 0)
    throw new UsageError('--license needs a tier: developer, standard, viewer or none');
  const status = parseChoices('--status', raw.status === undefined ? undefined : [String(raw.status)], [
    ...USER_STATUS_FILTERS,
  ]);
  const format = formatFor(command, raw);
  return {
    ...parseCommon(raw),
    command,
    format,
    history: parseHistory(raw, format),
    filter: { licenses: parseChoices('--license', list(raw, 'license'), TIERS), status: status?.[0] ?? 'all' },
    inactiveDays: parsePositiveInt('--inactive-days', text(raw, 'inactiveDays')),
    ...(command === 'users' ? { usage: parseUsageFlags(raw) } : {}),
    compare: (command === 'users' || command === 'summary') && raw.compare === true,
  };
}

/** `--history` draws the trend chart, which only the HTML report has. */
function parseHistory(raw: RawFlags, format: string): string[] {
  const history = list(raw, 'history') ?? [];
  if (history.length > 0 && format !== 'html') {
    throw new UsageError(`--history draws the trend chart of the HTML report: use it with --format html`);
  }
  return history;
}

export function parseReportOptions(raw: RawFlags): ReportOptions {
  return {
    ...parseCommon(raw),
    format: formatFor('report', raw),
    inactiveDays: parsePositiveInt('--inactive-days', text(raw, 'inactiveDays')),
    history: parseHistory(raw, 'html'),
  };
}

export function parseExplainOptions(raw: RawFlags, query: string | undefined): ExplainOptions {
  const format = formatFor('explain', raw);
  if (query === undefined || query.trim() === '') throw new UsageError('explain needs an email or a user id');
  return { ...parseCommon(raw), format, query, usage: parseUsageFlags(raw), compare: raw.compare === true };
}

export function parseCheckOptions(raw: RawFlags): CheckOptions {
  const options: CheckOptions = {
    ...parseCommon(raw),
    format: formatFor('check', raw),
    baseline: text(raw, 'baseline'),
    maxDevelopers: parsePositiveInt('--max-developers', text(raw, 'maxDevelopers'), { allowZero: true }),
    allow: list(raw, 'allow') ?? [],
    failOn: parseChoices('--fail-on', list(raw, 'failOn'), VIOLATION_KINDS),
    maxIdleDeveloperDays: parseUsageWindow('--max-idle-developer-days', text(raw, 'maxIdleDeveloperDays')),
  };
  if (options.failOn?.includes('new-developer') && options.baseline === undefined) {
    throw new UsageError('--fail-on new-developer needs --baseline <snapshot.json>');
  }
  return options;
}

export function parseDiffOptions(raw: RawFlags, oldFile: string, newFile: string): DiffOptions {
  return { ...parseCommon(raw), format: formatFor('diff', raw), oldFile, newFile };
}

export function parseAccountsOptions(raw: RawFlags): AccountsOptions {
  return {
    ...parseCommon(raw),
    format: formatFor('accounts', raw),
    test: raw.test === true,
  };
}

/** A window of days of usage (`--usage-days`, `--max-idle-developer-days`): 1 to MAX_USAGE_DAYS. */
function parseUsageWindow(flag: string, value: string | undefined): number | undefined {
  const days = parsePositiveInt(flag, value);
  if (days !== undefined && days > MAX_USAGE_DAYS)
    throw new UsageError(`${flag} must be ${USAGE_DAYS_LIMIT}, got "${days}"`);
  return days;
}

export function parseDemoOptions(raw: RawFlags, command?: string): DemoOptions {
  const name = parseChoices('demo', command === undefined ? undefined : [command], DEMO_COMMANDS)?.[0] ?? 'users';
  const users = list(raw, 'user');
  if (users !== undefined && name !== 'plan') throw new UsageError('--user is for `demo plan` only');
  if (users?.length === 0) throw new UsageError('--user needs an email or a user id');
  const common = {
    ...parseCommon(raw),
    serve: raw.serve === true,
    port: parsePositiveInt('--port', text(raw, 'port')),
    ...(users === undefined ? {} : { users }),
  };
  // The formats (and the --output extension) of the command the demo runs.
  switch (name) {
    case 'rightsize':
      return { ...common, command: name, format: formatFor(name, raw) };
    case 'plan':
      return { ...common, command: name, format: formatFor(name, raw) };
    case 'users':
      return { ...common, command: name, format: formatFor(name, raw) };
  }
}

/** `plan`'s flags. `--user` names are kept as given (ids or emails), each checked against the instance later. */
export function parsePlanOptions(raw: RawFlags): PlanCommandOptions {
  const source = parseChoices('--source', raw.source === undefined ? undefined : [String(raw.source)], PLAN_SOURCES);
  const only = parseChoices('--only', raw.only === undefined ? undefined : [String(raw.only)], [
    'reclaim',
    'downgrade',
  ] as const);
  const users = list(raw, 'user');
  if (users?.length === 0) throw new UsageError('--user needs an email or a user id');
  const reassign = text(raw, 'reassignSchedulesTo');
  if (reassign !== undefined && reassign.trim() === '')
    throw new UsageError('--reassign-schedules-to needs an email or a user id');
  const usageDays = parseUsageDays(raw);
  const idle = parseUsageWindow('--max-idle-developer-days', text(raw, 'maxIdleDeveloperDays'));
  if (idle !== undefined && source?.[0] !== 'check')
    throw new UsageError('--max-idle-developer-days sets the window of --source check: use them together');
  return {
    ...parseCommon(raw),
    format: formatFor('plan', raw),
    source: source?.[0] ?? 'rightsize',
    ...(only === undefined ? {} : { only: only[0] }),
    ...(users === undefined ? {} : { users }),
    includeServiceAccounts: raw.includeServiceAccounts === true,
    ...(reassign === undefined ? {} : { reassignSchedulesTo: reassign.trim() }),
    ...(usageDays === undefined ? {} : { usageDays }),
    ...(idle === undefined ? {} : { maxIdleDeveloperDays: idle }),
  };
}

/** A plan or journal argument: a file name, never empty, never stdin (`-`): a run must be able to read it back. */
function inputFile(file: string | undefined, what: string): string {
  if (file === undefined || file.trim() === '') throw new UsageError(`${what} needs a file`);
  if (file === '-') throw new UsageError(`${what} reads a file, not stdin: give its path`);
  return file;
}

function changeFlags(raw: RawFlags) {
  const journal = text(raw, 'journal');
  if (journal !== undefined && (journal.trim() === '' || journal === '-'))
    throw new UsageError('--journal needs a file name (the journal is read back by undo)');
  return { yes: raw.yes === true, ...(journal === undefined ? {} : { journal }) };
}

/** The users a plan may change at most unless --max-changes says otherwise. */
export const DEFAULT_MAX_CHANGES = 25;

export function parseApplyOptions(raw: RawFlags, file: string | undefined): ApplyOptions {
  return {
    ...parseCommon(raw),
    format: formatFor('apply', raw),
    file: inputFile(file, 'apply'),
    ...changeFlags(raw),
    maxChanges: parsePositiveInt('--max-changes', text(raw, 'maxChanges')) ?? DEFAULT_MAX_CHANGES,
  };
}

export function parseUndoOptions(raw: RawFlags, file: string | undefined): UndoOptions {
  return { ...parseCommon(raw), format: formatFor('undo', raw), file: inputFile(file, 'undo'), ...changeFlags(raw) };
}

export function parsePeopleOptions(raw: RawFlags): PeopleOptions {
  const directory = text(raw, 'directory');
  if (directory !== undefined && directory.trim() === '') throw new UsageError('--directory needs a CSV file');
  return {
    ...parseCommon(raw),
    format: formatFor('people', raw),
    ...(directory === undefined ? {} : { directory }),
    flagged: raw.flagged === true,
  };
}

/** The shells `completion` writes a script for. */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

export interface CompletionOptions {
  readonly shell: CompletionShell;
}

export function parseCompletionOptions(shell: string | undefined): CompletionOptions {
  const [choice] = parseChoices('completion', shell === undefined ? undefined : [shell], COMPLETION_SHELLS) ?? [];
  if (choice === undefined) throw new UsageError(`completion needs a shell: ${COMPLETION_SHELLS.join(', ')}`);
  return { shell: choice };
}

/** init's flags; what is missing is asked for on a terminal, or is a usage error in a script (commands/init.ts). */
export function parseInitOptions(raw: RawFlags): InitOptions {
  // There is no --client-secret: the config names the variable that holds the secret, never the secret itself.
  if (raw.clientSecret !== undefined) {
    throw new UsageError(
      'init never writes a secret: put it in an environment variable and pass its name with --secret-env',
    );
  }
  const output = text(raw, 'output');
  if (output === '-') throw new UsageError('init writes a file: give --output a path, not -');
  return {
    url: text(raw, 'url'),
    clientId: text(raw, 'clientId'),
    secretEnv: text(raw, 'secretEnv'),
    name: text(raw, 'name'),
    output,
    force: raw.force === true,
    test: raw.test === true,
    quiet: raw.quiet === true,
    verbose: raw.verbose === true,
    color: raw.color !== false,
  };
}

/** login and logout print no report: a format or an output file given to them is a mistake, said at once. */
function parseNoReport(command: 'login' | 'logout', raw: RawFlags): CommonOptions {
  for (const [key, flag] of [
    ['format', '-f/--format'],
    ['output', '-o/--output'],
  ] as const)
    if (text(raw, key) !== undefined) throw new UsageError(`${command} writes no report: ${flag} does not apply to it`);
  return parseCommon(raw);
}

export function parseLoginOptions(raw: RawFlags): LoginOptions {
  return { ...parseNoReport('login', raw), noBrowser: raw.browser === false };
}

export function parseLogoutOptions(raw: RawFlags): LogoutOptions {
  return parseNoReport('logout', raw);
}
