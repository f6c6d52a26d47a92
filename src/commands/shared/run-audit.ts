/**
 * The audit as a library call (README, "Library API"): config -> concurrent per-account fetch -> audit -> the
 * report model. `import { audit } from 'looker-audit'` is this function, and the CLI runs every audit through it.
 * Failed accounts stay in the report with their `error` (README, "Exit codes"): one account's failure never drops
 * another's results. Expected problems with the input (config, rules) throw ConfigError/UsageError before any
 * API call; a secret that is missing (a variable unset, a file absent) fails only its account, as a refused login
 * does; a bug throws as itself.
 */
import type { Got } from 'got';
import {
  BUILT_IN_RULE_SETS,
  buildReport,
  failedAccount,
  parseRuleSet,
  startAccountAudit,
  type AccountAudit,
  type AuditedUser,
  type AuditReport,
  type RuleSet,
} from '../../audit/index.js';
import type { AccountAuditor } from '../../audit/account.js';
import { indexLookerFlags, type LookerFlagsInput } from '../../audit/looker-flags.js';
import type { UsageInput } from '../../audit/rightsize.js';
import { accountUsage } from '../../audit/usage.js';
import { loadConfig } from '../../config/load.js';
import { readRulesSource } from '../../config/rules-source.js';
import { assertDistinctInstances, selectAccounts } from '../../config/select.js';
import type { AuditConfig } from '../../config/types.js';
import { validateConfig } from '../../config/validate.js';
import { AccountError } from '../../errors.js';
import type { LookerClient } from '../../looker/client.js';
import { readAccount, type AccountEnd, type AccountLists } from '../../looker/fetch-account.js';
import type { SystemActivityRead } from '../../looker/system-activity.js';
import type { UserFlagsRead } from '../../looker/user-flags.js';
import { MAX_USAGE_DAYS } from '../../usage-window.js';
import { fetchAccounts } from './fetch-accounts.js';
import { assertCaFilesUsable } from './load.js';

/** A config as written in looker-audit.yaml, as an object: `{ accounts: [{ name, url, client_id, ... }], ... }`. */
export type ConfigObject = Readonly<Record<string, unknown>>;

export interface AuditOptions {
  /** A config file's path, a config object (the YAML shape), or a config from loadConfig. Default: the search
   *  of `looker-audit --config` (LOOKER_AUDIT_CONFIG, ./looker-audit.yaml, ...). */
  readonly config?: string | ConfigObject | AuditConfig;
  /** Only these accounts (names); default all. */
  readonly accounts?: readonly string[];
  /** `torii` | `looker` | a rules file's path (relative to `cwd`); default the config's `rules`, then torii. */
  readonly rules?: string;
  /** API call budget per account. */
  readonly maxCalls?: number;
  readonly pageSize?: number;
  /**
   * Also read Looker's own per-user flags (one System Activity query per account), to set its count beside the
   * report's. The `system-activity` rule set reads them whatever this says: it tiers users by them.
   */
  readonly lookerFlags?: boolean;
}

/**
 * Also read each account's usage from System Activity (right-sizing: rightsize, users --usage, explain --usage,
 * check idle-developer), over `usageDays` (default the config's `usage_days`, else 90). The CLI's, for now: the
 * library's audit() returns the seat audit only.
 */
export interface UsageRequest {
  readonly usageDays?: number;
}

/** The report, and per audited account (by name) its usage when it was asked for. */
export interface AuditResult {
  readonly config: AuditConfig;
  readonly report: AuditReport;
  /** System Activity, or logins only and why; only accounts that were audited, only when usage was asked for. */
  readonly usage: ReadonlyMap<string, UsageInput>;
  /** The usage window used (the default when usage was not asked for). */
  readonly usageDays: number;
  /** Per audited account, Looker's own flags or why they could not be read; only when they were read. */
  readonly lookerFlags: ReadonlyMap<string, LookerFlagsInput>;
}

function usageInputOf(read: SystemActivityRead, today: string): UsageInput {
  return read.ok
    ? { kind: 'system_activity', usage: accountUsage(read.data, today) }
    : { kind: 'logins_only', apiUserId: read.apiUserId, reason: read.message };
}

function flagsInputOf(read: UserFlagsRead): LookerFlagsInput {
  return read.ok ? { kind: 'read', index: indexLookerFlags(read.rows) } : { kind: 'unavailable', reason: read.message };
}

/**
 * The warning for an account whose System Activity could not be read: one line, naming the cause (and the
 * permission to grant), whichever of usage and Looker's own flags it was meant for.
 */
function systemActivityWarning(usage: UsageInput | undefined, flags: LookerFlagsInput | undefined): string | null {
  const lost = [
    ...(usage?.kind === 'logins_only' ? [{ what: 'usage from logins only', reason: usage.reason }] : []),
    ...(flags?.kind === 'unavailable' ? [{ what: "Looker's own count not compared", reason: flags.reason }] : []),
  ];
  if (lost.length === 0) return null;
  const reasons = [...new Set(lost.map((l) => l.reason))];
  return `${lost.map((l) => l.what).join(', ')}: ${reasons.join('; ')}`;
}

