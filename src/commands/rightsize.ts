/**
 * `rightsize`: which seats are bigger than what their holders use (README, "Right-sizing from usage"). One audit
 * with the System Activity reads in each account's session; an account without usage data falls back to logins
 * only (one warning, still exit 0) and says so in the report.
 */
import type { RightsizeReport } from '../audit/rightsize.js';
import type { AuditConfig } from '../config/types.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { writeReport } from '../output/write-report.js';
import type { TableOptions } from '../report/index.js';
import {
  renderRightsizeCsv,
  rightsizeJsonChunks,
  renderRightsizeMarkdown,
  renderRightsizeTable,
} from '../report/rightsize.js';
import { auditAll, type AuditRun } from './shared/audit-all.js';
import type { Renderers } from './shared/formats.js';
import { renderHtml } from './shared/html-report.js';
import type { RightsizeOptions } from './shared/options.js';
import { outcomeOf, type Outcome } from './shared/outcome.js';
import { htmlRightsize, rightsizeOf } from './shared/rightsizing.js';

interface RenderInput {
  readonly run: AuditRun;
  readonly report: RightsizeReport;
  readonly now: Date;
  readonly table: TableOptions;
}

const RENDERERS: Renderers<'rightsize', RenderInput> = {
  table: ({ report, table }) => renderRightsizeTable(report, table),
  csv: ({ report }) => renderRightsizeCsv(report),
  json: ({ report }) => rightsizeJsonChunks(report),
  markdown: ({ report }) => renderRightsizeMarkdown(report),
  html: ({ run, report, now }) =>
    renderHtml(
      {
        report: run.report,
        config: run.config,
        now,
        inactiveDays: run.config.inactiveDays,
        history: undefined,
        usersNote: undefined,
      },
      ['rightsize'],
      htmlRightsize(report),
    ),
};

export async function runRightsize(options: RightsizeOptions, io: Io, preloaded?: AuditConfig): Promise<Outcome> {
  const output = openOutput(io, options);
  const run = await auditAll({ ...options, readUsage: { usageDays: options.usageDays } }, output, preloaded);
  const now = io.now();
  const report = rightsizeOf(run, now);
  const table = { chalk: output.chalk, width: output.width };
  await writeReport(output, run, await RENDERERS[options.format]({ run, report, now, table }));
  // What the run cost, on stderr like every table's: stdout carries only the report (JSON has api_calls).
  if (options.format === 'table')
    output.log.info(
      `API calls: ${report.accounts.map((a) => `${a.name} ${a.apiCalls}`).join(', ')}${
        run.config.prices === undefined ? '; no prices configured: savings are not shown' : ''
      }`,
    );
  return outcomeOf(run.failures);
}
