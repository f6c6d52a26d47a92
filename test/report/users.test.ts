import { describe, it, expect } from '@jest/globals';
import { stripVTControlCharacters } from 'node:util';
import { Chalk } from 'chalk';
import { parse } from 'csv-parse/sync';
import { renderUsersTable as usersTablePieces } from '../../src/report/users.js';
import { renderUsersCsv, USERS_CSV_COLUMNS, usersCsvAhead, usersCsvChunks } from '../../src/report/users-csv.js';
import { renderCsv } from '../../src/report/csv.js';
import { filterReport } from '../../src/audit/index.js';
import { aUser } from '../audit/builders.js';
import { column, readTable, squash } from '../helpers/table-text.js';
import { baseUsers, oneAccount, twoAccounts } from './fixture.js';

const plain = new Chalk({ level: 0 });
const colored = new Chalk({ level: 1 });
const ESC = '\u001b';
const renderUsersTable = (...args: Parameters<typeof usersTablePieces>): string =>
  [...usersTablePieces(...args)].join('');

describe('users csv', () => {
  it('has the header row the README gives for csv and one row per user', () => {
    const lines = renderUsersCsv(oneAccount()).trimEnd().split('\n');
    expect(lines[0]).toBe('account,id,email,name,status,kind,license,roles,groups,last_login_at,reason,seat');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe(
      'production,1,ada@acme.test,Ada Lovelace,active,regular,developer,LookML Admins; Viewers,BI,2025-06-01T08:00:00.000Z,' +
        '"developer: role ""LookML Admins"" name contains ""admin"", via group ""BI"" <- ""Analytics""",true',
    );
  });

  it('quotes commas, quotes and newlines, and neutralises formulas', () => {
    const csv = renderUsersCsv(
      oneAccount([
        aUser({ id: '9', email: '=HYPERLINK("http://evil.test","x")', displayName: 'Doe, "Jo"\nline2' }),
        aUser({ id: '10', email: '+1@x.test', displayName: '-2+3' }),
        aUser({ id: '11', email: '\tcmd@x.test', displayName: '@SUM(A1)' }),
        aUser({ id: '12', email: '\rcr@x.test', displayName: 'plain - name' }),
      ]),
    );
    expect(csv).toContain(`production,9,"'=HYPERLINK(""http://evil.test"",""x"")","Doe, ""Jo""\nline2",`);
    expect(csv).toContain(`production,10,'+1@x.test,'-2+3,`);
    expect(csv).toContain(`production,11,'\tcmd@x.test,'@SUM(A1),`);
    // A lone CR is a line break, kept as LF: a bare CR would let `cat` overwrite the line on a terminal.
    expect(csv).toContain(`production,12,"'\ncr@x.test",plain - name,`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
  });
});

describe('users csv in pieces', () => {
  it('gives the same CSV as the whole string: the header, then pieces of 250 rows', () => {
    const users = Array.from({ length: 2500 }, (_, i) =>
      aUser({
        id: String(i + 1),
        email: `u${i + 1}@acme.test`,
        displayName: i === 1500 ? '=cmd, "x"' : `User ${i + 1}`,
      }),
    );
    const report = oneAccount(users);
    const pieces = [...usersCsvChunks(report)];
    expect(pieces).toHaveLength(11);
    expect(pieces[0]).toBe('account,id,email,name,status,kind,license,roles,groups,last_login_at,reason,seat\n');
    expect(pieces.join('')).toBe(renderUsersCsv(report));
    expect(pieces.filter((p) => p.startsWith('account,id,'))).toHaveLength(1);
    const rows = parse(pieces.join(''), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2500);
    expect(rows[1500]?.name).toBe(`'=cmd, "x"`);
  });

  it('an account without users still gives the header row', () => {
    expect([...usersCsvChunks(oneAccount([]))].join('')).toBe(
      'account,id,email,name,status,kind,license,roles,groups,last_login_at,reason,seat\n',
    );
  });

  it('neutralises the full-width formula signs that some spreadsheets read as formulas', () => {
    const csv = renderUsersCsv(oneAccount([aUser({ id: '1', displayName: '\uFF1DSUM(A1)' })]));
    expect(csv).toContain(`,'\uFF1DSUM(A1),`);
  });
});

describe('users csv rendered ahead (while the pages arrive)', () => {
  const users = Array.from({ length: 2500 }, (_, i) =>
    aUser({
      id: String(i + 1),
      email: `u${i + 1}@acme.test`,
      displayName: i === 7 ? '\u001b]8;;x\u0007=cmd, "x"' : `User ${i + 1}`,
      isDisabled: i % 4 === 0,
    }),
  );
  const report = oneAccount(users);
  const [account] = report.accounts;
  const audited = account!.users;

  it('gives the same bytes as rendering at the end, using the pieces it was given', () => {
    const ahead = usersCsvAhead();
    ahead.add(account!.name, audited.slice(0, 1000));
    ahead.add(account!.name, audited.slice(1000, 2000));
    const pieces = [...usersCsvChunks(report, undefined, ahead)];
    expect(pieces.join('')).toBe(renderUsersCsv(report));
    // header, the 2,000 users made ahead, then the 500 rendered at the end: 250 a piece either way
    expect(pieces).toHaveLength(11);
    expect(pieces[1]!.split('\n')).toHaveLength(251);
  });

  it('a filtered report (other users in the same places) falls back to rendering: still the same bytes', () => {
    const ahead = usersCsvAhead();
    ahead.add(account!.name, audited.slice(0, 1000));
    const filtered = filterReport(report, {
      licenses: undefined,
      status: 'active',
      inactiveDays: undefined,
      now: new Date(),
    });
    expect(filtered.accounts[0]!.users.length).toBeLessThan(audited.length);
    expect([...usersCsvChunks(filtered, undefined, ahead)].join('')).toBe(renderUsersCsv(filtered));
  });

  it('rows put together from pieces are the bytes of whole rows: hostile text in every cell, shared and own', () => {
    const hostile = [
      '=1+1',
      ' @SUM(A1)',
      'a,b',
      'say "hi"',
      'two\nlines',
      'cr\r\nlf',
      '\u001b[31mred',
      '\u202Eevil',
      '',
      '-x',
    ];
    const odd = hostile.map((text, i) =>
      aUser({ id: text || String(i), email: `${text}@x.test`, displayName: text, firstName: text }),
    );
    const report = oneAccount(odd);
    const whole = renderCsv(
      [...USERS_CSV_COLUMNS],
      report.accounts[0]!.users.map((u) => [
        report.accounts[0]!.name,
        u.id,
        u.email,
        u.name,
        u.status,
        u.kind,
        u.license,
        u.roles.join('; '),
        u.groups.join('; '),
        u.lastLoginAt,
        u.reason,
        String(u.countsTowardSeats),
      ]),
    );
    expect([...usersCsvChunks(report)].join('')).toBe(whole);
    expect(parse(whole, { columns: true })).toHaveLength(hostile.length);
  });

  it('users sharing a grants array but not the rest of the access are each rendered as they are', () => {
    const [first, second] = oneAccount().accounts[0]!.users;
    const mixed = { ...second!, grants: first!.grants, roles: ['Other, role'], reason: '=odd reason' };
    const report = { ...oneAccount(), accounts: [{ ...oneAccount().accounts[0]!, users: [first!, mixed, first!] }] };
    const rows = parse([...usersCsvChunks(report)].join(''), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.roles, r.reason])).toEqual([
      [first!.roles.join('; '), first!.reason],
      ['Other, role', "'=odd reason"],
      [first!.roles.join('; '), first!.reason],
    ]);
  });

  it('pieces of other objects (a page read again), another account, or past the cap are not used', () => {
    const ahead = usersCsvAhead(1);
    const copies = audited.slice(0, 1000).map((u) => ({ ...u, name: 'stale' }));
    ahead.add(account!.name, copies);
    ahead.add('other', audited.slice(0, 1000));
    ahead.add(account!.name, audited.slice(1000, 2000));
    const csv = [...usersCsvChunks(report, undefined, ahead)].join('');
    expect(csv).toBe(renderUsersCsv(report));
    expect(csv).not.toContain('stale');
  });
});

