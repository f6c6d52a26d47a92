/**
 * What Looker itself counts, pure: the tier each combination of flags gives (with the reason naming them), the
 * count as Looker's User Activity dashboard makes it (disabled, Looker staff and embed users left out), the
 * system-activity rule set tiering users by the flags while page by page and whole audits agree, and the
 * comparison with another rule set (seats only; totals only when every account has a count).
 */
import { describe, expect, it } from '@jest/globals';
import { auditAccount, startAccountAudit } from '../../src/audit/account.js';
import { explainUser } from '../../src/audit/explain.js';
import {
  compareWithLooker,
  indexLookerFlags,
  lookerDisagreements,
  onlyLookerDisagreements,
  type LookerFlagsInput,
} from '../../src/audit/looker-flags.js';
import { buildReport } from '../../src/audit/report-model.js';
import { SYSTEM_ACTIVITY_RULES, TORII_RULES } from '../../src/audit/rules.js';
import { aFlagsRow, aRole, aSnapshot, aUser } from './builders.js';

const row = aFlagsRow;

describe('the tier of a combination of flags', () => {
  it.each([
    [['is_admin'], 'developer', "developer: Looker's own flag is_admin (System Activity)"],
    [['is_developer', 'is_viewer'], 'developer', "developer: Looker's own flag is_developer (System Activity)"],
    [
      ['is_admin', 'is_developer', 'is_explorer'],
      'developer',
      "developer: Looker's own flags is_admin, is_developer (System Activity)",
    ],
    [['is_explorer', 'is_viewer'], 'standard', "standard: Looker's own flag is_explorer (System Activity)"],
    [['is_content_saver'], 'standard', "standard: Looker's own flag is_content_saver (System Activity)"],
    [['is_viewer'], 'viewer', "viewer: Looker's own flag is_viewer (System Activity)"],
    [['is_embed'], 'none', "none: none of Looker's own seat flags is set (System Activity)"],
  ] as const)('%j -> %s', (on, tier, reason) => {
    const verdict = indexLookerFlags([row('1', on)]).verdictOf('1');
    expect(verdict).toEqual({ tier, reason, flags: row('1', on).flags });
  });

  it('a user without flags (not in System Activity yet, or its facts pending) is none, and says why', () => {
    const index = indexLookerFlags([{ userId: '1', disabled: false, flags: null }]);
    for (const id of ['1', '2']) {
      expect(index.verdictOf(id)).toEqual({
        tier: 'none',
        reason: "none: no flags in System Activity yet (Looker refreshes a user's facts hourly)",
        flags: null,
      });
    }
  });

  it("each user keeps their own flags, even where a verdict's words are shared", () => {
    const index = indexLookerFlags([row('1', ['is_viewer']), row('2', ['is_viewer', 'is_embed'])]);
    expect(index.verdictOf('1').flags?.is_embed).toBe(false);
    expect(index.verdictOf('2').flags?.is_embed).toBe(true);
    expect(index.verdictOf('2').reason).toBe(index.verdictOf('1').reason);
  });
});

describe("Looker's own count", () => {
  it('leaves out disabled users, Looker staff and embed users, and users without flags; a repeated id once', () => {
    const index = indexLookerFlags([
      row('1', ['is_admin']),
      row('2', ['is_explorer']),
      row('3', ['is_viewer']),
      row('4', []),
      row('5', ['is_admin'], true),
      row('6', ['is_admin', 'is_looker_employee']),
      row('7', ['is_viewer', 'is_embed']),
      { userId: '8', disabled: false, flags: null },
      row('1', ['is_viewer']),
    ]);
    expect(index.count).toEqual({ developer: 1, standard: 1, viewer: 1, none: 1 });
    expect(index.verdictOf('1').tier).toBe('developer');
  });
});

// A "Report Admin" role (see_* only), one with use_sql_runner, and one with explore.
const reportAdmin = aRole({ id: 'ra', name: 'Report Admin', permissions: ['see_looks', 'see_user_dashboards'] });
const sql = aRole({ id: 'sq', name: 'SQL Analysts', permissions: ['access_data', 'use_sql_runner'] });
const explorer = aRole({ id: 'ex', name: 'Explorer', permissions: ['access_data', 'explore'] });
const users = [
  aUser({ id: 'u1', roleIds: ['ra'] }),
  aUser({ id: 'u2', roleIds: ['sq'] }),
  aUser({ id: 'u3', roleIds: ['ex'] }),
  aUser({ id: 'u4', roleIds: ['ra'], isDisabled: true }),
  aUser({ id: 'u5', roleIds: ['ex'] }),
];
const snapshot = aSnapshot({ roles: [reportAdmin, sql, explorer], users });
// As Looker would flag them; u5 was created within the hour: no facts yet.
const flags = indexLookerFlags([
  row('u1', []),
  row('u2', ['is_viewer']),
  row('u3', ['is_explorer', 'is_viewer']),
  row('u4', [], true),
  { userId: 'u5', disabled: false, flags: null },
]);

