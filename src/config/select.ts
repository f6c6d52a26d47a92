/**
 * `--account <name...>` -> the accounts to audit. Names are matched exactly, then case-insensitively
 * (validate.ts refuses names that differ only in case, so this is unambiguous); `a,b` is accepted as two names.
 * Result in config order, so reports are stable whatever order the names were typed in.
 */
import type { AccountConfig, AuditConfig } from './types.js';
import { UsageError } from '../errors.js';
import { didYouMean } from './suggest.js';

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
