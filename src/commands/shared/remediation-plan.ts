/**
 * The remediation plan as a library call: config -> every account's audit, usage and plan reads, in one session
 * per account -> the plan document (plan/types.ts). Nothing is written to Looker. The `plan` command renders
 * what this returns; apply reads the same document back from its file.
 *
 * Per account, after the audit and the System Activity reads: the candidates (recommendations, idle-developer
 * violations or named users), then the reads for them (looker/remediation-reads.ts), then the pure planner. An
 * account whose audit or reads fail stays in the plan with its `error` and no item (nothing lost, nothing
 * applied there).
 */
import { emailKey } from '../../snapshot/email.js';
import { evaluatePolicy, type PolicyOverrides } from '../../audit/policy.js';
import { failedPlanAccount, planAccount } from '../../audit/plan-account.js';
import {
  idleDeveloperCandidates,
  leftOutByOnly,
  namedCandidates,
  onlyCandidates,
  rightsizeCandidates,
  type PlanOnly,
} from '../../audit/plan-candidates.js';
import { mayBeChanged, type PlanCandidate, type RemediationSettings } from '../../audit/plan-item.js';
import { buildReport } from '../../audit/report-model.js';
import { rightsizeAccount, type UsageInput } from '../../audit/rightsize.js';
import type { AccountAudit } from '../../audit/types.js';
import type { AuditConfig } from '../../config/types.js';
import { AccountError } from '../../errors.js';
import { readRemediation } from '../../looker/remediation-reads.js';
import { addTotals } from '../../plan/parse.js';
import type { NotPlanned, PlanAccount, PlanDocument } from '../../plan/types.js';
import type { PlanSource } from '../../vocabulary.js';
import { auditWithUsage, failuresOf, type AuditDeps, type AuditOptions, type ConfigObject } from './run-audit.js';

export interface PlanOptions {
  /** What the plan is made from (default: right-sizing's recommendations). */
  readonly source?: PlanSource;
  readonly only?: PlanOnly;
  /** `--user`: only these users (ids or emails), and only where the source recommends them. */
  readonly users?: readonly string[];
  readonly includeServiceAccounts?: boolean;
  /** `--reassign-schedules-to`: the email or id of the user who takes over a reclaimed user's schedules. */
  readonly reassignSchedulesTo?: string;
  readonly usageDays?: number;
  /** `--source check`: the check flags that set the idle window. */
  readonly policyOverrides?: PolicyOverrides;
}

export interface PlanRun {
  readonly config: AuditConfig;
  readonly plan: PlanDocument;
  /** One line per account that could not be planned, each naming the account. */
  readonly failures: readonly string[];
  /** `--user` names that matched nobody in any planned account. */
  readonly unmatchedUsers: readonly string[];
}

const apiUserOf = (usage: UsageInput | undefined): string | null =>
  usage === undefined ? null : usage.kind === 'system_activity' ? usage.usage.apiUserId : usage.apiUserId;

/** The new owner of reclaimed users' schedules in this account, by id or email (enabled users only). */
function reassignTarget(audit: AccountAudit, wanted: string | undefined): string | null {
  if (wanted === undefined) return null;
  const email = emailKey(wanted);
  const found = audit.users.find(
    (u) => u.status === 'active' && (u.id === wanted.trim() || (u.email !== null && emailKey(u.email) === email)),
  );
  if (found === undefined)
    throw new AccountError(
      audit.name,
      `no enabled user "${wanted}" to reassign schedules to (--reassign-schedules-to)`,
    );
  return found.id;
}

export async function buildPlan(
  input: string | ConfigObject | AuditOptions,
  deps: AuditDeps,
  options: PlanOptions = {},
): Promise<PlanRun> {
  const now = (deps.now ?? (() => new Date()))();
  const source = options.source ?? 'rightsize';
  const matched = new Set<string>();

  const run = await auditWithUsage(input, deps, { usageDays: options.usageDays }, async (session) => {
    const { audit, config, usage, client, usageDays } = session;
    const rightsize = rightsizeAccount(audit, usage ?? null, { now, usageDays, prices: config.prices });
    let candidates: PlanCandidate[] = rightsizeCandidates(rightsize);
    if (source === 'check') {
      const check = evaluatePolicy(
        buildReport([audit], { generatedAt: now, rules: session.rules.name }),
        config.policy,
        {
          now,
          overrides: options.policyOverrides ?? {},
          failOn: ['idle-developer'],
          usage: new Map(usage === undefined ? [] : [[audit.name, usage]]),
        },
      );
      const account = check.accounts[0];
      candidates = account === undefined ? [] : idleDeveloperCandidates(account, rightsize, config.prices);
    }
    const notPlanned: NotPlanned[] = [];
    if (options.users !== undefined) {
      const named = namedCandidates(audit, options.users, candidates, source, apiUserOf(usage));
      for (const name of named.matched) matched.add(name);
      candidates = named.candidates;
      notPlanned.push(...named.notPlanned);
    }
    const { kept, left } = onlyCandidates(candidates, options.only);
    candidates = kept;
    // Only a name given with --user is worth a line: --only alone is a filter the reader asked for.
    if (options.users !== undefined && options.only !== undefined)
      for (const c of left) notPlanned.push(leftOutByOnly(c, options.only));
    const settings: RemediationSettings = {
      roles: config.remediation?.roles ?? {},
      groups: config.remediation?.groups ?? {},
      includeServiceAccounts: options.includeServiceAccounts === true,
      reassignSchedulesTo: reassignTarget(audit, options.reassignSchedulesTo),
    };
    const apiUserId = apiUserOf(usage);
    const reads = await readRemediation(client, {
      userIds: [...new Set(candidates.map((c) => c.userId))],
      apiUserId,
      needsDirectRoles: (user) => mayBeChanged(user, apiUserId, settings),
    });
    // The logout is still to come: counted, as the audit counts it.
    return planAccount({ ...session, reads, candidates, notPlanned, settings, apiCalls: client.calls + 1 });
  });

  const accounts: PlanAccount[] = run.report.accounts.map(
    (a) => run.extras.get(a.name) ?? failedPlanAccount(a.name, a.url, a.error ?? 'not planned', a.apiCalls),
  );
  const plan: PlanDocument = {
    schema_version: 1,
    kind: 'looker-audit-plan',
    generated_at: now.toISOString(),
    rules: run.report.rules,
    source,
    usage_days: run.usageDays,
    currency: run.config.currency ?? 'USD',
    accounts,
    totals: addTotals(accounts.map((a) => a.totals)),
  };
  return {
    config: run.config,
    plan,
    failures: failuresOf(run.report),
    unmatchedUsers: (options.users ?? []).filter((name) => !matched.has(name)),
  };
}
