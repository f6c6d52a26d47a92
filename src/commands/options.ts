/**
 * The typed input of every command, as cli/ produces it from the flags (parsed and checked there, once). A
 * command never sees a raw flag value. The format lists live here because they are each command's contract;
 * this module holds only constants and types, so the CLI imports it without slowing `--help`.
 */
import { USER_STATUSES, type Tier, type ViolationKind } from '../vocabulary.js';

/** The options every command that reads the config shares (design.md section 2, global options). */
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

export const FORMATS = {
  users: ['table', 'csv', 'json', 'html'],
  summary: ['table', 'csv', 'json', 'html', 'markdown', 'prometheus'],
  roles: ['table', 'csv', 'json'],
  groups: ['table', 'csv', 'json'],
  explain: ['table', 'json'],
  check: ['table', 'json', 'junit', 'markdown'],
  diff: ['table', 'json', 'csv', 'markdown'],
  accounts: ['table', 'json'],
  demo: ['table', 'csv', 'json', 'html'],
  report: ['html'],
  people: ['table', 'csv', 'json', 'markdown', 'html'],
} as const;
export type FormatOf<C extends keyof typeof FORMATS> = (typeof FORMATS)[C][number];

export type AuditCommandName = 'users' | 'summary' | 'roles' | 'groups';
export const USER_STATUS_FILTERS = [...USER_STATUSES, 'all'] as const;

export interface UsersFilter {
  readonly licenses?: readonly Tier[];
  readonly status: (typeof USER_STATUS_FILTERS)[number];
}

export interface AuditCommandOptions extends CommonOptions {
  readonly command: AuditCommandName;
  readonly format: FormatOf<AuditCommandName>;
  /** `users` only. */
  readonly filter: UsersFilter;
  /** `users`: only users with no login in n days; `summary`: the inactivity window (else the config's). */
  readonly inactiveDays?: number;
  /** `--history`: earlier `users --format json` snapshots (files or folders) for the trend chart; html only. */
  readonly history: readonly string[];
}

/** `report`: the summary, right-sizing and users views in one HTML file. */
export interface ReportOptions extends CommonOptions {
  readonly format: FormatOf<'report'>;
  /** The inactivity window (else the config's). */
  readonly inactiveDays?: number;
  readonly history: readonly string[];
}

export interface ExplainOptions extends CommonOptions {
  readonly format: FormatOf<'explain'>;
  readonly query: string;
}

export interface CheckOptions extends CommonOptions {
  readonly format: FormatOf<'check'>;
  readonly baseline?: string;
  readonly maxDevelopers?: number;
  readonly allow: readonly string[];
  readonly failOn?: readonly ViolationKind[];
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

export interface DemoOptions extends CommonOptions {
  readonly format: FormatOf<'demo'>;
  readonly serve: boolean;
  readonly port?: number;
}

export interface PeopleOptions extends CommonOptions {
  readonly format: FormatOf<'people'>;
  /** `--directory <file.csv>`: the company directory or IdP export, relative to the working folder. */
  readonly directory?: string;
  /** Only the people with a flag. */
  readonly flagged: boolean;
}

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

export interface CompletionOptions {
  readonly shell: CompletionShell;
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
