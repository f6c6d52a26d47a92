/**
 * One account's audit: RawSnapshot + rule set -> AccountAudit. Pure and deterministic (no clock).
 */
import type { LookerRole, LookerUser, RawSnapshot } from '../looker/types.js';
import { createAccessResolver, type AccessLists, type AccessResolver } from './grants.js';
import type { RuleSet } from './rules.js';
import type { AccountAudit, AuditedUser } from './types.js';
import { zeroCounts } from './types.js';
import { countsTowardSeats, displayName, isoTime, lastLoginAt, userKind, userStatus } from './user-facts.js';
import { auditGroups, auditRoles } from './roles-groups.js';

function addTo(counts: Map<string, number>, ids: readonly string[], n: number): void {
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + n);
}

/** One page of users as looker/paginate.ts yields it: a later pass replaces every page of an earlier one. */
export interface UsersPage {
  readonly pass: number;
  readonly index: number;
  readonly rows: readonly LookerUser[];
}

/** What the audit needs of an account besides its lists and users. */
export type AccountFacts = Pick<RawSnapshot, 'account' | 'url' | 'lookerRelease' | 'apiCalls'>;

/**
 * An account audited while its pages are still arriving: the lists first (or last), then each page of users,
 * then `finish`. Each page is run through the access resolver as it lands, during the wait for the next pages,
 * so `finish` finds most combinations already computed. Users are collected by pass and page index, never
 * appended: a page read again (paginate.ts re-reads a list that moved) replaces the earlier read, so nobody is
 * counted twice; ids repeated across pages count once (first seen wins, as paginate.ts de-duplicates).
 */
export interface AccountAuditor {
  addLists(lists: AccessLists): void;
  addUsers(page: UsersPage): void;
  finish(facts: AccountFacts): AccountAudit;
}

export function startAccountAudit(rules: RuleSet): AccountAuditor {
  let lists: AccessLists | undefined;
  let resolver: AccessResolver | undefined;
  let pass = 0;
  let byIndex: (readonly LookerUser[])[] = [];
  let finished = false;
  const resolve = (rows: readonly LookerUser[]) => {
    for (const user of rows) resolver?.accessOf(user);
  };
  return {
    addLists(given) {
      if (lists !== undefined) throw new Error('startAccountAudit: the lists were already given');
      lists = given;
      resolver = createAccessResolver(given, rules);
      for (const rows of byIndex) if (rows) resolve(rows);
    },
    addUsers(page) {
      if (page.pass < pass) return;
      if (page.pass > pass) {
        pass = page.pass;
        byIndex = [];
      }
      byIndex[page.index] = page.rows;
      resolve(page.rows);
    },
    finish(facts) {
      if (lists === undefined || resolver === undefined) throw new Error('startAccountAudit: finish before the lists');
      if (finished) throw new Error('startAccountAudit: finished twice');
      finished = true;
      return auditUsers(facts, lists, uniqueById(byIndex), rules, resolver);
    },
  };
}

function uniqueById(pages: readonly (readonly LookerUser[] | undefined)[]): LookerUser[] {
  const seen = new Set<string>();
  const out: LookerUser[] = [];
  for (const rows of pages)
    for (const user of rows ?? []) {
      // An empty id is none (looker/narrow.ts): such rows are kept, as paginate.ts keeps them.
      if (user.id !== '') {
        if (seen.has(user.id)) continue;
        seen.add(user.id);
      }
      out.push(user);
    }
  return out;
}

/**
 * A whole snapshot at once (a snapshot file, tests): the same audit as one fed page by page
 * (test/audit/incremental.test.ts), in one pass over the users. A snapshot's users are taken as they are: one
 * from looker/ is de-duplicated already.
 */
export function auditAccount(snapshot: RawSnapshot, rules: RuleSet): AccountAudit {
  return auditUsers(snapshot, snapshot, snapshot.users, rules, createAccessResolver(snapshot, rules));
}

function auditUsers(
  snapshot: AccountFacts,
  lists: AccessLists,
  snapshotUsers: readonly LookerUser[],
  rules: RuleSet,
  resolver: AccessResolver,
): AccountAudit {
  // Holders per Access, by serial (an array: a Map keyed by objects costs more per user).
  const holders: number[] = resolver.accesses.map(() => 0);
  const seats = zeroCounts();

  const users = snapshotUsers.map((user): AuditedUser => {
    const access = resolver.accessOf(user);
    while (holders.length <= access.serial) holders.push(0);
    holders[access.serial] = (holders[access.serial] as number) + 1;
    const status = userStatus(user);
    const kind = userKind(user, access.holdsSupportRole);
    const counts = countsTowardSeats(status, kind);
    if (counts) seats[access.license] += 1;
    // roles, groups, reason and grants are the Access's own arrays and text, shared by its holders.
    return {
      id: user.id,
      email: user.email,
      name: displayName(user),
      status,
      kind,
      license: access.license,
      countsTowardSeats: counts,
      roles: access.roles,
      groups: access.groups,
      lastLoginAt: lastLoginAt(user.loginTimes),
      createdAt: isoTime(user.createdAt),
      reason: access.reason,
      grants: access.grants,
    };
  });

  const roleUsers = new Map<string, number>();
  const directMembers = new Map<string, number>();
  const effectiveMembers = new Map<string, number>();
  for (const access of resolver.accesses) {
    const n = holders[access.serial] as number;
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
    seats,
    users,
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