describe('users table', () => {
  it('with colour off holds no escape character at all, and fits 80 columns', () => {
    const out = renderUsersTable(oneAccount(), { chalk: plain, width: 80 });
    expect(out).not.toContain(ESC);
    expect(out).toMatchInlineSnapshot(`
     "┌───────────────────┬───────────────────┬─────────────────────────┬────────────┐
     │ email             │ license           │ why                     │ last login │
     ├───────────────────┼───────────────────┼─────────────────────────┼────────────┤
     │ ada@acme.test     │ developer         │ LookML Admins via BI <- │ 2025-06-01 │
     │                   │                   │ Analytics               │            │
     ├───────────────────┼───────────────────┼─────────────────────────┼────────────┤
     │ bob@acme.test     │ standard          │ Explorers (direct)      │ never      │
     ├───────────────────┼───────────────────┼─────────────────────────┼────────────┤
     │ cy@acme.test      │ viewer ·          │ Viewers (direct)        │ never      │
     │                   │ disabled, no seat │                         │            │
     ├───────────────────┼───────────────────┼─────────────────────────┼────────────┤
     │ embed-7@acme.test │ none ·            │ no roles (roles from    │ never      │
     │                   │ embed, no seat    │ groups are not allowed  │            │
     │                   │                   │ for this user)          │            │
     └───────────────────┴───────────────────┴─────────────────────────┴────────────┘
     hidden at 80 columns: id, name, status, kind, rule, roles, groups (widen the
     terminal, or -f csv)
     "
    `);
  });

  it('never draws a line longer than the width, whatever the content: a 150-character email wraps, whole', () => {
    const long = 'x'.repeat(150);
    const report = oneAccount([
      aUser({ id: long, email: `${long}@acme.test`, displayName: long, roleIds: ['r-admin'] }),
      aUser({ id: '2', email: 'bob@acme.test' }),
    ]);
    for (const width of [80, 60, 120]) {
      const out = renderUsersTable(report, { chalk: plain, width });
      const lines = out.trimEnd().split('\n');
      expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(width);
      expect(column(readTable(out), 'email').map(squash)).toEqual([`${long}@acme.test`, 'bob@acme.test']);
    }
  });

  it('shows every column when the width is not limited', () => {
    const header = renderUsersTable(oneAccount(), { chalk: plain, width: undefined }).split('\n')[1] ?? '';
    expect(
      header
        .split('│')
        .map((s) => s.trim())
        .filter(Boolean),
    ).toEqual(['id', 'email', 'name', 'status', 'kind', 'license', 'why', 'rule', 'last login', 'roles', 'groups']);
  });

  it('with colour on colours seats by tier (developer magenta, standard yellow, viewer green, none grey), a user without a seat dim', () => {
    const report = oneAccount([
      ...baseUsers,
      aUser({ id: '5', email: 'vi@acme.test', roleIds: ['r-view'] }),
      aUser({ id: '6', email: 'no@acme.test' }),
    ]);
    const out = renderUsersTable(report, { chalk: colored, width: 200 });
    expect(out).toContain(colored.magenta('developer'));
    expect(out).toContain(colored.yellow('standard'));
    expect(out).toContain(colored.green('viewer'));
    expect(out).toContain(colored.gray('none'));
    expect(out).toContain(colored.dim('viewer · disabled, no seat'));
    expect(out).toContain(colored.dim('none · embed, no seat'));
    expect(colored.magenta('developer')).toContain(`${ESC}[35m`);
    const narrow = renderUsersTable(oneAccount(), { chalk: colored, width: 80 }).trimEnd().split('\n');
    expect(Math.max(...narrow.map((l) => [...stripVTControlCharacters(l)].length))).toBeLessThanOrEqual(80);
  });

  it('has an account column only when the report covers several accounts', () => {
    const many = renderUsersTable(twoAccounts(), { chalk: plain, width: 100 });
    expect(many.split('\n')[1]).toMatch(/^│ account /);
    expect(many).toContain('staging');
    expect(renderUsersTable(oneAccount(), { chalk: plain, width: 100 }).split('\n')[1]).not.toContain('account');
  });

  it('neutralises control characters, escape sequences and bidi overrides in remote names', () => {
    const hostile = aUser({
      id: '66',
      email: 'eve@acme.test',
      displayName: `Eve\u001b]0;pwned\u0007\u001b[2J\u202Eevil\u0000\u009b\r\nX`,
    });
    const out = renderUsersTable(oneAccount([hostile]), { chalk: plain, width: 120 });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(out).toContain('Eveevil  X');
  });
});

