/**
 * The shared table of "same user across two snapshots" cases (snapshot/match.ts). The same table is run through
 * the matcher itself, through `diff` (audit/diff.ts) and through `check --baseline` (audit/policy.ts,
 * new-developer) in match.test.ts, so the two commands cannot drift apart again.
 *
 * Every case has one earlier account (the baseline) and one later account; `expected` is the one answer:
 * which users are the same (earlier id -> later id), which are added or removed, and which later users hold a
 * Developer seat that is new (what `check --baseline` flags, and what `diff` shows as an added Developer, a tier
 * raised to developer or a Developer re-enabled).
 */
import type { SnapshotAccount, SnapshotUser } from '../../src/snapshot/types.js';
import type { Tier } from '../../src/vocabulary.js';

export const URL = 'https://acme.cloud.looker.com';

export function snapUser(
  id: string,
  email: string | null,
  license: Tier = 'developer',
  extra: Partial<SnapshotUser> = {},
): SnapshotUser {
  return {
    id,
    email,
    name: `User ${id}`,
    status: 'active',
    kind: 'regular',
    license,
    roles: license === 'developer' ? ['Admins'] : ['Explorers'],
    groups: [],
    last_login_at: null,
    reason:
      license === 'developer'
        ? 'developer: role "Admins" name contains "admin", assigned directly'
        : `${license}: role "Explorers" has permission "explore", assigned directly`,
    ...extra,
  };
}

export function snapAccount(
  users: readonly SnapshotUser[],
  extra: Partial<Pick<SnapshotAccount, 'name' | 'url'>> = {},
): SnapshotAccount {
  return {
    name: 'production',
    url: URL,
    api_calls: 5,
    summary: { developer: 0, standard: 0, viewer: 0, none: 0 },
    users,
    ...extra,
  };
}

export interface MatchCase {
  readonly title: string;
  readonly before: SnapshotAccount;
  readonly after: SnapshotAccount;
  readonly expected: {
    /** false: the later account has no partner in the earlier snapshot, nothing is compared. */
    readonly accountMatched: boolean;
    /** [earlier id, later id], in the later snapshot's order. */
    readonly same: readonly (readonly [string, string])[];
    readonly added: readonly string[];
    readonly removed: readonly string[];
    /** Later ids holding a Developer seat they did not hold before. */
    readonly newDevelopers: readonly string[];
  };
}

const X = 'x@acme.com';
const Y = 'y@acme.com';

export const MATCH_CASES: readonly MatchCase[] = [
  {
    title: 'same id, same email',
    before: snapAccount([snapUser('1', X), snapUser('2', Y, 'standard')]),
    after: snapAccount([snapUser('1', X), snapUser('2', Y, 'standard')]),
    expected: {
      accountMatched: true,
      same: [
        ['1', '1'],
        ['2', '2'],
      ],
      added: [],
      removed: [],
      newDevelopers: [],
    },
  },
  {
    title: 'same id, email changed: still the same user (ids are instance-wide and never reused)',
    before: snapAccount([snapUser('1', X), snapUser('2', 'old@acme.com', 'standard')]),
    after: snapAccount([snapUser('1', Y), snapUser('2', 'new@acme.com')]),
    expected: {
      accountMatched: true,
      same: [
        ['1', '1'],
        ['2', '2'],
      ],
      added: [],
      removed: [],
      newDevelopers: ['2'],
    },
  },
  {
    title: 'id changed, email same (deleted and re-created): matched by email, case and spaces ignored',
    before: snapAccount([snapUser('1', X), snapUser('2', Y, 'viewer')]),
    after: snapAccount([snapUser('7', ' X@ACME.com'), snapUser('8', Y)]),
    expected: {
      accountMatched: true,
      same: [
        ['1', '7'],
        ['2', '8'],
      ],
      added: [],
      removed: [],
      newDevelopers: ['8'],
    },
  },
  {
    title: "instance rebuilt (the account's URL changed): ids are not compared, users matched by email",
    before: snapAccount([snapUser('1', X), snapUser('2', Y, 'standard')]),
    // The new instance numbered the same people the other way round: id 1 is now y, a Developer.
    after: snapAccount([snapUser('1', Y), snapUser('2', X)], { url: 'https://acme-new.cloud.looker.com' }),
    expected: {
      accountMatched: true,
      same: [
        ['2', '1'],
        ['1', '2'],
      ],
      added: [],
      removed: [],
      newDevelopers: ['1'],
    },
  },
  {
    title: 'the same instance written differently (host case, trailing slash): ids still compared',
    before: snapAccount([snapUser('1', X)], { url: 'https://ACME.cloud.looker.com/' }),
    after: snapAccount([snapUser('1', Y)]),
    expected: { accountMatched: true, same: [['1', '1']], added: [], removed: [], newDevelopers: [] },
  },
  {
    title: "the issue's example: id 1 changed its email, id 2 took the old one: user 2 is a new Developer",
    before: snapAccount([snapUser('1', X)]),
    after: snapAccount([snapUser('1', Y), snapUser('2', X)]),
    expected: { accountMatched: true, same: [['1', '1']], added: ['2'], removed: [], newDevelopers: ['2'] },
  },
  {
    title: 'account name case differs: the same account',
    before: snapAccount([snapUser('1', X)], { name: 'Production' }),
    after: snapAccount([snapUser('1', X), snapUser('2', Y)]),
    expected: { accountMatched: true, same: [['1', '1']], added: ['2'], removed: [], newDevelopers: ['2'] },
  },
  {
    title: 'account missing from the baseline: not compared',
    before: snapAccount([snapUser('1', X)], { name: 'staging' }),
    after: snapAccount([snapUser('1', X), snapUser('2', Y)]),
    expected: { accountMatched: false, same: [], added: [], removed: [], newDevelopers: [] },
  },
  {
    title: 'two later users with the same email: ambiguous, neither matched by it',
    before: snapAccount([snapUser('1', X)]),
    after: snapAccount([snapUser('5', X), snapUser('6', 'X@acme.com')]),
    expected: { accountMatched: true, same: [], added: ['5', '6'], removed: ['1'], newDevelopers: ['5', '6'] },
  },
  {
    title: 'two earlier users with the same email: ambiguous, not matched by it',
    before: snapAccount([snapUser('1', X), snapUser('2', X, 'viewer')]),
    after: snapAccount([snapUser('3', X)]),
    expected: { accountMatched: true, same: [], added: ['3'], removed: ['1', '2'], newDevelopers: ['3'] },
  },
  {
    title: 'users without an email are matched by id only',
    before: snapAccount([snapUser('1', null), snapUser('2', null)]),
    after: snapAccount([snapUser('1', null), snapUser('3', null)]),
    expected: { accountMatched: true, same: [['1', '1']], added: ['3'], removed: ['2'], newDevelopers: ['3'] },
  },
  {
    title: 'a Developer re-enabled is a new seat; one disabled, or an added embed Developer, holds none',
    before: snapAccount([snapUser('1', X, 'developer', { status: 'disabled' }), snapUser('3', 'z@acme.com')]),
    after: snapAccount([
      snapUser('1', X),
      snapUser('3', 'z@acme.com', 'developer', { status: 'disabled' }),
      snapUser('4', 'embed-4@acme.com', 'developer', { kind: 'embed' }),
    ]),
    expected: {
      accountMatched: true,
      same: [
        ['1', '1'],
        ['3', '3'],
      ],
      added: ['4'],
      removed: [],
      newDevelopers: ['1'],
    },
  },
];
