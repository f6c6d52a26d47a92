/**
 * `plan`: what would be changed to reclaim or lower seats, written down for review; nothing is written to Looker
 * (README, "Reclaiming seats"). One audit per account with its usage and the remediation reads in the same
 * session (commands/shared/remediation-plan.ts), then the plan in the chosen view: a table, Markdown for a pull
 * request, or the plan file itself (`-o plan.json`), which `apply` reads.
 */
import { effectivePolicy } from '../audit/policy.js';
import type { AuditConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { createProgress } from '../output/progress.js';
import { shouldShowProgress } from '../output/terminal.js';
import { resolveOutputPath, writeReport } from '../output/write-report.js';
import type { TableOptions } from '../report/index.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanTable } from '../report/plan.js';
import type { PlanDocument } from '../plan/types.js';
import type { Renderers } from './shared/formats.js';
import { configInputs, loadAuditConfig } from './shared/load.js';
import type { PlanCommandOptions } from './shared/options.js';
import { outcomeOf, type Outcome } from './shared/outcome.js';
import { buildPlan } from './shared/remediation-plan.js';

const RENDERERS: Renderers<'plan', { readonly plan: PlanDocument; readonly table: TableOptions }> = {
  table: ({ plan, table }) => renderPlanTable(plan, table),
  markdown: ({ plan }) => renderPlanMarkdown(plan),
  json: ({ plan }) => renderPlanJson(plan),
};

export async function runPlan(options: PlanCommandOptions, io: Io, preloaded?: AuditConfig): Promise<Outcome> {
  const output = openOutput(io, options);
  const { config, accounts } = await loadAuditConfig(options, output, preloaded);
  if (options.source === 'check') {
    // A plan from idle-developer violations with no idle window anywhere would be empty, silently.
    const overrides = { maxIdleDeveloperDays: options.maxIdleDeveloperDays };
    const without = accounts.filter(
      (a) => effectivePolicy(config.policy, a.name, overrides).maxIdleDeveloperDays === null,
    );
    if (without.length > 0)
      throw new ConfigError(config.file, [
        `policy: --source check plans from idle-developer violations, and ${without.map((a) => `"${a.name}"`).join(', ')} has no idle window: set policy.max_idle_developer_days or pass --max-idle-developer-days`,
      ]);
  }
  const outputPath = await resolveOutputPath(options.output, io.cwd, [
    ...(preloaded === undefined ? [config.file] : []),
    ...configInputs(config, options.rules, io.cwd),
  ]);
  const progress = await createProgress(
    shouldShowProgress({ stderr: io.stderr, env: io.env, format: options.format, quiet: options.quiet }),
    io.stderr,
  );
  progress.start(`Planning ${accounts.length === 1 ? `account ${accounts[0]?.name}` : `${accounts.length} accounts`}…`);
  let run;
  try {
    run = await buildPlan(
      {
        config,
        accounts: accounts.map((a) => a.name),
        rules: options.rules,
        maxCalls: options.maxCalls,
        pageSize: options.pageSize,
      },
      {
        env: io.env,
        cwd: io.cwd,
        home: io.home,
        now: io.now,
        log: { warn: (line) => output.log.warn(line), verbose: (line) => output.log.verbose(line) },
        onAccountDone: (done, total) => progress.update(`Planned ${done} of ${total} accounts…`),
        http: io.http,
        signal: io.stop,
      },
      {
        source: options.source,
        ...(options.only === undefined ? {} : { only: options.only }),
        ...(options.users === undefined ? {} : { users: options.users }),
        includeServiceAccounts: options.includeServiceAccounts,
        ...(options.reassignSchedulesTo === undefined ? {} : { reassignSchedulesTo: options.reassignSchedulesTo }),
        ...(options.usageDays === undefined ? {} : { usageDays: options.usageDays }),
        policyOverrides: { maxIdleDeveloperDays: options.maxIdleDeveloperDays },
      },
    );
  } finally {
    progress.stop();
  }
  for (const name of run.unmatchedUsers) output.log.warn(`--user ${name}: no such user in any account planned`);
  const content = await RENDERERS[options.format]({
    plan: run.plan,
    table: { chalk: output.chalk, width: output.width },
  });
  await writeReport(output, { outputPath, failures: run.failures }, content);
  if (options.format === 'table')
    output.log.info(`API calls: ${run.plan.accounts.map((a) => `${a.name} ${a.api_calls}`).join(', ')}`);
  return outcomeOf(run.failures);
}
