/**
 * `rightsize`: which seats are bigger than what their holders use. One audit with the
 * System Activity reads in each account's session; an account without usage data falls back to logins only (one
 * warning, still exit 0) and says so in the report.
 */
import { buildRightsizeReport, rightsizeAccount, type RightsizeReport } from '../audit/rightsize.js';
import type { AuditConfig } from '../config/types.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { writeReport } from '../output/write-report.js';
import {
  renderRightsizeCsv,
  rightsizeJsonChunks,
  renderRightsizeMarkdown,
  renderRightsizeTable,
} from '../report/rightsize.js';
import type { HtmlRightsize } from '../report/index.js';
import { auditAll, type AuditRun } from './audit-all.js';
import { renderHtml } from './audit-command.js';
import type { RightsizeOptions } from './options.js';
import { outcomeOf, type Outcome } from './outcome.js';

/** The right-sizing of a run that read usage. */
export function rightsizeOf(run: AuditRun, now: Date): RightsizeReport {
  const settings = { now, usageDays: run.usageDays, prices: run.config.prices };
  return buildRightsizeReport(
    run.report.accounts.map((account) => rightsizeAccount(account, run.usage.get(account.name) ?? null, settings)),
    { generatedAt: now, rules: run.report.rules, usageDays: run.usageDays, currency: run.config.currency },
  );
}

/** The same, as the HTML report's model takes it. */
export function htmlRightsize(report: RightsizeReport): HtmlRightsize {
  return {
    usageDays: report.usageDays,
    accounts: report.accounts.map((a) => ({
      account: a.name,
      usage: a.usage,
      usageAsOf: a.usageAsOf,
      error: a.error,
      recommendations: a.recommendations,
    })),
  };
}

export async function runRightsize(options: RightsizeOptions, io: Io, preloaded?: AuditConfig): Promise<Outcome> {
  const output = openOutput(io, options);
  const run = await auditAll({ ...options, readUsage: { usageDays: options.usageDays } }, output, preloaded);
  const now = io.now();
  const report = rightsizeOf(run, now);
  const content =
    options.format === 'html'
      ? await renderHtml(
          {
            report: run.report,
            config: run.config,
            table: { chalk: output.chalk, width: output.width },
            now,
            inactiveDays: run.config.inactiveDays,
            history: undefined,
            usersNote: undefined,
            outputPath: run.outputPath,
          },
          ['rightsize'],
          htmlRightsize(report),
        )
      : options.format === 'json'
        ? rightsizeJsonChunks(report)
        : options.format === 'csv'
          ? renderRightsizeCsv(report)
          : options.format === 'markdown'
            ? renderRightsizeMarkdown(report)
            : renderRightsizeTable(report, { chalk: output.chalk, width: output.width });
  await writeReport(output, run, content);
  // What the run cost, on stderr like every table's: stdout carries only the report (JSON has api_calls).
  if (options.format === 'table')
    output.log.info(
      `API calls: ${report.accounts.map((a) => `${a.name} ${a.apiCalls}`).join(', ')}${
        run.config.prices === undefined ? '; no prices configured: savings are not shown' : ''
      }`,
    );
  return outcomeOf(run.failures);
}
