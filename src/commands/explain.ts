/**
 * `explain <email|id>`: why a user has their tier. No such user is a usage error (exit 2).
 */
import { explainUser } from '../audit/index.js';
import type { CliIo } from '../cli/io.js';
import { parseFormat, type GlobalOptions } from '../cli/options.js';
import { UsageError } from '../errors.js';
import { renderExplainJson, renderExplainTable } from '../report/index.js';
import { auditAll } from './audit-all.js';
import { emitReport } from './emit.js';
import { openSession } from './session.js';

export async function runExplain(io: CliIo, globals: GlobalOptions, query: string): Promise<number> {
  const format = parseFormat(globals.format, ['table', 'json'] as const, 'table');
  if (query.trim() === '') throw new UsageError('explain needs an email or a user id');
  const session = openSession(io, globals);
  const run = await auditAll(session, format);
  const result = explainUser(run.report.accounts, query);
  if (!result.found && run.failures.length === 0) throw new UsageError(result.message);
  const content =
    format === 'json'
      ? renderExplainJson(result)
      : renderExplainTable(result, { chalk: session.chalk, width: session.width });
  return emitReport(session, run, content);
}
