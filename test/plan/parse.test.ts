/**
 * The plan file contract: a plan made by the planner reads back as it is; a tampered, foreign or broken one is
 * refused with one line that names the file and the path of each bad key, and never repeats what the file holds.
 */
import { describe, expect, it } from '@jest/globals';
import { InputFileError } from '../../src/errors.js';
import { itemIdOf } from '../../src/plan/item-id.js';
import { parsePlan, planAccountProblems } from '../../src/plan/parse.js';
import type { PlanDocument } from '../../src/plan/types.js';
import { aCandidateUser, candidate, planDocumentOf, planOf } from '../audit/plan-fixture.js';

function aPlan(): PlanDocument {
  const account = planOf(
    {
      users: [
        aCandidateUser('1', { roleIds: ['r2'] }),
        aCandidateUser('2', { groupIds: ['g3'] }),
        aCandidateUser('3', { isEmbed: true }),
      ],
    },
    [candidate('1', 'reclaim', 1650), candidate('2', 'viewer', 1250), candidate('3', 'reclaim', null)],
  );
  return planDocumentOf([account]);
}

/** The plan as JSON, changed by `edit` (on a plain copy). */
function edited(edit: (plan: any) => void): string {
  const plan = JSON.parse(JSON.stringify(aPlan()));
  edit(plan);
  return JSON.stringify(plan);
}

function refusal(text: string): InputFileError {
  try {
    parsePlan(text, 'plan.json');
  } catch (error) {
    if (error instanceof InputFileError) return error;
    throw error;
  }
  throw new Error('the plan was accepted');
}

const SECRET = 'hunter2-\u001b]8;;https://evil.example\u0007';

