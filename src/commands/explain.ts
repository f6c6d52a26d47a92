/**
 * `explain <email|id>`: why a user has their tier. No such user is a usage error (exit 2).
 */
import { explainUser } from '../audit/index.js';
import { UsageError } from '../errors.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { writeReport } from '../output/write-report.js';
import { renderExplainJson, renderExplainTable } from '../report/index.js';
import { explainUsage } from '../report/usage.js';
import { auditAll } from './audit-all.js';
import { usageLookupOf } from './usage-lookup.js';
import type { ExplainOptions } from './options.js';
import { outcomeOf, type Outcome } from './outcome.js';

export async function runExplain(options: ExplainOptions, io: Io): Promise<Outcome> {
  const output = openOutput(io, options);
  const run = await auditAll(options.usage === undefined ? options : { ...options, readUsage: options.usage }, output);
  const result = explainUser(run.report.accounts, options.query);
  if (!result.found && run.failures.length === 0) throw new UsageError(result.message);
  const extra = options.usage === undefined ? undefined : explainUsage(usageLookupOf(run, io.now()));
  const content =
    options.format === 'json'
      ? renderExplainJson(result, extra)
      : renderExplainTable(result, { chalk: output.chalk, width: output.width }, extra);
  await writeReport(output, run, content);
  return outcomeOf(run.failures);
}
