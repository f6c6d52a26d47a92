/**
 * Where the licence rules come from: a built-in rule set by name, or a rules file read and parsed here (YAML, of
 * which JSON is a subset). Only the reading: what the data means is audit/rules-file.ts's to say, so this
 * module needs nothing from audit/ and the rules' meaning stays pure.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { InputProblem, readInputText } from '../input-file.js';
import { DEFAULT_RULE_SET, isOneOf, RULE_SET_NAMES, type RuleSetName } from '../vocabulary.js';
import type { Locate } from './issues.js';
import { parseYamlText } from './parse.js';
import { didYouMean } from './suggest.js';
import type { AuditConfig } from './types.js';

export type RulesSource =
  | { readonly kind: 'built-in'; readonly name: RuleSetName }
  | { readonly kind: 'file'; readonly path: string; readonly data: unknown; readonly locate: Locate };

/** A rules file is a few KiB; anything over this is not one. */
export const MAX_RULES_BYTES = 1024 * 1024;

/**
 * The rules file a run reads, or undefined for a built-in rule set: `--rules` (relative to the working folder)
 * wins over the config's `rules` (relative to the config file).
 */
export function rulesFilePath(fromFlag: string | undefined, cwd: string, config: AuditConfig): string | undefined {
  const name = fromFlag ?? config.rules ?? DEFAULT_RULE_SET;
  if (isOneOf(RULE_SET_NAMES, name)) return undefined;
  const base = fromFlag !== undefined ? cwd : dirname(resolve(cwd, config.file));
  return isAbsolute(name) ? name : resolve(base, name);
}

/**
 * The rule set a run uses: a built-in one by name, or a rules file read with the one bounded reader and parsed,
 * with where each key is for messages that name no content (config/parse.ts).
 */
export async function readRulesSource(
  fromFlag: string | undefined,
  cwd: string,
  config: AuditConfig,
  signal?: AbortSignal,
): Promise<RulesSource> {
  const name = fromFlag ?? config.rules ?? DEFAULT_RULE_SET;
  const path = rulesFilePath(fromFlag, cwd, config);
  if (path === undefined) return { kind: 'built-in', name: name as RuleSetName };
  let text: string;
  try {
    text = await readInputText(path, { maxBytes: MAX_RULES_BYTES, signal });
  } catch (error) {
    if (!(error instanceof InputProblem)) throw error;
    // A bare word that is not a file is most likely a misspelt built-in name (`--rules tori`).
    const bare = !/[\\/.]/.test(name);
    const hint = bare && error.kind === 'unreadable' ? didYouMean(name, RULE_SET_NAMES) : '';
    throw new ConfigError(path, [
      `cannot read the rules file (${error.message})${hint}; built-in rule sets are ${RULE_SET_NAMES.join(', ')}`,
    ]);
  }
  const { value, locate } = parseYamlText(text, path);
  return { kind: 'file', path, data: value, locate };
}
