/**
 * The one answer to "is this the same account, the same user, as in the earlier snapshot?", used by `diff`
 * (audit/diff.ts), `check --baseline` (audit/policy.ts, `new-developer`) and later `--history`. PURE.
 *
 * Accounts: the same name, case-insensitively (config names are unique case-insensitively, config/validate.ts,
 * so renaming `Prod` to `prod` in the config does not lose the history). An exact spelling is preferred when both
 * exist; each account is matched at most once.
 *
 * Users, within a matched pair of accounts, in two steps; every user is matched at most once, so one earlier
 * user never stands for two later ones:
 * 1. By id, when both snapshots were taken of the same instance (the same URL origin). Looker user ids are
 *    instance-wide and never reused, so a user whose email changed is still the same user.
 * 2. By email (compared as email.ts says: NFC, trimmed, lower case), among the users step 1 left unmatched
 *    on both sides, and only where that email belongs to exactly one such user on each side. This is the only
 *    case ids cannot be compared: a user deleted and re-created (a new id, the same email), or, when the account's
 *    URL changed (an instance rebuilt or migrated, whose ids mean nothing in the other instance), every user.
 *    Users without an email, or whose email is ambiguous, are never matched by it.
 * Anything left is added (later snapshot only) or removed (earlier snapshot only).
 */
import { emailKey } from './email.js';

export interface MatchableUser {
  readonly id: string;
  readonly email: string | null;
}

export interface MatchableAccount<U extends MatchableUser> {
  readonly name: string;
  readonly url: string;
  readonly users: readonly U[];
}

export interface Pair<B, A> {
  readonly before: B;
  readonly after: A;
}

export interface AccountMatch<B, A> {
  /** In the order of the later snapshot. */
  readonly pairs: readonly Pair<B, A>[];
  /** In the later snapshot only. */
  readonly added: readonly A[];
  /** In the earlier snapshot only. */
  readonly removed: readonly B[];
}

export interface UserPair<B, A> extends Pair<B, A> {
  readonly by: 'id' | 'email';
}

export interface UserMatch<B, A> {
  /** In the order of the later snapshot. */
  readonly pairs: readonly UserPair<B, A>[];
  readonly added: readonly A[];
  readonly removed: readonly B[];
  /** false when the account's URL changed: users were matched by email only. */
  readonly idsCompared: boolean;
}

const foldName = (name: string): string => name.toLowerCase();

/** Accounts of two snapshots, paired by name (see the file comment). */
export function matchAccounts<B extends { readonly name: string }, A extends { readonly name: string }>(
  before: readonly B[],
  after: readonly A[],
): AccountMatch<B, A> {
  const partner = new Map<A, B>();
  const taken = new Set<B>();
  for (const fold of [(n: string) => n, foldName]) {
    for (const a of after) {
      if (partner.has(a)) continue;
      const b = before.find((x) => !taken.has(x) && fold(x.name) === fold(a.name));
      if (b === undefined) continue;
      partner.set(a, b);
      taken.add(b);
    }
  }
  const pairs: Pair<B, A>[] = [];
  const added: A[] = [];
  for (const a of after) {
    const b = partner.get(a);
    if (b === undefined) added.push(a);
    else pairs.push({ before: b, after: a });
  }
  return { pairs, added, removed: before.filter((b) => !taken.has(b)) };
}

/** The instance a URL points at: its origin (scheme, host lower-cased, port without the default). */
function instanceOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url.trim().toLowerCase().replace(/\/+$/, '');
  }
}

export function sameInstance(before: string, after: string): boolean {
  return instanceOf(before) === instanceOf(after);
}

export function normaliseEmail(email: string | null): string | null {
  const folded = email === null ? '' : emailKey(email);
  return folded === '' ? null : folded;
}

/** Users unmatched so far, grouped by normalised email; users without one are left out. */
function byEmail<U extends MatchableUser>(users: readonly U[], taken: ReadonlySet<U>): Map<string, U[]> {
  const out = new Map<string, U[]>();
  for (const u of users) {
    const email = taken.has(u) ? null : normaliseEmail(u.email);
    if (email === null) continue;
    const list = out.get(email);
    if (list === undefined) out.set(email, [u]);
    else list.push(u);
  }
  return out;
}

/** Users of one account in two snapshots, paired by id, then by email (see the file comment). */
export function matchUsers<B extends MatchableUser, A extends MatchableUser>(
  before: MatchableAccount<B>,
  after: MatchableAccount<A>,
): UserMatch<B, A> {
  const idsCompared = sameInstance(before.url, after.url);
  const partner = new Map<A, UserPair<B, A>>();
  const takenBefore = new Set<B>();
  if (idsCompared) {
    const oldById = new Map<string, B>();
    for (const b of before.users) if (!oldById.has(b.id)) oldById.set(b.id, b);
    for (const a of after.users) {
      const b = oldById.get(a.id);
      if (b === undefined || takenBefore.has(b)) continue;
      partner.set(a, { before: b, after: a, by: 'id' });
      takenBefore.add(b);
    }
  }
  const takenAfter = new Set<A>(partner.keys());
  const oldByEmail = byEmail(before.users, takenBefore);
  for (const [email, candidates] of byEmail(after.users, takenAfter)) {
    const olds = oldByEmail.get(email);
    const [a] = candidates;
    const [b] = olds ?? [];
    // Ambiguous on either side: no guess (a guess could hide a new Developer seat from `check`).
    if (candidates.length !== 1 || olds?.length !== 1 || a === undefined || b === undefined) continue;
    partner.set(a, { before: b, after: a, by: 'email' });
    takenBefore.add(b);
  }
  const pairs: UserPair<B, A>[] = [];
  const added: A[] = [];
  for (const a of after.users) {
    const pair = partner.get(a);
    if (pair === undefined) added.push(a);
    else pairs.push(pair);
  }
  return { pairs, added, removed: before.users.filter((b) => !takenBefore.has(b)), idsCompared };
}
