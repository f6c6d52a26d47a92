/**
 * config -> concurrent per-account fetch -> audit -> report model. Failed accounts stay in the report with their
 * error (design.md section 2): one account's failure never drops another's results.
 */
import { buildReport, failedAccount, startAccountAudit, type AccountAudit, type AuditReport } from '../audit/index.js';
import type { AuditConfig } from '../config/types.js';
import { createProgress } from '../output/progress.js';
import type { Output } from '../output/output.js';
import { shouldShowProgress } from '../output/terminal.js';
import { resolveOutputPath } from '../output/write-report.js';
import { readAccount, type AccountEnd } from '../looker/fetch-account.js';
import { fetchAccounts, type FetchDeps } from './fetch-accounts.js';
import { assertSecretsAvailable, loadAuditConfig, loadRuleSet } from './load.js';
import type { CommonOptions } from './options.js';

export interface AuditRun {
  readonly config: AuditConfig;
  readonly report: AuditReport;
  /** One line per failed account, each naming the account. */
  readonly failures: readonly string[];
  /** Absolute --output path, checked writable before any API call. */
  readonly outputPath: string | undefined;
}

export async function auditAll(
  options: CommonOptions & { readonly format: string },
  output: Output,
  preloaded?: AuditConfig,
  fetchDeps?: Partial<FetchDeps>,
): Promise<AuditRun> {
  const { io, log } = output;
  const { config, accounts } = await loadAuditConfig(options, output, preloaded);
  assertSecretsAvailable(config, accounts, io.env);
  const rules = await loadRuleSet(options.rules, io.cwd, config);
  const outputPath = await resolveOutputPath(options.output, io.cwd);

  const progress = await createProgress(
    shouldShowProgress({ stderr: io.stderr, env: io.env, format: options.format, quiet: options.quiet }),
    io.stderr,
  );
  progress.start(`Auditing ${accounts.length === 1 ? `account ${accounts[0]?.name}` : `${accounts.length} accounts`}…`);
  let outcomes;
  try {
    // The account's parts are pulled here and fed to its audit: each page of users is resolved while the next
    // requests are in flight, and the account is audited as soon as its last page is in, while the others are
    // still fetching. A throw from the audit is a bug: fetchAccounts rethrows it (exit 70), not the account's error.
    outcomes = await fetchAccounts(
      accounts,
      {
        env: io.env,
        log: (line) => log.verbose(line),
        onAccountDone: (done, total) => progress.update(`Audited ${done} of ${total} accounts…`),
        maxCalls: options.maxCalls,
        pageSize: options.pageSize,
        ...fetchDeps,
      },
      async (client): Promise<AccountAudit> => {
        const audit = startAccountAudit(rules);
        let end: AccountEnd | undefined;
        for await (const part of readAccount(client)) {
          if (part.kind === 'lists') audit.addLists(part);
          else if (part.kind === 'users') audit.addUsers(part.page);
          else end = part;
        }
        if (end === undefined) throw new Error('readAccount ended without its end part');
        for (const warning of end.warnings) log.warn(`account "${end.account}": ${warning}`);
        return audit.finish(end);
      },
    );
  } finally {
    progress.stop();
  }

  const audits = outcomes.map((outcome) => {
    if (!outcome.ok) return failedAccount(outcome.account.name, outcome.account.url, outcome.error, outcome.apiCalls);
    return outcome.value;
  });
  for (const audit of audits) log.verbose(`[${audit.name}] ${audit.apiCalls} API calls`);
  return {
    config,
    report: buildReport(audits, { generatedAt: io.now(), rules: rules.name }),
    failures: outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.error])),
    outputPath,
  };
}
