import { describe, expect, it } from '@jest/globals';
import { AccountError, ConfigError, ExitCode, InputFileError, UsageError, exitCodeFor } from '../../src/errors.js';

describe('exitCodeFor', () => {
  it('maps expected errors to the documented exit codes', () => {
    expect(exitCodeFor(new UsageError('bad flag'))).toBe(ExitCode.usage);
    expect(exitCodeFor(new ConfigError('a.yaml', ['accounts[0].url: required']))).toBe(2);
    expect(exitCodeFor(new AccountError('prod', 'login refused'))).toBe(3);
  });

  it('treats anything else as internal', () => {
    expect(exitCodeFor(new Error('boom'))).toBe(ExitCode.internal);
    expect(exitCodeFor('string')).toBe(ExitCode.internal);
    expect(exitCodeFor({ exitCode: 9 })).toBe(ExitCode.internal);
  });
});

describe('ConfigError', () => {
  it('names the file and lists every problem', () => {
    const one = new ConfigError('cfg.yaml', ['accounts[1].url: must be an https URL']);
    expect(one.message).toBe('cfg.yaml: accounts[1].url: must be an https URL');
    const two = new ConfigError('cfg.yaml', ['a: x', 'b: y']);
    expect(two.message).toBe('cfg.yaml: 2 problems: a: x; b: y');
  });
});

describe('AccountError', () => {
  it('names the account', () => {
    expect(new AccountError('prod', 'login refused (404)').message).toBe('account "prod": login refused (404)');
  });
});

describe('InputFileError', () => {
  it('exit 2, names the file, one problem or a count of them', () => {
    const one = new InputFileError('old.json', ['cannot read: no such file']);
    expect(one.message).toBe('old.json: cannot read: no such file');
    expect(exitCodeFor(one)).toBe(2);
    expect(new InputFileError('a.json', ['x: missing', 'y: missing']).message).toBe(
      'a.json: 2 problems: x: missing; y: missing',
    );
    expect(new InputFileError('a.json', ['x: missing'], { total: 12 }).message).toBe(
      'a.json: 12 problems (the first 1): x: missing',
    );
  });
});
