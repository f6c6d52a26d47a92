/**
 * Every Markdown view x one hostile corpus: whatever a Looker instance (or a snapshot file) puts in a name, an
 * email, a role, an account's error or a System Activity source, the Markdown renders as that text, and no link,
 * image, code span, emphasis, mention, issue reference or HTML comes out of it. Rendered with markdown-it twice:
 * CommonMark as it is, and the way GitHub reads a comment (raw HTML allowed, bare URLs and emails linkified).
 */
import { describe, expect, it } from '@jest/globals';
import MarkdownIt from 'markdown-it';
import { auditAccount, failedAccount } from '../../src/audit/account.js';
import { diffSnapshots } from '../../src/audit/diff.js';
import { mergePeople } from '../../src/audit/people.js';
import { evaluatePolicy } from '../../src/audit/policy.js';
import { buildReport } from '../../src/audit/report-model.js';
import { buildRightsizeReport } from '../../src/audit/rightsize.js';
import { TORII_RULES } from '../../src/audit/rules.js';
import { summarise } from '../../src/audit/summary.js';
import type { AuditReport } from '../../src/audit/types.js';
import { toJsonDocument } from '../../src/report/json.js';
import { renderCheckMarkdown, renderDiffMarkdown, renderSummaryMarkdown } from '../../src/report/markdown.js';
import { md } from '../../src/report/markdown-text.js';
import { renderPeopleMarkdown } from '../../src/report/people.js';
import { renderPlanMarkdown } from '../../src/report/plan.js';
import { renderRightsizeMarkdown } from '../../src/report/rightsize.js';
import { sanitize } from '../../src/sanitize.js';
import { aGroup, aRole, aSnapshot, aUser } from '../audit/builders.js';
import { aCandidateUser, candidate, planDocumentOf, planOf } from '../audit/plan-fixture.js';

const CORPUS = [
  '![x](http://host/img.png)',
  '[click](https://evil.example/phish)',
  '[ref]: https://evil.example',
  '<https://evil.example>',
  'http://evil.com/x',
  'https://evil.com',
  'ftp://evil.com',
  '//evil.com/x',
  'www.evil.com',
  'evil.com',
  'mailto:eve@evil.com',
  'eve@evil.com',
  '@octocat',
  'x-@octo-team',
  '#123',
  '`rm -rf /`',
  '``double``',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<b>bold</b>',
  '<!-- hidden -->',
  '&lt;img src=x&gt; &#x3C;b&#x3E;',
  '*emph* _emph_ **loud** ~~gone~~',
  '$x^2$ maths',
  'a | b \\| c',
  '\\`escaped\\`',
  '\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \u001b[31mred',
  'admin\u202Egnp.exe\u200F',
];

const now = new Date('2026-11-23T08:00:00Z');

function reportOf(text: string, extraUser = false): AuditReport {
  const role = aRole({ id: 'r1', name: `${text} role`, permissions: ['develop'] });
  const group = aGroup({ id: 'g1', name: `${text} group`, roleIds: ['r1'] });
  const users = [
    aUser({ id: '1', email: text, firstName: text, lastName: 'One', groupIds: ['g1'] }),
    aUser({ id: '2', email: `two@acme.test`, firstName: text, lastName: 'Two', roleIds: ['r1'] }),
    ...(extraUser ? [aUser({ id: '3', email: `${text}@x`, firstName: text, lastName: 'Three', roleIds: ['r1'] })] : []),
  ];
  return buildReport(
    [
      auditAccount(aSnapshot({ account: text, roles: [role], groups: [group], users }), TORII_RULES),
      failedAccount(`${text} eu`, 'https://eu.test', `login refused: ${text}`, 1),
    ],
    { generatedAt: now, rules: 'torii' },
  );
}

