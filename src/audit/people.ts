/**
 * One person across instances: users of every audited account merged by normalised email,
 * with the seats they hold, what those cost a year, and the flags a budget owner acts on. PURE: the directory
 * entries come in already read (commands/shared/directory.ts), the prices from the config.
 *
 * A seat here is a licence: a user who counts toward seats (active, standard or service) with a tier other than
 * `none`. Disabled, embed and Looker support users keep their tier but hold no seat.
 */
import { emailKey } from '../snapshot/email.js';
import type { SeatCounts } from '../config/types.js';
import {
  GRANTING_TIERS,
  PERSON_FLAGS,
  type GrantingTier,
  type PersonFlag,
  type Tier,
  type UserKind,
  type UserStatus,
} from '../vocabulary.js';
import type { AuditReport, AuditedUser } from './types.js';

/** A tier that is a paid seat: every tier a role can grant (`none` is no licence). */
export type PaidTier = GrantingTier;
export const PAID_TIERS: readonly PaidTier[] = GRANTING_TIERS;

export type DirectoryStatus = 'active' | 'inactive';

export interface DirectoryEntry {
  /** As written in the file; matched after normaliseEmail. */
  readonly email: string;
  readonly status: DirectoryStatus;
}

export interface PersonAccount {
  readonly account: string;
  readonly userId: string;
  /** The email as this account spells it (case and spaces kept). */
  readonly email: string;
  readonly name: string;
  readonly status: UserStatus;
  readonly kind: UserKind;
  readonly tier: Tier;
  /** The seat this account's user holds, or null (disabled, embed, support, or tier `none`). */
  readonly seat: PaidTier | null;
  readonly lastLoginAt: string | null;
}

export interface Person {
  /** Normalised: trimmed, lower-case. */
  readonly email: string;
  /** Distinct display names across the accounts, in account order. */
  readonly names: readonly string[];
  readonly accounts: readonly PersonAccount[];
  readonly seats: Readonly<Record<PaidTier, number>>;
  readonly seatsHeld: number;
  /** Sum of the configured prices of the seats held; null when the config has no prices. */
  readonly yearlyCost: number | null;
  /** Null when no directory was given; `missing` when the email is not in it. */
  readonly directory: DirectoryStatus | 'missing' | null;
  readonly flags: readonly PersonFlag[];
}

/** A user without an email: never merged with anyone, listed apart. */
export interface UnmergedUser extends Omit<PersonAccount, 'email'> {
  readonly yearlyCost: number | null;
}

export interface PeopleAccount {
  readonly name: string;
  readonly url: string;
  /** Set when the account could not be audited: its users are unknown, never counted as none. */
  readonly error: string | null;
  readonly users: number;
}

export interface PeopleTotals {
  readonly people: number;
  readonly withoutEmail: number;
  readonly seats: Readonly<Record<PaidTier, number>>;
  readonly seatsHeld: number;
  readonly yearlyCost: number | null;
  /** People per flag; the directory flags are null when no directory was given. */
  readonly severalDeveloperSeats: number;
  readonly notInDirectory: number | null;
  readonly inactiveInDirectory: number | null;
}

export interface PeopleReport {
  readonly generatedAt: string;
  readonly rules: string;
  /** The currency of the costs (ISO 4217): the config's `currency`, else USD. */
  readonly currency: string;
  readonly accounts: readonly PeopleAccount[];
  /** Entries read from `--directory`; null without one. */
  readonly directoryEntries: number | null;
  readonly people: readonly Person[];
  readonly withoutEmail: readonly UnmergedUser[];
  /** Totals are over everyone; with `flaggedOnly`, `people` holds only those with a flag. */
  readonly totals: PeopleTotals;
  readonly flaggedOnly: boolean;
}

export interface PeopleOptions {
  readonly prices?: SeatCounts;
  readonly currency?: string;
  readonly directory?: readonly DirectoryEntry[];
}

/** The key people are merged by: `Alice@Acme.com ` and `alice@acme.com` are one person (snapshot/email.ts). */
export const normaliseEmail = emailKey;

function seatOf(user: AuditedUser): PaidTier | null {
  return user.countsTowardSeats && user.license !== 'none' ? user.license : null;
}

function hasPrices(prices: SeatCounts | undefined): prices is SeatCounts {
  return prices !== undefined && Object.keys(prices).length > 0;
}

function zeroSeats(): Record<PaidTier, number> {
  return { developer: 0, standard: 0, viewer: 0 };
}

function costOf(seats: Readonly<Record<PaidTier, number>>, prices: SeatCounts | undefined): number | null {
  if (!hasPrices(prices)) return null;
  return PAID_TIERS.reduce((sum, tier) => sum + seats[tier] * (prices[tier] ?? 0), 0);
}

