/**
 * The right-sizing of an audit run that read usage: what `rightsize` reports, and the section of the HTML report
 * (`report`, `rightsize -f html`).
 */
import { buildRightsizeReport, rightsizeAccount, type RightsizeReport } from '../../audit/rightsize.js';
import type { HtmlRightsize } from '../../report/index.js';
import type { AuditRun } from './audit-all.js';

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
