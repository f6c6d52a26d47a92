/**
 * Every flag is parsed and checked here, once, into the typed options of its command (commands/options.ts).
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
} from '../commands/options.js';
import { FORMATS, USER_STATUS_FILTERS } from '../commands/options.js';
import { UsageError } from '../errors.js';
import { TIERS, VIOLATION_KINDS } from '../vocabulary.js';

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

export function parseCommon(raw: RawFlags): CommonOptions {
  return {
    config: text(raw, 'config'),
    accounts: list(raw, 'account') ?? [],
    output: text(raw, 'output'),
    rules: text(raw, 'rules'),
    quiet: raw.quiet === true,
    verbose: raw.verbose === true,
    color: raw.color !== false,
    maxCalls: parsePositiveInt('--max-calls', text(raw, 'maxCalls')),
    pageSize: parsePositiveInt('--page-size', text(raw, 'pageSize')),
  };
}

export function parseAuditCommandOptions(command: AuditCommandName, raw: RawFlags): AuditCommandOptions {
  // `--license ""` (an unset shell variable) must not quietly mean "every tier".
  if (list(raw, 'license')?.length === 0)
    throw new UsageError('--license needs a tier: developer, standard, viewer or none');
  const status = parseChoices('--status', raw.status === undefined ? undefined : [String(raw.status)], [
    ...USER_STATUS_FILTERS,
  ]);
  return {
    ...parseCommon(raw),
    command,
    format: parseFormat(text(raw, 'format'), FORMATS[command], 'table'),
    filter: { licenses: parseChoices('--license', list(raw, 'license'), TIERS), status: status?.[0] ?? 'all' },
    inactiveDays: parsePositiveInt('--inactive-days', text(raw, 'inactiveDays')),
  };
}

export function parseExplainOptions(raw: RawFlags, query: string | undefined): ExplainOptions {
  const format = parseFormat(text(raw, 'format'), FORMATS.explain, 'table');
  if (query === undefined || query.trim() === '') throw new UsageError('explain needs an email or a user id');
  return { ...parseCommon(raw), format, query };
}

export function parseCheckOptions(raw: RawFlags): CheckOptions {
  const options: CheckOptions = {
    ...parseCommon(raw),
    format: parseFormat(text(raw, 'format'), FORMATS.check, 'table'),
    baseline: text(raw, 'baseline'),
    maxDevelopers: parsePositiveInt('--max-developers', text(raw, 'maxDevelopers'), { allowZero: true }),
    allow: list(raw, 'allow') ?? [],
    failOn: parseChoices('--fail-on', list(raw, 'failOn'), VIOLATION_KINDS),
  };
  if (options.failOn?.includes('new-developer') && options.baseline === undefined) {
    throw new UsageError('--fail-on new-developer needs --baseline <snapshot.json>');
  }
  return options;
}

export function parseDiffOptions(raw: RawFlags, oldFile: string, newFile: string): DiffOptions {
  return { ...parseCommon(raw), format: parseFormat(text(raw, 'format'), FORMATS.diff, 'table'), oldFile, newFile };
}

export function parseAccountsOptions(raw: RawFlags): AccountsOptions {
  return {
    ...parseCommon(raw),
    format: parseFormat(text(raw, 'format'), FORMATS.accounts, 'table'),
    test: raw.test === true,
  };
}

export function parseDemoOptions(raw: RawFlags): DemoOptions {
  return {
    ...parseCommon(raw),
    format: parseFormat(text(raw, 'format'), FORMATS.demo, 'table'),
    serve: raw.serve === true,
    port: parsePositiveInt('--port', text(raw, 'port')),
  };
}