/**
 * A person is in the directory as active if any of their entries says active (a rehire may leave an old
 * inactive row beside the new one).
 */
/** When each flag is raised; a flag added to the vocabulary does not compile until it has its test. */
const FLAG_TESTS: Readonly<
  Record<PersonFlag, (p: Pick<Person, 'directory' | 'seatsHeld'> & { seats: Record<PaidTier, number> }) => boolean>
> = {
  'several-developer-seats': (p) => p.seats.developer > 1,
  // Only active seat holders are flagged against the directory: a leaver without a seat costs nothing.
  'not-in-directory': (p) => p.seatsHeld > 0 && p.directory === 'missing',
  'inactive-in-directory': (p) => p.seatsHeld > 0 && p.directory === 'inactive',
};

function directoryIndex(entries: readonly DirectoryEntry[]): Map<string, DirectoryStatus> {
  const index = new Map<string, DirectoryStatus>();
  for (const entry of entries) {
    const key = normaliseEmail(entry.email);
    if (index.get(key) !== 'active') index.set(key, entry.status);
  }
  return index;
}

export function mergePeople(report: AuditReport, options: PeopleOptions = {}): PeopleReport {
  const { prices } = options;
  const directory = options.directory ? directoryIndex(options.directory) : null;
  const byEmail = new Map<string, PersonAccount[]>();
  const withoutEmail: UnmergedUser[] = [];

  for (const account of report.accounts) {
    for (const user of account.users) {
      const base = {
        account: account.name,
        userId: user.id,
        name: user.name,
        status: user.status,
        kind: user.kind,
        tier: user.license,
        seat: seatOf(user),
        lastLoginAt: user.lastLoginAt,
      };
      const key = user.email === null ? '' : normaliseEmail(user.email);
      if (key === '') {
        const seats = zeroSeats();
        if (base.seat) seats[base.seat] += 1;
        withoutEmail.push({ ...base, yearlyCost: costOf(seats, prices) });
        continue;
      }
      const list = byEmail.get(key) ?? [];
      list.push({ ...base, email: user.email as string });
      byEmail.set(key, list);
    }
  }

  const people = [...byEmail.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([email, accounts]): Person => {
      const seats = zeroSeats();
      for (const a of accounts) if (a.seat) seats[a.seat] += 1;
      const seatsHeld = PAID_TIERS.reduce((sum, tier) => sum + seats[tier], 0);
      const status = directory === null ? null : (directory.get(email) ?? 'missing');
      const flags = PERSON_FLAGS.filter((flag) => FLAG_TESTS[flag]({ seats, seatsHeld, directory: status }));
      return {
        email,
        names: [...new Set(accounts.map((a) => a.name).filter((name) => name !== ''))],
        accounts,
        seats,
        seatsHeld,
        yearlyCost: costOf(seats, prices),
        directory: status,
        flags,
      };
    });

  const seats = zeroSeats();
  for (const holder of [...people.map((p) => p.seats), ...withoutEmail.map(seatsOfUnmerged)])
    for (const tier of PAID_TIERS) seats[tier] += holder[tier];
  const count = (flag: PersonFlag): number => people.filter((p) => p.flags.includes(flag)).length;
  return {
    generatedAt: report.generatedAt,
    rules: report.rules,
    currency: options.currency ?? 'USD',
    accounts: report.accounts.map((a) => ({ name: a.name, url: a.url, error: a.error, users: a.users.length })),
    directoryEntries: options.directory ? options.directory.length : null,
    people,
    withoutEmail,
    flaggedOnly: false,
    totals: {
      people: people.length,
      withoutEmail: withoutEmail.length,
      seats,
      seatsHeld: PAID_TIERS.reduce((sum, tier) => sum + seats[tier], 0),
      yearlyCost: costOf(seats, prices),
      severalDeveloperSeats: count('several-developer-seats'),
      notInDirectory: directory === null ? null : count('not-in-directory'),
      inactiveInDirectory: directory === null ? null : count('inactive-in-directory'),
    },
  };
}

function seatsOfUnmerged(user: UnmergedUser): Record<PaidTier, number> {
  const seats = zeroSeats();
  if (user.seat) seats[user.seat] += 1;
  return seats;
}

/** Only the people with at least one flag (`people --flagged`); users without email are kept: they cannot be checked. */
export function flaggedOnly(report: PeopleReport): PeopleReport {
  return { ...report, people: report.people.filter((p) => p.flags.length > 0), flaggedOnly: true };
}
