/**
 * report/people.ts with untrusted remote text: a name or email carrying escape sequences, bidi overrides,
 * Markdown or HTML, and formula signs. Every format keeps it from acting.
 */
import { describe, expect, it } from '@jest/globals';
import { Chalk } from 'chalk';
import { mergePeople } from '../../src/audit/people.js';
import type { AccountAudit, AuditReport, AuditedUser } from '../../src/audit/types.js';
import { renderPeopleHtml } from '../../src/report/people-html.js';
import { renderPeopleCsv, renderPeopleJson, renderPeopleMarkdown, renderPeopleTable } from '../../src/report/people.js';

const HOSTILE_NAME =
  'Eve \u001b]8;;https://evil.test\u0007click\u001b]8;;\u0007 \u202Eevil | [x](https://evil.test) <img src=x>';

function aUser(id: string, email: string | null, name: string): AuditedUser {
  return {
    id,
    email,
    name,
    status: 'active',
    kind: 'regular',
    license: 'viewer',
    countsTowardSeats: true,
    roles: [],
    groups: [],
    lastLoginAt: null,
    createdAt: null,
    reason: '',
    grants: [],
  };
}

const account = (name: string, users: AuditedUser[], error: string | null = null): AccountAudit => ({
  name,
  url: `https://${name}.test`,
  apiCalls: 1,
  lookerRelease: null,
  error,
  seats: { developer: 0, standard: 0, viewer: 0, none: 0 },
  users,
  roles: [],
  groups: [],
});

const report: AuditReport = {
  generatedAt: '2026-11-23T08:00:00.000Z',
  rules: 'torii',
  accounts: [
    account('prod', [
      aUser('1', 'eve@acme.test', HOSTILE_NAME),
      aUser('2', '=HYPERLINK("https://evil.test")@x.y', 'Formula'),
    ]),
    account('down', [], 'login refused \u001b[2J'),
  ],
};
const people = mergePeople(report, { prices: { viewer: 10 } });

describe('people renderers with hostile remote text', () => {
  it('table: no escape sequence or bidi control reaches the terminal; the failed account is named first', () => {
    const table = renderPeopleTable(people, { chalk: new Chalk({ level: 0 }) });
    expect(table).not.toMatch(/[\u001b\u0007\u202E]/);
    expect(table).toMatch(/^Incomplete: account "down" could not be audited/);
    expect(table).toContain('Eve click evil');
  });

  it('CSV: formula cells neutralised, controls removed, the failed account a row of its own', () => {
    const csv = renderPeopleCsv(people);
    expect(csv).not.toMatch(/[\u001b\u0007\u202E]/);
    expect(csv).toContain(`"'=hyperlink(""https://evil.test"")@x.y"`);
    expect(csv.trim().split('\n').at(-1)).toBe(',,down,,,,,,,,account-failed');
  });

  it('JSON: the data kept, the characters a terminal acts on escaped', () => {
    const json = renderPeopleJson(people);
    expect(json).not.toMatch(/[\u001b\u0007\u202E]/);
    const doc = JSON.parse(json) as {
      people: { names: string[] }[];
      accounts: { error?: string; users: number | null }[];
    };
    expect(doc.people.find((p) => p.names.includes(HOSTILE_NAME))).toBeDefined();
    expect(doc.accounts[1]).toEqual({
      name: 'down',
      url: 'https://down.test',
      error: 'login refused \u001b[2J',
      users: null,
    });
  });

  it('Markdown: no link, image, tag or cell break can be injected', () => {
    const md = renderPeopleMarkdown(people);
    expect(md).not.toMatch(/[\u001b\u0007\u202E]/);
    expect(md).not.toMatch(/(?<!\\)\]\(https/);
    expect(md).not.toMatch(/(?<!\\)<img/);
    const row = md.split('\n').find((line) => line.includes('Eve')) ?? '';
    // Email, Name, Accounts, Seats, Cost/year, Flags: the name's own `|` does not open a seventh cell.
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(6);
    expect(md).toContain('> **Incomplete:** not audited: down');
  });

  it('HTML: one static page, no script allowed or present, remote text escaped, the failed account named', () => {
    const page = renderPeopleHtml(people);
    expect(page).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"`,
    );
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/[\u001b\u0007\u202E]/);
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x&gt;');
    expect(page).toContain('<b>down</b> could not be audited');
    expect(page.match(/<tr><td>/g)).toHaveLength(2);
    expect(page).toContain('$20');
  });
});
