/**
 * `--account <name...>` -> the accounts to audit. Names are matched exactly, then case-insensitively
 * (validate.ts refuses names that differ only in case, so this is unambiguous); `a,b` is accepted as two names.
 * Result in config order, so reports are stable whatever order the names were typed in.
 */
import type { AccountConfig, AuditConfig } from './types.js';
import { ConfigError, UsageError } from '../errors.js';
import { didYouMean } from './suggest.js';
import { sameInstanceKey } from './url.js';

/**
 * The accounts of one audit are distinct instances: the same instance under two names (one URL with `/api/4.0`,
 * the other with `:443`, a trailing slash or capitals) would count every seat twice and flag every Developer as
 * holding two seats. A config may name an instance twice (a person's OAuth login and a CI key, used one at a time
 * with `-a`); auditing both at once is the configuration error, naming both.
 */
export function assertDistinctInstances(config: Pick<AuditConfig, 'file'>, accounts: readonly AccountConfig[]): void {
  const first = new Map<string, AccountConfig>();
  const problems: string[] = [];
  for (const account of accounts) {
    const key = sameInstanceKey(account.url);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, account);
    else
      problems.push(
        `accounts "${earlier.name}" and "${account.name}" are the same Looker instance (${key}): audited together, every seat would be counted twice; remove one, or choose one with --account`,
      );
  }
  if (problems.length > 0) throw new ConfigError(config.file, problems);
}

export function selectAccounts(
  config: Pick<AuditConfig, 'accounts' | 'file'>,
  names?: readonly string[],
): AccountConfig[] {
  const wanted = (names ?? [])
    .flatMap((name) => name.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (wanted.length === 0) return [...config.accounts];
  const configured = config.accounts.map((account) => account.name);
  const find = (name: string) =>
    config.accounts.find((a) => a.name === name) ??
    config.accounts.find((a) => a.name.toLowerCase() === name.toLowerCase());
  const unknown = wanted.filter((name) => find(name) === undefined);
  if (unknown.length > 0) {
    const list = unknown.map((name) => `"${name}"${didYouMean(name, configured)}`).join(', ');
    throw new UsageError(
      `unknown account${unknown.length > 1 ? 's' : ''} ${list}; ${config.file} configures: ${configured.join(', ')}`,
    );
  }
  const chosen = new Set(wanted.map(find));
  return config.accounts.filter((account) => chosen.has(account));
}
