/**
 * summary and check made for 80 columns first, then 120 (users has its own in users.test.ts).
 * Snapshots of what a person sees: no line wider than the terminal, nothing cut mid-word in the legends, and the
 * columns left out named.
 */
import { describe, expect, it } from '@jest/globals';
import { Chalk } from 'chalk';
import { evaluatePolicy } from '../../src/audit/policy.js';
import { summarise } from '../../src/audit/summary.js';
import { renderCheckTable } from '../../src/report/check.js';
import { renderSummaryTable } from '../../src/report/summary.js';
import { generatedAt, twoAccounts } from './fixture.js';

const plain = new Chalk({ level: 0 });

const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));

describe.each([80, 120])('at %i columns', (width) => {
  it('summary fits, and its legend is wrapped between words', () => {
    const summary = summarise(twoAccounts(), {
      now: generatedAt,
      inactiveDays: 90,
      prices: { developer: 1650, standard: 800, viewer: 400 },
    });
    const out = renderSummaryTable(summary, { chalk: plain, width });
    expect(widest(out)).toBeLessThanOrEqual(width);
    expect(out).toMatchSnapshot();
  });

  it('check fits, with the email whole and the detail readable', () => {
    const result = evaluatePolicy(
      twoAccounts(),
      { accounts: {}, maxSeats: { developer: 0 } },
      { now: generatedAt, overrides: { allow: ['nobody@acme.test'] } },
    );
    const out = renderCheckTable(result, { chalk: plain, width });
    expect(widest(out)).toBeLessThanOrEqual(width);
    expect(out).toContain('ada@acme.test');
    expect(out).toMatchSnapshot();
  });
});
