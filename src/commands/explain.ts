/**
 * `explain <email|id>`: why a user has their tier. No such user is a usage error (exit 2).
 */
import { explainUser } from '../audit/index.js';
import type { ExplainResult } from '../audit/explain.js';
import { UsageError } from '../errors.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { writeReport } from '../output/write-report.js';
import { renderExplainJson, renderExplainTable, type TableOptions } from '../report/index.js';
import { joinExplainExtras } from '../report/explain.js';
import { explainLooker } from '../report/looker-count.js';
import { explainUsage } from '../report/usage.js';
import type { Renderers } from './shared/formats.js';
import { auditAll } from './shared/audit-all.js';
import { lookerLookupOf } from './shared/looker-lookup.js';
import { usageLookupOf } from './shared/usage-lookup.js';
import type { ExplainOptions } from './shared/options.js';
import { outcomeOf, type Outcome } from './shared/outcome.js';

interface RenderInput {
  readonly result: ExplainResult;
  readonly extra: ReturnType<typeof joinExplainExtras>;
  readonly table: TableOptions;
}

const RENDERERS: Renderers<'explain', RenderInput> = {
  table: ({ result, extra, table }) => renderExplainTable(result, table, extra),
  json: ({ result, extra }) => renderExplainJson(result, extra),
};

export async function runExplain(options: ExplainOptions, io: Io): Promise<Outcome> {
  const output = openOutput(io, options);
  const run = await auditAll(
    {
      ...options,
      ...(options.usage === undefined ? {} : { readUsage: options.usage }),
      readLookerFlags: options.compare,
    },
    output,
  );
  const result = explainUser(run.report.accounts, options.query);
  if (!result.found && run.failures.length === 0) throw new UsageError(result.message);
  // Looker's flags wherever they were read: with --compare, or under the rule set made of them.
  const extra = joinExplainExtras([
    options.usage === undefined ? undefined : explainUsage(usageLookupOf(run, io.now())),
    run.lookerFlags.size === 0 ? undefined : explainLooker(lookerLookupOf(run)),
  ]);
  const content = await RENDERERS[options.format]({
    result,
    extra,
    table: { chalk: output.chalk, width: output.width },
  });
  await writeReport(output, run, content);
  return outcomeOf(run.failures);
}
