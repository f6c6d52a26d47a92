/** audit/people.ts: the pure merge by email, seats, cost and flags, on hand-built reports. */
import { describe, expect, it } from '@jest/globals';
import { flaggedOnly, mergePeople, normaliseEmail } from '../../src/audit/people.js';
import type { AccountAudit, AuditReport, AuditedUser } from '../../src/audit/types.js';
import type { Tier } from '../../src/vocabulary.js';

function aUser(id: string, email: string | null, license: Tier, extra: Partial<AuditedUser> = {}): AuditedUser {
  const status = extra.status ?? 'active';
  const kind = extra.kind ?? 'regular';
  return {
    id,
    email,
    name: `User ${id}`,
    status,
    kind,
    license,
    countsTowardSeats: status === 'active' && (kind === 'regular' || kind === 'service'),
    roles: [],
    groups: [],
    lastLoginAt: null,
    createdAt: null,
    reason: '',
    grants: [],
    ...extra,
  };
}

function anAccount(name: string, users: AuditedUser[], error: string | null = null): AccountAudit {
  const seats = { developer: 0, standard: 0, viewer: 0, none: 0 };
  return {
    name,
    url: `https://${name}.test`,
    apiCalls: 5,
    lookerRelease: null,
    error,
    seats,
    users,
    roles: [],
    groups: [],
  };
}

const report = (...accounts: AccountAudit[]): AuditReport => ({
  generatedAt: '2026-11-23T08:00:00.000Z',
  rules: 'torii',
  accounts,
});
const PRICES = { developer: 1000, standard: 100, viewer: 10 };

describe('mergePeople', () => {
  it('normalises emails: case, surrounding spaces and Unicode composition', () => {
    expect(normaliseEmail('  Zoë@Acme.COM ')).toBe(normaliseEmail('zoe\u0308@acme.com'));
  });

  it('one person per normalised email, accounts in report order, a Developer seat in two accounts flagged', () => {
    const merged = mergePeople(
      report(
        anAccount('a', [aUser('1', 'Pat@Acme.com', 'developer'), aUser('2', 'lee@acme.com', 'viewer')]),
        anAccount('b', [aUser('7', 'pat@acme.com ', 'developer'), aUser('8', 'LEE@acme.com', 'standard')]),
      ),
      { prices: PRICES },
    );
    expect(
      merged.people.map((p) => [p.email, p.accounts.map((a) => `${a.account}#${a.userId}`), p.yearlyCost, p.flags]),
    ).toEqual([
      ['lee@acme.com', ['a#2', 'b#8'], 110, []],
      ['pat@acme.com', ['a#1', 'b#7'], 2000, ['several-developer-seats']],
    ]);
    expect(merged.totals).toMatchObject({ people: 2, seatsHeld: 4, yearlyCost: 2110, severalDeveloperSeats: 1 });
  });

  it('users without email (null or blank) are listed apart, each alone, and still count toward the seat totals', () => {
    const merged = mergePeople(
      report(anAccount('a', [aUser('1', null, 'viewer'), aUser('2', '  ', 'viewer'), aUser('3', 'x@y.z', 'none')])),
      { prices: PRICES },
    );
    expect(merged.people.map((p) => p.email)).toEqual(['x@y.z']);
    expect(merged.withoutEmail.map((u) => [u.userId, u.seat, u.yearlyCost])).toEqual([
      ['1', 'viewer', 10],
      ['2', 'viewer', 10],
    ]);
    expect(merged.totals).toMatchObject({ seatsHeld: 2, yearlyCost: 20, withoutEmail: 2 });
  });

  it('tier none, disabled, embed and support users hold no seat; no prices means no cost (null, not 0)', () => {
    const merged = mergePeople(
      report(
        anAccount('a', [
          aUser('1', 'n@x.y', 'none'),
          aUser('2', 'd@x.y', 'developer', { status: 'disabled' }),
          aUser('3', 'e@x.y', 'viewer', { kind: 'embed' }),
          aUser('4', 's@x.y', 'developer', { kind: 'looker_support' }),
          aUser('5', 'v@x.y', 'developer', { kind: 'service' }),
        ]),
      ),
    );
    expect(merged.people.map((p) => [p.email, p.seatsHeld, p.accounts[0]?.seat])).toEqual([
      ['d@x.y', 0, null],
      ['e@x.y', 0, null],
      ['n@x.y', 0, null],
      ['s@x.y', 0, null],
      ['v@x.y', 1, 'developer'],
    ]);
    expect(merged.totals.yearlyCost).toBeNull();
    expect(merged.people[0]?.yearlyCost).toBeNull();
  });

  it('directory: missing and inactive seat holders are flagged, an active entry wins over an old inactive one', () => {
    const merged = mergePeople(
      report(
        anAccount('a', [
          aUser('1', 'stay@x.y', 'viewer'),
          aUser('2', 'left@x.y', 'standard'),
          aUser('3', 'gone@x.y', 'viewer'),
          aUser('4', 'rehired@x.y', 'viewer'),
          aUser('5', 'noseat@x.y', 'viewer', { status: 'disabled' }),
        ]),
      ),
      {
        directory: [
          { email: 'STAY@x.y', status: 'active' },
          { email: 'left@x.y', status: 'inactive' },
          { email: 'rehired@x.y', status: 'inactive' },
          { email: 'rehired@x.y', status: 'active' },
        ],
      },
    );
    expect(Object.fromEntries(merged.people.map((p) => [p.email, [p.directory, p.flags]]))).toEqual({
      'gone@x.y': ['missing', ['not-in-directory']],
      'left@x.y': ['inactive', ['inactive-in-directory']],
      'noseat@x.y': ['missing', []],
      'rehired@x.y': ['active', []],
      'stay@x.y': ['active', []],
    });
    expect(merged.totals).toMatchObject({ notInDirectory: 1, inactiveInDirectory: 1 });
    expect(merged.directoryEntries).toBe(4);
  });

  it('a failed account keeps its error and no user count is invented for it', () => {
    const merged = mergePeople(
      report(anAccount('a', [aUser('1', 'p@x.y', 'viewer')]), anAccount('b', [], 'login refused')),
    );
    expect(merged.accounts.map((a) => [a.name, a.error])).toEqual([
      ['a', null],
      ['b', 'login refused'],
    ]);
  });

  it('flaggedOnly keeps only flagged people and the totals of everyone', () => {
    const merged = mergePeople(
      report(
        anAccount('a', [aUser('1', 'p@x.y', 'developer'), aUser('2', 'q@x.y', 'viewer')]),
        anAccount('b', [aUser('3', 'p@x.y', 'developer')]),
      ),
    );
    const flagged = flaggedOnly(merged);
    expect(flagged.people.map((p) => p.email)).toEqual(['p@x.y']);
    expect(flagged.totals.people).toBe(2);
    expect(flagged.flaggedOnly).toBe(true);
  });
});
