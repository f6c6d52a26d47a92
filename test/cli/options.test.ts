import { describe, expect, it } from '@jest/globals';
import { collectList, normaliseGlobals, parseChoices, parseFormat, parsePositiveInt } from '../../src/cli/options.js';
import { UsageError } from '../../src/errors.js';

describe('collectList', () => {
  it('accepts repeated and comma-separated values', () => {
    expect(collectList('prod,staging', undefined)).toEqual(['prod', 'staging']);
    expect(collectList('eu', ['prod'])).toEqual(['prod', 'eu']);
    expect(collectList(' a , ,b ', undefined)).toEqual(['a', 'b']);
  });
});

describe('parseFormat', () => {
  it('defaults, normalises case and rejects unknown formats with the allowed list', () => {
    expect(parseFormat(undefined, ['table', 'csv'] as const, 'table')).toBe('table');
    expect(parseFormat('CSV', ['table', 'csv'] as const, 'table')).toBe('csv');
    expect(() => parseFormat('xml', ['table', 'csv', 'json'] as const, 'table')).toThrow(
      new UsageError('unknown format "xml" for this command: use table, csv, json'),
    );
  });
});

describe('parsePositiveInt', () => {
  it.each(['-1', '1.5', 'abc', '', '0', '1e3'])('rejects %p', (value) => {
    expect(() => parsePositiveInt('--inactive-days', value)).toThrow(UsageError);
  });
  it('accepts whole numbers, and zero when allowed', () => {
    expect(parsePositiveInt('--n', '90')).toBe(90);
    expect(parsePositiveInt('--n', '0', { allowZero: true })).toBe(0);
    expect(parsePositiveInt('--n', undefined)).toBeUndefined();
  });
});

describe('parseChoices', () => {
  it('lower-cases valid values and names the flag on a bad one', () => {
    expect(parseChoices('--license', ['Developer', 'viewer'], ['developer', 'standard', 'viewer', 'none'])).toEqual([
      'developer',
      'viewer',
    ]);
    expect(() => parseChoices('--license', ['admin'], ['developer', 'none'])).toThrow(
      '--license: unknown value "admin": use developer, none',
    );
    expect(parseChoices('--license', [], ['none'])).toBeUndefined();
  });
});

describe('normaliseGlobals', () => {
  it('maps commander values and validates numbers', () => {
    const g = normaliseGlobals({ config: 'a.yaml', account: ['prod'], color: false, quiet: true, maxCalls: '50' });
    expect(g).toMatchObject({
      config: 'a.yaml',
      accounts: ['prod'],
      color: false,
      quiet: true,
      verbose: false,
      maxCalls: 50,
    });
    expect(normaliseGlobals({}).accounts).toEqual([]);
    expect(() => normaliseGlobals({ maxCalls: 'lots' })).toThrow(
      '--max-calls must be a positive whole number, got "lots"',
    );
  });
});
