import { describe, it, expect } from '@jest/globals';
import { Chalk } from 'chalk';
import { explainUser } from '../../src/audit/explain.js';
import { summarise } from '../../src/audit/summary.js';
import { renderExplainJson, renderExplainTable } from '../../src/report/explain.js';
import { renderGroupsCsv, renderGroupsJson, renderGroupsTable } from '../../src/report/groups.js';
import { renderRolesCsv, renderRolesJson, renderRolesTable } from '../../src/report/roles.js';
import { renderSummaryCsv, renderSummaryJson, renderSummaryTable } from '../../src/report/summary.js';
import { generatedAt, oneAccount, twoAccounts } from './fixture.js';

const plain = new Chalk({ level: 0 });
const now = generatedAt;

describe('summary', () => {
  it('table: seats per account and tier, a total row, inactive seats and cost, and the disagreeing roles', () => {
    const summary = summarise(twoAccounts(), {
      now,
      inactiveDays: 90,
      prices: { developer: 1000, standard: 500, viewer: 100 },
    });
    expect(renderSummaryTable(summary, { chalk: plain, width: 120 })).toMatchInlineSnapshot(`
     "┌─────────────┬───────────┬──────────┬────────┬──────┬──────────────┬─────────────────┬───────────┬───────────────┐
     │ account     │ developer │ standard │ viewer │ none │ inactive 90d │ never logged in │ cost/year │ inactive cost │
     ├─────────────┼───────────┼──────────┼────────┼──────┼──────────────┼─────────────────┼───────────┼───────────────┤
     │ production  │         1 │        1 │      0 │    0 │        0/1/0 │           0/1/0 │    $1,500 │          $500 │
     │ staging     │         1 │        1 │      0 │    0 │        0/1/0 │           0/1/0 │    $1,500 │          $500 │
     │ eu (failed) │         - │        - │      - │    - │            - │               - │         - │             - │
     │ total       │         2 │        2 │      0 │    0 │        0/2/0 │           0/2/0 │    $3,000 │        $1,000 │
     └─────────────┴───────────┴──────────┴────────┴──────┴──────────────┴─────────────────┴───────────┴───────────────┘
     hidden at 120 columns: users, disabled, excluded (widen the terminal, or -f csv)
     Tiers by the torii rule set (--rules looker: by permissions instead). Seats: active regular and service users only.
     inactive 90d: developer/standard/viewer seats with no login in 90 days; never logged in: the part of them that never
     logged in at all, in accounts older than 90 days.
     Costs per year, in USD, from the config's prices.

     Roles where the torii and looker rule sets disagree:
     ┌────────────┬──────────┬───────┬───────────┬───────┐
     │ account    │ role     │ torii │ looker    │ users │
     ├────────────┼──────────┼───────┼───────────┼───────┤
     │ production │ Builders │ none  │ developer │     0 │
     │ staging    │ Builders │ none  │ developer │     0 │
     └────────────┴──────────┴───────┴───────────┴───────┘
     "
    `);
  });

  it('json and csv carry the same numbers', () => {
    const summary = summarise(oneAccount(), { now, prices: { developer: 1000 } });
    const doc = JSON.parse(renderSummaryJson(summary)) as {
      accounts: { name: string; seats: unknown; total_cost: number }[];
      disagreements: unknown[];
    };
    expect(doc.accounts[0]).toMatchObject({
      name: 'production',
      seats: { developer: 1, standard: 1, viewer: 0, none: 0 },
      total_cost: 1000,
    });
    expect(doc.disagreements).toEqual([
      { account: 'production', role: 'Builders', torii: 'none', looker: 'developer', users: 0 },
    ]);
    expect(renderSummaryCsv(summary)).toBe(
      'account,error,developer,standard,viewer,none,users,disabled,excluded,inactive_developer,inactive_standard,inactive_viewer,' +
        'never_logged_in_developer,never_logged_in_standard,never_logged_in_viewer,cost,inactive_cost\n' +
        'production,,1,1,0,0,4,1,1,,,,,,,1000,\n',
    );
  });
});