export interface AuditDeps {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly home?: string;
  /** The report's generation time. */
  readonly now?: () => Date;
  /** Warnings (config, lists) and per-request detail; default silent. Lines never hold a secret. */
  readonly log?: { readonly warn?: (line: string) => void; readonly verbose?: (line: string) => void };
  readonly onAccountDone?: (done: number, total: number) => void;
  /**
   * Each page's users once audited, in order, while the next pages are in flight (the CLI renders CSV rows then).
   * A page read again (the list moved) comes again as new objects; the report's users are the ones to trust.
   */
  readonly onUsersAudited?: (account: string, users: readonly AuditedUser[]) => void;
  /** HTTP and time for the Looker clients: a got instance, the clock and sleep used for retries and token expiry. */
  readonly http?: { readonly got?: Got; readonly now?: () => number; readonly sleep?: (ms: number) => Promise<void> };
  /** Abort to stop the audit: requests stop, sessions are logged out, then audit() rejects with InterruptedError. */
  readonly signal?: AbortSignal;
}

/** The rule set named by `--rules` (else the config's `rules`, else the default): built in, or a rules file. */
export async function resolveRules(
  fromFlag: string | undefined,
  cwd: string,
  config: AuditConfig,
  signal?: AbortSignal,
): Promise<RuleSet> {
  const source = await readRulesSource(fromFlag, cwd, config, signal);
  return source.kind === 'built-in'
    ? BUILT_IN_RULE_SETS[source.name]
    : parseRuleSet(source.data, source.path, source.locate);
}

/** A config that loadConfig (or validateConfig) made, as opposed to one in the YAML shape. */
function isLoadedConfig(config: ConfigObject | AuditConfig): config is AuditConfig {
  const candidate = config as Partial<AuditConfig>;
  return typeof candidate.file === 'string' && Array.isArray(candidate.warnings) && Array.isArray(candidate.accounts);
}

/** Options name accounts by string; a config (either shape) always lists them as objects. */
function isOptions(input: ConfigObject | AuditOptions): input is AuditOptions {
  if ('config' in input) return true;
  const accounts = (input as { accounts?: unknown }).accounts;
  return !(Array.isArray(accounts) && accounts.some((account) => typeof account === 'object' && account !== null));
}

async function resolveConfig(
  config: AuditOptions['config'],
  deps: AuditDeps,
): Promise<{ config: AuditConfig; loadedHere: boolean }> {
  const env = deps.env ?? process.env;
  if (config === undefined || typeof config === 'string') {
    return {
      config: await loadConfig({ explicit: config, env, cwd: deps.cwd, home: deps.home, signal: deps.signal }),
      loadedHere: true,
    };
  }
  if (isLoadedConfig(config)) return { config, loadedHere: false };
  return { config: validateConfig(config, { file: '(config object)', env, home: deps.home }), loadedHere: true };
}

/**
 * Audits every selected account. `input` is a config (path or object) or the options; the report holds every
 * selected account, the failed ones with their `error` and no users.
 */
export async function audit(
  input: string | ConfigObject | AuditOptions = {},
  deps: AuditDeps = {},
): Promise<AuditReport> {
  return (await auditWithUsage(input, deps)).report;
}

/**
 * Reads that go on in an account's session once it is audited (and its usage read), so they need no login of
 * their own: a remediation plan's. What it returns lands in `extras`; what it throws fails the account.
 */
export type InSession<X> = (session: {
  readonly config: AuditConfig;
  readonly client: LookerClient;
  readonly lists: AccountLists;
  readonly rules: RuleSet;
  readonly audit: AccountAudit;
  readonly usage?: UsageInput;
  /** The usage window in days (asked for, else the config's, else the longest). */
  readonly usageDays: number;
}) => Promise<X>;