/** Each view, for one hostile text. */
const VIEWS: Readonly<Record<string, (text: string) => string>> = {
  summary: (text) =>
    renderSummaryMarkdown(summarise(reportOf(text), { now, inactiveDays: 90, prices: { developer: 1650 } })),
  check: (text) =>
    renderCheckMarkdown(
      evaluatePolicy(reportOf(text), { allowedDevelopers: [], maxSeats: { developer: 0 } }, { now, overrides: {} }),
    ),
  diff: (text) => {
    const before = { ...toJsonDocument(reportOf(text)), generated_at: text };
    const after = { ...toJsonDocument(reportOf(text, true)), generated_at: `${text} later`, rules: text };
    return renderDiffMarkdown(diffSnapshots(before, after));
  },
  people: (text) => renderPeopleMarkdown(mergePeople(reportOf(text), { prices: { developer: 1650 } })),
  plan: (text) => {
    const account = planOf(
      {
        users: [
          aCandidateUser('1', { roleIds: ['r2'], firstName: text, email: text }),
          aCandidateUser('2', { groupIds: ['g3'], firstName: text }),
          aCandidateUser('3', { groupIds: ['g4'], email: `${text}@x` }),
        ],
        schedules: [{ id: 's1', name: text, ownerId: '1', enabled: true, runAsRecipient: false, emailRecipients: [] }],
      },
      [candidate('1', 'reclaim', 1650), candidate('2', 'viewer', 1250), candidate('3', 'standard', 850)],
    );
    const failed = { ...planOf({ users: [] }, []), name: text, error: `login refused: ${text}` };
    return renderPlanMarkdown({ ...planDocumentOf([{ ...account, name: `${text} prod` }, failed]), rules: text });
  },
  rightsize: (text) =>
    renderRightsizeMarkdown(
      buildRightsizeReport(
        [
          {
            name: text,
            url: 'https://prod.test',
            apiCalls: 17,
            usage: 'system_activity',
            usageAsOf: '2026-11-22',
            error: null,
            usageNote: null,
            recommendations: [
              {
                userId: text,
                email: text,
                name: text,
                kind: 'regular',
                tier: 'developer',
                to: 'viewer',
                evidence: `no Development Mode query in 90 days; last ${text} 2026-11-01; 14 ${text} queries`,
                yearlySaving: 1250,
              },
            ],
            totals: { reclaim: 0, downgrade: 1, yearlySaving: 1250 },
          },
        ],
        { generatedAt: now, rules: 'torii', usageDays: 90 },
      ),
    ),
};

const OWN_CODE = ['looker-audit apply'];

const RENDERERS = {
  commonmark: new MarkdownIt(),
  'github-like (html, linkify)': new MarkdownIt({ html: true, linkify: true }),
};

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };
/** What a reader sees: the rendered HTML without its tags, entities decoded, zero-width spaces dropped. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot);/g, (e) => ENTITIES[e] ?? e)
    .replace(/\u200B/g, '');
}

describe.each(Object.entries(VIEWS))('the %s Markdown view', (_view, render) => {
  describe.each(Object.entries(RENDERERS))('rendered as %s', (_renderer, markdownIt) => {
    it.each(CORPUS.map((text) => [JSON.stringify(text), text]))('%s stays text', (_shown, text) => {
      const html = markdownIt.render(render(text));
      // No element a remote string could have made: links, images, code, emphasis, raw HTML, comments.
      expect(html).not.toMatch(/<(a|img|em|s|del|script|b|pre)[\s>]|<!--/);
      // Code spans are the views' own words only (the plan names its next command).
      for (const [, code] of html.matchAll(/<code>(.*?)<\/code>/g)) expect(OWN_CODE).toContain(code);
      // `**...**` is the view's own (a bold "total"), never the corpus's `**loud**`.
      for (const [, bold] of html.matchAll(/<strong>(.*?)<\/strong>/g)) expect(bold).not.toBe('loud');
      // Mentions and issue references, which GitHub adds after rendering, are broken by a zero-width space.
      expect(html).not.toMatch(/(?<![A-Za-z0-9_])@[A-Za-z0-9_-]/);
      expect(html).not.toMatch(/(?<![A-Za-z0-9_&])#\d/);
      expect(html).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
      // ...and what a person reads is the text itself.
      expect(visibleText(html)).toContain(sanitize(text).replace(/\s+/g, ' ').trim());
    });
  });
});

describe('md(): the one Markdown escaper', () => {
  it('keeps ordinary text readable in the file: names, dates and numbers', () => {
    expect(md('Zoë Ñúñez-Smith, 2026-11-22; 50% = "yes"')).toBe('Zoë Ñúñez-Smith, 2026-11-22; 50% = "yes"');
  });

  it('an email keeps its @ as a reader sees it, and is neither a mention nor a mailto link', () => {
    const html = RENDERERS['github-like (html, linkify)'].renderInline(md('ada@acme.com'));
    expect(html).toBe('ada@acme.com');
  });
});
