/**
 * Each user's tier under Looker's own flags, from a run that read them (`--compare`, the system-activity rule set).
 * Its own file, like usage-lookup.ts: the commands that use it need nothing else of the comparison.
 */
import type { LookerLookup } from '../../report/looker-verdict.js';
import type { AuditRun } from './audit-all.js';

export function lookerLookupOf(run: AuditRun): LookerLookup {
  return (account, user) => {
    const input = run.lookerFlags.get(account);
    return input?.kind === 'read' ? input.index.verdictOf(user.id) : null;
  };
}
