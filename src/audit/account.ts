/**
 * One account's audit: RawSnapshot + rule set -> AccountAudit. Pure and deterministic (no clock).
 */
import type { LookerRole, LookerUser, RawSnapshot } from '../looker/types.js';
import { createAccessResolver, type AccessLists, type AccessResolver } from './grants.js';
import type { LookerFlagsIndex } from './looker-flags.js';
import type { RuleSet } from './rules.js';
import type { AccountAudit, AuditedUser } from './types.js';
import { zeroCounts } from './types.js';
import { countsTowardSeats, displayName, isoTime, lastLoginAt, userKind, userStatus } from './user-facts.js';
import { auditGroups, auditRoles } from './roles-groups.js';

function addTo(counts: Map<string, number>, ids: readonly string[], n: number): void {
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + n);
}

/**
 * One page of users as looker/paginate.ts yields it: a later pass replaces every page of an earlier one, and no id
 * comes twice within a pass (the paginator drops a repeated id from its later page).
 */
export interface UsersPage {
  readonly pass: number;
  readonly index: number;
  readonly rows: readonly LookerUser[];
}

/** What the audit needs of an account besides its lists and users. */
export type AccountFacts = Pick<RawSnapshot, 'account' | 'url' | 'lookerRelease' | 'apiCalls'>;

/**
 * An account audited while its pages are still arriving: the lists first (or last), then each page of users,
 * then `finish`. Each page is audited as it lands (in page order, once the lists are in), during the wait for the
 * next pages, so `finish` only adds up the roles and groups (measured: the audit of 20,000 users at the end was
 * 100 ms of tail after the last page). Users are collected by pass and page index, never appended: a page read
 * again (paginate.ts re-reads a list that moved) starts the pass over, so nobody is counted twice.
 */
export interface AccountAuditor {
  /**
   * The users of the pages that came before the lists, audited now, in page order. `lookerFlags`: Looker's own
   * flags, required by a rule set that tiers users by them (RuleSet.fromLookerFlags).
   */
  addLists(lists: AccessLists, lookerFlags?: LookerFlagsIndex): readonly AuditedUser[];
  /** The users of this page and of any earlier-held ones audited now, in page order (none until the lists). */
  addUsers(page: UsersPage): readonly AuditedUser[];
  finish(facts: AccountFacts): AccountAudit;
}

/** The audited users of one pass so far, with what their seats and accesses add up to. */
interface PassTally {
  readonly users: AuditedUser[];
  readonly holders: number[];
  readonly seats: ReturnType<typeof zeroCounts>;
}

const newTally = (): PassTally => ({ users: [], holders: [], seats: zeroCounts() });

export function startAccountAudit(rules: RuleSet): AccountAuditor {
  let lists: AccessLists | undefined;
  let resolver: AccessResolver | undefined;
  let flags: LookerFlagsIndex | undefined;
  let pass = 0;
  // Pages that arrived ahead of their turn (or before the lists), by index.
  let waiting: (readonly LookerUser[] | undefined)[] = [];
  let nextIndex = 0;
  let tally = newTally();
  let finished = false;
  /** Audits the waiting pages that are next in order. */
  const drain = (): AuditedUser[] => {
    if (resolver === undefined) return [];
    const from = tally.users.length;
    for (let rows = waiting[nextIndex]; rows !== undefined; rows = waiting[nextIndex]) {
      waiting[nextIndex++] = undefined;
      tallyUsers(tally, rows, resolver, flags);
    }
    return tally.users.slice(from);
  };
  return {
    addLists(given, lookerFlags) {
      if (lists !== undefined) throw new Error('startAccountAudit: the lists were already given');
      flags = flagsFor(rules, lookerFlags);
      lists = given;
      resolver = createAccessResolver(given, rules);
      return drain();
    },
    addUsers(page) {
      if (page.pass < pass) return [];
      if (page.pass > pass) {
        pass = page.pass;
        waiting = [];
        nextIndex = 0;
        tally = newTally();
      }
      if (page.index < nextIndex) return [];
      waiting[page.index] = page.rows;
      return drain();
    },
    finish(facts) {
      if (lists === undefined || resolver === undefined) throw new Error('startAccountAudit: finish before the lists');
      if (finished) throw new Error('startAccountAudit: finished twice');
      finished = true;
      // Pages after a gap (none from paginate.ts, which yields in order) are audited now, still in page order.
      for (let index = nextIndex; index < waiting.length; index++) {
        const rows = waiting[index];
        if (rows !== undefined) tallyUsers(tally, rows, resolver, flags);
      }
      return accountOf(facts, lists, tally, resolver, rules);
    },
  };
}

