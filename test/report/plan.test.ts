/**
 * The plan's views: the table says what each user's item does or why it is blocked; the Markdown is a review in
 * a pull request where no remote name can add a link, an image, a tag or a mention; the JSON is the plan file,
 * read back as it was. Hostile names pass through every view without a raw control character.
 */
import { describe, expect, it } from '@jest/globals';
import { Chalk } from 'chalk';
import { parsePlan } from '../../src/plan/parse.js';
import type { PlanDocument } from '../../src/plan/types.js';
import { md } from '../../src/report/markdown-text.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanTable, stepText } from '../../src/report/plan.js';
import { aCandidateUser, candidate, planDocumentOf, planOf } from '../audit/plan-fixture.js';

const HOSTILE_NAME = 'Eve\u001b]8;;http://evil.test\u0007[x](https://evil.test) <img src=x> @channel\u202Egnp.exe';
const RAW_CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const plain = { chalk: new Chalk({ level: 0 }), width: undefined };

function aPlan(): PlanDocument {
  const account = planOf(
    {
      users: [
        aCandidateUser('1', { roleIds: ['r2'], firstName: HOSTILE_NAME, email: null }),
        aCandidateUser('2', { groupIds: ['g3'] }),
        aCandidateUser('3', { groupIds: ['g4'] }),
      ],
      schedules: [
        { id: 's1', name: 'Weekly', ownerId: '1', enabled: true, runAsRecipient: false, emailRecipients: [] },
      ],
    },
    [candidate('1', 'reclaim', 1650), candidate('2', 'viewer', 1250), candidate('3', 'standard', 850)],
  );
  return planDocumentOf([account]);
}

describe('renderPlanTable', () => {
  it('lists planned items (biggest saving first), then blocked ones with their reason, and the totals', () => {
    const text = renderPlanTable(aPlan(), plain);
    const lines = text.split('\n');
    const row = (needle: string) => lines.findIndex((l) => l.includes(needle));
    expect(text).toMatch(/production\s+│ 26\.12\.3 │\s+2 │\s+1 │\s+\$2,900/);
    expect(row('disable the user')).toBeGreaterThan(0);
    expect(row('disable the user')).toBeLessThan(row('add to group "Viewers"; remove from group "BI Engineers"'));
    expect(row('blocked (identity-provider)')).toBeGreaterThan(row('remove from group "BI Engineers"'));
    expect(text).toContain('1 schedule owned (1 on)');
    expect(text).not.toMatch(RAW_CONTROL);
  });

  it('says when there is nothing to change, and names a failed account', () => {
    const failed = {
      ...planOf({ users: [] }, []),
      name: 'staging',
      error: 'account "staging": login refused',
    };
    const text = renderPlanTable(planDocumentOf([planOf({ users: [] }, []), failed]), plain);
    expect(text).toContain('Nothing to change: no seat to reclaim or lower.');
    expect(text).toContain('staging (failed)');
    expect(text).toContain('account "staging": login refused');
  });
});

describe('renderPlanMarkdown', () => {
  it('is a review: totals, then each item with its steps or its block, remote text escaped', () => {
    const text = renderPlanMarkdown(aPlan());
    expect(text).toContain('## Seat remediation plan');
    // Remote text and money through md(): `\.`, `\@`, `\$` read as `.`, `@`, `$` (GitHub reads two `$` as maths).
    expect(text).toContain(`| production | ${md('26.12.3')} | 2 | 1 | ${md('$2,900')} |`);
    expect(text).toContain(
      `| ${md('u2@acme.test')} | developer | viewer | ${md('$1,250')} | add to group "Viewers"; remove from group "BI Engineers" |`,
    );
    expect(text).toContain('**blocked** (identity-provider): developer comes through group "Okta Devs"');
    // The hostile name: no link, image, tag, mention or control character survives.
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).not.toMatch(/\]\(https?:/);
    expect(text).not.toContain('<img');
    expect(text).not.toMatch(/(^|[^\w])@channel/);
    expect(text).toContain(md('[x](https://evil.test) <img src=x> @channel'));
  });

  it('escapes names inside steps (a group named like a link)', () => {
    const step = stepText({ op: 'remove_from_group', group: { id: 'g1', name: '[a](http://x)' } }, md);
    expect(step).toBe(`remove from group "${md('[a](http://x)')}"`);
  });
});

describe('renderPlanJson', () => {
  it('is the plan file: it reads back as the plan, with what JSON.stringify leaves raw escaped', () => {
    const plan = aPlan();
    const text = renderPlanJson(plan);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('\\u202e');
    expect(parsePlan(text, 'plan.json')).toEqual(plan);
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      'schema_version',
      'kind',
      'generated_at',
      'rules',
      'source',
      'usage_days',
      'currency',
      'accounts',
      'totals',
    ]);
  });
});
