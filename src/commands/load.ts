/**
 * Loading the inputs of an audit, each failure a ConfigError/UsageError (exit 2) before any network call.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BUILT_IN_RULE_SETS, isBuiltInRuleSetName, parseRuleSet, type RuleSet } from '../audit/index.js';
import { loadConfig } from '../config/load.js';
import { secretSourceProblem } from '../config/secrets.js';
import { didYouMean } from '../config/suggest.js';
import { selectAccounts } from '../config/select.js';
import type { AccountConfig, AuditConfig } from '../config/types.js';
import { ConfigError, describeFileError } from '../errors.js';
import type { Output } from '../output/output.js';
import { DEFAULT_RULE_SET, RULE_SET_NAMES } from '../vocabulary.js';
import type { CommonOptions } from './options.js';

/** Every selected account's secret source is usable: a config error (exit 2) found before any API call. */
export function assertSecretsAvailable(
  config: AuditConfig,
  accounts: readonly AccountConfig[],
  env: NodeJS.ProcessEnv,
): void {
  const problems = accounts.flatMap((a) => {
    const problem = a.auth === 'oauth' ? null : secretSourceProblem(a.secret, env);
    return problem === null ? [] : [`account "${a.name}": ${problem}`];
  });
  if (problems.length > 0) throw new ConfigError(config.file, problems);
}

export async function loadAuditConfig(
  options: CommonOptions,
  output: Output,
  preloaded?: AuditConfig,
): Promise<{ config: AuditConfig; accounts: AccountConfig[] }> {
  const { io } = output;
  const config = preloaded ?? (await loadConfig({ explicit: options.config, env: io.env, cwd: io.cwd, home: io.home }));
  for (const warning of config.warnings) output.log.warn(warning);
  return { config, accounts: selectAccounts(config, options.accounts.length > 0 ? [...options.accounts] : undefined) };
}

/** `--rules` (relative to the working folder) wins over the config's `rules` (relative to the config file). */
export async function loadRuleSet(fromFlag: string | undefined, cwd: string, config: AuditConfig): Promise<RuleSet> {
  const name = fromFlag ?? config.rules ?? DEFAULT_RULE_SET;
  if (isBuiltInRuleSetName(name)) return BUILT_IN_RULE_SETS[name];
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
      `cannot read the rules file (${(error as NodeJS.ErrnoException).code ?? 'error'})${hint}; built-in rule sets are ${RULE_SET_NAMES.join(' and ')}`,
    ]);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ConfigError(path, [(error as Error).message.split('\n')[0] ?? 'invalid YAML']);
  }
  return parseRuleSet(data, path);
}