describe('users table at the widths people use', () => {
  it('at 120 columns: the licence and why whole, the auxiliary columns gone before they wrap', () => {
    expect(renderUsersTable(oneAccount(), { chalk: plain, width: 120 })).toMatchInlineSnapshot(`
     "┌───────────────────┬────────────────────────────┬────────────────────────────────────────────────────────┬────────────┐
     │ email             │ license                    │ why                                                    │ last login │
     ├───────────────────┼────────────────────────────┼────────────────────────────────────────────────────────┼────────────┤
     │ ada@acme.test     │ developer                  │ LookML Admins via BI <- Analytics                      │ 2025-06-01 │
     ├───────────────────┼────────────────────────────┼────────────────────────────────────────────────────────┼────────────┤
     │ bob@acme.test     │ standard                   │ Explorers (direct)                                     │ never      │
     ├───────────────────┼────────────────────────────┼────────────────────────────────────────────────────────┼────────────┤
     │ cy@acme.test      │ viewer · disabled, no seat │ Viewers (direct)                                       │ never      │
     ├───────────────────┼────────────────────────────┼────────────────────────────────────────────────────────┼────────────┤
     │ embed-7@acme.test │ none · embed, no seat      │ no roles (roles from groups are not allowed for this   │ never      │
     │                   │                            │ user)                                                  │            │
     └───────────────────┴────────────────────────────┴────────────────────────────────────────────────────────┴────────────┘
     hidden at 120 columns: id, name, status, kind, rule, roles, groups (widen the terminal, or -f csv)
     "
    `);
  });

  it('a failed account is named under the table, never shown as an empty one', async () => {
    const { buildReport, failedAccount } = await import('../../src/audit/index.js');
    const onlyFailed = buildReport([failedAccount('eu', 'https://eu.test', 'login refused', 1)], {
      generatedAt: new Date('2026-12-01T00:00:00Z'),
      rules: 'torii',
    });
    expect(renderUsersTable(onlyFailed, { chalk: plain, width: 80 })).toBe(
      'not in this table: account "eu" could not be audited (the error is above)\n',
    );
    const mixed = renderUsersTable(twoAccounts(), { chalk: plain, width: 120 });
    expect(mixed).toMatch(/^┌/);
    expect(mixed.trimEnd().split('\n').at(-1)).toBe(
      'not in this table: account "eu" could not be audited (the error is above)',
    );
  });

  it('in JSON a failed account has summary: null, not zeros', async () => {
    const { renderUsersJson } = await import('../../src/report/json.js');
    const doc = JSON.parse([renderUsersJson(twoAccounts())].flat().join('')) as {
      accounts: { name: string; summary: unknown; error?: string }[];
    };
    expect(doc.accounts.map((a) => [a.name, a.summary])).toEqual([
      ['production', { developer: 1, standard: 1, viewer: 0, none: 0 }],
      ['staging', { developer: 1, standard: 1, viewer: 0, none: 0 }],
      ['eu', null],
    ]);
  });
});
