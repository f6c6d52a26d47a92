/**
 * `apply <plan.json>`: sends a reviewed plan's writes to Looker (README, "Reclaiming seats"). A dry run unless
 * `--yes` (or a yes on a terminal). Everything that can be refused is refused before the first request, exit 2:
 * a plan that is not one or was edited, an account the config lacks or points elsewhere, rules other than the
 * plan's, more users than --max-changes, an --output that is an input. Then each account, side by side, one user
 * and one write at a time (commands/shared/apply-account.ts), every write journaled before it leaves.
 *
 * Exit: 0 every item applied or already done (or a clean dry run); 4 some drifted, failed or were not attempted;
 * 3 an account could not be reached; 2 refused before any request.
 */
import type { ChangeItem } from '../audit/change-run.js';
import { stepText } from '../audit/step-words.js';
import { UsageError } from '../errors.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { resolveOutputPath } from '../output/write-report.js';
import { parsePlan } from '../plan/parse.js';
import type { PlanAccount } from '../plan/types.js';
import { applyAccount } from './shared/apply-account.js';
import { notAttempted } from './shared/change-journal.js';
import { journalFor, matchAccounts, readInputText } from './shared/change-inputs.js';
import { changeRun, type ChangeDeps } from './shared/change-runs.js';
import { configInputs, loadAuditConfig } from './shared/load.js';
import type { ApplyOptions } from './shared/options.js';
import type { Outcome } from './shared/outcome.js';
import { resolveRules } from './shared/run-audit.js';

const plannedUsers = (accounts: readonly PlanAccount[]) =>
  accounts.reduce((n, a) => n + a.items.filter((i) => i.status === 'planned').length, 0);

/** Every item of an account that could not be reached: the planned ones not attempted, the blocked ones as such. */
function unreached(account: PlanAccount, why: string): ChangeItem[] {
  return account.items.map((item) => {
    const head = { item_id: item.item_id, user_id: item.user_id, email: item.email, name: item.name, to: item.to };
    if (item.status === 'blocked') return { ...head, status: 'blocked', detail: item.blocked_reason ?? '', steps: [] };
    const steps = item.steps.map((s) => ({
      op: s.op,
      what: stepText(s),
      status: 'pending' as const,
      http_status: null,
    }));
    return notAttempted(head, steps, why);
  });
}

export async function runApply(options: ApplyOptions, io: Io, deps: ChangeDeps = {}): Promise<Outcome> {
  const output = openOutput(io, options);
  const text = await readInputText(io.cwd, options.file, 'a plan file made by `looker-audit plan`', io.stop);
  const plan = parsePlan(text, options.file);
  const { config } = await loadAuditConfig({ ...options, accounts: [] }, output);
  // An account that could not be planned holds nothing to apply.
  const planned = plan.accounts.filter((a) => a.error === undefined);
  const targets = matchAccounts(options.file, planned, config, options.accounts);
  const rules = await resolveRules(options.rules, io.cwd, config);
  if (rules.name !== plan.rules)
    throw new UsageError(
      `${options.file} was made with the ${plan.rules} rules, not ${rules.name}: apply it with --rules ${plan.rules}, so each user's tier is checked as the plan predicted it`,
    );
  const users = plannedUsers(targets.map((t) => t.doc));
  if (users > options.maxChanges)
    throw new UsageError(
      `${options.file} changes ${users} users, more than --max-changes ${options.maxChanges}: raise --max-changes, or make a smaller plan (-a, --user, --only)`,
    );
  const journalPath = options.journal ?? journalFor(options.file);
  const outputPath = await resolveOutputPath(options.output, io.cwd, [
    config.file,
    ...configInputs(config, options.rules, io.cwd),
    options.file,
    journalPath,
  ]);

  const names = targets.map((t) => t.doc.name).join(', ');
  return changeRun({
    mode: 'apply',
    options,
    io,
    deps,
    output,
    outputPath,
    journalPath,
    question: `Apply ${options.file} to Looker now: ${users} users on ${names} (journal ${journalPath})?`,
    planGeneratedAt: plan.generated_at,
    targets: targets.map((t) => ({ ...t, work: t.doc })),
    work: (client, account, ctx) => applyAccount(client, account, { ...ctx, rules }),
    unreached,
  });
}