/** audit(), with the config it used and, when asked, each account's usage (and what `inSession` read). */
export async function auditWithUsage<X = never>(
  input: string | ConfigObject | AuditOptions = {},
  deps: AuditDeps = {},
  usageRequest?: UsageRequest,
  inSession?: InSession<X>,
): Promise<AuditResult & { readonly extras: ReadonlyMap<string, X> }> {
  const options: AuditOptions = typeof input !== 'string' && isOptions(input) ? input : { config: input };
  const env = deps.env ?? process.env;
  const cwd = deps.cwd ?? process.cwd();
  const { config, loadedHere } = await resolveConfig(options.config, { ...deps, env, cwd });
  if (loadedHere) for (const warning of config.warnings) deps.log?.warn?.(warning);
  const accounts = selectAccounts(config, options.accounts?.length ? [...options.accounts] : undefined);
  assertDistinctInstances(config, accounts);
  await assertCaFilesUsable(config, accounts, deps.signal);
  const rules = await resolveRules(options.rules, cwd, config, deps.signal);
  const usageDays = usageRequest?.usageDays ?? config.usageDays ?? MAX_USAGE_DAYS;
  const readUsage = usageRequest === undefined ? undefined : { usageDays };
  const readFlags = rules.fromLookerFlags === true || options.lookerFlags === true;

  type Finished = { readonly audit: AccountAudit; readonly usage?: UsageInput; readonly flags?: LookerFlagsInput };
  const finish = (end: AccountEnd, account: AccountAuditor, flags: LookerFlagsInput | undefined): Finished => {
    for (const warning of end.warnings) deps.log?.warn?.(`account "${end.account}": ${warning}`);
    const audited = account.finish(end);
    const usage =
      end.systemActivity === undefined
        ? undefined
        : usageInputOf(end.systemActivity, (deps.now ?? (() => new Date()))().toISOString().slice(0, 10));
    // One warning line per account whose System Activity could not be read: the cause, and the permission to grant.
    const warning = systemActivityWarning(usage, flags);
    if (warning !== null) deps.log?.warn?.(`account "${end.account}": ${warning}`);
    const withFlags = { audit: audited, ...(flags === undefined ? {} : { flags }) };
    if (usage === undefined) return withFlags;
    if (usage.kind === 'system_activity') {
      deps.log?.verbose?.(
        `[${end.account}] history.source values seen: ${usage.usage.sourcesSeen.join(', ') || 'none'}`,
      );
      if (usage.usage.futureDates > 0)
        deps.log?.warn?.(
          `account "${end.account}": ${usage.usage.futureDates} System Activity date(s) after today left out (the instance's clock or data is wrong)`,
        );
      if (usage.usage.missing.length > 0)
        deps.log?.warn?.(
          `account "${end.account}": System Activity lacks ${usage.usage.missing.join(', ')}: those signals are unknown, no seat is lowered on them`,
        );
    }
    return { ...withFlags, usage };
  };

  // Each account's parts are pulled here and fed to its audit: each page of users is resolved while the next
  // requests are in flight, and the account is audited as soon as its last page is in, while the others are
  // still fetching. A throw from the audit is a bug: fetchAccounts rethrows it (exit 70), not the account's error.
  const outcomes = await fetchAccounts(
    accounts,
    {
      env,
      ...(deps.home === undefined ? {} : { home: deps.home }),
      log: (line) => deps.log?.verbose?.(line),
      onAccountDone: deps.onAccountDone,
      maxCalls: options.maxCalls,
      pageSize: options.pageSize,
      client: deps.http,
      signal: deps.signal,
    },
    async (client): Promise<Finished & { readonly extra?: X }> => {
      const account = startAccountAudit(rules);
      let end: AccountEnd | undefined;
      let lists: AccountLists | undefined;
      let flags: LookerFlagsInput | undefined;
      let finished: Finished | undefined;
      let extra: X | undefined;
      const reads = {
        ...(readUsage === undefined ? {} : { usage: readUsage }),
        ...(readFlags ? { lookerFlags: true } : {}),
      };
      for await (const part of readAccount(client, reads)) {
        if (part.kind === 'end') {
          end = part;
          // Still inside the session (readAccount logs out after its last part): the caller's reads go here.
          if (inSession !== undefined && lists !== undefined) {
            finished = finish(part, account, flags);
            extra = await inSession({ config, client, lists, rules, usageDays, ...finished });
          }
        } else if (part.kind === 'lists') {
          lists = part;
          flags = part.lookerFlags === undefined ? undefined : flagsInputOf(part.lookerFlags);
          // Tiers made of flags that cannot be read would be guesses: the account fails (exit 3), before its users.
          if (rules.fromLookerFlags === true && flags?.kind !== 'read')
            throw new AccountError(
              client.account.name,
              `the ${rules.name} rule set tiers users by Looker's own flags, which could not be read: ${flags?.kind === 'unavailable' ? flags.reason : 'not read'}`,
            );
          const audited = account.addLists(part, flags?.kind === 'read' ? flags.index : undefined);
          if (audited.length > 0) deps.onUsersAudited?.(client.account.name, audited);
        } else {
          const audited = account.addUsers(part.page);
          if (audited.length > 0) deps.onUsersAudited?.(client.account.name, audited);
        }
      }
      if (end === undefined) throw new Error('readAccount ended without its end part');
      return { ...(finished ?? finish(end, account, flags)), ...(extra === undefined ? {} : { extra }) };
    },
  );
  const usage = new Map<string, UsageInput>();
  const lookerFlags = new Map<string, LookerFlagsInput>();
  const extras = new Map<string, X>();
  const audits = outcomes.map((outcome) => {
    if (!outcome.ok) return failedAccount(outcome.account.name, outcome.account.url, outcome.error, outcome.apiCalls);
    if (outcome.value.usage !== undefined) usage.set(outcome.account.name, outcome.value.usage);
    if (outcome.value.flags !== undefined) lookerFlags.set(outcome.account.name, outcome.value.flags);
    if (outcome.value.extra !== undefined) extras.set(outcome.account.name, outcome.value.extra);
    return outcome.value.audit;
  });
  const report = buildReport(audits, { generatedAt: (deps.now ?? (() => new Date()))(), rules: rules.name });
  return { config, report, usage, usageDays, lookerFlags, extras };
}

/** One line per account that could not be audited, each naming the account. */
export function failuresOf(report: AuditReport): string[] {
  return report.accounts.flatMap((account) => (account.error === null ? [] : [account.error]));
}
