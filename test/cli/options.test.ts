import { describe, expect, it } from '@jest/globals';
import {
  collectList,
  parseAuditCommandOptions,
  parseCheckOptions,
  parseCommon,
  parseDemoOptions,
  parseExplainOptions,
  parseChoices,
  parseFormat,
  parsePositiveInt,
} from '../../src/cli/options.js';
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

describe('parseCommon', () => {
  it('maps commander values and validates numbers', () => {
    const g = parseCommon({ config: 'a.yaml', account: ['prod'], color: false, quiet: true, maxCalls: '50' });
    expect(g).toMatchObject({
      config: 'a.yaml',
      accounts: ['prod'],
      color: false,
      quiet: true,
      verbose: false,
      maxCalls: 50,
    });
    expect(parseCommon({}).accounts).toEqual([]);
    expect(() => parseCommon({ maxCalls: 'lots' })).toThrow('--max-calls must be a positive whole number, got "lots"');
  });
});

describe('typed options per command: every flag parsed once, in cli/', () => {
  it('users: format, tiers, status and --inactive-days become typed values', () => {
    const options = parseAuditCommandOptions('users', {
      format: 'CSV',
      license: ['Developer', 'viewer'],
      status: 'active',
      inactiveDays: '30',
    });
    expect(options).toMatchObject({
      command: 'users',
      format: 'csv',
      filter: { licenses: ['developer', 'viewer'], status: 'active' },
      inactiveDays: 30,
    });
    expect(parseAuditCommandOptions('summary', {}).filter).toEqual({ licenses: undefined, status: 'all' });
  });

  it('check: --max-developers takes zero, --fail-on is checked against the violation kinds', () => {
    expect(parseCheckOptions({ maxDevelopers: '0', format: 'junit' })).toMatchObject({
      maxDevelopers: 0,
      format: 'junit',
      allow: [],
    });
    expect(() => parseCheckOptions({ failOn: ['nope'] })).toThrow('--fail-on: unknown value "nope"');
    expect(() => parseCheckOptions({ failOn: ['new-developer'] })).toThrow('needs --baseline');
  });

  it('demo --port and explain <user> are checked here too', () => {
    expect(parseDemoOptions({ serve: true, port: '8080' })).toMatchObject({ serve: true, port: 8080 });
    expect(() => parseDemoOptions({ port: 'http' })).toThrow('--port must be a positive whole number');
    expect(() => parseExplainOptions({}, '  ')).toThrow('explain needs an email or a user id');
    expect(() => parseExplainOptions({ format: 'csv' }, 'a@b.c')).toThrow('unknown format "csv"');
  });
});

describe('--compare', () => {
  it('users, summary and explain take it; roles and groups never compare', () => {
    expect(parseAuditCommandOptions('users', { compare: true }).compare).toBe(true);
    expect(parseAuditCommandOptions('summary', { compare: true }).compare).toBe(true);
    expect(parseAuditCommandOptions('summary', {}).compare).toBe(false);
    expect(parseAuditCommandOptions('roles', { compare: true }).compare).toBe(false);
    expect(parseExplainOptions({ compare: true }, 'a@b.c').compare).toBe(true);
  });
});
