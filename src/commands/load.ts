/**
 * Loading the inputs of an audit, each failure a ConfigError/UsageError (exit 2) before any network call.
 */
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BUILT_IN_RULE_SETS, isBuiltInRuleSetName, parseRuleSet, type RuleSet } from '../audit/index.js';
import { loadConfig } from '../config/load.js';
import { secretSourceProblem } from '../config/secrets.js';
import { selectAccounts } from '../config/select.js';
import type { AccountConfig, AuditConfig } from '../config/types.js';
import { ConfigError, UsageError } from '../errors.js';
import type { Session } from './session.js';

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

export async function loadAuditConfig(
  session: Session,
  preloaded?: AuditConfig,
): Promise<{ config: AuditConfig; accounts: AccountConfig[] }> {
  const { io, globals } = session;
  const config = preloaded ?? (await loadConfig({ explicit: globals.config, env: io.env, cwd: io.cwd, home: io.home }));
  for (const warning of config.warnings) session.log.warn(warning);
  return { config, accounts: selectAccounts(config, globals.accounts.length > 0 ? [...globals.accounts] : undefined) };
}

/** `--rules` (relative to the working folder) wins over the config's `rules` (relative to the config file). */
export async function loadRuleSet(session: Session, config: AuditConfig): Promise<RuleSet> {
  const fromFlag = session.globals.rules;
  const name = fromFlag ?? config.rules ?? 'torii';
  if (isBuiltInRuleSetName(name)) return BUILT_IN_RULE_SETS[name];
  const base = fromFlag !== undefined ? session.io.cwd : dirname(resolve(session.io.cwd, config.file));
  const path = isAbsolute(name) ? name : resolve(base, name);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [
      `cannot read the rules file (${(error as NodeJS.ErrnoException).code ?? 'error'}); built-in rule sets are torii and looker`,
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

/** An --output path that cannot be written is a usage error found before any API call is spent. */
export async function checkOutputPath(output: string | undefined, cwd: string): Promise<string | undefined> {
  if (output === undefined) return undefined;
  const path = resolve(cwd, output);
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError(`--output ${output}: is a folder, not a file`);
  try {
    await access(dirname(path), constants.W_OK);
  } catch {
    throw new UsageError(`--output ${output}: the folder ${dirname(path)} does not exist or is not writable`);
  }
  if (info) {
    try {
      await access(path, constants.W_OK);
    } catch {
      throw new UsageError(`--output ${output}: the file is not writable`);
    }
  }
  return path;
}
