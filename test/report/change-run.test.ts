/**
 * The views of an apply or undo run, and the plan's list of named users it leaves alone: each item's status and
 * writes with their answers; names and server messages from the instance pass through every view without a raw
 * control character, and the Markdown keeps no link, image, tag or mention.
 */
import { describe, expect, it } from '@jest/globals';
import { Chalk } from 'chalk';
import { changeTotals, type ChangeAccount, type ChangeRun } from '../../src/audit/change-run.js';
import { renderChangeJson, renderChangeMarkdown, renderChangeTable } from '../../src/report/change-run.js';
import { renderPlanMarkdown, renderPlanTable } from '../../src/report/plan.js';
import { planDocumentOf, planOf } from '../audit/plan-fixture.js';

const HOSTILE = 'Eve\u001b]8;;http://evil.test\u0007[x](https://evil.test) <img src=x> @channel\u202Egnp.exe';
const RAW_CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const plain = { chalk: new Chalk({ level: 0 }), width: undefined };

function aRun(mode: 'apply' | 'undo' = 'apply', dryRun = false): ChangeRun {
  const accounts: ChangeAccount[] = [
    {
      name: 'production',
      url: 'https://acme.cloud.looker.test',
      error: null,
      api_calls: 17,
      items: [
        {
          item_id: '0123456789abcdef',
          user_id: '9',
          email: null,
          name: HOSTILE,
          to: mode === 'apply' ? 'reclaim' : null,
          status: mode === 'apply' ? 'applied' : 'restored',
          detail: '',
          steps: [{ op: 'disable_user', what: 'disable the user', status: 'sent', http_status: 200 }],
        },
        {
          item_id: 'fedcba9876543210',
          user_id: '3',
          email: 'chloe@acme.test',
          name: 'Chloe',
          to: mode === 'apply' ? 'viewer' : null,
          status: 'failed',
          detail: `Looker answered 500: ${HOSTILE}`,
          steps: [
            { op: 'add_to_group', what: `add to group "${HOSTILE}"`, status: 'failed', http_status: 500 },
            { op: 'remove_from_group', what: 'remove from group "BI"', status: 'pending', http_status: null },
          ],
        },
      ],
    },
    {
      name: 'staging',
      url: 'https://staging.test',
      error: 'account "staging": login refused',
      api_calls: 1,
      items: [],
    },
  ];
  return {
    mode,
    dry_run: dryRun,
    source: mode === 'apply' ? 'plan.json' : 'plan.journal.jsonl',
    journal: dryRun ? null : 'plan.journal.jsonl',
    generated_at: '2026-11-23T08:00:00.000Z',
    accounts,
    totals: changeTotals(accounts),
  };
}

describe('renderChangeTable', () => {
  it('heads with the totals and the journal, lists each item with its writes and answers, names the failed account', () => {
    const text = renderChangeTable(aRun(), plain);
    expect(text.split('\n')[0]).toBe(
      'Apply of plan.json: 1 applied, 1 failed. Journal: plan.journal.jsonl (looker-audit undo plan.journal.jsonl puts it back)',
    );
    expect(text).toMatch(/chloe@acme\.test .* failed .* failed \(500\); remove from group "BI"/);
    expect(text).toContain('disable the user: 200');
    expect(text).toContain('account "staging": login refused');
    expect(text).not.toMatch(RAW_CONTROL);
  });

  it('a dry run says nothing was sent; undo has no target column', () => {
    expect(renderChangeTable(aRun('apply', true), plain).split('\n')[0]).toBe(
      'Apply of plan.json, dry run: nothing was sent (1 applied, 1 failed). Run again with --yes to send it.',
    );
    const undo = renderChangeTable(aRun('undo'), plain);
    expect(undo).not.toMatch(/│ to +│/);
    expect(undo.split('\n')[0]).toBe('Undo of plan.journal.jsonl: 1 restored, 1 failed. Journal: plan.journal.jsonl');
  });
});

describe('renderChangeMarkdown and renderChangeJson', () => {
  it('escapes every remote string in Markdown', () => {
    const text = renderChangeMarkdown(aRun());
    expect(text).toContain('## Seat remediation: apply');
    expect(text).toContain('| account | user | to | status | writes | why |');
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).not.toMatch(/\]\(https?:/);
    expect(text).not.toContain('<img');
    expect(text).not.toMatch(/(^|[^\w])@channel/);
  });

  it('is the run as it is, keys in order, what JSON.stringify leaves raw escaped', () => {
    const run = aRun();
    const text = renderChangeJson(run);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(text)).toEqual(run);
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      'mode',
      'dry_run',
      'source',
      'journal',
      'generated_at',
      'accounts',
      'totals',
    ]);
  });
});

describe('the plan views list the named users left alone', () => {
  it('with the reason, remote names escaped', () => {
    const account = {
      ...planOf({ users: [] }, []),
      not_planned: [
        {
          user_id: '7',
          email: null,
          name: HOSTILE,
          tier: 'developer' as const,
          reason: 'no recommendation from rightsize for this user',
        },
      ],
    };
    const plan = planDocumentOf([account]);
    const table = renderPlanTable(plan, plain);
    expect(table).toContain('Named with --user, not planned:');
    expect(table).toContain('no recommendation from rightsize for this user');
    expect(table).not.toMatch(RAW_CONTROL);
    const markdown = renderPlanMarkdown(plan);
    expect(markdown).toContain('| user | tier | why |');
    expect(markdown).toMatch(/\| developer \| no recommendation from rightsize for this user \|$/m);
    expect(markdown).not.toMatch(RAW_CONTROL);
    expect(markdown).not.toMatch(/\]\(https?:/);
  });
});