/**
 * A whole snapshot at once (a snapshot file, tests): the same audit as one fed page by page
 * (test/audit/incremental.test.ts), in one pass over the users. A snapshot's users are taken as they are: one
 * from looker/ is de-duplicated already.
 */
export function auditAccount(snapshot: RawSnapshot, rules: RuleSet, lookerFlags?: LookerFlagsIndex): AccountAudit {
  const resolver = createAccessResolver(snapshot, rules);
  const tally = newTally();
  tallyUsers(tally, snapshot.users, resolver, flagsFor(rules, lookerFlags));
  return accountOf(snapshot, snapshot, tally, resolver, rules);
}

/** The flags that decide users' tiers: only under a rule set made of them, which cannot do without them. */
function flagsFor(rules: RuleSet, lookerFlags: LookerFlagsIndex | undefined): LookerFlagsIndex | undefined {
  if (rules.fromLookerFlags !== true) return undefined;
  if (lookerFlags === undefined) throw new Error(`the ${rules.name} rule set needs Looker's own flags`);
  return lookerFlags;
}

/**
 * `flags`: the rule set tiers users by Looker's own flags, so the tier and the reason are the flags' (the grants
 * stay, for `explain`: they say which roles carry the permissions the flags follow from).
 */
function tallyUsers(
  tally: PassTally,
  rows: readonly LookerUser[],
  resolver: AccessResolver,
  flags: LookerFlagsIndex | undefined,
): void {
  const { users, holders, seats } = tally;
  for (const user of rows) {
    const access = resolver.accessOf(user);
    while (holders.length <= access.serial) holders.push(0);
    holders[access.serial] = (holders[access.serial] as number) + 1;
    const status = userStatus(user);
    const kind = userKind(user, access.holdsSupportRole);
    const counts = countsTowardSeats(status, kind);
    const verdict = flags?.verdictOf(user.id);
    const license = verdict === undefined ? access.license : verdict.tier;
    if (counts) seats[license] += 1;
    // roles, groups, reason and grants are the Access's own arrays and text, shared by its holders.
    users.push({
      id: user.id,
      email: user.email,
      name: displayName(user),
      status,
      kind,
      license,
      countsTowardSeats: counts,
      roles: access.roles,
      groups: access.groups,
      lastLoginAt: lastLoginAt(user.loginTimes),
      createdAt: isoTime(user.createdAt),
      reason: verdict === undefined ? access.reason : verdict.reason,
      grants: access.grants,
    });
  }
}

function accountOf(
  snapshot: AccountFacts,
  lists: AccessLists,
  tally: PassTally,
  resolver: AccessResolver,
  rules: RuleSet,
): AccountAudit {
  const { holders } = tally;
  const roleUsers = new Map<string, number>();
  const directMembers = new Map<string, number>();
  const effectiveMembers = new Map<string, number>();
  for (const access of resolver.accesses) {
    const n = holders[access.serial] ?? 0;
    if (n === 0) continue;
    addTo(roleUsers, access.roleIds, n);
    addTo(directMembers, access.groupIds, n);
    addTo(effectiveMembers, access.effectiveGroupIds, n);
  }

  const rolesById = new Map<string, LookerRole>(lists.roles.map((r) => [r.id, r]));
  return {
    name: snapshot.account,
    url: snapshot.url,
    apiCalls: snapshot.apiCalls,
    lookerRelease: snapshot.lookerRelease,
    error: null,
    seats: tally.seats,
    users: tally.users,
    roles: auditRoles(lists.roles, rules, roleUsers),
    groups: auditGroups(lists.groups, rolesById, resolver.graph, directMembers, effectiveMembers),
  };
}

/** An account that could not be audited: named in every output, with its error and the calls it spent. */
export function failedAccount(name: string, url: string, message: string, apiCalls: number): AccountAudit {
  return {
    name,
    url,
    apiCalls,
    lookerRelease: null,
    error: message,
    seats: zeroCounts(),
    users: [],
    roles: [],
    groups: [],
  };
}
