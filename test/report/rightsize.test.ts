/** The rightsize renderers: the JSON shape the README shows, CSV, Markdown and the table. */
import { describe, expect, it } from '@jest/globals';
import { Chalk } from 'chalk';
import { buildRightsizeReport, type AccountRightsize } from '../../src/audit/rightsize.js';
import {
  renderRightsizeCsv,
  renderRightsizeJson,
  renderRightsizeMarkdown,
  renderRightsizeTable,
} from '../../src/report/rightsize.js';

const prod: AccountRightsize = {
  name: 'prod',
  url: 'https://prod.looker.test',
  apiCalls: 17,
  usage: 'system_activity',
  usageAsOf: '2026-11-22',
  error: null,
  usageNote: null,
  recommendations: [
    {
      userId: '3',
      email: 'chloe@acme.test',
      name: 'Chloe | Chen',
      kind: 'regular',
      tier: 'developer',
      to: 'viewer',
      evidence: 'no Development Mode query or git event in 90 days; 14 dashboard queries',
      yearlySaving: 1250,
    },
    {
      userId: '15',
      email: '=cmd@acme.test',
      name: 'Nora\u202e Nash',
      kind: 'regular',
      tier: 'standard',
      to: 'reclaim',
      evidence: 'no login and no use in 90 days; never logged in',
      yearlySaving: 800,
    },
  ],
  totals: { reclaim: 1, downgrade: 1, yearlySaving: 2050 },
};
const staging: AccountRightsize = {
  name: 'staging',
  url: 'https://staging.looker.test',
  apiCalls: 6,
  usage: 'logins_only',
  usageAsOf: null,
  error: null,
  usageNote: 'System Activity: Access Denied',
  recommendations: [
    {
      userId: '9',
      email: 'iris@acme.test',
      name: 'Iris',
      kind: 'regular',
      tier: 'viewer',
      to: 'reclaim',
      evidence: 'no login in 90 days; usage unknown (logins only)',
      yearlySaving: 400,
    },
  ],
  totals: { reclaim: 1, downgrade: 0, yearlySaving: 400 },
};
const failed: AccountRightsize = {
  ...staging,
  name: 'broken',
  error: 'account "broken": login refused',
  recommendations: [],
  totals: { reclaim: 0, downgrade: 0, yearlySaving: null },
};
const report = buildRightsizeReport([prod, staging], {
  generatedAt: new Date('2026-11-23T08:00:00Z'),
  rules: 'torii',
  usageDays: 90,
});

describe('rightsize renderers', () => {
  it('JSON has the documented shape, keys in order, overall totals last', () => {
    const doc = JSON.parse(renderRightsizeJson(report)) as Record<string, unknown> & {
      accounts: Record<string, unknown>[];
    };
    expect(Object.keys(doc)).toEqual([
      'schema_version',
      'generated_at',
      'rules',
      'usage_days',
      'currency',
      'accounts',
      'totals',
    ]);
    expect(doc.currency).toBe('USD');
    expect(Object.keys(doc.accounts[0] ?? {})).toEqual([
      'name',
      'url',
      'api_calls',
      'usage',
      'usage_as_of',
      'recommendations',
      'totals',
    ]);
    expect((doc.accounts[0]?.recommendations as unknown[])[0]).toEqual({
      user_id: '3',
      email: 'chloe@acme.test',
      name: 'Chloe | Chen',
      kind: 'regular',
      tier: 'developer',
      to: 'viewer',
      evidence: 'no Development Mode query or git event in 90 days; 14 dashboard queries',
      yearly_saving: 1250,
    });
    expect(doc.accounts[1]).toMatchObject({ usage: 'logins_only', usage_as_of: null });
    expect(doc.totals).toEqual({ reclaim: 2, downgrade: 1, yearly_saving: 2450 });
  });

  it('savings are shown in the configured currency', () => {
    const eur = buildRightsizeReport([prod], {
      generatedAt: new Date(0),
      rules: 'torii',
      usageDays: 90,
      currency: 'EUR',
    });
    expect(renderRightsizeMarkdown(eur)).toContain(
      '| prod | System Activity \\(as of 2026-11-22\\) | 1 | 1 | €2,050 |',
    );
    expect((JSON.parse(renderRightsizeJson(eur)) as { currency: string }).currency).toBe('EUR');
  });

  it('JSON names a failed account with its error', () => {
    const doc = JSON.parse(
      renderRightsizeJson(buildRightsizeReport([failed], { generatedAt: new Date(0), rules: 'torii', usageDays: 30 })),
    ) as { accounts: { error?: string }[]; totals: unknown };
    expect(doc.accounts[0]?.error).toBe('account "broken": login refused');
    expect(doc.totals).toEqual({ reclaim: 0, downgrade: 0, yearly_saving: null });
  });

  it('CSV: one row per recommendation, biggest saving first, formulas neutralised', () => {
    const lines = renderRightsizeCsv(report).trim().split('\n');
    expect(lines[0]).toBe('account,user_id,email,name,kind,tier,to,yearly_saving,evidence,usage,usage_as_of');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['3', '15', '9']);
    expect(lines[2]).toContain("'=cmd@acme.test");
    expect(lines[3]).toMatch(/,logins_only,$/);
  });

  it('Markdown escapes pipes and strips bidi controls', () => {
    const md = renderRightsizeMarkdown(report);
    expect(md).toContain('Chloe \\| Chen');
    expect(md).not.toContain('\u202e');
    expect(md).toContain('| **total** |  | 2 | 1 | \\$2,450 |');
    expect(md).toContain('| staging | logins only | 1 | 0 | \\$400 |');
  });

  it('the table shows per account the reclaims, downgrades, saving and where usage came from', () => {
    const text = renderRightsizeTable(report, { chalk: new Chalk({ level: 0 }) });
    expect(text).toMatch(/prod\s+│\s+System Activity \(as of 2026-11-22\)\s+│\s+1\s+│\s+1\s+│\s+\$2,050/);
    expect(text).toMatch(/staging\s+│\s+logins only/);
    expect(text).toMatch(/total\s+│\s+│\s+2\s+│\s+1\s+│\s+\$2,450/);
    // Recommendations sorted by saving across accounts.
    const order = ['chloe@acme.test', '=cmd@acme.test', 'iris@acme.test'].map((e) => text.indexOf(e));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order[0]).toBeGreaterThan(0);
  });

  it('at 80 columns the email stays whole and the evidence keeps a column', () => {
    const text = renderRightsizeTable(report, { chalk: new Chalk({ level: 0 }), width: 80 });
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(text).toContain('chloe@acme.test');
    expect(text).toMatch(/│ evidence/);
  });
});
