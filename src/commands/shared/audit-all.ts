/**
 * The CLI's audit: the config (its warnings on stderr), the --output check, the spinner, then the library's
 * audit() (run-audit.ts) with this process's environment and clock.
 */
import type { AuditReport } from '../../audit/index.js';
import type { LookerFlagsInput } from '../../audit/looker-flags.js';
import type { UsageInput } from '../../audit/rightsize.js';
import type { AuditConfig } from '../../config/types.js';
import type { Output } from '../../output/output.js';
import { createProgress } from '../../output/progress.js';
import { shouldShowProgress } from '../../output/terminal.js';
import { resolveOutputPath } from '../../output/write-report.js';
import { configInputs, loadAuditConfig } from './load.js';
import type { CommonOptions } from './options.js';
import { auditWithUsage, failuresOf, type AuditDeps, type AuditResult, type UsageRequest } from './run-audit.js';

export interface AuditRun {
  readonly config: AuditConfig;
  readonly report: AuditReport;
  /** One line per failed account, each naming the account. */
  readonly failures: readonly string[];
  /** Absolute --output path, checked writable before any API call. */
  readonly outputPath: string | undefined;
  /** Per audited account (by name), when usage was asked for: System Activity, or logins only and why. */
  readonly usage: ReadonlyMap<string, UsageInput>;
  /** The usage window used (when usage was asked for). */
  readonly usageDays: number;
  /** Per audited account, Looker's own flags (or why they could not be read), when they were read. */
  readonly lookerFlags: ReadonlyMap<string, LookerFlagsInput>;
}

export async function auditAll(
  options: CommonOptions & {
    readonly format: string;
    readonly readUsage?: UsageRequest;
    /** Also read Looker's own per-user flags, for the comparison (`--compare`). */
    readonly readLookerFlags?: boolean;
    readonly onUsersAudited?: AuditDeps['onUsersAudited'];
  },
  output: Output,
  preloaded?: AuditConfig,
  /** Files this run reads besides the config (a baseline, history): --output may not be one of them. */
  inputFiles: readonly string[] = [],
): Promise<AuditRun> {
  const { io, log } = output;
  const { config, accounts } = await loadAuditConfig(options, output, preloaded);
  const configFile = preloaded === undefined ? [config.file] : [];
  // Every file this run reads: what the config names, and what the command adds (a baseline, history, a directory).
  const inputs = [...configFile, ...configInputs(config, options.rules, io.cwd), ...inputFiles];
  const outputPath = await resolveOutputPath(options.output, io.cwd, inputs);

  const progress = await createProgress(
    shouldShowProgress({ stderr: io.stderr, env: io.env, format: options.format, quiet: options.quiet }),
    io.stderr,
  );
  progress.start(`Auditing ${accounts.length === 1 ? `account ${accounts[0]?.name}` : `${accounts.length} accounts`}…`);
  let result: AuditResult;
  try {
    const deps: AuditDeps = {
      env: io.env,
      cwd: io.cwd,
      home: io.home,
      now: io.now,
      log: { warn: (line) => log.warn(line), verbose: (line) => log.verbose(line) },
      onAccountDone: (done, total) => progress.update(`Audited ${done} of ${total} accounts…`),
      ...(options.onUsersAudited === undefined ? {} : { onUsersAudited: options.onUsersAudited }),
      http: io.http,
      signal: io.stop,
    };
    result = await auditWithUsage(
      {
        config,
        accounts: accounts.map((a) => a.name),
        rules: options.rules,
        maxCalls: options.maxCalls,
        pageSize: options.pageSize,
        ...(options.readLookerFlags === true ? { lookerFlags: true } : {}),
      },
      deps,
      options.readUsage,
    );
  } finally {
    progress.stop();
  }
  const { report, usage, usageDays, lookerFlags } = result;
  for (const account of report.accounts) log.verbose(`[${account.name}] ${account.apiCalls} API calls`);
  return { config, report, failures: failuresOf(report), outputPath, usage, usageDays, lookerFlags };
}
