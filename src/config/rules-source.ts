/**
 * Where the licence rules come from: a built-in rule set by name, or a rules file read and parsed here (YAML, of
 * which JSON is a subset). Only the reading: what the data means is audit/rules-file.ts's to say, so this
 * module needs nothing from audit/ and the rules' meaning stays pure.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.js';
import { DEFAULT_RULE_SET, isOneOf, RULE_SET_NAMES, type RuleSetName } from '../vocabulary.js';
import { didYouMean } from './suggest.js';
import type { AuditConfig } from './types.js';

export type RulesSource =
  | { readonly kind: 'built-in'; readonly name: RuleSetName }
  | { readonly kind: 'file'; readonly path: string; readonly data: unknown };

/** `--rules` (relative to the working folder) wins over the config's `rules` (relative to the config file). */
export async function readRulesSource(
  fromFlag: string | undefined,
  cwd: string,
  config: AuditConfig,
): Promise<RulesSource> {
  const name = fromFlag ?? config.rules ?? DEFAULT_RULE_SET;
  if (isOneOf(RULE_SET_NAMES, name)) return { kind: 'built-in', name };
  const base = fromFlag !== undefined ? cwd : dirname(resolve(cwd, config.file));
  const path = isAbsolute(name) ? name : resolve(base, name);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    // A bare word that is not a file is most likely a misspelt built-in name (`--rules tori`).
    const bare = !/[\\/.]/.test(name);
    const hint = bare ? didYouMean(name, RULE_SET_NAMES) : '';
    throw new ConfigError(path, [
      `cannot read the rules file (${(error as NodeJS.ErrnoException).code ?? 'error'})${hint}; built-in rule sets are ${RULE_SET_NAMES.join(', ')}`,
    ]);
  }
  try {
    return { kind: 'file', path, data: parseYaml(text) };
  } catch (error) {
    throw new ConfigError(path, [(error as Error).message.split('\n')[0] ?? 'invalid YAML']);
  }
}
