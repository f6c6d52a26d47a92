/**
 * Tables written to a file or a pipe (no terminal width) pad every row to its column's widest cell: one
 * 600,000-character name made a string longer than JavaScript can hold. Every table view caps its cells at
 * MAX_CELL_WIDTH columns; CSV and JSON keep the whole text.
 */
import { describe, expect, it } from '@jest/globals';
import { Chalk } from 'chalk';
import { auditAccount } from '../../src/audit/account.js';
import { mergePeople } from '../../src/audit/people.js';
import { evaluatePolicy } from '../../src/audit/policy.js';
import { buildReport } from '../../src/audit/report-model.js';
import { TORII_RULES } from '../../src/audit/rules.js';
import { summarise } from '../../src/audit/summary.js';
import { toJsonDocument } from '../../src/report/json.js';
import { diffSnapshots } from '../../src/audit/diff.js';
import { renderCheckTable } from '../../src/report/check.js';
import { renderDiffTable } from '../../src/report/diff.js';
import { renderGroupsTable } from '../../src/report/groups.js';
import { renderPeopleCsv, renderPeopleTable } from '../../src/report/people.js';
import { renderRolesTable } from '../../src/report/roles.js';
import { renderSummaryTable } from '../../src/report/summary.js';
import { MAX_CELL_WIDTH } from '../../src/report/table.js';
import { renderUsersTable } from '../../src/report/users.js';
import { usersCsvChunks } from '../../src/report/users-csv.js';
import { aGroup, aRole, aSnapshot, aUser } from '../audit/builders.js';

const LONG = 600_000;
const long = (c: string) => c.repeat(LONG);
const now = new Date('2026-11-23T00:00:00Z');
const options = { chalk: new Chalk({ level: 0 }), width: undefined };

function report(extraUsers = 0) {
  const role = aRole({ id: 'r1', name: `Admin ${long('R')}`, permissions: ['develop'] });
  const group = aGroup({ id: 'g1', name: long('G'), roleIds: ['r1'] });
  const users = [
    aUser({ id: '1', email: `${long('e')}@acme.test`, firstName: long('N'), lastName: 'Long', groupIds: ['g1'] }),
    ...Array.from({ length: extraUsers }, (_, i) => aUser({ id: String(i + 2), roleIds: ['r1'] })),
  ];
  return buildReport(
    [auditAccount(aSnapshot({ account: long('A'), roles: [role], groups: [group], users }), TORII_RULES)],
    {
      generatedAt: now,
      rules: 'torii',
    },
  );
}

const VIEWS: Readonly<Record<string, () => string>> = {
  users: () => [...renderUsersTable(report(), options)].join(''),
  summary: () => renderSummaryTable(summarise(report(), { now }), options),
  roles: () => renderRolesTable(report(), options),
  groups: () => renderGroupsTable(report(), options),
  people: () => renderPeopleTable(mergePeople(report()), options),
  check: () => renderCheckTable(evaluatePolicy(report(), { allowedDevelopers: [] }, { now, overrides: {} }), options),
  diff: () => renderDiffTable(diffSnapshots(toJsonDocument(report()), toJsonDocument(report(1))), options),
};

describe.each(Object.entries(VIEWS))('the %s table, written to a file', (_view, render) => {
  it(`cuts every cell to ${MAX_CELL_WIDTH} columns, marked with …`, () => {
    const out = render();
    // The table's own lines (a note under a table may name an account once, in full: that is not padding).
    const rows = out.split('\n').filter((line) => /^[│┌├└]/.test(line));
    expect(rows.length).toBeGreaterThan(3);
    const longest = Math.max(...rows.map((line) => line.length));
    // A handful of columns, each at most the cap plus its padding and border.
    expect(longest).toBeLessThan(12 * (MAX_CELL_WIDTH + 3));
    expect(out).toContain('…');
  });
});

describe('CSV keeps the whole text', () => {
  it('users and people', () => {
    expect([...usersCsvChunks(report())].join('')).toContain(long('N'));
    expect(renderPeopleCsv(mergePeople(report()))).toContain(long('N'));
  });
});

it('20,000 users and one 10,000-character name: the table is the size of the list, not of the name', () => {
  const name = 'x'.repeat(10_000);
  const users = [
    aUser({ id: '1', firstName: name, lastName: 'Long', roleIds: ['r1'] }),
    ...Array.from({ length: 19_999 }, (_, i) => aUser({ id: String(i + 2), roleIds: ['r1'] })),
  ];
  const big = buildReport(
    [
      auditAccount(
        aSnapshot({ roles: [aRole({ id: 'r1', name: 'Viewer', permissions: ['access_data'] })], users }),
        TORII_RULES,
      ),
    ],
    { generatedAt: now, rules: 'torii' },
  );
  let size = 0;
  for (const piece of renderUsersTable(big, options)) size += piece.length;
  // Before the cap every row was padded to 10,000 columns: about 200 MB.
  expect(size).toBeLessThan(20_000 * 600);
});
