/**
 * What a newcomer reads in the first hour: the rule set's name explained in one sentence wherever it is shown (the
 * summary's footer in every format that has one, the HTML header, check's Markdown), and savings that say how to
 * get them when the config has no prices, instead of a blank column (rightsize's table, the HTML report, which
 * lists the saving of every recommended user).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Chalk } from 'chalk';
import type { Recommendation } from '../../src/audit/rightsize.js';
import { summarise } from '../../src/audit/summary.js';
import { renderHtmlReport, type ChartRenderer, type HtmlRightsize } from '../../src/report/html/index.js';
import { renderCheckMarkdown, renderSummaryMarkdown } from '../../src/report/markdown.js';
import { NO_PRICES } from '../../src/report/no-prices.js';
import { renderRightsizeMarkdown, renderRightsizeTable } from '../../src/report/rightsize.js';
import { renderSummaryTable } from '../../src/report/summary.js';
import { ruleSetSentence, RULE_SET_NAMES } from '../../src/vocabulary.js';
import { readTable } from '../helpers/table-text.js';
import { generatedAt, oneAccount } from './fixture.js';
import { htmlInput, rightsizeFor, syntheticReport } from './html-fixture.js';
import { rightsizeOf } from './rightsize-fixture.js';

const plain = new Chalk({ level: 0 });
const draw: ChartRenderer = async () => '<svg></svg>';
let sentences: Record<string, string>;

beforeAll(() => {
  sentences = Object.fromEntries(RULE_SET_NAMES.map((name) => [name, ruleSetSentence(name)]));
});

describe('the rule set explained in one sentence', () => {
  it('each built-in set, and a rules file, has one sentence that starts with its name', () => {
    for (const [name, sentence] of Object.entries(sentences)) {
      expect(sentence.startsWith(`${name} `)).toBe(true);
      expect(sentence.match(/[.;] [A-Z]/g) ?? []).toEqual([]);
      expect(sentence.endsWith('.')).toBe(true);
    }
    expect(sentences.torii).toContain('a Report Admin role that can only view is one');
    expect(ruleSetSentence('acme')).toBe('acme comes from a rules file, whose own matchers class the roles.');
  });

  it('under the summary table, in the summary and check Markdown, and in the HTML header', async () => {
    for (const rules of ['torii', 'looker', 'acme']) {
      const report = { ...oneAccount(), rules };
      const summary = summarise(report, { now: generatedAt, inactiveDays: 90 });
      const sentence = ruleSetSentence(rules);
      const flat = (text: string) => text.replace(/\s+/g, ' ');
      expect(flat(renderSummaryTable(summary, { chalk: plain, width: 100 }))).toContain(`Rule set ${sentence}`);
      // Markdown escapes its punctuation with backslashes; read without them, the sentence is whole.
      const unescaped = (text: string) => text.replace(/\\/g, '');
      expect(unescaped(renderSummaryMarkdown(summary))).toContain(`Rule set ${sentence}`);
      const check = renderCheckMarkdown({
        generatedAt: report.generatedAt,
        rules,
        ok: true,
        accounts: [],
        violations: [],
      });
      expect(unescaped(check)).toContain(`Rule set ${sentence}`);
      const page = await renderHtmlReport(
        htmlInput({ ...syntheticReport({ prod: 5 }), rules }, { sections: ['summary'] }),
        draw,
      );
      // The sentence's text (a flag in it is wrapped so that a phone never breaks it at its dashes).
      const header = /<p class="meta rules">(.*?)<\/p>/.exec(page)?.[1] ?? '';
      expect(header.replace(/<\/?span[^>]*>/g, '')).toBe(`Rule set ${sentence.replace(/'/g, '&#39;')}`);
      for (const flag of sentence.match(/--[a-z-]+/g) ?? [])
        expect(header).toContain(`<span class="flag">${flag}</span>`);
    }
  });
});

describe('savings without prices say how to add them', () => {
  const chloe: Recommendation = {
    userId: '3',
    email: 'chloe@acme.test',
    name: 'Chloe Chen',
    kind: 'regular',
    tier: 'developer',
    to: 'viewer',
    evidence: 'no Development Mode query or git event in 90 days',
    yearlySaving: null,
  };

  it('rightsize: no saving column, and the note naming the prices key', () => {
    const out = renderRightsizeTable(rightsizeOf([chloe]), { chalk: plain, width: 120 });
    expect(readTable(out.split('\n\n')[1] ?? '').headers).toEqual(['email', 'name', 'tier', 'to', 'evidence']);
    expect(readTable(out).headers).not.toContain('saving/year');
    expect(out.replace(/\n/g, ' ')).toContain(NO_PRICES);
    const priced = renderRightsizeTable(rightsizeOf([{ ...chloe, yearlySaving: 1250 }]), { chalk: plain, width: 120 });
    expect(priced).toContain('$1,250');
    expect(priced).not.toContain('No saving shown');
  });

  it('rightsize Markdown: no saving column in either table, and the note', () => {
    const out = renderRightsizeMarkdown(rightsizeOf([chloe]));
    const heads = out.split('\n').filter((line) => line.startsWith('| account'));
    expect(heads).toEqual([
      '| account | usage | reclaim | downgrade |',
      '| account | email | name | tier | to | evidence |',
    ]);
    expect(out).toContain('No saving shown');
    expect(out).toContain('prices\\: \\{ developer\\: 1650');
    const priced = renderRightsizeMarkdown(rightsizeOf([{ ...chloe, yearlySaving: 1250 }]));
    expect(priced.split('\n').filter((line) => line.startsWith('| account'))).toEqual([
      '| account | usage | reclaim | downgrade | saving/year |',
      '| account | email | name | tier | to | saving/year | evidence |',
    ]);
    expect(priced).not.toContain('No saving shown');
  });

  it('HTML: the saving of every recommended user with prices; without them, the note and no blank column', async () => {
    const report = syntheticReport({ prod: 40 });
    const rightsize = rightsizeFor(report);
    const withPrices = await renderHtmlReport(htmlInput(report), draw);
    const savings = [...withPrices.matchAll(/<td class="num saving" data-label="saving \/ year">([^<]*)<\/td>/g)].map(
      (m) => m[1],
    );
    const recommended = rightsize.accounts.flatMap((a) => a.recommendations);
    expect(recommended.length).toBeGreaterThan(3);
    expect(savings).toEqual(recommended.map(() => '$400'));
    expect(withPrices).not.toContain('id="no-prices"');

    const unpriced: HtmlRightsize = {
      ...rightsize,
      accounts: rightsize.accounts.map((a) => ({
        ...a,
        recommendations: a.recommendations.map((r) => ({ ...r, yearlySaving: null })),
      })),
    };
    const page = await renderHtmlReport({ ...htmlInput(report), rightsize: unpriced }, draw);
    expect(page).toContain(`<p class="note" id="no-prices">${NO_PRICES.replace(/'/g, '&#39;')}</p>`);
    const section = page.slice(
      page.indexOf('<section id="rightsize"'),
      page.indexOf('</section>', page.indexOf('<section id="rightsize"')),
    );
    expect(section).not.toContain('saving / year');
    expect(section).not.toContain('class="num saving"');
  });
});
