/**
 * Remote text through every format report/ writes (src/sanitize.ts): hostile names, emails,
 * role and group names never put a raw control character into the output bytes, formula cells are neutralised in
 * CSV, JSON keeps the data (escaped), and ordinary names in any script survive unchanged.
 */
import { describe, expect, it } from '@jest/globals';
import { Chalk } from 'chalk';
import { parse } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { auditAccount } from '../../src/audit/account.js';
import type { CheckResult, Violation } from '../../src/audit/policy.js';
import { buildReport } from '../../src/audit/report-model.js';
import { TORII_RULES } from '../../src/audit/rules.js';
import type { AuditReport } from '../../src/audit/types.js';
import { renderCheckJson, renderCheckJunit, renderCheckTable } from '../../src/report/check.js';
import { renderGroupsCsv, renderGroupsJson, renderGroupsTable } from '../../src/report/groups.js';
import { renderRolesCsv, renderRolesJson, renderRolesTable } from '../../src/report/roles.js';
import { renderUsersJson } from '../../src/report/json.js';
import { renderUsersTable } from '../../src/report/users.js';
import { renderUsersCsv } from '../../src/report/users-csv.js';
import { aGroup, aRole, aSnapshot, aUser } from '../audit/builders.js';
import { generatedAt } from './fixture.js';

const HOSTILE: readonly string[] = [
  'Eve\u001b]0;pwned\u0007', // OSC 0: retitles the terminal
  'Eve\u001b]8;;http://evil.test\u001b\\click\u001b]8;;\u001b\\', // OSC 8 hyperlink, ST-terminated
  '\u001b[31mRed\u001b[0m\u001b[2J\u001b[H', // CSI colours, clear screen, cursor home
  'c1\u009b31mcsi\u0085nel', // C1 CSI and NEL
  'admin\u202Etxt.exe', // bidi override (Trojan Source)
  'iso\u2066late\u2069d\u200F',
  'del\u007Fete',
  'nul\u0000byte',
  'bell\u0007',
  'line\nbreak',
  'carriage\rreturn',
  'crlf\r\nline',
  'tab\there',
  'sep\u2028arator',
  ' =1+1',
  '\n=cmd',
  '\t=x',
  '\r=cr',
  '@SUM(A1)',
  '-1',
  '+1',
  '=HYPERLINK("http://evil.test","x")',
  '\u00A0 +nbsp',
];
const PLAIN: readonly string[] = ['Zoë Ødegård', '李小龍', 'Ñúñez-García 🚀', 'family 👨‍👩‍👧 ok', 'O\'Brien, "Jo"'];

