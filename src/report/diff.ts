/**
 * The `diff` result as a table, JSON or CSV. PURE.
 *
 * Table and CSV: one row per change, `change` one of user_added, user_removed, tier_raised, tier_lowered,
 * status_changed, role_tier_changed, account_added, account_removed, account_not_compared. A role tier that the
 * snapshot only bounds prints as `<=standard` (see audit/diff.ts for what a snapshot can tell about roles).
 *
 * JSON (schema_version 1):
 *   { "schema_version": 1, "old": { "generated_at", "rules" }, "new": { "generated_at", "rules" }, "changes": n,
 *     "accounts": [ { "name", "status": "compared"|"added"|"removed"|"not_compared", "error"?: string,
 *                     "url_changed"?: { "from", "to" } (users then matched by email only),
 *                     "user_count"?: n (added/removed accounts), "users_added": [user], "users_removed": [user],
 *                     "tier_changes": [ { "id", "email", "name", "from", "to", "direction", "reason" } ],
 *                     "status_changes": [ { "id", "email", "name", "from", "to" } ],
 *                     "role_tier_changes": [ { "role", "from", "from_exact", "to", "to_exact" } ] } ] }
 *   with user = { "id", "email", "name", "license", "status", "reason" }.
 */
import type { AccountDiff, RoleTier, SnapshotDiff } from '../audit/diff.js';
import { plural } from '../counts.js';
import type { Tier } from '../vocabulary.js';
import { renderCsv, type CsvCell } from './csv.js';
import { jsonChunks, stringifyJson } from './json.js';
import { sanitize } from '../sanitize.js';
import { renderTable, tierColor, type TableOptions } from './table.js';

export type DiffChange =
  | 'user_added'
  | 'user_removed'
  | 'tier_raised'
  | 'tier_lowered'
  | 'status_changed'
  | 'role_tier_changed'
  | 'account_added'
  | 'account_removed'
  | 'account_not_compared';

export interface DiffRow {
  readonly account: string;
  readonly change: DiffChange;
  readonly userId: string | null;
  readonly email: string | null;
  readonly name: string | null;
  readonly role: string | null;
  readonly from: string | null;
  readonly to: string | null;
  /** The tier the row is about, for colour (the new one where there is one). */
  readonly tier: Tier | null;
  readonly detail: string | null;
}

function roleTierText(t: RoleTier): string {
  return t.exact ? t.tier : `<=${t.tier}`;
}

const none = {
  userId: null,
  email: null,
  name: null,
  role: null,
  from: null,
  to: null,
  tier: null,
  detail: null,
} as const;

function accountRows(a: AccountDiff): DiffRow[] {
  const account = a.account;
  if (a.status === 'added')
    return [
      { ...none, account, change: 'account_added', detail: `only in the new snapshot (${a.userCount ?? 0} users)` },
    ];
  if (a.status === 'removed')
    return [
      { ...none, account, change: 'account_removed', detail: `only in the old snapshot (${a.userCount ?? 0} users)` },
    ];
  if (a.status === 'not_compared') return [{ ...none, account, change: 'account_not_compared', detail: a.error }];
  return [
    ...a.added.map((u): DiffRow => ({
      ...none,
      account,
      change: 'user_added',
      userId: u.id,
      email: u.email,
      name: u.name,
      to: u.license,
      tier: u.license,
      detail: u.reason,
    })),
    ...a.removed.map((u): DiffRow => ({
      ...none,
      account,
      change: 'user_removed',
      userId: u.id,
      email: u.email,
      name: u.name,
      from: u.license,
      tier: u.license,
      detail: u.reason,
    })),
    ...a.tierChanges.map((u): DiffRow => ({
      ...none,
      account,
      change: u.direction === 'raised' ? 'tier_raised' : 'tier_lowered',
      userId: u.id,
      email: u.email,
      name: u.name,
      from: u.from,
      to: u.to,
      tier: u.to,
      detail: u.reason,
    })),
    ...a.statusChanges.map((u): DiffRow => ({
      ...none,
      account,
      change: 'status_changed',
      userId: u.id,
      email: u.email,
      name: u.name,
      from: u.from,
      to: u.to,
    })),
    ...a.roleTierChanges.map((r): DiffRow => ({
      ...none,
      account,
      change: 'role_tier_changed',
      role: r.role,
      from: roleTierText(r.from),
      to: roleTierText(r.to),
      tier: r.to.tier,
    })),
  ];
}

