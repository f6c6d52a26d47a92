/**
 * Each user's usage view from a run that read usage (users --usage, explain --usage). Its own file: the commands
 * that use it need none of rightsize's report code.
 */
import { userUsageView } from '../../audit/rightsize.js';
import type { UsageLookup } from '../../report/usage.js';
import type { AuditRun } from './audit-all.js';

/** Each user's usage view from a run that read usage (users --usage, explain --usage). */
export function usageLookupOf(run: AuditRun, now: Date): UsageLookup {
  const settings = { now, usageDays: run.usageDays, prices: run.config.prices };
  return (account, user) => {
    const input = run.usage.get(account);
    return input === undefined ? null : userUsageView(user, input, settings);
  };
}
