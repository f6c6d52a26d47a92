/**
 * `report`: one self-contained HTML file with the summary (figures and charts), the right-sizing view where
 * usage is known, and the users table. One audit; `--history` adds the trend.
 */
import { seatHistory } from '../audit/index.js';
import type { AuditConfig } from '../config/types.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { writeReport } from '../output/write-report.js';
import { auditAll, type AuditRun } from './shared/audit-all.js';
import type { Renderers } from './shared/formats.js';
import { readHistory } from './shared/history.js';
import { renderHtml, type HtmlInput } from './shared/html-report.js';
import type { ReportOptions } from './shared/options.js';
import { outcomeOf, type Outcome } from './shared/outcome.js';
import { htmlRightsize, rightsizeOf } from './shared/rightsizing.js';

const RENDERERS: Renderers<'report', { readonly run: AuditRun; readonly html: HtmlInput }> = {
  html: ({ run, html }) =>
    renderHtml(html, ['summary', 'rightsize', 'users'], htmlRightsize(rightsizeOf(run, html.now))),
};

export async function runReport(options: ReportOptions, io: Io, preloaded?: AuditConfig): Promise<Outcome> {
  const history = options.history.length > 0 ? await readHistory(io.cwd, options.history, io.stop) : undefined;
  const snapshots = history?.snapshots;
  const output = openOutput(io, options);
  for (const warning of history?.warnings ?? []) output.log.warn(warning);
  // The report holds right-sizing and Looker's own count too: the System Activity reads (12 calls, 6 of them
  // queries), logins only and no comparison without them.
  const run = await auditAll({ ...options, readUsage: {}, readLookerFlags: true }, output, preloaded, history?.files);
  const html: HtmlInput = {
    report: run.report,
    config: run.config,
    now: io.now(),
    inactiveDays: options.inactiveDays ?? run.config.inactiveDays,
    history: snapshots === undefined ? undefined : seatHistory(snapshots, run.report),
    usersNote: undefined,
    lookerFlags: run.lookerFlags,
  };
  await writeReport(output, run, await RENDERERS[options.format]({ run, html }));
  return outcomeOf(run.failures);
}
