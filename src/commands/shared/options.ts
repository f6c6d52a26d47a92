/**
 * The typed input of every command, as cli/ produces it from the flags (parsed and checked there, once). A
 * command never sees a raw flag value. Each command's formats are in formats.ts beside this. Only constants and
 * types here, so the CLI imports it without slowing `--help`.
 */
import { USER_STATUSES, type PlanSource, type Tier, type ViolationKind } from '../../vocabulary.js';
import type { FormatOf } from './formats.js';

/** The options every command that reads the config shares (README, "Global options"). */
export interface CommonOptions {
  readonly config?: string;
  /** Account names from `-a`; empty = all accounts. */
  readonly accounts: readonly string[];
  /** --output, absent for stdout (`-o -` included). */
  readonly output?: string;
  /** --output-mode: permission bits of a new report file (default 0600). */
  readonly outputMode?: number;
  readonly rules?: string;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly color: boolean;
  readonly maxCalls?: number;
  readonly pageSize?: number;
}

export type AuditCommandName = 'users' | 'summary' | 'roles' | 'groups';
export const USER_STATUS_FILTERS = [...USER_STATUSES, 'all'] as const;

export interface UsersFilter {
  readonly licenses?: readonly Tier[];
  readonly status: (typeof USER_STATUS_FILTERS)[number];
}

/** Generic in the command, so that its format is one of that command's own. */
export interface AuditCommandOptions<C extends AuditCommandName = AuditCommandName> extends CommonOptions {
  readonly command: C;
  readonly format: FormatOf<C>;
  /** `users` only. */
  readonly filter: UsersFilter;
  /** `users`: only users with no login in n days; `summary`: the inactivity window (else the config's). */
  readonly inactiveDays?: number;
  /** `--history`: earlier `users --format json` snapshots (files or folders) for the trend chart; html only. */
  readonly history: readonly string[];
  /** `users --usage`: read System Activity and add each user's usage. */
  readonly usage?: UsageFlags;
  /**
   * `users --compare`, `summary --compare`: read Looker's own user flags (one System Activity query per account)
   * and set Looker's tiers beside the rule set's. Always false for roles and groups.
   */
  readonly compare: boolean;
}

/** `report`: the summary, right-sizing and users views in one HTML file. */
export interface ReportOptions extends CommonOptions {
  readonly format: FormatOf<'report'>;
  /** The inactivity window (else the config's). */
  readonly inactiveDays?: number;
  readonly history: readonly string[];
}

/** `--usage` / `--usage-days n` (1 to 90; default the config's `usage_days`, else 90). */
export interface UsageFlags {
  readonly usageDays?: number;
}

export interface RightsizeOptions extends CommonOptions {
  readonly format: FormatOf<'rightsize'>;
  readonly usageDays?: number;
}

export interface ExplainOptions extends CommonOptions {
  readonly format: FormatOf<'explain'>;
  readonly query: string;
  /** `explain --usage`: also the user's usage and the right-sizing evidence. */
  readonly usage?: UsageFlags;
  /** `explain --compare`: also Looker's own flags for the user, and the tier they give. */
  readonly compare: boolean;
}

export interface CheckOptions extends CommonOptions {
  readonly format: FormatOf<'check'>;
  readonly baseline?: string;
  readonly maxDevelopers?: number;
  readonly allow: readonly string[];
  readonly failOn?: readonly ViolationKind[];
  /** `--max-idle-developer-days`: overrides policy.max_idle_developer_days everywhere. */
  readonly maxIdleDeveloperDays?: number;
}

export interface DiffOptions extends CommonOptions {
  readonly format: FormatOf<'diff'>;
  readonly oldFile: string;
  readonly newFile: string;
}

export interface AccountsOptions extends CommonOptions {
  readonly format: FormatOf<'accounts'>;
  readonly test: boolean;
}

/** `plan`: what a remediation plan is made from and limited to. */
export interface PlanCommandOptions extends CommonOptions {
  readonly format: FormatOf<'plan'>;
  readonly source: PlanSource;
  /** `--only reclaim|downgrade`. */
  readonly only?: 'reclaim' | 'downgrade';
  /** `--user`: only these users (ids or emails), where the source recommends them. */
  readonly users?: readonly string[];
  readonly includeServiceAccounts: boolean;
  /** `--reassign-schedules-to`: the email or id that takes over a reclaimed user's schedules. */
  readonly reassignSchedulesTo?: string;
  readonly usageDays?: number;
  /** `--max-idle-developer-days` (with --source check). */
  readonly maxIdleDeveloperDays?: number;
}

/** `apply <plan.json>` and `undo <journal.jsonl>`. */
export interface ChangeOptions extends CommonOptions {
  /** The plan (apply) or the journal (undo), as named on the command line. */
  readonly file: string;
  /** Send the writes; without it (and without a yes on a terminal) the run is a dry run. */
  readonly yes: boolean;
  /** `--journal`: where this run journals its writes (default beside the plan, or beside the journal undone). */
  readonly journal?: string;
}

export interface ApplyOptions extends ChangeOptions {
  readonly format: FormatOf<'apply'>;
  /** `--max-changes`: a plan changing more users than this is refused (default 25). */
  readonly maxChanges: number;
}

export interface UndoOptions extends ChangeOptions {
  readonly format: FormatOf<'undo'>;
}

/** What `demo` may run against the sample instance. */
export const DEMO_COMMANDS = ['users', 'rightsize', 'plan'] as const;
export type DemoCommand = (typeof DEMO_COMMANDS)[number];

/** The command the demo runs, in one of that command's formats. */
export type DemoOptions = CommonOptions & {
  readonly serve: boolean;
  readonly port?: number;
  /** `demo plan --user`: only these users, as `plan --user`. */
  readonly users?: readonly string[];
} & { readonly [C in DemoCommand]: { readonly command: C; readonly format: FormatOf<C> } }[DemoCommand];

export interface PeopleOptions extends CommonOptions {
  readonly format: FormatOf<'people'>;
  /** `--directory <file.csv>`: the company directory or IdP export, relative to the working folder. */
  readonly directory?: string;
  /** Only the people with a flag. */
  readonly flagged: boolean;
}

export interface InitOptions {
  readonly url?: string;
  readonly clientId?: string;
  readonly secretEnv?: string;
  readonly name?: string;
  /** Where to write the config (`--output`); default ./looker-audit.yaml. */
  readonly output?: string;
  readonly force: boolean;
  /** Log in with the new config once written (`--test`); on a terminal the user is asked instead. */
  readonly test: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly color: boolean;
}

/** `login`: a person's OAuth login in the browser, for the selected `auth: oauth` accounts, one after the other. */
export interface LoginOptions extends CommonOptions {
  /** `--no-browser`: print the login page's address instead of opening a browser. */
  readonly noBrowser: boolean;
}

/** `logout`: ends the selected `auth: oauth` accounts' sessions on Looker and deletes their tokens. */
export type LogoutOptions = CommonOptions;
