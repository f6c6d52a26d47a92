/**
 * The users table's data, as compact JSON for the page's script. A table of 20,000 users as HTML rows is about
 * 3.8 MB and takes the browser 5-10 s; as JSON objects 4 MB. Stored as columns, with every value that repeats
 * (account, kind, tier, role and group lists, login dates, reasons, evidence) replaced by an index into a list of
 * its distinct values, it is about 1.2 MB and ready in well under a second (BENCHMARKS.md, "HTML report").
 *
 * Every string is sanitised here (control and bidi characters removed); the page sets it with textContent only.
 */
import type { AccountAudit, AuditedUser } from '../../audit/types.js';
import { TIERS, USER_KINDS, USER_STATUSES } from '../../vocabulary.js';
import { sanitize } from '../../sanitize.js';
import { recommendationLabel, type HtmlRecommendation, type HtmlRightsize } from './model.js';

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

/**
 * A column of small whole numbers: a string with one base-36 digit per row when every value is 0-35 (tiers, kinds,
 * statuses, most accounts and domains: half the bytes of a JSON array), `''` when every value is -1 (no
 * recommendation anywhere), else the numbers. page-script.ts decodes the same three forms.
 */
export type IntColumn = string | readonly number[];

export function intColumn(values: readonly number[]): IntColumn {
  if (values.every((v) => v === -1)) return '';
  if (values.every((v) => v >= 0 && v < 36)) return values.map((v) => v.toString(36)).join('');
  return values;
}

/** The shape the page script reads (page-script.ts). Index -1 = no value. */
export interface UsersData {
  readonly n: number;
  readonly tiers: readonly string[];
  readonly kinds: readonly string[];
  readonly statuses: readonly string[];
  readonly accounts: readonly string[];
  /** Email domains (the part after the last `@`), `''` for none. */
  readonly domains: readonly string[];
  /** Role and group names. */
  readonly names: readonly string[];
  /** Distinct role or group lists, each the indexes into `names` joined by `,`. */
  readonly lists: readonly string[];
  readonly dates: readonly string[];
  readonly texts: readonly string[];
  readonly recs: readonly string[];
  readonly cols: {
    readonly account: IntColumn;
    readonly id: readonly string[];
    /** The email before its domain (the whole email when it has no `@`). */
    readonly local: readonly string[];
    readonly domain: IntColumn;
    readonly name: readonly string[];
    readonly status: IntColumn;
    readonly kind: IntColumn;
    readonly tier: IntColumn;
    readonly roles: IntColumn;
    readonly groups: IntColumn;
    readonly last: IntColumn;
    readonly reason: IntColumn;
    /** Index into recs (the recommendation: `reclaim`, `to viewer`, ...), -1 without one. */
    readonly rec: IntColumn;
    /** Index into texts (the recommendation's evidence), -1 without one. */
    readonly evidence: IntColumn;
  };
}

const key = (account: string, userId: string) => `${account}\u0000${userId}`;

export function usersData(accounts: readonly AccountAudit[], rightsize?: HtmlRightsize): UsersData {
  const recommendations = new Map<string, HtmlRecommendation>();
  for (const a of rightsize?.accounts ?? [])
    for (const r of a.recommendations) recommendations.set(key(a.account, r.userId), r);

  const accountNames = new Lookup();
  const domains = new Lookup();
  const names = new Lookup();
  const lists = new Lookup();
  const dates = new Lookup();
  const texts = new Lookup();
  const recs = new Lookup();
  const ints = {
    account: [] as number[],
    domain: [] as number[],
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
  const id: string[] = [];
  const local: string[] = [];
  const name: string[] = [];
  // Role and group lists repeat far more often than their members vary: one entry per distinct list.
  const listCache = new Map<readonly string[], number>();
  const listOf = (values: readonly string[]): number => {
    let i = listCache.get(values);
    if (i === undefined) {
      i = lists.of(values.map((v) => names.of(sanitize(v))).join(','));
      listCache.set(values, i);
    }
    return i;
  };
  const push = (account: AccountAudit, accountIndex: number, u: AuditedUser) => {
    const email = u.email === null ? '' : sanitize(u.email);
    const at = email.lastIndexOf('@');
    ints.account.push(accountIndex);
    id.push(sanitize(u.id));
    local.push(at < 0 ? email : email.slice(0, at));
    ints.domain.push(domains.of(at < 0 ? '' : email.slice(at + 1)));
    name.push(sanitize(u.name));
    ints.status.push(USER_STATUSES.indexOf(u.status));
    ints.kind.push(USER_KINDS.indexOf(u.kind));
    ints.tier.push(TIERS.indexOf(u.license));
    ints.roles.push(listOf(u.roles));
    ints.groups.push(listOf(u.groups));
    ints.last.push(u.lastLoginAt === null ? -1 : dates.of(u.lastLoginAt.slice(0, 10)));
    ints.reason.push(texts.of(sanitize(u.reason)));
    const r = recommendations.get(key(account.name, u.id));
    ints.rec.push(r === undefined ? -1 : recs.of(recommendationLabel(r.to)));
    ints.evidence.push(r === undefined ? -1 : texts.of(sanitize(r.evidence)));
  };
  for (const account of accounts) {
    const accountIndex = accountNames.of(sanitize(account.name));
    for (const u of account.users) push(account, accountIndex, u);
  }
  return {
    n: id.length,
    tiers: TIERS,
    kinds: USER_KINDS,
    statuses: USER_STATUSES,
    accounts: accountNames.values,
    domains: domains.values,
    names: names.values,
    lists: lists.values,
    dates: dates.values,
    texts: texts.values,
    recs: recs.values,
    cols: {
      account: intColumn(ints.account),
      id,
      local,
      domain: intColumn(ints.domain),
      name,
      status: intColumn(ints.status),
      kind: intColumn(ints.kind),
      tier: intColumn(ints.tier),
      roles: intColumn(ints.roles),
      groups: intColumn(ints.groups),
      last: intColumn(ints.last),
      reason: intColumn(ints.reason),
      rec: intColumn(ints.rec),
      evidence: intColumn(ints.evidence),
    },
  };
}
