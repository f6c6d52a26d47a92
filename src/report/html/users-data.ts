/**
 * The users table's data, as compact JSON for the page's script. A table of 20,000 users as HTML rows is about
 * 3.8 MB and takes the browser 5-10 s; as JSON objects 4 MB. Stored as columns, with every value that repeats
 * (account, kind, tier, role and group lists, login dates, reasons, evidence) replaced by an index into a list of
 * its distinct values, it is about 1.2 MB and ready in well under a second (shared/notes/html-report.md).
 *
 * Every string is sanitised here (control and bidi characters removed); the page sets it with textContent only.
 */
import type { AccountAudit, AuditedUser } from '../../audit/types.js';
import { TIERS, USER_KINDS, USER_STATUSES } from '../../vocabulary.js';
import { sanitize } from '../sanitize.js';
import type { HtmlRecommendation, HtmlRightsize } from './model.js';

/** Distinct values and their index, in order of first appearance. */
class Lookup {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  of(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

/** The shape the page script reads (page-script.ts). Index -1 = no value. */
export interface UsersData {
  readonly n: number;
  readonly tiers: readonly string[];
  readonly kinds: readonly string[];
  readonly statuses: readonly string[];
  readonly accounts: readonly string[];
  readonly lists: readonly string[];
  readonly dates: readonly string[];
  readonly texts: readonly string[];
  readonly recs: readonly string[];
  readonly cols: {
    readonly account: readonly number[];
    readonly id: readonly string[];
    readonly email: readonly string[];
    readonly name: readonly string[];
    readonly status: readonly number[];
    readonly kind: readonly number[];
    readonly tier: readonly number[];
    readonly roles: readonly number[];
    readonly groups: readonly number[];
    readonly last: readonly number[];
    readonly reason: readonly number[];
    /** Index into recs (the recommendation: `reclaim`, `to viewer`, ...), -1 without one. */
    readonly rec: readonly number[];
    /** Index into texts (the recommendation's evidence), -1 without one. */
    readonly evidence: readonly number[];
  };
}

const key = (account: string, userId: string) => `${account}\u0000${userId}`;

export function usersData(accounts: readonly AccountAudit[], rightsize?: HtmlRightsize): UsersData {
  const recommendations = new Map<string, HtmlRecommendation>();
  for (const a of rightsize?.accounts ?? [])
    for (const r of a.recommendations) recommendations.set(key(a.account, r.userId), r);

  const accountNames = new Lookup();
  const lists = new Lookup();
  const dates = new Lookup();
  const texts = new Lookup();
  const recs = new Lookup();
  const cols = {
    account: [] as number[],
    id: [] as string[],
    email: [] as string[],
    name: [] as string[],
    status: [] as number[],
    kind: [] as number[],
    tier: [] as number[],
    roles: [] as number[],
    groups: [] as number[],
    last: [] as number[],
    reason: [] as number[],
    rec: [] as number[],
    evidence: [] as number[],
  };
  // Role and group lists repeat far more often than their members vary: one joined string per distinct list.
  const listCache = new Map<readonly string[], number>();
  const listOf = (values: readonly string[]): number => {
    let i = listCache.get(values);
    if (i === undefined) {
      i = lists.of(values.map(sanitize).join(', '));
      listCache.set(values, i);
    }
    return i;
  };
  const push = (account: AccountAudit, accountIndex: number, u: AuditedUser) => {
    cols.account.push(accountIndex);
    cols.id.push(sanitize(u.id));
    cols.email.push(u.email === null ? '' : sanitize(u.email));
    cols.name.push(sanitize(u.name));
    cols.status.push(USER_STATUSES.indexOf(u.status));
    cols.kind.push(USER_KINDS.indexOf(u.kind));
    cols.tier.push(TIERS.indexOf(u.license));
    cols.roles.push(listOf(u.roles));
    cols.groups.push(listOf(u.groups));
    cols.last.push(u.lastLoginAt === null ? -1 : dates.of(u.lastLoginAt.slice(0, 10)));
    cols.reason.push(texts.of(sanitize(u.reason)));
    const r = recommendations.get(key(account.name, u.id));
    cols.rec.push(r === undefined ? -1 : recs.of(r.to === 'reclaim' ? 'reclaim' : `to ${r.to}`));
    cols.evidence.push(r === undefined ? -1 : texts.of(sanitize(r.evidence)));
  };
  for (const account of accounts) {
    const accountIndex = accountNames.of(sanitize(account.name));
    for (const u of account.users) push(account, accountIndex, u);
  }
  return {
    n: cols.id.length,
    tiers: TIERS,
    kinds: USER_KINDS,
    statuses: USER_STATUSES,
    accounts: accountNames.values,
    lists: lists.values,
    dates: dates.values,
    texts: texts.values,
    recs: recs.values,
    cols,
  };
}
