/**
 * Loading the inputs of an audit, each failure a ConfigError/UsageError (exit 2) before any network call.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { BUILT_IN_RULE_SETS, isBuiltInRuleSetName, parseRuleSet, type RuleSet } from '../audit/index.js';
import { caFileProblem } from '../config/ca-file.js';
import { loadConfig } from '../config/load.js';
import { parseYamlText } from '../config/parse.js';
import { secretSourceProblem } from '../config/secrets.js';
import { didYouMean } from '../config/suggest.js';
import { selectAccounts } from '../config/select.js';
import type { AccountConfig, AuditConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { InputProblem, readInputText } from '../input-file.js';
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
    const problem = secretSourceProblem(a.secret, env);
    return problem === null ? [] : [`account "${a.name}": ${problem}`];
  });
  if (problems.length > 0) throw new ConfigError(config.file, problems);
}

/** Every selected account's ca_file is a readable PEM bundle: a config error (exit 2) found before any API call. */
export async function assertCaFilesUsable(
  config: AuditConfig,
  accounts: readonly AccountConfig[],
  signal?: AbortSignal,
): Promise<void> {
  const problems: string[] = [];
  for (const account of accounts) {
    if (account.caFile === undefined) continue;
    const problem = await caFileProblem(account.caFile, signal);
    if (problem !== null) problems.push(`account "${account.name}": ${problem}`);
  }
  if (problems.length > 0) throw new ConfigError(config.file, problems);
}

export async function loadAuditConfig(
  options: CommonOptions,
  output: Output,
  preloaded?: AuditConfig,
): Promise<{ config: AuditConfig; accounts: AccountConfig[] }> {
  const { io } = output;
  const config =
    preloaded ??
    (await loadConfig({ explicit: options.config, env: io.env, cwd: io.cwd, home: io.home, signal: io.stop }));
  for (const warning of config.warnings) output.log.warn(warning);
  return { config, accounts: selectAccounts(config, options.accounts.length > 0 ? [...options.accounts] : undefined) };
}

/**
 * The rules file a run reads, or undefined for a built-in rule set: `--rules` (relative to the working folder)
 * wins over the config's `rules` (relative to the config file).
 */
export function rulesFilePath(fromFlag: string | undefined, cwd: string, config: AuditConfig): string | undefined {
  const name = fromFlag ?? config.rules ?? DEFAULT_RULE_SET;
  if (isBuiltInRuleSetName(name)) return undefined;
  const base = fromFlag !== undefined ? cwd : dirname(resolve(cwd, config.file));
  return isAbsolute(name) ? name : resolve(base, name);
}

/**
 * The files a run reads because of its config: the rules file, and every account's client_secret_file and
 * ca_file (of every account, not only the selected ones: a report must never replace another account's secret).
 * With the command's own inputs, what `--output` may not be.
 */
export function configInputs(config: AuditConfig, rulesFlag: string | undefined, cwd: string): string[] {
  const rules = rulesFilePath(rulesFlag, cwd, config);
  return [
    ...(rules === undefined ? [] : [rules]),
    ...config.accounts.flatMap((a) => [
      ...(a.secret.kind === 'file' ? [a.secret.path] : []),
      ...(a.caFile === undefined ? [] : [a.caFile]),
    ]),
  ];
}

/** A rules file is a few KiB; anything over this is not one. */
export const MAX_RULES_BYTES = 1024 * 1024;

export async function loadRuleSet(
  fromFlag: string | undefined,
  cwd: string,
  config: AuditConfig,
  signal?: AbortSignal,
): Promise<RuleSet> {
  const name = fromFlag ?? config.rules ?? DEFAULT_RULE_SET;
  const path = rulesFilePath(fromFlag, cwd, config);
  if (path === undefined) return BUILT_IN_RULE_SETS[name as keyof typeof BUILT_IN_RULE_SETS];
  let text: string;
  try {
    text = await readInputText(path, { maxBytes: MAX_RULES_BYTES, signal });
  } catch (error) {
    if (!(error instanceof InputProblem)) throw error;
    // A bare word that is not a file is most likely a misspelt built-in name (`--rules tori`).
    const bare = !/[\\/.]/.test(name);
    const hint = bare && error.kind === 'unreadable' ? didYouMean(name, RULE_SET_NAMES) : '';
    throw new ConfigError(path, [
      `cannot read the rules file (${error.message})${hint}; built-in rule sets are ${RULE_SET_NAMES.join(' and ')}`,
    ]);
  }
  const { value, locate } = parseYamlText(text, path);
  return parseRuleSet(value, path, locate);
}
