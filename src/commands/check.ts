/**
 * `check`: the CI gate (README, "check and diff"). Every flag, the baseline and the policy are checked before any
 * API call is spent.
 *
 * Exit codes: 0 clean; 1 policy violations; 2 usage or configuration (bad flag, bad config, unreadable or invalid
 * baseline, nothing to check); 3 an account could not be audited. An account failure wins over violations: the
 * check is then incomplete, and 3 says "could not audit" while 1 always means "audited in full and found
 * violations". The violations found in the accounts that did succeed are still printed (and in JSON/JUnit), and
 * the failed account is named on stderr and carries `error` in JSON (an <error> test case in JUnit).
 */
import { applicableKinds, effectivePolicy, evaluatePolicy, type PolicyOverrides } from '../audit/index.js';
import type { CheckResult } from '../audit/policy.js';
import { loadConfig } from '../config/load.js';
import { selectAccounts } from '../config/select.js';
import { plural } from '../counts.js';
import { ConfigError } from '../errors.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { writeReport } from '../output/write-report.js';
import {
  checkJsonChunks,
  renderCheckJunit,
  renderCheckMarkdown,
  renderCheckTable,
  type TableOptions,
} from '../report/index.js';
import type { SnapshotDocument } from '../snapshot/types.js';
import { MAX_USAGE_DAYS } from '../usage-window.js';
import { VIOLATION_KINDS, type ViolationKind } from '../vocabulary.js';
import { auditAll } from './shared/audit-all.js';
import type { Renderers } from './shared/formats.js';
import type { CheckOptions } from './shared/options.js';
import type { Outcome } from './shared/outcome.js';
import { readSnapshotFile } from './shared/read-snapshot.js';

const RENDERERS: Renderers<'check', { readonly result: CheckResult; readonly table: TableOptions }> = {
  table: ({ result, table }) => renderCheckTable(result, table),
  json: ({ result }) => checkJsonChunks(result),
  junit: ({ result }) => renderCheckJunit(result),
  markdown: ({ result }) => renderCheckMarkdown(result),
};

export async function runCheck(options: CheckOptions, io: Io): Promise<Outcome> {
  const { format, failOn } = options;
  const baseline: SnapshotDocument | undefined =
    options.baseline === undefined ? undefined : await readSnapshotFile(io.cwd, options.baseline, io.stop);
  const overrides: PolicyOverrides = {
    maxDevelopers: options.maxDevelopers,
    allow: options.allow,
    maxIdleDeveloperDays: options.maxIdleDeveloperDays,
  };

  const output = openOutput(io, options);
  // Read the config here (its warnings are logged once, by auditAll) to refuse a check with nothing to check
  // before any API call: a CI gate that passes because no policy was configured would be a silent hole.
  const config = await loadConfig({
    explicit: options.config,
    env: io.env,
    cwd: io.cwd,
    home: io.home,
    signal: io.stop,
  });
  const accounts = selectAccounts(config, options.accounts.length > 0 ? [...options.accounts] : undefined);
  const kinds = accounts.map((a) => {
    const effective = effectivePolicy(config.policy, a.name, overrides);
    return { effective, kinds: applicableKinds(effective, baseline !== undefined, failOn) };
  });
  const anything = kinds.some((k) => k.kinds.length > 0);
  // idle-developer needs usage: read once, over the longest window any account asks for.
  const idleDays = kinds
    .filter((k) => k.kinds.includes('idle-developer'))
    .map((k) => k.effective.maxIdleDeveloperDays ?? MAX_USAGE_DAYS);
  if (!anything) {
    throw new ConfigError(config.file, [
      `policy: nothing to check${failOn ? ` for --fail-on ${failOn.join(',')}` : ''}: set policy.allowed_developers, policy.max_seats or policy.max_idle_developer_days, or pass --allow, --max-developers, --max-idle-developer-days or --baseline`,
    ]);
  }

  const run = await auditAll(
    idleDays.length === 0 ? options : { ...options, readUsage: { usageDays: Math.max(...idleDays) } },
    output,
    config,
    [config.file, ...(options.baseline ? [options.baseline] : [])],
  );
  const result = evaluatePolicy(run.report, config.policy, {
    now: io.now(),
    baseline,
    overrides,
    failOn,
    usage: run.usage,
  });
  for (const account of result.accounts) for (const note of account.notes) output.log.warn(note);
  const content = await RENDERERS[format]({ result, table: { chalk: output.chalk, width: output.width } });
  if (format !== 'table' && result.violations.length > 0) {
    output.log.info(`check: ${plural(result.violations.length, 'policy violation')}`);
  }
  await writeReport(output, run, content);
  // An account failed: that wins over violations (see above).
  if (run.failures.length > 0) return 'accounts-failed';
  return result.violations.length > 0 ? 'violations' : 'ok';
}