describe('roles', () => {
  it('table: tier under the chosen rules and under the other built-in set, disagreement, users', () => {
    expect(renderRolesTable(oneAccount(), { chalk: plain, width: 100 })).toMatchInlineSnapshot(`
     "┌───────────────┬──────────────┬───────────┬─────────────────┬──────────┬───────┬──────────────────┐
     │ role          │ tier (torii) │ looker    │ system-activity │ disagree │ users │ rule             │
     ├───────────────┼──────────────┼───────────┼─────────────────┼──────────┼───────┼──────────────────┤
     │ Builders      │ none         │ developer │ none            │ yes      │     0 │ no rule matches  │
     │ Explorers     │ standard     │ standard  │ standard        │          │     1 │ has permission … │
     │ LookML Admins │ developer    │ developer │ developer       │          │     1 │ name contains "… │
     │ Viewers       │ viewer       │ viewer    │ viewer          │          │     2 │ has permission … │
     └───────────────┴──────────────┴───────────┴─────────────────┴──────────┴───────┴──────────────────┘
     hidden at 100 columns: permission set, model set, permissions (widen the terminal, or -f csv)
     "
    `);
  });

  it('json and csv', () => {
    const doc = JSON.parse(renderRolesJson(oneAccount())) as { accounts: { roles: Record<string, unknown>[] }[] };
    expect(doc.accounts[0]?.roles[0]).toEqual({
      id: 'r-build',
      name: 'Builders',
      tier: 'none',
      rule: 'no rule matches',
      torii_tier: 'none',
      looker_tier: 'developer',
      // deploy without develop: no flag of Looker's own.
      system_activity_tier: 'none',
      disagree: true,
      users: 0,
      permission_set: 'Set r-build',
      all_access: false,
      permissions: ['deploy'],
      model_set: 'Models r-build',
      models: ['thelook'],
    });
    expect(renderRolesCsv(oneAccount()).split('\n')[0]).toBe(
      'account,id,name,tier,rule,torii_tier,looker_tier,system_activity_tier,disagree,users,permission_set,all_access,permissions,model_set,models',
    );
  });
});

describe('groups', () => {
  it('table, json and csv: parents, roles, direct and effective members', () => {
    expect(renderGroupsTable(oneAccount(), { chalk: plain, width: 80 })).toMatchInlineSnapshot(`
     "┌───────────┬───────────┬───────────────┬────────┬───────────┬──────────┐
     │ group     │ parents   │ roles         │ direct │ effective │ external │
     ├───────────┼───────────┼───────────────┼────────┼───────────┼──────────┤
     │ Analytics │           │ LookML Admins │      0 │         2 │          │
     │ BI        │ Analytics │ Viewers       │      2 │         2 │          │
     └───────────┴───────────┴───────────────┴────────┴───────────┴──────────┘
     "
    `);
    const doc = JSON.parse(renderGroupsJson(oneAccount())) as { accounts: { groups: unknown[] }[] };
    expect(doc.accounts[0]?.groups).toEqual([
      {
        id: 'g-an',
        name: 'Analytics',
        parents: [],
        roles: ['LookML Admins'],
        direct_members: 0,
        effective_members: 2,
        externally_managed: false,
      },
      {
        id: 'g-bi',
        name: 'BI',
        parents: ['Analytics'],
        roles: ['Viewers'],
        direct_members: 2,
        effective_members: 2,
        externally_managed: false,
      },
    ]);
    expect(renderGroupsCsv(oneAccount())).toContain('production,g-bi,BI,Analytics,Viewers,2,2,false\n');
  });
});

describe('explain', () => {
  it('table: the reason and every grant of a nested-group user, the winner starred', () => {
    const result = explainUser(oneAccount().accounts, 'ADA@acme.test');
    expect(renderExplainTable(result, { chalk: plain, width: 100 })).toMatchInlineSnapshot(`
     "ada@acme.test (id 1) in production: developer, active, regular
     reason: developer: role "LookML Admins" name contains "admin", via group "BI" <- "Analytics"
     ┌───┬───────────────┬───────────┬─────────────────┬──────────────────────────────┐
     │   │ role          │ tier      │ via             │ rule                         │
     ├───┼───────────────┼───────────┼─────────────────┼──────────────────────────────┤
     │ * │ LookML Admins │ developer │ BI <- Analytics │ name contains "admin"        │
     │   │ Viewers       │ viewer    │ BI              │ has permission "access_data" │
     └───┴───────────────┴───────────┴─────────────────┴──────────────────────────────┘
     "
    `);
  });

  it('table: shows routes ignored because the user takes no roles from groups', () => {
    const out = renderExplainTable(explainUser(oneAccount().accounts, '4'), { chalk: plain, width: 160 });
    expect(out).toContain('(ignored: no roles from groups)');
    expect(out).toContain('takes no seat');
  });

  it('json lists the grants with the winning flag; a miss renders its message', () => {
    const doc = JSON.parse(renderExplainJson(explainUser(oneAccount().accounts, '1'))) as {
      matches: { grants: { role: string; via: string[]; winning: boolean }[] }[];
    };
    expect(doc.matches[0]?.grants.map((g) => [g.role, g.via, g.winning])).toEqual([
      ['LookML Admins', ['BI', 'Analytics'], true],
      ['Viewers', ['BI'], false],
    ]);
    expect(renderExplainTable(explainUser(oneAccount().accounts, 'x@y.z'), { chalk: plain, width: 80 })).toBe(
      'no user with email or id "x@y.z" in account "production"\n',
    );
  });
});