// Any control character (C0 but LF, DEL, C1), the Unicode line/paragraph separators and the bidi controls.
const RAW_CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
// CSV and XML keep tab and LF inside a (quoted) cell; never CR, which lets `cat` overwrite a line.
const RAW_CONTROL_MULTILINE =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
// What a spreadsheet would run: = + - @ (or full-width) as the first non-blank character, or a leading tab/CR/LF.
const FORMULA = /^(?:[\t\n\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;
const SGR = /\u001b\[[0-9;]*m/g;

const texts = [...HOSTILE, ...PLAIN];
const plain = new Chalk({ level: 0 });
const coloured = new Chalk({ level: 3 });

function hostileReport(): AuditReport {
  const roles = texts.map((t, i) => aRole({ id: `r${i}`, name: t, permissions: ['access_data', 'see_looks'] }));
  const groups = texts.map((t, i) => aGroup({ id: `g${i}`, name: t, roleIds: [`r${i}`] }));
  const users = texts.map((t, i) =>
    aUser({ id: String(i + 1), email: t, displayName: `x${t}x`, roleIds: [`r${i}`], groupIds: [`g${i}`] }),
  );
  return buildReport([auditAccount(aSnapshot({ roles, groups, users }), TORII_RULES)], {
    generatedAt,
    rules: 'torii',
  });
}

function hostileCheck(): CheckResult {
  const violations: Violation[] = texts.map((t, i) => ({
    account: 'prod',
    kind: 'unexpected-developer',
    tier: 'developer',
    userId: String(i + 1),
    email: t,
    name: t,
    reason: `developer: role ${t}`,
    count: null,
    limit: null,
    message: `Developer seat held by ${t}`,
    detail: `Developer seat held by ${t}`,
  }));
  return {
    generatedAt: generatedAt.toISOString(),
    rules: 'torii',
    ok: false,
    violations,
    accounts: [
      { account: 'prod', error: null, checked: ['unexpected-developer'], violations, notes: texts.slice() },
      { account: 'eu', error: `login refused: ${HOSTILE[0]}`, checked: [], violations: [], notes: [] },
    ],
  };
}

const report = hostileReport();
const table = (out: Iterable<string> | string): string => (typeof out === 'string' ? out : [...out].join(''));

describe('hostile remote text, table', () => {
  const outputs = {
    users: table(renderUsersTable(report, { chalk: plain, width: undefined })),
    usersColoured: table(renderUsersTable(report, { chalk: coloured, width: 200 })),
    roles: renderRolesTable(report, { chalk: plain, width: undefined }),
    groups: renderGroupsTable(report, { chalk: coloured, width: 300 }),
    check: renderCheckTable(hostileCheck(), { chalk: coloured, width: undefined }),
  };

  it.each(Object.entries(outputs))('%s: no control character and no escape sequence but our colours', (_view, out) => {
    expect(out.replace(SGR, '')).not.toMatch(RAW_CONTROL);
    expect(out.replace(SGR, '')).not.toContain('\u001b');
  });

  it('users: one line per user, and every line of the table as wide as the others', () => {
    const lines = outputs.users.trimEnd().split('\n');
    expect(lines).toHaveLength(texts.length + 4);
    const widths = new Set(lines.map(columns));
    expect(widths.size).toBe(1);
  });

  it('plain names in any script survive unchanged', () => {
    for (const name of PLAIN) {
      expect(outputs.users).toContain(`x${name}x`);
      expect(outputs.roles).toContain(name);
    }
  });
});

describe('hostile remote text, CSV', () => {
  const outputs = { users: renderUsersCsv(report), roles: renderRolesCsv(report), groups: renderGroupsCsv(report) };

  it.each(Object.entries(outputs))(
    '%s: no control character in the bytes, no cell a spreadsheet would run',
    (_v, csv) => {
      expect(csv).not.toMatch(RAW_CONTROL_MULTILINE);
      const rows = parse(csv, { relax_column_count: false }) as string[][];
      for (const cell of rows.flat()) expect(cell).not.toMatch(FORMULA);
    },
  );

  it('users: the formula cases are quoted away, the rest of the data is kept', () => {
    const rows = parse(outputs.users, { columns: true }) as Record<string, string>[];
    const email = new Map(rows.map((r) => [r.id, r.email]));
    const at = (text: string): string | undefined => email.get(String(texts.indexOf(text) + 1));
    expect(at(' =1+1')).toBe("' =1+1");
    expect(at('\n=cmd')).toBe("'\n=cmd");
    expect(at('\t=x')).toBe("'\t=x");
    expect(at('\r=cr')).toBe("'\n=cr");
    expect(at('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(at('-1')).toBe("'-1");
    expect(at('+1')).toBe("'+1");
    expect(at('\u00A0 +nbsp')).toBe("'\u00A0 +nbsp");
    expect(at('line\nbreak')).toBe('line\nbreak');
    expect(at('crlf\r\nline')).toBe('crlf\nline');
    expect(at('tab\there')).toBe('tab\there');
    expect(at('Eve\u001b]0;pwned\u0007')).toBe('Eve');
    expect(at('admin\u202Etxt.exe')).toBe('admintxt.exe');
    for (const name of PLAIN) expect(at(name)).toBe(name);
  });
});

describe('hostile remote text, JSON', () => {
  const outputs = {
    users: renderUsersJson(report),
    roles: renderRolesJson(report),
    groups: renderGroupsJson(report),
    check: renderCheckJson(hostileCheck()),
  };

  it.each(Object.entries(outputs))('%s: no raw control character, but every character kept (escaped)', (_v, json) => {
    expect(json).not.toMatch(RAW_CONTROL);
    expect(json).toContain('\\u001b]0;pwned\\u0007');
    expect(json).toContain('admin\\u202etxt.exe');
    expect(json).toContain('del\\u007fete');
    expect(json).toContain('c1\\u009b31mcsi\\u0085nel');
  });

  it('users: parsing gives back the exact remote text', () => {
    const doc = JSON.parse(outputs.users) as { accounts: { users: { email: string; name: string }[] }[] };
    expect(doc.accounts[0]?.users.map((u) => u.email)).toEqual(texts);
  });
});

describe('hostile remote text, JUnit XML', () => {
  const xml = renderCheckJunit(hostileCheck());

  it('is valid XML without a control character (tab and LF aside), bidi control or escape sequence', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(RAW_CONTROL_MULTILINE);
  });

  it('keeps plain names unchanged', () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml) as {
      testsuites: { testsuite: { testcase: { '@name': string }[] }[] };
    };
    const names = doc.testsuites.testsuite[0]?.testcase.map((c) => c['@name']) ?? [];
    for (const name of PLAIN) expect(names).toContain(`unexpected-developer: ${name}`);
  });
});

// The columns a terminal draws a line in: CJK and emoji take two, combining marks none, a ZWJ family is one emoji.
function columns(line: string): number {
  const chars = [...line.replace(/\u200D\p{Extended_Pictographic}/gu, '').replace(/\p{M}/gu, '')];
  const wide = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFF01-\uFF60]|\p{Emoji_Presentation}/u;
  return chars.reduce((n, c) => n + (wide.test(c) ? 2 : 1), 0);
}
