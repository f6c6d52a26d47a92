/**
 * `report`: one self-contained HTML file with the summary (figures and charts), the right-sizing view where
 * usage is known, and the users table (design.md section 13). One audit; `--history` adds the trend.
 */
import { seatHistory } from '../audit/index.js';
import type { AuditConfig } from '../config/types.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { writeReport } from '../output/write-report.js';
import { auditAll } from './audit-all.js';
import { renderHtml } from './audit-command.js';
import { htmlRightsize, rightsizeOf } from './rightsize.js';
import { readHistory } from './history.js';
import type { ReportOptions } from './options.js';
import { outcomeOf, type Outcome } from './outcome.js';

export async function runReport(options: ReportOptions, io: Io, preloaded?: AuditConfig): Promise<Outcome> {
  const history = options.history.length > 0 ? await readHistory(io.cwd, options.history, io.stop) : undefined;
  const snapshots = history?.snapshots;
  const output = openOutput(io, options);
  for (const warning of history?.warnings ?? []) output.log.warn(warning);
  // The report holds right-sizing too (design.md section 13): the System Activity reads, logins only without them.
  const run = await auditAll({ ...options, readUsage: {} }, output, preloaded, history?.files);
  const content = await renderHtml(
    {
      report: run.report,
      config: run.config,
      table: { chalk: output.chalk, width: output.width },
      now: io.now(),
      inactiveDays: options.inactiveDays ?? run.config.inactiveDays,
      history: snapshots === undefined ? undefined : seatHistory(snapshots, run.report),
      usersNote: undefined,
      outputPath: run.outputPath,
    },
    ['summary', 'rightsize', 'users'],
    htmlRightsize(rightsizeOf(run, io.now())),
  );
  await writeReport(output, run, content);
  return outcomeOf(run.failures);
}