export function diffRows(diff: SnapshotDiff): DiffRow[] {
  return diff.accounts.flatMap(accountRows);
}

export function renderDiffTable(diff: SnapshotDiff, options: TableOptions): string {
  const rows = diffRows(diff);
  const header = `Changes from ${sanitize(diff.old.generatedAt)} to ${sanitize(diff.new.generatedAt)}`;
  const rulesNote =
    diff.old.rules === diff.new.rules
      ? ''
      : `note: the snapshots use different rule sets (${sanitize(diff.old.rules)} -> ${sanitize(diff.new.rules)}): tiers may differ for that reason alone\n`;
  const urlNotes = diff.accounts
    .filter((a) => a.urlChange !== null)
    .map(
      (a) =>
        `note: account "${sanitize(a.account)}" changed URL (${sanitize(a.urlChange?.from ?? '')} -> ${sanitize(a.urlChange?.to ?? '')}): its users were matched by email only\n`,
    )
    .join('');
  const notes = `${rulesNote}${urlNotes}`;
  if (rows.length === 0) return `${header}: no changes\n${notes}`;
  const multi = diff.accounts.length > 1;
  const table = renderTable<DiffRow>(
    [
      ...(multi ? [{ header: 'account', value: (r: DiffRow) => r.account, min: 8, priority: 1 }] : []),
      { header: 'change', value: (r) => r.change, min: 12, priority: 1 },
      {
        header: 'user / role',
        value: (r) => r.role ?? r.email ?? (r.userId === null ? '' : `user ${r.userId}`),
        min: 12,
        priority: 1,
      },
      { header: 'from', value: (r) => r.from ?? '', min: 8, priority: 1 },
      {
        header: 'to',
        value: (r) => r.to ?? '',
        min: 8,
        priority: 1,
        color: (t, r, c) => (r.tier === null ? t : tierColor(r.tier, c)(t)),
      },
      { header: 'detail', value: (r) => r.detail ?? '', min: 20, priority: 3 },
    ],
    rows,
    options,
  );
  return `${header}: ${plural(rows.length, 'change')}\n${notes}${table}`;
}

export const DIFF_CSV_COLUMNS = [
  'account',
  'change',
  'user_id',
  'email',
  'name',
  'role',
  'from',
  'to',
  'detail',
] as const;

export function renderDiffCsv(diff: SnapshotDiff): string {
  const rows = diffRows(diff).map((r): CsvCell[] => [
    r.account,
    r.change,
    r.userId,
    r.email,
    r.name,
    r.role,
    r.from,
    r.to,
    r.detail,
  ]);
  return renderCsv(DIFF_CSV_COLUMNS, rows);
}

function diffJsonDocument(diff: SnapshotDiff) {
  const user = (u: AccountDiff['added'][number]) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    license: u.license,
    status: u.status,
    reason: u.reason,
  });
  return {
    schema_version: 1,
    old: { generated_at: diff.old.generatedAt, rules: diff.old.rules },
    new: { generated_at: diff.new.generatedAt, rules: diff.new.rules },
    changes: diff.changes,
    accounts: diff.accounts.map((a) => ({
      name: a.account,
      status: a.status,
      ...(a.error === null ? {} : { error: a.error }),
      ...(a.urlChange === null ? {} : { url_changed: { from: a.urlChange.from, to: a.urlChange.to } }),
      ...(a.userCount === null ? {} : { user_count: a.userCount }),
      users_added: a.added.map(user),
      users_removed: a.removed.map(user),
      tier_changes: a.tierChanges.map((c) => ({
        id: c.id,
        email: c.email,
        name: c.name,
        from: c.from,
        to: c.to,
        direction: c.direction,
        reason: c.reason,
      })),
      status_changes: a.statusChanges.map((c) => ({ id: c.id, email: c.email, name: c.name, from: c.from, to: c.to })),
      role_tier_changes: a.roleTierChanges.map((r) => ({
        role: r.role,
        from: r.from.tier,
        from_exact: r.from.exact,
        to: r.to.tier,
        to_exact: r.to.exact,
      })),
    })),
  };
}

export function renderDiffJson(diff: SnapshotDiff): string {
  return stringifyJson(diffJsonDocument(diff));
}

/** The same text in pieces (two snapshots of an org that was rebuilt differ by every user). */
export function diffJsonChunks(diff: SnapshotDiff): Iterable<string> {
  return jsonChunks(diffJsonDocument(diff));
}
