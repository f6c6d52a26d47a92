/**
 * Usage beside the seat audit: `users --usage` (a `usage` object per user in JSON, columns in CSV and the table)
 * and `explain --usage` (the usage and the right-sizing evidence). Pure.
 */
import { lowerTierOf, type UserUsageView } from '../audit/rightsize.js';
import type { UserUsage } from '../audit/usage.js';
import type { AuditedUser } from '../audit/types.js';
import type { CsvCell } from './csv.js';
import type { ExplainExtra } from './explain.js';
import type { Column } from './table.js';
import type { UserRow } from './users.js';
import type { ExtraCsvColumns } from './users-csv.js';

/** A user's usage view, or null when usage was not read for the account (it failed). */
export type UsageLookup = (account: string, user: AuditedUser) => UserUsageView | null;

export interface UsageJson {
  readonly last_developer_use: string | null;
  readonly last_creator_use: string | null;
  readonly last_viewer_use: string | null;
  readonly last_api_login: string | null;
  readonly query_count: number;
}

/** null for an account with logins only (its usage is unknown, not zero). */
export function usageJson(u: UserUsage | null): UsageJson | null {
  if (u === null) return null;
  return {
    last_developer_use: u.lastDeveloperUse,
    last_creator_use: u.lastCreatorUse,
    last_viewer_use: u.lastViewerUse,
    last_api_login: u.lastApiLogin ?? null,
    query_count: u.queryCount,
  };
}

export const USAGE_CSV_COLUMNS = [
  'last_developer_use',
  'last_creator_use',
  'last_viewer_use',
  'last_api_login',
  'query_count',
] as const;

export function usageCsvColumns(lookup: UsageLookup): ExtraCsvColumns {
  return {
    columns: USAGE_CSV_COLUMNS,
    cells: (account, user): CsvCell[] => {
      const u = usageJson(lookup(account, user)?.usage ?? null);
      return u === null
        ? [null, null, null, null, null]
        : [u.last_developer_use, u.last_creator_use, u.last_viewer_use, u.last_api_login, u.query_count];
    },
  };
}

export function usageTableColumns(lookup: UsageLookup): Column<UserRow>[] {
  const of = (r: UserRow) => lookup(r.account, r.user)?.usage ?? null;
  const date = (pick: (u: UserUsage) => string | null | undefined) => (r: UserRow) => {
    const u = of(r);
    return u === null ? '?' : (pick(u) ?? '-');
  };
  return [
    { header: 'developer use', value: date((u) => u.lastDeveloperUse), min: 10, priority: 6 },
    { header: 'creator use', value: date((u) => u.lastCreatorUse), min: 10, priority: 6 },
    { header: 'viewer use', value: date((u) => u.lastViewerUse), min: 10, priority: 7 },
    {
      header: 'queries',
      value: (r) => {
        const u = of(r);
        return u === null ? '?' : String(u.queryCount);
      },
      min: 7,
      priority: 6,
      align: 'right',
    },
  ];
}

function usageLines(view: UserUsageView): string[] {
  const window = `last ${view.usageDays} days`;
  const u = view.usage;
  const lines: string[] = [];
  if (u === null) lines.push(`usage: unknown (logins only: System Activity could not be read), ${window}`);
  else {
    const parts = [
      `last developer use ${u.lastDeveloperUse ?? 'none'}`,
      `last creator use ${u.lastCreatorUse ?? 'none'}`,
      `last viewer use ${u.lastViewerUse ?? 'none'}`,
      `${u.queryCount} queries${u.bySource.length > 0 ? ` (${u.bySource.map((s) => `${s.source} ${s.queries}`).join(', ')})` : ''}`,
      u.gitEvents === null ? 'git events unknown' : `${u.gitEvents} git events`,
      `last API login ${u.lastApiLogin === undefined ? 'unknown' : (u.lastApiLogin ?? 'never')}`,
    ];
    lines.push(`usage (System Activity, ${window}${view.asOf ? `, as of ${view.asOf}` : ''}): ${parts.join('; ')}`);
  }
  const r = view.recommendation;
  if (!view.judged) lines.push('right-sizing: not judged (no seat, no tier, or the API user the audit logs in as)');
  else if (r === null) lines.push('right-sizing: the seat matches the use');
  else
    lines.push(
      `right-sizing: ${lowerTierOf(r.to) === null ? 'reclaim the seat' : `downgrade to ${r.to}`}${r.yearlySaving === null ? '' : ` (saves ${r.yearlySaving} a year)`}: ${r.evidence}`,
    );
  return lines;
}

export function explainUsage(lookup: UsageLookup): ExplainExtra {
  return {
    lines: (m) => {
      const view = lookup(m.account, m.user);
      return view === null ? [] : usageLines(view);
    },
    json: (m) => {
      const view = lookup(m.account, m.user);
      if (view === null) return {};
      const r = view.recommendation;
      return {
        usage_source: view.source,
        usage: usageJson(view.usage),
        rightsize: r === null ? null : { to: r.to, evidence: r.evidence, yearly_saving: r.yearlySaving },
      };
    },
  };
}