describe('the system-activity rule set', () => {
  it("tiers users by Looker's flags, the reason naming them; roles still show what their permissions make", () => {
    const audit = auditAccount(snapshot, SYSTEM_ACTIVITY_RULES, flags);
    const byId = new Map(audit.users.map((u) => [u.id, u]));
    expect([...byId.values()].map((u) => [u.id, u.license])).toEqual([
      ['u1', 'none'],
      ['u2', 'viewer'],
      ['u3', 'standard'],
      ['u4', 'none'],
      ['u5', 'none'],
    ]);
    expect(byId.get('u3')?.reason).toBe("standard: Looker's own flag is_explorer (System Activity)");
    expect(audit.seats).toEqual({ developer: 0, standard: 1, viewer: 1, none: 2 });
    expect(audit.roles.map((r) => [r.name, r.tier, r.toriiTier, r.systemActivityTier])).toEqual([
      ['Explorer', 'standard', 'standard', 'standard'],
      ['Report Admin', 'none', 'developer', 'none'],
      ['SQL Analysts', 'viewer', 'standard', 'viewer'],
    ]);
  });

  it('page by page, the flags given with the lists, is the whole audit', () => {
    const auditor = startAccountAudit(SYSTEM_ACTIVITY_RULES);
    const early = auditor.addUsers({ pass: 0, index: 0, rows: users.slice(0, 2) });
    expect(early).toEqual([]);
    const first = auditor.addLists(snapshot, flags);
    const rest = auditor.addUsers({ pass: 0, index: 1, rows: users.slice(2) });
    expect([...first, ...rest]).toEqual(auditAccount(snapshot, SYSTEM_ACTIVITY_RULES, flags).users);
  });

  it('cannot run without the flags (a bug in the caller, not a guess)', () => {
    expect(() => auditAccount(snapshot, SYSTEM_ACTIVITY_RULES)).toThrow(/needs Looker's own flags/);
    expect(() => startAccountAudit(SYSTEM_ACTIVITY_RULES).addLists(snapshot)).toThrow(/needs Looker's own flags/);
    // Other rule sets ignore flags they are given.
    expect(auditAccount(snapshot, TORII_RULES, flags).users[0]?.license).toBe('developer');
  });

  it('explain marks no role as the winner where the flags, not a role, decided', () => {
    const audit = auditAccount(snapshot, SYSTEM_ACTIVITY_RULES, flags);
    const u5 = explainUser(audit, 'u5');
    const u3 = explainUser(audit, 'u3');
    if (!u5.found || !u3.found) throw new Error('not found');
    expect(u5.matches[0]?.grants.map((g) => g.winning)).toEqual([false]);
    expect(u3.matches[0]?.grants.map((g) => g.winning)).toEqual([true]);
  });
});

describe('the comparison with another rule set', () => {
  const torii = auditAccount(snapshot, TORII_RULES);

  it('names the seats whose tier differs; a disabled user holds no seat and is not named', () => {
    const found = lookerDisagreements(torii, flags).map((d) => [d.user.id, d.user.license, d.looker.tier]);
    expect(found).toEqual([
      ['u1', 'developer', 'none'],
      ['u2', 'standard', 'viewer'],
      ['u5', 'standard', 'none'],
    ]);
  });

  it('per account: a count, or none with the reason; totals only when every account has a count', () => {
    const staging = { ...torii, name: 'staging' };
    const failed = { ...torii, name: 'broken', error: 'account "broken": login refused', users: [] };
    const report = buildReport([torii, staging, failed], { generatedAt: new Date(0), rules: 'torii' });
    const read: LookerFlagsInput = { kind: 'read', index: flags };
    const all = compareWithLooker(
      report,
      new Map<string, LookerFlagsInput>([
        ['production', read],
        ['staging', read],
      ]),
    );
    expect(all.accounts.map((a) => [a.account, a.count, a.unavailable])).toEqual([
      ['production', flags.count, null],
      ['staging', flags.count, null],
      ['broken', null, null],
    ]);
    expect(all.totals).toBeNull();
    expect(all.disagreements.map((d) => d.account)).toEqual([
      'production',
      'production',
      'production',
      'staging',
      'staging',
      'staging',
    ]);

    const two = buildReport([torii, staging], { generatedAt: new Date(0), rules: 'torii' });
    const denied: LookerFlagsInput = { kind: 'unavailable', reason: 'System Activity: Access Denied' };
    const partial = compareWithLooker(
      two,
      new Map<string, LookerFlagsInput>([
        ['production', read],
        ['staging', denied],
      ]),
    );
    expect(partial.accounts[1]).toEqual({
      account: 'staging',
      count: null,
      unavailable: 'System Activity: Access Denied',
    });
    expect(partial.totals).toBeNull();
    const whole = compareWithLooker(
      two,
      new Map<string, LookerFlagsInput>([
        ['production', read],
        ['staging', read],
      ]),
    );
    expect(whole.totals).toEqual({ developer: 0, standard: 2, viewer: 2, none: 2 });
  });

  it('users --compare keeps only those seats, and nobody of an account whose flags were not read', () => {
    const report = buildReport([torii], { generatedAt: new Date(0), rules: 'torii' });
    const read: LookerFlagsInput = { kind: 'read', index: flags };
    const only = onlyLookerDisagreements(report, new Map([['production', read]]));
    expect(only.accounts[0]?.users.map((u) => u.id)).toEqual(['u1', 'u2', 'u5']);
    expect(only.accounts[0]?.seats).toEqual(torii.seats);
    expect(onlyLookerDisagreements(report, new Map()).accounts[0]?.users).toEqual([]);
  });
});