describe('parsePlan', () => {
  it('reads a plan made by the planner', () => {
    expect(parsePlan(JSON.stringify(aPlan(), null, 2), 'plan.json')).toEqual(aPlan());
  });

  it.each([
    ['an empty file', '', 'plan.json: empty file: expected a plan file made by `looker-audit plan`'],
    [
      'not JSON: where it breaks, never what it holds',
      `{"kind": "${SECRET}`,
      'plan.json: not JSON (line 1, column 19: a control character or line break inside a string): expected a plan file made by `looker-audit plan`',
    ],
    ['a list', '[]', 'plan.json: must be a JSON object: expected a plan file made by `looker-audit plan`'],
    [
      'a snapshot, not a plan',
      JSON.stringify({ schema_version: 1, generated_at: 'x', rules: 'torii', accounts: [] }),
      'plan.json: kind: must be looker-audit-plan: expected a plan file made by `looker-audit plan`',
    ],
    [
      'another kind',
      edited((p) => (p.kind = SECRET)),
      'plan.json: kind: must be looker-audit-plan: expected a plan file made by `looker-audit plan`',
    ],
    [
      'another version',
      edited((p) => (p.schema_version = 2)),
      'plan.json: schema_version: must be 1 (this version reads plans of version 1)',
    ],
  ])('%s', (_name, text, message) => {
    expect(refusal(text).message).toBe(message);
  });

  it.each([
    [
      'an unknown step op',
      (p: any) => (p.accounts[0].items[0].steps[0].op = 'delete_user'),
      'accounts[0].items[0].steps[0].op: must be one of reassign_schedule, add_to_group, set_direct_roles, remove_from_group, disable_user',
    ],
    [
      'a key added to a step (a body smuggled in)',
      (p: any) => (p.accounts[0].items[0].steps[0].body = { is_disabled: false }),
      'accounts[0].items[0].steps[0].body: unknown key',
    ],
    [
      'a key whose name is not a plain word',
      (p: any) => (p.accounts[0][SECRET] = 1),
      'accounts[0][a key of 34 characters]: unknown key',
    ],
    [
      'an unknown target',
      (p: any) => (p.accounts[0].items[1].to = 'developer'),
      'accounts[0].items[1].to: must be one of reclaim, standard, viewer',
    ],
    [
      'a missing before state',
      (p: any) => delete p.accounts[0].items[1].before,
      'accounts[0].items[1].before: missing',
    ],
    [
      'an id that is a number',
      (p: any) => (p.accounts[0].items[1].user_id = 2),
      'accounts[0].items[1].user_id: must be an id (a string)',
    ],
  ])('refuses %s, naming the path', (_name, edit, message) => {
    const error = refusal(edited(edit));
    expect(error.message).toBe(`plan.json: ${message}`);
    expect(error.message).not.toContain('hunter2');
  });

  it.each([
    [
      'a step changed after the plan (a role swapped for Admin)',
      (p: any) => (p.accounts[0].items[1].steps[0] = { op: 'add_to_group', group: { id: 'g1', name: 'Viewers' } }),
      'accounts[0].items[1].item_id: does not match the item: it was edited after the plan was made',
    ],
    [
      'a blocked item made planned',
      (p: any) => {
        const item = p.accounts[0].items[2];
        item.status = 'planned';
        delete item.block;
        delete item.blocked_reason;
        item.steps = [{ op: 'disable_user' }];
      },
      'accounts[0].items[2].item_id: does not match the item: it was edited after the plan was made',
    ],
    [
      'an item removed (the totals no longer add up)',
      (p: any) => p.accounts[0].items.splice(0, 1),
      'accounts[0].totals: do not add up to the items (was the plan edited?)',
    ],
    [
      'set_direct_roles that does not start from the before state',
      (p: any) => (p.accounts[0].items[1].before.direct_role_ids = ['r4']),
      'accounts[0].items[1].item_id: does not match the item: it was edited after the plan was made',
    ],
    [
      'the same user twice',
      (p: any) => p.accounts[0].items.push(p.accounts[0].items[0]),
      'accounts[0].items[3].user_id: the same user twice in one account',
    ],
  ])('refuses %s', (_name, edit, message) => {
    expect(refusal(edited(edit)).problems).toContain(message);
  });

  it('checks the steps against the before state even when the id was recomputed to match', () => {
    const plan = JSON.parse(JSON.stringify(aPlan()));
    const item = plan.accounts[0].items[0];
    item.steps.unshift({ op: 'remove_from_group', group: { id: 'g9', name: 'Nowhere' } });
    item.steps.push({ op: 'add_to_group', group: { id: 'g1', name: 'Analytics' } });
    item.item_id = itemIdOf(plan.accounts[0].url, item);
    expect(refusal(JSON.stringify(plan)).problems).toEqual([
      'accounts[0].items[0].steps[0].group: is not one of before.direct_group_ids',
      'accounts[0].items[0].steps[2].op: out of order: steps run as reassign_schedule, add_to_group, set_direct_roles, remove_from_group, disable_user',
    ]);
  });

  it('lists at most 10 problems, and says how many there were', () => {
    const error = refusal(
      edited((p) => {
        for (const item of p.accounts[0].items) for (const key of Object.keys(item)) item[key] = null;
      }),
    );
    expect(error.problems).toHaveLength(10);
    expect(error.total).toBeGreaterThan(10);
    expect(error.message).toMatch(/^plan\.json: \d+ problems \(the first 10\): /);
  });
});

describe('planAccountProblems', () => {
  const same = (a: string, b: string) => new URL(a).origin === new URL(b).origin;
  it('refuses an account the config does not have, and a plan made for another URL', () => {
    const plan = aPlan();
    expect(planAccountProblems(plan, [{ name: 'Production', url: 'https://acme.cloud.looker.test/' }], same)).toEqual(
      [],
    );
    expect(planAccountProblems(plan, [{ name: 'staging', url: 'https://acme.cloud.looker.test' }], same)).toEqual([
      'accounts[0].name: no account of that name in the config',
    ]);
    expect(planAccountProblems(plan, [{ name: 'production', url: 'https://other.cloud.looker.test' }], same)).toEqual([
      'accounts[0].url: the plan was made for another URL than the config gives this account',
    ]);
  });
});
