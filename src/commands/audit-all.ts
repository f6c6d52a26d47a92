/**
 * config -> concurrent per-account fetch -> audit -> report model. Failed accounts stay in the report with their
 * error (design.md section 2): one account's failure never drops another's results.
 */
import {
  auditAccount,
  buildReport,
  createAccountPrimer,
  failedAccount,
  type AccountAudit,
  type AuditReport,
} from '../audit/index.js';
import type { AuditConfig } from '../config/types.js';
import { createProgress } from '../output/progress.js';
import type { Output } from '../output/output.js';
import { shouldShowProgress } from '../output/terminal.js';
import { resolveOutputPath } from '../output/write-report.js';
import { fetchAccount } from '../looker/fetch-account.js';
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

type Audited = { readonly audit: AccountAudit } | { readonly bug: unknown };

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
    // Each account's users are resolved as their pages arrive (audit/primer.ts), and the account is audited as
    // soon as its snapshot is in, while the others are still fetching; its raw snapshot is then garbage.
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
      async (client): Promise<Audited> => {
        const primer = createAccountPrimer(rules);
        const snapshot = await fetchAccount(client, {
          onLists: (lists) => primer.lists(lists),
          onUsersPage: (page) => primer.users(page),
        });
        // An exception here is a bug in audit/, not a failure of the account: carried out of fetchAccounts (which
        // would report it as the account's error) and rethrown below, as the internal error it is.
        try {
          return { audit: auditAccount(snapshot, rules, primer.resolver) };
        } catch (bug) {
          return { bug };
        }
      },
    );
  } finally {
    progress.stop();
  }

  const audits = outcomes.map((outcome) => {
    if (!outcome.ok) return failedAccount(outcome.account.name, outcome.account.url, outcome.error, outcome.apiCalls);
    if ('bug' in outcome.value) throw outcome.value.bug;
    return outcome.value.audit;
  });
  for (const audit of audits) log.verbose(`[${audit.name}] ${audit.apiCalls} API calls`);
  return {
    config,
    report: buildReport(audits, { generatedAt: io.now(), rules: rules.name }),
    failures: outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.error])),
    outputPath,
  };
}
