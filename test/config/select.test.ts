import { describe, expect, it } from '@jest/globals';
import { selectAccounts } from '../../src/config/select.js';
import type { AccountConfig } from '../../src/config/types.js';
import { UsageError } from '../../src/errors.js';

const account = (name: string): AccountConfig => ({
  name,
  url: `https://${name.toLowerCase()}.looker.com`,
  clientId: 'id',
  secret: { kind: 'env', name: 'S' },
  verifyTls: true,
  timeoutMs: 120_000,
  allowInsecureHttp: false,
});
const config = { file: '/c/audit.yaml', accounts: [account('production'), account('staging'), account('Lab')] };
const names = (accounts: readonly AccountConfig[]) => accounts.map((a) => a.name);

describe('selectAccounts', () => {
  it.each<[string, string[] | undefined, string[]]>([
    ['no names: all', undefined, ['production', 'staging', 'Lab']],
    ['an empty list: all', [], ['production', 'staging', 'Lab']],
    ['one name', ['staging'], ['staging']],
    ['config order, duplicates once', ['staging', 'production', 'staging'], ['production', 'staging']],
    ['comma-separated', ['lab,production'], ['production', 'Lab']],
    ['case-insensitive', ['LAB', 'Staging'], ['staging', 'Lab']],
  ])('%s', (_name, wanted, expected) => {
    expect(names(selectAccounts(config, wanted))).toEqual(expected);
  });

  it('refuses unknown names, listing the configured ones with a suggestion', () => {
    let caught: unknown;
    try {
      selectAccounts(config, ['prodution', 'qa', 'staging']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).message).toBe(
      'unknown accounts "prodution" (did you mean "production"?), "qa"; /c/audit.yaml configures: production, staging, Lab',
    );
  });
});
